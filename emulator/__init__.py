"""An offline Telegram Bot API emulator for end-to-end tests and demos.

Typical use with python-telegram-bot::

    async with running_emulator() as emu:  # from emulator.testing; fails on violations
        app = (ApplicationBuilder().token("123456:TEST")
               .base_url(emu.base_url).base_file_url(emu.base_file_url).build())
        ...  # initialize, start, app.updater.start_polling(poll_interval=0, timeout=1)
        emu.send_text(emu.user(42), "/start")
        call = await emu.wait_for("sendMessage")
        emu.press_button(42, "Yes")
"""

from emulator.models import Call, SimChat, SimUser, StoredMessage
from emulator.server import BotApiEmulator

__all__ = ["BotApiEmulator", "Call", "SimChat", "SimUser", "StoredMessage"]
