"""What the training API shapes share: hours as the models keep them."""

from __future__ import annotations

from rest_framework import serializers


def hours_field() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=5, decimal_places=1)
