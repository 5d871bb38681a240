"""What every part of the bot shares: settings, the services, the clock, translation.

Imports nothing else from ``bot``.
"""
