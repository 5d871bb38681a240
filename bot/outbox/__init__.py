"""What can be queued for delivery: item kinds, priorities, notices and relay payloads.

May import ``bot.core`` only.
"""
