"""What every part of the bot shares: settings, the services, the clock, translation,
the per-update scope and the unit of work.

May import ``bot.outbox`` only.
"""
