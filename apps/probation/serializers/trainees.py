"""API shapes of the probation: a trainee with its progress (buckets, the current
attempt's assessments, what is missing, the next step), the inputs of registering,
changing, appointing, and an assessment record."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin
from apps.probation.models import SCHOOL_LEVELS, Assessment, AssessmentLevel, Trainee
from apps.probation.selectors import Progress

RESULTS = [("passed", "合格"), ("failed", "不合格")]
# Named enums of the schema (config/settings ENUM_NAME_OVERRIDES).
SCHOOL_LEVEL_CHOICES = [(level.value, level.label) for level in SCHOOL_LEVELS]
GRADUATION_LEVEL_CHOICES = [
    (AssessmentLevel.DISTRICT_GRADUATION.value, AssessmentLevel.DISTRICT_GRADUATION.label)
]


def _decimal(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=5, decimal_places=1, **kwargs)


class BucketOutput(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    target = serializers.DecimalField(max_digits=8, decimal_places=1)
    percent = serializers.IntegerField()
    met = serializers.BooleanField()


class AssessmentStateOutput(serializers.Serializer[Any]):
    level = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField(help_text="passed / failed，未考核为空")
    result = serializers.CharField(source="label")


class TraineeOutput(serializers.ModelSerializer[Trainee]):
    """A trainee; the list and the detail carry its progress (from `progress_of`, set by
    the view as `progress` in the context: {trainee id: Progress})."""

    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    employee_no = serializers.CharField(source="teacher.employee_no", read_only=True)
    mentor_name = serializers.SerializerMethodField()
    buckets = serializers.SerializerMethodField()
    assessments = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField()
    next_step = serializers.SerializerMethodField()

    class Meta:
        model = Trainee
        fields = [
            "id", "school", "teacher", "teacher_name", "employee_no", "started_on",
            "planned_end_on", "school_hours_target", "mentor", "mentor_name", "status",
            "attempt", "appointed_on", "note", "buckets", "assessments", "missing",
            "next_step",
        ]  # fmt: skip
        read_only_fields = fields

    def _progress(self, trainee: Trainee) -> Progress:
        progress: Progress = self.context["progress"][trainee.pk]
        return progress

    def get_mentor_name(self, trainee: Trainee) -> str:
        return trainee.mentor.name if trainee.mentor else ""

    @staticmethod
    def _buckets(progress: Progress) -> list[dict[str, Any]]:
        return [
            {"key": b.key, "name": b.label, "hours": b.hours, "target": b.target,
             "percent": b.percent, "met": b.met}
            for b in progress.buckets
        ]  # fmt: skip

    @extend_schema_field(BucketOutput(many=True))
    def get_buckets(self, trainee: Trainee) -> Any:
        return BucketOutput(self._buckets(self._progress(trainee)), many=True).data

    @extend_schema_field(AssessmentStateOutput(many=True))
    def get_assessments(self, trainee: Trainee) -> Any:
        return AssessmentStateOutput(self._progress(trainee).assessment_rows, many=True).data

    def get_missing(self, trainee: Trainee) -> list[str]:
        return list(self._progress(trainee).missing)

    def get_next_step(self, trainee: Trainee) -> str:
        return self._progress(trainee).next_step


class TraineeCreateInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = Trainee

    teacher = serializers.IntegerField(label="见习教师")
    started_on = serializers.DateField(label="见习开始日期")
    school_hours_target = _decimal(required=False, label="校级跟岗培训学时（X）")
    mentor = serializers.IntegerField(required=False, allow_null=True, label="指导教师")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class TraineeUpdateInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = Trainee

    mentor = serializers.IntegerField(required=False, allow_null=True, label="指导教师")
    school_hours_target = _decimal(required=False, label="校级跟岗培训学时（X）")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AppointInput(serializers.Serializer[Any]):
    school_class = serializers.IntegerField(label="聘任的班级")
    appointed_on = serializers.DateField(label="聘任日期")


class AssessmentOutput(serializers.ModelSerializer[Assessment]):
    comment = serializers.CharField(source="review_comment", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id", "trainee", "level", "attempt", "assessed_on", "assessor_name", "score",
            "status", "comment", "reviewed_at",
        ]  # fmt: skip
        read_only_fields = fields


class AssessmentInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    """One assessment and its result; 不合格 needs `comment` (考核意见)."""

    label_model = Assessment

    trainee = serializers.IntegerField(label="见习班主任")
    level = serializers.ChoiceField(choices=SCHOOL_LEVEL_CHOICES, label="考核类别")
    assessed_on = serializers.DateField(label="考核日期")
    assessor_name = serializers.CharField(max_length=60, label="考核人")
    result = serializers.ChoiceField(choices=RESULTS, label="结果")
    score = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, label="成绩"
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000, label="考核意见"
    )


class GraduationInput(AssessmentInput):
    level = serializers.ChoiceField(
        choices=GRADUATION_LEVEL_CHOICES,
        default=AssessmentLevel.DISTRICT_GRADUATION.value, label="考核类别",
    )  # fmt: skip


class MyProbationOutput(serializers.Serializer[Any]):
    trainee = TraineeOutput()
    history = AssessmentOutput(many=True)
