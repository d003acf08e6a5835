"""Training activities and who attended them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.models import TimeStampedModel
from apps.people.models import Teacher
from apps.tenancy.models import District, School

from .vocab import (
    ContentTier,
    CreditClass,
    Layer,
    Module,
    OrganiserLevel,
    ProbationBucket,
    Programme,
    TrainingForm,
)


class ActivityQuerySet(models.QuerySet["TrainingActivity"]):
    def for_district(self, district: District) -> ActivityQuerySet:
        return self.filter(district=district)

    def for_school(self, school: School) -> ActivityQuerySet:
        """A school's own activities (district-level ones are read through the district)."""
        return self.filter(school=school)


# The fields an organiser sets on an activity (services and the API write and show these).
ACTIVITY_FIELDS = (
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
)


@audited()
class TrainingActivity(TimeStampedModel):
    """A training session organised by the district (school null) or a school.

    A problem-oriented research session (XH26-A2-1 / XH26-STUDIO-MONTHLY) must say what
    was studied and keep minutes: "杜绝事务性替代" — an administrative meeting is not one.
    """

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organiser_level = models.CharField(_("组织层级"), max_length=10, choices=OrganiserLevel.choices)
    organiser_name = models.CharField(_("组织者"), max_length=100, blank=True)
    title = models.CharField(_("活动名称"), max_length=200)
    topic = models.CharField(_("研修主题（研究的问题）"), max_length=300)
    date = models.DateField(_("日期"))
    hours = models.DecimalField(
        _("学时"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    form = models.CharField(_("研修形式"), max_length=16, choices=TrainingForm.choices)
    credit_class = models.CharField(_("学分类别"), max_length=10, choices=CreditClass.choices)
    module = models.CharField(
        _("课程模块"), max_length=20, choices=Module.choices, default=Module.OTHER
    )
    content_tier = models.PositiveSmallIntegerField(
        _("内容层级"), choices=ContentTier.choices, null=True, blank=True
    )
    programme = models.CharField(
        _("培养工程"), max_length=10, choices=Programme.choices, default=Programme.NONE
    )
    probation_bucket = models.CharField(
        _("见习培训类别"),
        max_length=10,
        choices=ProbationBucket.choices,
        default=ProbationBucket.NONE,
    )
    layer = models.CharField(
        _("培训层次"), max_length=12, choices=Layer.choices, default=Layer.NONE
    )
    is_research_session = models.BooleanField(_("问题导向型研修"), default=False)
    is_joint_ideological = models.BooleanField(_("与思政课教师共同研修"), default=False)
    is_cadre_training = models.BooleanField(_("德育干部培训"), default=False)
    minutes = models.TextField(_("活动记录（纪要）"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("研修活动")
        verbose_name_plural = _("研修活动")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["district", "date"]),
            models.Index(fields=["school", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


@audited()
class Attendance(TimeStampedModel):
    """A teacher at an activity, with the hours credited (the activity's by default)."""

    activity = models.ForeignKey(
        TrainingActivity, on_delete=models.PROTECT, related_name="attendances"
    )
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="attendances")
    hours = models.DecimalField(_("认定学时"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")
        constraints = [
            models.UniqueConstraint(fields=["activity", "teacher"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id}@{self.activity_id}"


@audited()
class ActivityAttachment(TimeStampedModel):
    """A file kept with an activity's record (sign-in sheet, slides, photos, the minutes as
    a document). It has the activity's scope: a school's, or the district's own."""

    activity = models.ForeignKey(
        TrainingActivity, on_delete=models.PROTECT, related_name="attachments"
    )
    title = models.CharField(_("说明"), max_length=200, blank=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    file_type = models.CharField(max_length=10)
    file_size = models.PositiveIntegerField(_("文件大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("活动附件")
        verbose_name_plural = _("活动附件")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.file_name}"


@audited()
class ActivityAttachmentFile(models.Model):
    attachment = models.OneToOneField(
        ActivityAttachment, on_delete=models.CASCADE, related_name="file"
    )
    data = models.BinaryField()

    class Meta:
        verbose_name = _("活动附件文件")
        verbose_name_plural = _("活动附件文件")

    def __str__(self) -> str:
        return f"file of {self.attachment_id}"
