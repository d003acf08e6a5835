"""Each homeroom teacher's professional-development archive (XH26-A3-1, PT24-ARCHIVE):
training comes from the ledger; achievements and honours are entries with evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.people.models import Teacher
from apps.tenancy.models import TenantOwned, TenantQuerySet


class AchievementKind(models.TextChoices):
    OPEN_LESSON = "open_lesson", _("公开课/展示")
    PAPER = "paper", _("论文")
    AWARD = "award", _("获奖")
    RESEARCH = "research", _("课题研究")
    MENTORING = "mentoring", _("带教青年教师")
    HONOUR = "honour", _("荣誉称号")
    LECTURE = "lecture", _("讲座/交流")


class AchievementLevel(models.TextChoices):
    SCHOOL = "school", _("校级")
    DISTRICT = "district", _("区级")
    CITY = "city", _("市级")
    NATIONAL = "national", _("国家级")


@audited()
class ArchiveEntry(TenantOwned):
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="archive")
    kind = models.CharField(_("类别"), max_length=12, choices=AchievementKind.choices)
    level = models.CharField(_("级别"), max_length=10, choices=AchievementLevel.choices)
    title = models.CharField(_("名称"), max_length=200)
    date = models.DateField(_("日期"))
    description = models.TextField(_("说明"), blank=True)
    file_name = models.CharField(_("证明材料"), max_length=200, blank=True)
    file_type = models.CharField(max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["ArchiveEntry"].as_manager()

    class Meta:
        verbose_name = _("发展档案条目")
        verbose_name_plural = _("发展档案条目")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.title}"


@audited()
class ArchiveFile(models.Model):
    entry = models.OneToOneField(ArchiveEntry, on_delete=models.CASCADE, related_name="file")
    data = models.BinaryField()

    class Meta:
        verbose_name = _("发展档案附件")
        verbose_name_plural = _("发展档案附件")

    def __str__(self) -> str:
        return f"file of {self.entry_id}"
