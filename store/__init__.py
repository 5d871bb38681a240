"""Persistence: encrypted conversations, cases, lawyers and outbox; migrations; the unit of work.

This package never imports ``telegram``, ``bot`` or ``flows``.
"""

from store.audit import Audit, AuditEntry
from store.cards import CaseCards, StoredCard
from store.cases import Cases, StoredCase
from store.conversations import Conversations, StoredConversation
from store.crypto import (
    DecryptionError,
    KeyFormatError,
    Keyring,
    generate_secret,
    load_or_create_key_file,
)
from store.database import Database, Transaction, default_database_url
from store.errors import ConcurrentUpdateError
from store.lawyers import Lawyers, StoredLawyer
from store.migrate import current_revision, head_revision, is_up_to_date, upgrade
from store.models import CaseStatus, OutboxState, Urgency
from store.notes import Notes, StoredNote
from store.outbox import Outbox, OutboxItem
from store.relay import RelayLinks

__all__ = [
    "Audit",
    "AuditEntry",
    "CaseCards",
    "CaseStatus",
    "Cases",
    "ConcurrentUpdateError",
    "Conversations",
    "Database",
    "DecryptionError",
    "KeyFormatError",
    "Keyring",
    "Lawyers",
    "Notes",
    "Outbox",
    "OutboxItem",
    "OutboxState",
    "RelayLinks",
    "StoredCard",
    "StoredCase",
    "StoredConversation",
    "StoredLawyer",
    "StoredNote",
    "Transaction",
    "Urgency",
    "current_revision",
    "default_database_url",
    "generate_secret",
    "head_revision",
    "is_up_to_date",
    "load_or_create_key_file",
    "upgrade",
]
