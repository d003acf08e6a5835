"""API input/output shapes of training. Inputs never carry a school or a district: they
come from the URL, vetted; teachers are named by id and resolved inside that scope."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from rest_framework import serializers

from .models import (
    AchievementKind,
    AchievementLevel,
    ActivityAttachment,
    ArchiveEntry,
    Attendance,
    ContentTier,
    CreditAssignment,
    CreditClass,
    ExternalLevel,
    ExternalTraining,
    Layer,
    LedgerEntry,
    Module,
    OrganiserLevel,
    ProbationBucket,
    Programme,
    TrainingActivity,
    TrainingForm,
)


def _hours() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=5, decimal_places=1)


class TrainingActivityOutput(serializers.ModelSerializer):
    attendee_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = TrainingActivity
        fields = [
            "id",
            "district",
            "school",
            "organiser_level",
            "organiser_name",
            "title",
            "topic",
            "date",
            "hours",
            "form",
            "credit_class",
            "module",
            "content_tier",
            "programme",
            "probation_bucket",
            "layer",
            "is_research_session",
            "is_joint_ideological",
            "is_cadre_training",
            "minutes",
            "attendee_count",
            "created_at",
        ]


class ActivityAttachmentOutput(serializers.ModelSerializer):
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


class TrainingActivityInput(serializers.Serializer):
    """A school's activity. Topic and minutes are required for a research session — the
    service says so, on those fields (XH26-A2-1)."""

    organiser_level = serializers.ChoiceField(
        choices=[c for c in OrganiserLevel.choices if c[0] != OrganiserLevel.DISTRICT],
        default=OrganiserLevel.SCHOOL,
    )
    organiser_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    title = serializers.CharField(max_length=200)
    topic = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    date = serializers.DateField()
    hours = _hours()
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


class AttendanceOutput(serializers.ModelSerializer):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    employee_no = serializers.CharField(source="teacher.employee_no", read_only=True)
    school = serializers.IntegerField(source="teacher.school_id", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "teacher", "teacher_name", "employee_no", "school", "hours"]


class AttendanceInput(serializers.Serializer):
    """`{"teachers": [ids], "hours": {"<id>": h}}`; a teacher without hours gets the
    activity's."""

    teachers = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    hours = serializers.DictField(child=_hours(), required=False, default=dict)

    def validate_hours(self, value: dict[str, Decimal]) -> dict[int, Decimal]:
        try:
            return {int(key): hours for key, hours in value.items()}
        except (TypeError, ValueError):
            raise serializers.ValidationError("键应为教师编号（数字）。") from None


class ExternalTrainingOutput(serializers.ModelSerializer):
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


class ExternalTrainingInput(serializers.Serializer):
    """A teacher's own external record (multipart with `file` for the evidence). With
    several teacher records, `teacher` says which (one of the caller's own)."""

    teacher = serializers.IntegerField(required=False)
    title = serializers.CharField(max_length=200)
    organiser = serializers.CharField(max_length=100)
    organiser_level = serializers.ChoiceField(choices=ExternalLevel.choices)
    date = serializers.DateField()
    hours = _hours()
    credit_class = serializers.ChoiceField(choices=CreditClass.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False)


class ExternalReviewInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("verify", "审定通过"), ("return", "退回")])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class LedgerEntryOutput(serializers.ModelSerializer):
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


class LedgerReverseInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=2000)


class CreditAssignmentOutput(serializers.ModelSerializer):
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


class CreditAssignInput(serializers.Serializer):
    school_year = serializers.IntegerField(min_value=2000, max_value=2100)
    semester = serializers.ChoiceField(choices=[(1, "第一学期"), (2, "第二学期")])


class ArchiveEntryOutput(serializers.ModelSerializer):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)

    class Meta:
        model = ArchiveEntry
        fields = [
            "id",
            "school",
            "teacher",
            "teacher_name",
            "kind",
            "level",
            "title",
            "date",
            "description",
            "file_name",
            "created_at",
        ]


class ArchiveEntryInput(serializers.Serializer):
    teacher = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AchievementKind.choices)
    level = serializers.ChoiceField(choices=AchievementLevel.choices)
    title = serializers.CharField(max_length=200)
    date = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False)


class TrainingProgressOutput(serializers.Serializer):
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    hours_target = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    hours_percent = serializers.IntegerField(allow_null=True)
    credits = serializers.DecimalField(max_digits=6, decimal_places=1)
    credit_target = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    credits_percent = serializers.IntegerField(allow_null=True)
    pending_records = serializers.IntegerField()
    missing = serializers.ListField(child=serializers.CharField())


class MyTrainingRecordOutput(serializers.Serializer):
    """One of the caller's teacher records with this year's progress."""

    teacher = serializers.IntegerField(source="teacher.pk")
    school = serializers.IntegerField(source="teacher.school_id")
    school_name = serializers.CharField(source="teacher.school.name")
    progress = TrainingProgressOutput()


class MyTrainingOutput(serializers.Serializer):
    school_year = serializers.IntegerField()
    records = MyTrainingRecordOutput(many=True)
    external = ExternalTrainingOutput(many=True)
