"""Persistence: encrypted conversations and cases, migrations, the unit of work.

This package never imports ``telegram``, ``bot`` or ``flows``.
"""

from store.cases import StoredCase
from store.conversations import StoredConversation
from store.crypto import (
    DecryptionError,
    KeyFormatError,
    Keyring,
    generate_secret,
    load_or_create_key_file,
)
from store.database import Database, Transaction, default_database_url
from store.errors import ConcurrentUpdateError
from store.migrate import current_revision, head_revision, is_up_to_date, upgrade

__all__ = [
    "ConcurrentUpdateError",
    "Database",
    "DecryptionError",
    "KeyFormatError",
    "Keyring",
    "StoredCase",
    "StoredConversation",
    "Transaction",
    "current_revision",
    "default_database_url",
    "generate_secret",
    "head_revision",
    "is_up_to_date",
    "load_or_create_key_file",
    "upgrade",
]
