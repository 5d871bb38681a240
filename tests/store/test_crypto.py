"""Keyring: encryption, key ids and rotation, user keys, the key file."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import stat
from pathlib import Path

import pytest

from store import (
    DecryptionError,
    Keyring,
    add_new_key,
    generate_secret,
    load_or_create_key_file,
    retire_old_keys,
)
from store.crypto import KeyFormatError, format_secret, parse_secret

TELEGRAM_ID = 7_123_456_789


def test_round_trip(keyring: Keyring) -> None:
    blob = keyring.encrypt(b"secret answer", aad=b"here")
    assert keyring.decrypt(blob, aad=b"here") == b"secret answer"
    assert b"secret answer" not in blob


def test_same_plaintext_encrypts_differently(keyring: Keyring) -> None:
    assert keyring.encrypt(b"x", aad=b"a") != keyring.encrypt(b"x", aad=b"a")


def test_other_aad_is_rejected(keyring: Keyring) -> None:
    blob = keyring.encrypt(b"secret", aad=b"conversations.state:alice")
    with pytest.raises(DecryptionError):
        keyring.decrypt(blob, aad=b"conversations.state:bob")


@pytest.mark.parametrize("position", [0, 1, 2, 5, 20, -1])
def test_tampering_is_detected(keyring: Keyring, position: int) -> None:
    blob = bytearray(keyring.encrypt(b"secret", aad=b"a"))
    blob[position] ^= 0x01
    with pytest.raises(DecryptionError):
        keyring.decrypt(bytes(blob), aad=b"a")


@pytest.mark.parametrize("blob", [b"", b"\x01", b"\x01\x01", b"\x01\x010" + b"\x00" * 11])
def test_truncated_ciphertext_is_rejected(keyring: Keyring, blob: bytes) -> None:
    with pytest.raises(DecryptionError):
        keyring.decrypt(blob, aad=b"a")


def test_wrong_key_is_rejected(keyring: Keyring) -> None:
    blob = keyring.encrypt(b"secret", aad=b"a")
    with pytest.raises(DecryptionError):
        Keyring.from_secret(generate_secret()).decrypt(blob, aad=b"a")


def test_unknown_key_id_is_rejected(keyring: Keyring) -> None:
    blob = keyring.encrypt(b"secret", aad=b"a")
    other = Keyring.from_secret(f"k9:{generate_secret()}")
    with pytest.raises(DecryptionError, match="unknown key"):
        other.decrypt(blob, aad=b"a")


def test_rotation_keeps_old_ciphertexts_readable() -> None:
    old, new = generate_secret(), generate_secret()
    before = Keyring.from_secret(old)
    blob = before.encrypt(b"secret", aad=b"a")
    after = Keyring.from_secret(f"k2:{new},0:{old}")
    assert after.active_kid == "k2"
    assert after.decrypt(blob, aad=b"a") == b"secret"
    with pytest.raises(DecryptionError):
        before.decrypt(after.encrypt(b"secret", aad=b"a"), aad=b"a")


def test_user_key_is_stable_keyed_and_hides_the_id(keyring: Keyring) -> None:
    user_key = keyring.user_key(TELEGRAM_ID)
    assert user_key == keyring.user_key(TELEGRAM_ID)
    assert user_key != keyring.user_key(TELEGRAM_ID + 1)
    assert user_key != Keyring.from_secret(generate_secret()).user_key(TELEGRAM_ID)
    assert len(user_key) == 64
    assert str(TELEGRAM_ID) not in user_key


def test_user_key_uses_a_derived_key_not_the_secret_itself() -> None:
    raw = os.urandom(32)
    plain_hmac = hmac.new(raw, str(TELEGRAM_ID).encode(), hashlib.sha256).hexdigest()
    assert Keyring([("0", raw)]).user_key(TELEGRAM_ID) != plain_hmac


def test_generated_secret_is_32_bytes_of_base64url() -> None:
    secret = generate_secret()
    assert base64.urlsafe_b64decode(secret + "=") == parse_secret(secret)[0][1]
    assert len(parse_secret(secret)[0][1]) == 32
    assert generate_secret() != secret


def test_padded_and_unpadded_keys_are_equal() -> None:
    secret = generate_secret()
    assert parse_secret(secret) == parse_secret(secret + "=")


@pytest.mark.parametrize(
    "secret",
    [
        "",
        "not base64!",
        base64.urlsafe_b64encode(b"short").decode(),
        "bad id!:" + "A" * 43,
        "k1:{key},k1:{key}",
        "k1:{key},",
    ],
)
def test_malformed_secrets_are_rejected(secret: str) -> None:
    with pytest.raises(KeyFormatError):
        Keyring.from_secret(secret.format(key=generate_secret()))


def test_key_file_is_created_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "boshpana.key"
    secret, created = load_or_create_key_file(path)
    assert created
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert parse_secret(secret)
    assert load_or_create_key_file(path) == (secret, False)
    assert [p.name for p in path.parent.iterdir()] == ["boshpana.key"]


def test_existing_key_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "boshpana.key"
    secret = f"k1:{generate_secret()}"
    path.write_text(secret + "\n")
    assert load_or_create_key_file(path) == (secret, False)


def test_corrupt_key_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "boshpana.key"
    path.write_text("garbage")
    with pytest.raises(KeyFormatError):
        load_or_create_key_file(path)


def test_generated_secret_with_a_key_id() -> None:
    secret = generate_secret(kid="k7")
    assert secret.startswith("k7:")
    assert Keyring.from_secret(secret).kids == ("k7",)
    with pytest.raises(KeyFormatError):
        generate_secret(kid="no spaces")


def test_add_new_key_puts_a_fresh_numbered_key_first() -> None:
    bare = generate_secret()
    once = add_new_key(bare)
    twice = add_new_key(once)
    assert Keyring.from_secret(once).kids == ("k1", "0")
    assert Keyring.from_secret(twice).kids == ("k2", "k1", "0")
    assert parse_secret(twice)[1:] == parse_secret(once)  # the old keys are kept as they were
    assert Keyring.from_secret(add_new_key(once, kid="2027")).kids == ("2027", "k1", "0")
    with pytest.raises(KeyFormatError):
        add_new_key(once, kid="k1")


def test_retire_old_keys_keeps_the_active_key_only() -> None:
    rotated = add_new_key(generate_secret())
    retired = retire_old_keys(rotated)
    assert retired == rotated.split(",")[0]
    assert Keyring.from_secret(retired).kids == ("k1",)
    old_blob = Keyring.from_secret(rotated.split(",")[1]).encrypt(b"x", aad=b"a")
    new_blob = Keyring.from_secret(rotated).encrypt(b"y", aad=b"a")
    assert Keyring.from_secret(retired).decrypt(new_blob, aad=b"a") == b"y"
    with pytest.raises(DecryptionError):
        Keyring.from_secret(retired).decrypt(old_blob, aad=b"a")


def test_format_secret_inverts_parse_secret() -> None:
    secret = add_new_key(add_new_key(generate_secret()))
    assert format_secret(parse_secret(secret)) == secret
