"""Delivery: outbox items rendered in the recipient's language and sent, with retries.

May import ``bot.core``, ``bot.outbox``, ``bot.cases``, ``bot.person`` and ``bot.desk``.
"""
