"""API shapes of the training-evaluation records (PT24-EVAL)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.training.models import EvaluationKind, EvaluationRecord


class EvaluationOutput(serializers.ModelSerializer[EvaluationRecord]):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRecord
        fields = [
            "id",
            "school",
            "teacher",
            "teacher_name",
            "school_year",
            "semester",
            "kind",
            "kind_display",
            "title",
            "note",
            "file_name",
            "file_type",
            "has_file",
            "created_at",
        ]

    def get_has_file(self, record: EvaluationRecord) -> bool:
        return bool(record.file_name)


class EvaluationInput(serializers.Serializer[Any]):
    """The teacher by id; the view resolves it inside the URL's school only."""

    teacher = serializers.IntegerField()
    school_year = serializers.IntegerField(min_value=2000, max_value=2100)
    semester = serializers.ChoiceField(choices=[1, 2])
    kind = serializers.ChoiceField(choices=EvaluationKind.choices)
    title = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False)
