"""The ``boshpana`` command line and the terminal demo.

May import every other part of ``bot``.
"""
