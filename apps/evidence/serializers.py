"""API input/output shapes. Inputs never carry a school: it comes from the URL, vetted."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import EvidenceEvent, EvidenceItem, EvidenceKind


class EvidenceEventOutput(serializers.ModelSerializer[EvidenceEvent]):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    actor_name = serializers.CharField(source="actor.display_name", read_only=True)

    class Meta:
        model = EvidenceEvent
        fields = ["action", "action_display", "actor_name", "comment", "at"]


class EvidenceOutput(serializers.ModelSerializer[EvidenceItem]):
    """An item with its history (who did what, when, with which comment) — lists too, so
    a client sees the reviewer's comments without fetching each item."""

    school_name = serializers.CharField(source="school.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    submitted_by_name = serializers.CharField(source="submitted_by.display_name", read_only=True)
    reviewed_by_name = serializers.SerializerMethodField()
    events = EvidenceEventOutput(many=True, read_only=True)

    class Meta:
        model = EvidenceItem
        fields = [
            "id",
            "school",
            "school_name",
            "indicator_code",
            "pack_code",
            "school_year",
            "kind",
            "kind_display",
            "title",
            "statement",
            "file_name",
            "file_type",
            "file_size",
            "file_sha256",
            "status",
            "status_display",
            "submitted_by_name",
            "created_at",
            "reviewed_by_name",
            "reviewed_at",
            "review_comment",
            "events",
        ]

    def get_reviewed_by_name(self, item: EvidenceItem) -> str:
        return item.reviewed_by.display_name if item.reviewed_by else ""


class EvidenceInput(serializers.Serializer[Any]):
    """A submission. `file` is required for a document, optional for an attestation; the
    service checks the indicator, the kind and the file's real type and size."""

    indicator_code = serializers.CharField(max_length=40)
    school_year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    title = serializers.CharField(max_length=200)
    statement = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_empty_file=True)


class ReviewInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=[("accept", "通过"), ("return", "退回修改")])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    checked_parts = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        max_length=20,
        help_text="材料要件核对：指标要求的要件（如 XH26-A1-2 的选聘条件、选聘程序、任职期限）"
        "须全部列出方可通过。",
    )
