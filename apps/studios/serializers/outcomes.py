"""A team's outcomes over the API: the output with its files, the input of a new one (a
course's form and hours checked by the service)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin
from apps.studios.models import CourseForm, Outcome, OutcomeKind, OutcomeStage, TeamFile


class TeamFileOutput(serializers.ModelSerializer[TeamFile]):
    class Meta:
        model = TeamFile
        fields = ["id", "file_name", "file_type", "file_size"]


class OutcomeOutput(serializers.ModelSerializer[Outcome]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    files = TeamFileOutput(many=True, read_only=True)

    class Meta:
        model = Outcome
        fields = [
            "id", "team", "theme", "kind", "kind_display", "stage", "stage_display", "title",
            "summary", "completed_on", "course_form", "course_hours", "promoted", "files",
        ]  # fmt: skip


class OutcomeInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = Outcome

    kind = serializers.ChoiceField(choices=OutcomeKind.choices, label="成果类型")
    stage = serializers.ChoiceField(
        choices=OutcomeStage.choices, default=OutcomeStage.STAGED.value, label="阶段"
    )
    title = serializers.CharField(max_length=200, label="成果名称")
    summary = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=4000, label="成果简介"
    )
    completed_on = serializers.DateField(label="完成日期")
    theme = serializers.IntegerField(
        required=False, allow_null=True, default=None, label="研究主题"
    )
    course_form = serializers.ChoiceField(
        choices=CourseForm.choices, required=False, allow_blank=True, default="", label="课程形式"
    )
    course_hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True, default=None,
        label="课程学时",
    )  # fmt: skip
    file = serializers.FileField(required=False, allow_null=True, default=None, label="成果材料")
