"""Exceptions raised by the repositories."""


class ConcurrentUpdateError(Exception):
    """The row changed (or appeared) since it was read; reload and try again."""
