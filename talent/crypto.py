"""Encryption at rest and blind indexes for trainees' personal data.

Personal fields are sealed with AES-256-GCM (authenticated: a flipped bit or a wrong key fails
loudly instead of returning garbage). Each sealed value starts with a version byte and the id of
the key that sealed it, so several keys can be configured at once while ``rotate_data_key``
re-encrypts everything under the newest one.

Exact lookups and cross-partner matching never decrypt: they compare blind indexes, keyed HMACs
of normalised identifiers. The HMAC key is derived from the data key with HKDF under its own
label, so a leaked index never helps decrypt and the encryption key is never used for two jobs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
KEY_ID_BYTES = 4
INDEX_BYTES = 16
_KEY_TEXT = re.compile(r"^[A-Za-z0-9_-]{43}=?$")
_SETTING = "DIGICOOP_DATA_KEY"


class DecryptionError(Exception):
    """A sealed value could not be opened: unknown key id, wrong key or tampered bytes."""


def _derive(key: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=label).derive(key)


@dataclass(frozen=True, repr=False)
class DataKey:
    id: str  # 8 hex digits derived from the key itself, so a wrong key shows up as a wrong id
    aead: AESGCM
    index_key: bytes
    # Keys the Bloom-filter encodings and blocking keys of fuzzy matching (talent.similarity).
    similarity_key: bytes

    def __repr__(self) -> str:  # never print key material
        return f"DataKey({self.id})"

    @classmethod
    def from_bytes(cls, key: bytes) -> DataKey:
        key_id = hashlib.sha256(b"digicoop data key id\0" + key).hexdigest()[: KEY_ID_BYTES * 2]
        return cls(
            id=key_id,
            aead=AESGCM(_derive(key, b"digicoop talent encryption v1")),
            index_key=_derive(key, b"digicoop talent blind index v1"),
            similarity_key=_derive(key, b"digicoop talent similarity v1"),
        )


def generate_key() -> str:
    """A fresh key in the text form DIGICOOP_DATA_KEY expects."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode().rstrip("=")


def parse_keys(raw: str) -> list[DataKey]:
    """Parse ``key[,older_key…]``; raise ImproperlyConfigured naming the bad entry."""
    items = [item.strip() for item in (raw or "").split(",")]
    if not items or any(not item for item in items):
        raise ImproperlyConfigured(
            f"{_SETTING} must be one or more comma-separated keys without empty items "
            "(generate one with `manage.py rotate_data_key --generate`)."
        )
    keys = []
    for position, item in enumerate(items, start=1):
        if not _KEY_TEXT.match(item):
            raise ImproperlyConfigured(
                f"{_SETTING}: key {position} is malformed; expected 43 base64url characters "
                f"(32 random bytes), got {len(item)} characters."
            )
        try:
            key = base64.urlsafe_b64decode(item.rstrip("=") + "=")
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(
                f"{_SETTING}: key {position} is not valid base64url."
            ) from None
        keys.append(DataKey.from_bytes(key))
    ids = [k.id for k in keys]
    if len(set(ids)) != len(ids):
        raise ImproperlyConfigured(f"{_SETTING} lists the same key twice.")
    return keys


class KeyRing:
    """The configured keys: ``primary`` seals, every key opens."""

    def __init__(self, keys: list[DataKey]) -> None:
        self.primary = keys[0]
        self.keys = {k.id: k for k in keys}

    def __repr__(self) -> str:
        return f"KeyRing(primary={self.primary.id}, keys={sorted(self.keys)})"

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        """Encrypt under the primary key; ``context`` (the row's reference) is authenticated."""
        nonce = os.urandom(NONCE_BYTES)
        header = bytes([VERSION]) + bytes.fromhex(self.primary.id)
        return header + nonce + self.primary.aead.encrypt(nonce, plaintext, header + context)

    def open(self, token: bytes, context: bytes) -> bytes:
        token = bytes(token)
        key_id = key_id_of(token)
        key = self.keys.get(key_id)
        if key is None:
            raise DecryptionError(f"sealed with key {key_id}, which is not configured")
        header = token[: 1 + KEY_ID_BYTES]
        nonce = token[1 + KEY_ID_BYTES : 1 + KEY_ID_BYTES + NONCE_BYTES]
        try:
            return key.aead.decrypt(nonce, token[len(header) + NONCE_BYTES :], header + context)
        except InvalidTag:
            raise DecryptionError(f"cannot open a value sealed with key {key_id}") from None

    def blind(self, purpose: str, value: str, key_id: str | None = None) -> bytes:
        """Keyed HMAC of an already normalised value, under the primary key by default."""
        key = self.keys[key_id] if key_id else self.primary
        message = purpose.encode() + b"\0" + value.encode()
        return hmac.new(key.index_key, message, hashlib.sha256).digest()[:INDEX_BYTES]

    def blind_all(self, purpose: str, value: str) -> list[bytes]:
        """The value's index under every configured key: lookups work during a rotation."""
        return [self.blind(purpose, value, key_id) for key_id in self.keys]


def key_id_of(token: bytes) -> str:
    token = bytes(token)
    if len(token) < 1 + KEY_ID_BYTES + NONCE_BYTES + 16 or token[0] != VERSION:
        raise DecryptionError("not a sealed value of a known version")
    return token[1 : 1 + KEY_ID_BYTES].hex()


@cache
def keyring() -> KeyRing:
    from django.conf import settings

    return KeyRing(parse_keys(settings.DIGICOOP_DATA_KEYS))


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs) -> None:
    if setting == "DIGICOOP_DATA_KEYS":
        keyring.cache_clear()
        from talent import keycheck

        keycheck.forget()
