"""The person's side: the interview, its screens, /forget and /clear, messages to the lawyer.

May import ``bot.core``, ``bot.outbox`` and ``bot.cases``.
"""
