"""The ``boshpana`` command line, the terminal demo and the browser sandbox.

May import every other part of ``bot``.
"""
