"""Sealed values (apps/core/sealed.py): a stored secret reads back, is not in the stored
token, cannot be altered unnoticed or opened under another key, and is masked on pages."""

from __future__ import annotations

import base64

import pytest
from django.test import override_settings

from apps.core.sealed import PREFIX, SealBrokenError, masked, seal, unseal

URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"


def test_a_sealed_value_reads_back_and_is_not_in_the_token() -> None:
    token = seal(URL)
    assert unseal(token) == URL
    assert "693a91f6" not in token and "qyapi" not in token
    assert seal(URL) != token  # a fresh nonce each time: equal secrets do not look equal
    assert seal("") == "" and unseal("") == ""


def test_chinese_and_long_values_round_trip() -> None:
    text = "钉钉机器人密钥SEC" + "x" * 300
    assert unseal(seal(text)) == text


def test_an_altered_token_is_refused() -> None:
    token = seal(URL)
    raw = bytearray(base64.urlsafe_b64decode(token[len(PREFIX) :]))
    raw[20] ^= 1
    with pytest.raises(SealBrokenError):
        unseal(PREFIX + base64.urlsafe_b64encode(bytes(raw)).decode())
    with pytest.raises(SealBrokenError):
        unseal("plain text")


def test_another_key_cannot_open_it() -> None:
    token = seal(URL)
    with override_settings(SEALED_VALUES_KEY="another-key"), pytest.raises(SealBrokenError):
        unseal(token)


def test_masked_shows_the_last_four_characters_only() -> None:
    assert masked(URL) == "••••5aaa"
    assert masked("SEC1234567890abcdef") == "••••cdef"
    assert masked("short") == "•••••"
    assert masked("") == ""
