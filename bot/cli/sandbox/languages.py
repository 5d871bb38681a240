"""The languages the sandbox offers (apart, so ``boshpana --help`` loads no emulator)."""

APP_LANGUAGES = {"uz": "Oʻzbekcha", "ru": "Русский", "en": "English"}
"""Telegram app languages the person's phone can have (``language_code``)."""
LAWYER_LOCALES = ("ru", "uz_Latn", "uz_Cyrl", "en")
