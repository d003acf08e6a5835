"""API shapes of training activities, their attachments and their sign-in. Inputs never
carry a school or a district: they come from the URL, vetted; teachers are named by id and
resolved inside that scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin
from apps.training.models import (
    ACTIVITY_FIELDS,
    ActivityAttachment,
    Attendance,
    ContentTier,
    CreditClass,
    Layer,
    Module,
    OrganiserLevel,
    ProbationBucket,
    Programme,
    TrainingActivity,
    TrainingForm,
)

from .common import hours_field


class TrainingActivityOutput(serializers.ModelSerializer[TrainingActivity]):
    attendee_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = TrainingActivity
        fields = ["id", "district", "school", *ACTIVITY_FIELDS, "attendee_count", "created_at"]


class ActivityAttachmentOutput(serializers.ModelSerializer[ActivityAttachment]):
    """A file kept with an activity (read-only here; uploaded on the activity's page)."""

    size = serializers.IntegerField(source="file_size", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ActivityAttachment
        fields = ["id", "title", "file_name", "file_type", "size", "url", "created_at"]

    def get_url(self, attachment: ActivityAttachment) -> str:
        """Where the API serves the file (as an attachment)."""
        activity = attachment.activity
        path = reverse(
            "api:training-activity-attachment-file",
            kwargs={
                "school_id": activity.school_id,
                "pk": activity.pk,
                "attachment_id": attachment.pk,
            },
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class TrainingActivityDetailOutput(TrainingActivityOutput):
    """One activity, with the files kept with its record."""

    attachments = ActivityAttachmentOutput(many=True, read_only=True)

    class Meta(TrainingActivityOutput.Meta):
        fields = [*TrainingActivityOutput.Meta.fields, "attachments"]


class TrainingActivityInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    """A school's activity. Topic and minutes are required for a research session — the
    service says so, on those fields (XH26-A2-1)."""

    label_model = TrainingActivity

    organiser_level = serializers.ChoiceField(
        choices=[c for c in OrganiserLevel.choices if c[0] != OrganiserLevel.DISTRICT],
        default=OrganiserLevel.SCHOOL,
    )
    organiser_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    title = serializers.CharField(max_length=200)
    topic = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    date = serializers.DateField()
    hours = hours_field()
    form = serializers.ChoiceField(choices=TrainingForm.choices)
    credit_class = serializers.ChoiceField(choices=CreditClass.choices)
    module = serializers.ChoiceField(choices=Module.choices, default=Module.OTHER)
    content_tier = serializers.ChoiceField(
        choices=ContentTier.choices, required=False, allow_null=True, default=None
    )
    programme = serializers.ChoiceField(choices=Programme.choices, default=Programme.NONE)
    probation_bucket = serializers.ChoiceField(
        choices=ProbationBucket.choices, default=ProbationBucket.NONE
    )
    layer = serializers.ChoiceField(choices=Layer.choices, default=Layer.NONE)
    is_research_session = serializers.BooleanField(default=False)
    is_joint_ideological = serializers.BooleanField(default=False)
    is_cadre_training = serializers.BooleanField(default=False)
    minutes = serializers.CharField(required=False, allow_blank=True, default="")


class AttendanceOutput(serializers.ModelSerializer[Attendance]):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    employee_no = serializers.CharField(source="teacher.employee_no", read_only=True)
    school = serializers.IntegerField(source="teacher.school_id", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "teacher", "teacher_name", "employee_no", "school", "hours"]


class AttendanceInput(serializers.Serializer[Any]):
    """`{"teachers": [ids], "hours": {"<id>": h}}`; a teacher without hours gets the
    activity's."""

    teachers = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    hours = serializers.DictField(child=hours_field(), required=False, default=dict)

    def validate_hours(self, value: dict[str, Decimal]) -> dict[int, Decimal]:
        try:
            return {int(key): hours for key, hours in value.items()}
        except (TypeError, ValueError):
            raise serializers.ValidationError("键应为教师编号（数字）。") from None
