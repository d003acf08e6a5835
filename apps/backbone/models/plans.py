"""The plans the seeds ask for: each backbone teacher's three-year development plan
(XB23-PLAN), each growth team's development scheme and yearly plan (XB-PLAN), and the
"1+1" radiation column where famous homeroom teachers record how they lift a grade, a
school, a group or the district (XB-RADIATE, encouraged)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.models import TimeStampedModel
from apps.people.models import Teacher
from apps.tenancy.models import TenantOwned, TenantQuerySet

from .cohort import BackboneMember
from .files import BackboneFile
from .teams import GrowthTeam


class TeamPlanKind(models.TextChoices):
    SCHEME = "scheme", _("成长团队培育方案")
    YEARLY = "yearly", _("年度培育计划")


class RadiateReach(models.TextChoices):
    GRADE = "grade", _("带领一个年级")
    SCHOOL = "school", _("带领一所学校")
    GROUP = "group", _("带领一个教育集团")
    DISTRICT = "district", _("带领区域班主任队伍")


@audited()
class DevelopmentPlan(TenantOwned):
    """XB23-PLAN: a backbone teacher's three-year development plan (one per member; a
    new version replaces the text, the history keeps the old)."""

    member = models.OneToOneField(
        BackboneMember, on_delete=models.CASCADE, related_name="development_plan"
    )
    title = models.CharField(_("标题"), max_length=200)
    goals = models.TextField(_("三年发展目标"))
    measures = models.TextField(_("主要举措"))
    file = models.ForeignKey(
        BackboneFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["DevelopmentPlan"].as_manager()

    class Meta:
        verbose_name = _("骨干三年发展规划")
        verbose_name_plural = _("骨干三年发展规划")
        ordering = ["member_id"]

    def __str__(self) -> str:
        return self.title


@audited()
class TeamPlan(TimeStampedModel):
    """XB-PLAN: a growth team's development scheme (year null) or a year's plan, made by
    the leader with the mentors after a needs analysis."""

    team = models.ForeignKey(GrowthTeam, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(_("类别"), max_length=8, choices=TeamPlanKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    needs_analysis = models.TextField(_("需求调研与优势不足分析"))
    content = models.TextField(_("培养内容（学习、实践、课题、交流、比赛等）"))
    mentors_consulted = models.BooleanField(_("已听取导师意见"), default=False)
    file = models.ForeignKey(
        BackboneFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("成长团队培育方案与计划")
        verbose_name_plural = _("成长团队培育方案与计划")
        ordering = ["team_id", "kind", "-year", "-id"]

    def __str__(self) -> str:
        return self.title


@audited()
class RadiatePost(TenantOwned):
    """XB-RADIATE: one entry of the online column about a teacher's growth and reach."""

    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="+")
    reach = models.CharField(_("引领范围"), max_length=10, choices=RadiateReach.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    posted_on = models.DateField(_("发布日期"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["RadiatePost"].as_manager()

    class Meta:
        verbose_name = _("“三名”专栏成长记录")
        verbose_name_plural = _("“三名”专栏成长记录")
        ordering = ["-posted_on", "-id"]

    def __str__(self) -> str:
        return self.title
