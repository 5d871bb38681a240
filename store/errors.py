"""Exceptions raised by the repositories, and how to tell an unreachable database."""

from sqlalchemy.exc import InterfaceError, OperationalError


class ConcurrentUpdateError(Exception):
    """The row changed (or appeared) since it was read; reload and try again."""


def is_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database could not be reached or used (down, locked, full),
    rather than that the code asked for something wrong."""
    return isinstance(error, OperationalError | InterfaceError | OSError | TimeoutError)
