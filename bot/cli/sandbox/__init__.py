"""``boshpana sandbox``: the real bot in a browser, a person's and a lawyer's chat side by side.

For training, review and demonstrations without Telegram: the page drives the bot through the
built-in Bot API emulator exactly as ``boshpana demo`` does, on 127.0.0.1 only.
"""
