"""Serving Telegram: start-up, polling and webhook intake, routing updates, jobs, health.

May import every other part of ``bot`` except ``bot.cli`` and ``bot.translating``.
"""
