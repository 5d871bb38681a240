"""The lawyer desk: duty, case cards, taking cases, routing a lawyer's messages, tools.

May import ``bot.core``, ``bot.outbox`` and ``bot.cases``.
"""
