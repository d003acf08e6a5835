"""API shapes of the deputies (XH26-DEPUTY), the reserve pool (XH26-RESERVE) and
lishui's exceptions and home visits (LS15-ELIGIBLE, LS15-HOMEVISIT). Rows the body names
(an assignment, a teacher, a class) are plain ids resolved inside the URL's school."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin
from apps.probation.models import (
    CaseGuidance,
    CaseType,
    DeputyPathItem,
    EligibilityException,
    HomeVisit,
    ReserveEntry,
    ReserveSource,
    ReserveStatus,
)


class DeputyPathOutput(serializers.ModelSerializer[DeputyPathItem]):
    class Meta:
        model = DeputyPathItem
        fields = ["id", "date", "item", "notes"]


class DeputyOutput(serializers.Serializer[Any]):
    """One deputy post with its loop (培养 → 考核 → 聘任) or its case count."""

    id = serializers.IntegerField(source="assignment.pk")
    teacher = serializers.IntegerField(source="assignment.teacher_id")
    teacher_name = serializers.CharField(source="assignment.teacher.name")
    school_class = serializers.IntegerField(source="assignment.school_class_id")
    school_year = serializers.IntegerField(source="assignment.school_year")
    track = serializers.CharField(source="assignment.role")
    path_items = serializers.SerializerMethodField()
    assessment = serializers.SerializerMethodField()
    assessed_on = serializers.SerializerMethodField()
    appointed = serializers.CharField()
    cases = serializers.IntegerField()
    stage = serializers.CharField()

    def get_path_items(self, row: Any) -> int:
        return len(row.path)

    def get_assessment(self, row: Any) -> str:
        """合格 / 不合格, or empty when not assessed."""
        return row.assessment.get_status_display() if row.assessment else ""

    def get_assessed_on(self, row: Any) -> str | None:
        return row.assessment.assessed_on.isoformat() if row.assessment else None


class DeputyDetailOutput(DeputyOutput):
    path = DeputyPathOutput(many=True)


class CaseGuidanceOutput(serializers.ModelSerializer[CaseGuidance]):
    teacher = serializers.IntegerField(source="record.teacher_id", read_only=True)
    teacher_name = serializers.CharField(source="record.teacher.name", read_only=True)

    class Meta:
        model = CaseGuidance
        fields = ["id", "teacher", "teacher_name", "date", "case_type", "advice", "outcome"]


class CaseGuidanceInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = CaseGuidance

    assignment = serializers.IntegerField(help_text="专家型副班主任的任职 id")
    date = serializers.DateField()
    case_type = serializers.ChoiceField(choices=CaseType.choices)
    advice = serializers.CharField(help_text="指导意见（不填写学生姓名）")
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


class ReserveEntryOutput(serializers.ModelSerializer[ReserveEntry]):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)

    class Meta:
        model = ReserveEntry
        fields = ["id", "teacher", "teacher_name", "source", "entered_on", "completed",
                  "status", "note", "created_at"]  # fmt: skip


class ReserveEntryInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = ReserveEntry

    teacher = serializers.IntegerField()
    source = serializers.ChoiceField(choices=ReserveSource.choices)  # type: ignore[assignment]
    entered_on = serializers.DateField()
    completed = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=ReserveStatus.choices, default=ReserveStatus.ACTIVE)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReserveEntryUpdate(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = ReserveEntry

    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=ReserveSource.choices, required=False
    )
    entered_on = serializers.DateField(required=False)
    completed = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=ReserveStatus.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class HomeVisitOutput(serializers.ModelSerializer[HomeVisit]):
    class_name = serializers.CharField(source="school_class.__str__", read_only=True)

    class Meta:
        model = HomeVisit
        fields = ["id", "school_class", "class_name", "school_year", "date", "homes", "note"]


class HomeVisitInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = HomeVisit

    school_class = serializers.IntegerField()
    date = serializers.DateField()
    homes = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class EligibilityExceptionOutput(serializers.ModelSerializer[EligibilityException]):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)

    class Meta:
        model = EligibilityException
        fields = ["id", "teacher", "teacher_name", "school_year", "reason", "recorded_on"]


class EligibilityExceptionInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = EligibilityException

    teacher = serializers.IntegerField()
    school_year = serializers.IntegerField()
    reason = serializers.CharField()
