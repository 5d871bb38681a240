"""Persistence: encrypted conversations, cases, lawyers and outbox; migrations; the unit of work.

Also erasure of a person, retention purges, aggregate figures, abuse blocks and key
rotation.

This package never imports ``telegram``, ``bot`` or ``flows``.
"""

from store.audit import Audit, AuditEntry
from store.blocks import Blocks
from store.cards import CaseCards, StoredCard
from store.cases import Cases, StoredCase
from store.conversations import Conversations, StoredConversation
from store.crypto import (
    DecryptionError,
    KeyFormatError,
    Keyring,
    add_new_key,
    generate_secret,
    load_or_create_key_file,
    retire_old_keys,
)
from store.database import Database, Transaction, default_database_url
from store.engine import check_schema, check_url, safe_url
from store.erasure import Erased, erase_person
from store.errors import ConcurrentUpdateError, is_unavailable
from store.events import CaseEvents, StoredEvent
from store.facts import Facts
from store.held import HeldMessages
from store.inbox import EarlierWaiting, Inbox, InboxState, PendingUpdate, ReceivedUpdate
from store.lawyers import Lawyers, StoredLawyer
from store.messages import DELETABLE_FOR, MessageRefs
from store.migrate import (
    NewRevision,
    current_revision,
    head_revision,
    is_up_to_date,
    new_revision,
    upgrade,
)
from store.models import CaseStatus, OutboxState, Urgency
from store.notes import Notes, StoredNote
from store.outbox import Outbox, OutboxItem
from store.relay import RelayLinks
from store.rotation import RotationError, RotationReport, TableRotation, rotate
from store.stats import Figures, WeekFigures, figures
from store.summary import CaseSummary

__all__ = [
    "DELETABLE_FOR",
    "Audit",
    "AuditEntry",
    "Blocks",
    "CaseCards",
    "CaseEvents",
    "CaseStatus",
    "CaseSummary",
    "Cases",
    "ConcurrentUpdateError",
    "Conversations",
    "Database",
    "DecryptionError",
    "EarlierWaiting",
    "Erased",
    "Facts",
    "Figures",
    "HeldMessages",
    "Inbox",
    "InboxState",
    "KeyFormatError",
    "Keyring",
    "Lawyers",
    "MessageRefs",
    "NewRevision",
    "Notes",
    "Outbox",
    "OutboxItem",
    "OutboxState",
    "PendingUpdate",
    "ReceivedUpdate",
    "RelayLinks",
    "RotationError",
    "RotationReport",
    "StoredCard",
    "StoredCase",
    "StoredConversation",
    "StoredEvent",
    "StoredLawyer",
    "StoredNote",
    "TableRotation",
    "Transaction",
    "Urgency",
    "WeekFigures",
    "add_new_key",
    "check_schema",
    "check_url",
    "current_revision",
    "default_database_url",
    "erase_person",
    "figures",
    "generate_secret",
    "head_revision",
    "is_unavailable",
    "is_up_to_date",
    "load_or_create_key_file",
    "new_revision",
    "retire_old_keys",
    "rotate",
    "safe_url",
    "upgrade",
]
