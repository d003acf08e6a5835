"""API shapes of the hours ledger (its rows and a reversal) and of the end-of-semester
credits (PT24-CREDIT)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.training.models import CreditAssignment, LedgerEntry


class LedgerEntryOutput(serializers.ModelSerializer[LedgerEntry]):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    reversed_by = serializers.SerializerMethodField()

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "school",
            "teacher",
            "teacher_name",
            "kind",
            "date",
            "school_year",
            "semester",
            "hours",
            "credit_class",
            "title",
            "activity",
            "external",
            "reverses",
            "reversed_by",
            "reason",
            "created_at",
        ]

    def get_reversed_by(self, entry: LedgerEntry) -> int | None:
        reversal = getattr(entry, "reversed_by", None)
        return reversal.pk if reversal is not None else None


class LedgerReverseInput(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True, max_length=2000)


class CreditAssignmentOutput(serializers.ModelSerializer[CreditAssignment]):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)

    class Meta:
        model = CreditAssignment
        fields = [
            "id",
            "school",
            "teacher",
            "teacher_name",
            "school_year",
            "semester",
            "lecture_hours",
            "practice_hours",
            "credits",
            "note",
            "created_at",
        ]


class CreditAssignInput(serializers.Serializer[Any]):
    school_year = serializers.IntegerField(min_value=2000, max_value=2100)
    semester = serializers.ChoiceField(choices=[(1, "第一学期"), (2, "第二学期")])
