"""One bot under test, alone in its process so its CPU time and memory are its own.

``python -m bench.bot_process --kind boshpana`` runs Boshpana exactly as ``boshpana run``
does (``bot.serve.serve``: long polling, SIGTERM finishes the updates in flight), configured
by the environment (``TELEGRAM_API_URL``, ``DATABASE_URL``, ...).
``python -m bench.bot_process --kind echo --api-url URL`` runs the floor: a bare
python-telegram-bot Application that answers every update with one call.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

ECHO_TOKEN = "654321:ECHO-BENCH"
AGAIN = InlineKeyboardMarkup([[InlineKeyboardButton("Again", callback_data="e")]])


async def echo_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a message with one sendMessage (with a button to press next)."""
    message = update.effective_message
    if message is not None:
        await context.bot.send_message(message.chat_id, message.text or "…", reply_markup=AGAIN)


async def echo_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press with one answerCallbackQuery."""
    if update.callback_query is not None:
        await update.callback_query.answer()


def echo_application(api_url: str) -> Application:  # type: ignore[type-arg]
    """The floor: PTB defaults (connection pool 256), 256 updates at a time, no database."""
    application = (
        ApplicationBuilder()
        .token(ECHO_TOKEN)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .concurrent_updates(True)
        .build()
    )
    application.add_handler(CallbackQueryHandler(echo_button))
    application.add_handler(MessageHandler(filters.ALL, echo_message))
    return application


async def serve_echo(api_url: str) -> None:
    """Poll like ``bot.serve.serve`` until SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    application = echo_application(api_url)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        await stop.wait()
        await application.updater.stop()
        await application.stop()


def unlimited_rate_limiter() -> None:
    """Experiment: Boshpana without the 30 requests/s overall limit (429s still retried)."""
    import bot.app

    def factory(max_retries: int) -> AIORateLimiter:
        return AIORateLimiter(overall_max_rate=0, max_retries=max_retries)

    vars(bot.app)["AIORateLimiter"] = factory


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.bot_process", description=__doc__)
    parser.add_argument("--kind", choices=("boshpana", "echo"), required=True)
    parser.add_argument("--api-url", help="the emulator's URL (echo; Boshpana reads the env)")
    parser.add_argument(
        "--no-overall-limit", action="store_true", help="Boshpana: AIORateLimiter(overall=0)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if args.kind == "echo":
        asyncio.run(serve_echo(args.api_url))
        return
    from bot.config import Settings
    from bot.serve import serve

    if args.no_overall_limit:
        unlimited_rate_limiter()
    settings = Settings()
    assert settings.telegram_bot_token is not None
    asyncio.run(serve(settings, settings.telegram_bot_token.get_secret_value()))


if __name__ == "__main__":
    main()
