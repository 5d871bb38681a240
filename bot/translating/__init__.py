"""Translator tooling: extract and merge catalogs, check them, preview every screen.

May import ``bot.core``, ``bot.outbox``, ``bot.cases``, ``bot.person`` and ``bot.desk``.
"""
