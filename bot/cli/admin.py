"""``boshpana purge`` and ``boshpana keys generate|rotate``: the operator's upkeep."""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from typing import Any

from bot.core.config import Settings
from bot.serving.retention import purge
from bot.serving.runtime import database_url, key_file, load_secret, services
from store import Keyring, generate_secret
from store.crypto import add_new_key, retire_old_keys
from store.rotation import rotate

ROTATE_WARNING = (
    "Stop every running bot first: a bot still holding the old key cannot read what the "
    "rotation writes."
)


def register(commands: Any) -> None:
    """Add ``purge`` and ``keys`` to the ``boshpana`` parser."""
    commands.add_parser("purge", help="delete now what is past its retention period").set_defaults(
        action=lambda s, a: asyncio.run(_purge(s))
    )
    keys = commands.add_parser("keys", help="encryption keys")
    actions = keys.add_subparsers(required=True, metavar="ACTION")
    actions.add_parser("generate", help="print a new key for BOSHPANA_SECRET_KEY").set_defaults(
        action=lambda s, a: _generate()
    )
    rotate_parser = actions.add_parser(
        "rotate", help="re-encrypt everything with a new key and retire the old one"
    )
    rotate_parser.set_defaults(action=lambda s, a: asyncio.run(_rotate(s, a)))


async def _purge(settings: Settings) -> int:
    async with services(settings, print) as shared:
        purged = await purge(shared)
    print(
        f"Purged {purged.conversations} inactive interviews, {purged.cases} closed cases, "
        f"{purged.message_refs} message ids and {purged.outbox} delivered outbox items."
    )
    return 0


def _generate() -> int:
    print(generate_secret())
    return 0


async def _rotate(settings: Settings, args: argparse.Namespace) -> int:
    print(ROTATE_WARNING)
    old_secret = load_secret(settings, print)
    both = add_new_key(old_secret)
    report = await rotate(
        database_url(settings),
        Keyring.from_secret(old_secret),
        Keyring.from_secret(both),
        schema=settings.db_schema,
    )
    new_secret = retire_old_keys(both)
    print(f"Re-encrypted with key {report.new_kid}.")
    if settings.secret_key is None:
        _replace_key_file(settings, new_secret)
        print(f"The key file {key_file(settings)} now holds only the new key.")
    else:
        print("Set BOSHPANA_SECRET_KEY to this value and start the bot again (old key retired):")
        print(new_secret)
    return 0


def _replace_key_file(settings: Settings, secret: str) -> None:
    """Write the new key over the quick-start key file atomically, readable by us only."""
    path = key_file(settings)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    try:
        os.fchmod(handle, 0o600)
        os.write(handle, secret.encode())
        os.fsync(handle)
    finally:
        os.close(handle)
    os.replace(temporary, path)
