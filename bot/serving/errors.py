"""The one error handler: log without personal data; the update is rolled back and retried.

A handler that fails marks its update's scope as failed: the update's transaction is
rolled back (nothing half-done is kept) and the update stays in the inbox, to be tried
again after a back-off (:mod:`bot.serving.processing`). Only when it keeps failing is the
person told, in their language, that it could not be handled.
"""

from __future__ import annotations

import logging

from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.core.scope import CURRENT

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handle an exception raised while processing ``update`` or running a job."""
    error = context.error
    scope = CURRENT.get()
    if scope is not None and error is not None:
        scope.failed = error
        raise ApplicationHandlerStop
    log.error(
        "a job failed: %s",
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
