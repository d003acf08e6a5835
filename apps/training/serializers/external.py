"""API shapes of external training (a teacher's own record, the leader's review) and of
the caller's own training (`me/training/`: progress per teacher record, latest records)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin
from apps.training.models import CreditClass, ExternalLevel, ExternalTraining

from .common import hours_field


class ExternalTrainingOutput(serializers.ModelSerializer[ExternalTraining]):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = ExternalTraining
        fields = [
            "id",
            "school",
            "teacher",
            "teacher_name",
            "title",
            "organiser",
            "organiser_level",
            "date",
            "hours",
            "credit_class",
            "note",
            "file_name",
            "has_file",
            "status",
            "review_comment",
            "reviewed_at",
            "created_at",
        ]

    def get_has_file(self, record: ExternalTraining) -> bool:
        return bool(record.file_name)


class ExternalTrainingInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    """A teacher's own external record (multipart with `file` for the evidence). With
    several teacher records, `teacher` says which (one of the caller's own)."""

    label_model = ExternalTraining

    teacher = serializers.IntegerField(required=False)
    title = serializers.CharField(max_length=200)
    organiser = serializers.CharField(max_length=100)
    organiser_level = serializers.ChoiceField(choices=ExternalLevel.choices)
    date = serializers.DateField()
    hours = hours_field()
    credit_class = serializers.ChoiceField(choices=CreditClass.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False)


class ExternalCorrectInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    """A correction of a record still waiting (`correct/`; multipart with `file` replaces
    the evidence): only the fields sent change."""

    label_model = ExternalTraining

    title = serializers.CharField(max_length=200, required=False)
    organiser = serializers.CharField(max_length=100, required=False)
    organiser_level = serializers.ChoiceField(choices=ExternalLevel.choices, required=False)
    date = serializers.DateField(required=False)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, required=False)
    credit_class = serializers.ChoiceField(choices=CreditClass.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    file = serializers.FileField(required=False)


class ExternalReviewInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=[("verify", "审定通过"), ("return", "退回")])
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000, label="审定意见"
    )


class TrainingProgressOutput(serializers.Serializer[dict[str, Any]]):
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    hours_target = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    hours_percent = serializers.IntegerField(allow_null=True)
    credits = serializers.DecimalField(max_digits=6, decimal_places=1)
    credit_target = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    credits_percent = serializers.IntegerField(allow_null=True)
    pending_records = serializers.IntegerField()
    missing = serializers.ListField(child=serializers.CharField())


class MyTrainingRecordOutput(serializers.Serializer[dict[str, Any]]):
    """One of the caller's teacher records with this year's progress."""

    teacher = serializers.IntegerField(source="teacher.pk")
    school = serializers.IntegerField(source="teacher.school_id")
    school_name = serializers.CharField(source="teacher.school.name")
    progress = TrainingProgressOutput()


class MyTrainingOutput(serializers.Serializer[dict[str, Any]]):
    school_year = serializers.IntegerField()
    records = MyTrainingRecordOutput(many=True)
    external = ExternalTrainingOutput(many=True)
