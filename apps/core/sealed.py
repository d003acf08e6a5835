"""Sealed values: a short secret (a robot's webhook URL, its signing secret) stored in the
database so that a copy of the database, a backup or the audit trail does not give it
away, and that a changed byte is noticed rather than used.

The project has no cryptography library among its dependencies, so this is the textbook
encrypt-then-MAC construction over the standard library's HMAC-SHA256, used as a PRF:

1. Two keys are derived from `SEALED_VALUES_KEY` (default: derived from `SECRET_KEY`),
   one to encrypt and one to authenticate, by HMAC with distinct labels.
2. `seal`: a random 16-byte nonce; the keystream is HMAC(enc_key, nonce ‖ counter) for
   counter 0, 1, … (PRF in counter mode), XORed with the UTF-8 text; the tag is
   HMAC(mac_key, version ‖ nonce ‖ ciphertext). The token is `v1:` + URL-safe Base64 of
   nonce ‖ ciphertext ‖ tag.
3. `unseal` checks the tag in constant time before decrypting; a token sealed under
   another key, or altered, raises `SealBrokenError`.

Rotating the key: set `SEALED_VALUES_KEY` to the new key and re-enter the secrets (a
token the new key cannot open reads as broken, and the page asks for it again).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

VERSION = b"v1"
PREFIX = "v1:"
NONCE_BYTES = 16
TAG_BYTES = 32
BLOCK = hashlib.sha256().digest_size


class SealBrokenError(ValueError):
    """The token was altered, or sealed under another key."""


def _keys() -> tuple[bytes, bytes]:
    root = (getattr(settings, "SEALED_VALUES_KEY", "") or settings.SECRET_KEY).encode()
    return (
        hmac.new(root, b"homeroom sealed values: encrypt", hashlib.sha256).digest(),
        hmac.new(root, b"homeroom sealed values: authenticate", hashlib.sha256).digest(),
    )


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (length + BLOCK - 1) // BLOCK
    return b"".join(
        hmac.new(key, nonce + i.to_bytes(8, "big"), hashlib.sha256).digest() for i in range(blocks)
    )[:length]


def _xor(data: bytes, stream: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def seal(text: str) -> str:
    """The token for `text` ("" stays "": nothing stored, nothing to hide)."""
    if not text:
        return ""
    enc_key, mac_key = _keys()
    nonce = secrets.token_bytes(NONCE_BYTES)
    data = text.encode("utf-8")
    body = nonce + _xor(data, _keystream(enc_key, nonce, len(data)))
    tag = hmac.new(mac_key, VERSION + body, hashlib.sha256).digest()
    return PREFIX + base64.urlsafe_b64encode(body + tag).decode("ascii")


def unseal(token: str) -> str:
    """The text sealed in `token` ("" for ""); `SealBrokenError` when it cannot be trusted."""
    if not token:
        return ""
    if not token.startswith(PREFIX):
        raise SealBrokenError("not a sealed value")
    try:
        raw = base64.urlsafe_b64decode(token[len(PREFIX) :].encode("ascii"))
    except ValueError as exc:
        raise SealBrokenError("not a sealed value") from exc
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise SealBrokenError("too short")
    body, tag = raw[:-TAG_BYTES], raw[-TAG_BYTES:]
    enc_key, mac_key = _keys()
    expected = hmac.new(mac_key, VERSION + body, hashlib.sha256).digest()
    if not hmac.compare_digest(tag, expected):
        raise SealBrokenError("the tag does not match: altered, or sealed under another key")
    nonce, ciphertext = body[:NONCE_BYTES], body[NONCE_BYTES:]
    return _xor(ciphertext, _keystream(enc_key, nonce, len(ciphertext))).decode("utf-8")


def masked(text: str, *, keep: int = 4) -> str:
    """What a page may show of a secret: its last `keep` characters ("••••abcd")."""
    if not text:
        return ""
    if len(text) <= keep * 2:
        return "•" * len(text)
    return "••••" + text[-keep:]
