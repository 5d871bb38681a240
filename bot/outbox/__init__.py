"""What can be queued for delivery: item kinds, lanes, priorities and typed payloads.

Imports nothing else from ``bot``.
"""
