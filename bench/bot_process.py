"""One bot under test, alone in its process so its CPU time and memory are its own.

``python -m bench.bot_process --kind boshpana`` runs Boshpana exactly as ``boshpana run``
does (``bot.serving.serve.serve``: long polling, SIGTERM finishes the updates in flight), configured
by the environment (``TELEGRAM_API_URL``, ``DATABASE_URL``, ...); with ``--webhook`` as
``boshpana run --webhook`` (``BOSHPANA_WEBHOOK_URL``, ``BOSHPANA_PORT``, ...).
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
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bench.experiments import by_name

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


def echo_application(api_url: str, concurrency: int = 256) -> Application:  # type: ignore[type-arg]
    """The floor, no database: ``concurrency`` updates at a time (256 is PTB's
    ``concurrent_updates(True)``; 1 is PTB's default, one after the other)."""
    builder = (
        ApplicationBuilder()
        .token(ECHO_TOKEN)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
    )
    if concurrency > 1:
        builder = builder.concurrent_updates(concurrency)
    application = builder.build()
    application.add_handler(CallbackQueryHandler(echo_button))
    application.add_handler(MessageHandler(filters.ALL, echo_message))
    return application


async def serve_echo(api_url: str, concurrency: int) -> None:
    """Poll like ``bot.serving.serve.serve`` until SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    application = echo_application(api_url, concurrency)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        await stop.wait()
        await application.updater.stop()
        await application.stop()


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.bot_process", description=__doc__)
    parser.add_argument("--kind", choices=("boshpana", "echo"), required=True)
    parser.add_argument("--api-url", help="the emulator's URL (echo; Boshpana reads the env)")
    parser.add_argument(
        "--concurrency", type=int, default=256, help="echo: updates at a time (1: sequential)"
    )
    parser.add_argument("--experiment", action="append", default=[], help="see bench.experiments")
    parser.add_argument("--webhook", action="store_true", help="Boshpana: serve a webhook")
    parser.add_argument("--profile", help="write a cProfile of the whole process here")
    args = parser.parse_args(argv)
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
        try:
            _run(args)
        finally:
            profiler.disable()
            profiler.dump_stats(args.profile)
        return
    _run(args)


def _run(args: argparse.Namespace) -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    for name in args.experiment:
        by_name(name)()
    if args.kind == "echo":
        asyncio.run(serve_echo(args.api_url, args.concurrency))
        return
    from bot.core.config import Settings
    from bot.serving.serve import serve

    settings = Settings()
    assert settings.telegram_bot_token is not None
    token = settings.telegram_bot_token.get_secret_value()
    asyncio.run(serve(settings, token, webhook=args.webhook))


if __name__ == "__main__":
    main()
