"""Load benchmark: the real Boshpana bot and a bare python-telegram-bot echo bot, each in its
own process, against the offline Bot API emulator with N simulated people.

Run ``python -m bench --help``; see ``bench/README.md`` for the method and the figures.
"""
