"""Encryption of personal values and the keyed hash that identifies users.

A secret (``BOSHPANA_SECRET_KEY``) is one base64url-encoded 32-byte key, or several
comma-separated ``kid:key`` entries with the active key first, e.g. ``k2:<new>,0:<old>``.
A bare key has the key id ``"0"``. From each key HKDF derives two subkeys: one for
AES-256-GCM, one for the HMAC-SHA256 user key.

Every ciphertext carries the id of the key that made it, so older keys can still decrypt
after rotation. User keys are always computed with the active key; rotating it therefore
needs a re-keying step for stored user keys: :func:`store.rotation.rotate` re-encrypts
and re-keys everything, after which the old key can be dropped from the secret
(:func:`add_new_key` and :func:`retire_old_keys` edit the secret's text).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
DEFAULT_KID = "0"
_FORMAT_VERSION = 1
_NONCE_BYTES = 12
_KID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,16}")
_HKDF_SALT = b"boshpana"
_NUMBERED_KID = re.compile(r"k([0-9]{1,15})")


class KeyFormatError(ValueError):
    """The secret is not in the ``key`` or ``kid:key[,kid:key...]`` format."""


class DecryptionError(Exception):
    """A ciphertext is corrupt, was moved to another place, or its key is unknown."""


@dataclass(frozen=True, slots=True)
class _Key:
    kid: str
    aead: AESGCM
    hash_key: bytes = field(repr=False)


def _derive(secret: bytes, purpose: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=_HKDF_SALT, info=purpose)
    return hkdf.derive(secret)


def _decode_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise KeyFormatError("a key is not valid base64url") from None
    if len(raw) != KEY_BYTES:
        raise KeyFormatError(f"a key must decode to {KEY_BYTES} bytes")
    return raw


def parse_secret(secret: str) -> list[tuple[str, bytes]]:
    """Split a secret into ``(kid, key)`` pairs, the active key first."""
    entries: list[tuple[str, bytes]] = []
    for item in secret.strip().split(","):
        kid, sep, encoded = item.strip().rpartition(":")
        kid = kid if sep else DEFAULT_KID
        if not _KID_PATTERN.fullmatch(kid):
            raise KeyFormatError("a key id must be 1-16 characters of A-Z a-z 0-9 _ -")
        if any(kid == known for known, _ in entries):
            raise KeyFormatError(f"key id {kid!r} appears twice")
        entries.append((kid, _decode_key(encoded)))
    return entries


class Keyring:
    """Keys for encrypting values and hashing user ids; the first key is active."""

    def __init__(self, keys: Sequence[tuple[str, bytes]]) -> None:
        if not keys:
            raise KeyFormatError("at least one key is needed")
        self._keys = {
            kid: _Key(kid, AESGCM(_derive(raw, b"aes-gcm")), _derive(raw, b"user-key"))
            for kid, raw in keys
        }
        self._active = self._keys[keys[0][0]]

    @classmethod
    def from_secret(cls, secret: str) -> Keyring:
        """Build a keyring from the ``BOSHPANA_SECRET_KEY`` format."""
        return cls(parse_secret(secret))

    @property
    def active_kid(self) -> str:
        """The id of the key used for new ciphertexts and user keys."""
        return self._active.kid

    @property
    def kids(self) -> tuple[str, ...]:
        """The ids of every key, the active one first."""
        return tuple(self._keys)

    def encrypt(self, plaintext: bytes, *, aad: bytes) -> bytes:
        """Encrypt with the active key; ``aad`` binds the result to where it is stored."""
        kid = self._active.kid.encode("ascii")
        header = bytes((_FORMAT_VERSION, len(kid))) + kid
        nonce = os.urandom(_NONCE_BYTES)
        return header + nonce + self._active.aead.encrypt(nonce, plaintext, header + aad)

    def decrypt(self, blob: bytes, *, aad: bytes) -> bytes:
        """Decrypt a value made by :meth:`encrypt` with the same ``aad``."""
        if len(blob) < 2 or blob[0] != _FORMAT_VERSION:
            raise DecryptionError("unknown ciphertext format")
        end = 2 + blob[1]
        key = self._keys.get(blob[2:end].decode("ascii", errors="replace"))
        if key is None:
            raise DecryptionError("ciphertext was made with an unknown key")
        nonce = blob[end : end + _NONCE_BYTES]
        try:
            return key.aead.decrypt(nonce, blob[end + _NONCE_BYTES :], blob[:end] + aad)
        except (InvalidTag, ValueError):
            raise DecryptionError("ciphertext is corrupt, misplaced or the key is wrong") from None

    def user_key(self, telegram_user_id: int) -> str:
        """Return the keyed hash (64 hex characters) that stands for a Telegram user."""
        message = str(telegram_user_id).encode("ascii")
        return hmac.new(self._active.hash_key, message, hashlib.sha256).hexdigest()


def generate_secret(*, kid: str | None = None) -> str:
    """Return a new random key in the ``BOSHPANA_SECRET_KEY`` format (``kid:key`` if given)."""
    key = _encode_key(secrets.token_bytes(KEY_BYTES))
    if kid is None:
        return key
    if not _KID_PATTERN.fullmatch(kid):
        raise KeyFormatError("a key id must be 1-16 characters of A-Z a-z 0-9 _ -")
    return f"{kid}:{key}"


def add_new_key(secret: str, *, kid: str | None = None) -> str:
    """Return ``secret`` with a new random key in front, to become the active one.

    The new key id is ``kid``, or ``k1``, ``k2``, … (one more than the highest such id
    in ``secret``). The old keys follow, so existing ciphertexts can still be read until
    :func:`store.rotation.rotate` has re-encrypted them.
    """
    entries = parse_secret(secret)
    if kid is None:
        numbers = [int(m.group(1)) for k, _ in entries if (m := _NUMBERED_KID.fullmatch(k))]
        kid = f"k{max(numbers, default=0) + 1}"
    if any(kid == known for known, _ in entries):
        raise KeyFormatError(f"key id {kid!r} is already in use")
    new = parse_secret(generate_secret(kid=kid))
    return format_secret(new + entries)


def retire_old_keys(secret: str) -> str:
    """Return only the active (first) key of ``secret``, for use after a rotation."""
    return format_secret(parse_secret(secret)[:1])


def format_secret(entries: Sequence[tuple[str, bytes]]) -> str:
    """Write ``(kid, key)`` pairs in the ``BOSHPANA_SECRET_KEY`` format (inverse of parsing)."""
    return ",".join(f"{kid}:{_encode_key(raw)}" for kid, raw in entries)


def _encode_key(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def load_or_create_key_file(path: Path) -> tuple[str, bool]:
    """Read the secret stored at ``path``, creating it (mode 0600) if missing.

    Returns ``(secret, created)``. The file appears atomically and complete: it is
    written under a temporary name and then hard-linked into place.
    """
    try:
        return _read_key_file(path), False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret = generate_secret()
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secret + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
    except FileExistsError:
        return _read_key_file(path), False
    finally:
        temporary.unlink(missing_ok=True)
    return secret, True


def _read_key_file(path: Path) -> str:
    secret = path.read_text(encoding="ascii").strip()
    parse_secret(secret)
    return secret
