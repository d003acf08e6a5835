"""Sealed values: a short secret (a robot's webhook URL, its signing secret) stored in the
database so that a copy of the database, a backup or the audit trail does not give it
away, and that a changed byte is noticed rather than used.

Fernet from `cryptography` (AES-128-CBC with HMAC-SHA256, encrypt-then-MAC, a fresh IV
each time): a well-kept, audited construction rather than one of our own. Its key is
derived from `SEALED_VALUES_KEY` (default: `SECRET_KEY`) with HKDF-SHA256 under a label
of this use, so the secret key itself never becomes the cipher key. A token is `f1:` +
the Fernet token; `unseal` refuses an altered one, or one sealed under another key, with
`SealBrokenError`.

Rotating the key: set `SEALED_VALUES_KEY` to the new key and re-enter the secrets (a
token the new key cannot open reads as broken, and the page asks for it again).
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "f1:"
LABEL = b"homeroom sealed values v1"


class SealBrokenError(ValueError):
    """The token was altered, or sealed under another key."""


def _fernet() -> Fernet:
    root = (getattr(settings, "SEALED_VALUES_KEY", "") or settings.SECRET_KEY).encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=LABEL).derive(root)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(text: str) -> str:
    """The token for `text` ("" stays "": nothing stored, nothing to hide)."""
    if not text:
        return ""
    return PREFIX + _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def unseal(token: str) -> str:
    """The text sealed in `token` ("" for ""); `SealBrokenError` when it cannot be trusted."""
    if not token:
        return ""
    if not token.startswith(PREFIX):
        raise SealBrokenError("not a sealed value")
    try:
        return _fernet().decrypt(token[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError, ValueError) as exc:
        raise SealBrokenError("altered, or sealed under another key") from exc


def masked(text: str, *, keep: int = 4) -> str:
    """What a page may show of a secret: its last `keep` characters ("••••abcd")."""
    if not text:
        return ""
    if len(text) <= keep * 2:
        return "•" * len(text)
    return "••••" + text[-keep:]
