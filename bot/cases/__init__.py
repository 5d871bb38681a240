"""The case life cycle shared by the person's side and the lawyer desk: open, page, claim,
hand back, close, and the wording about cases on both sides.

May import ``bot.core`` and ``bot.outbox``.
"""
