"""Quarterly briefs (季度简报, XB23-BRIEF), filed by a team's host and accepted or returned
by the district; and the studio rules (选拔、考核办法及经费标准, XH26-A2P-4.1), the
district's and a school's, filed and reviewed the same way."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.models import TimeStampedModel
from apps.core.review import ReviewedRecord, ReviewEventBase, ReviewStates
from apps.tenancy.models import District, School

from .studios import Team
from .vocab import BriefStatus, RulesStatus


@audited()
class Brief(TimeStampedModel, ReviewedRecord):
    """One team's brief for one quarter. `filed_at` is when it was first filed: on time
    when that is on or before the due day's end in Asia/Shanghai (XB23-BRIEF). A returned
    brief is corrected and filed again; its first filing still says whether it was late."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="briefs")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("项目实施与进展"))
    filed_at = models.DateTimeField(_("提交时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=BriefStatus.choices, default=BriefStatus.SUBMITTED
    )

    REVIEW_STATES = ReviewStates(
        pending=BriefStatus.SUBMITTED, accepted=BriefStatus.ACCEPTED, returned=BriefStatus.RETURNED
    )

    class Meta:
        verbose_name = _("季度简报")
        verbose_name_plural = _("季度简报")
        ordering = ["team_id", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["team", "year", "quarter"], name="brief_once"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="brief_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.quarter}季度 {self.title}"


@audited()
class BriefEvent(ReviewEventBase):
    record = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = _("简报审核记录")
        verbose_name_plural = _("简报审核记录")

    def __str__(self) -> str:
        return f"{self.record_id} {self.action}"


@audited()
class StudioRules(TimeStampedModel, ReviewedRecord):
    """XH26-A2P-4.1: the selection, assessment and funding rules of the district's studios
    (school null, reviewed by another district officer) or of a school's (reviewed by the
    district)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=200)
    selection = models.TextField(_("选拔办法"))
    assessment = models.TextField(_("考核办法"))
    funding = models.TextField(_("经费标准"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RulesStatus.choices, default=RulesStatus.SUBMITTED
    )

    REVIEW_STATES = ReviewStates(
        pending=RulesStatus.SUBMITTED, accepted=RulesStatus.ACCEPTED, returned=RulesStatus.RETURNED
    )

    class Meta:
        verbose_name = _("工作室选拔、考核办法及经费标准")
        verbose_name_plural = _("工作室选拔、考核办法及经费标准")
        ordering = ["district_id", "school_id", "-created_at"]

    def __str__(self) -> str:
        return self.title


@audited()
class RulesEvent(ReviewEventBase):
    record = models.ForeignKey(StudioRules, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = _("办法审核记录")
        verbose_name_plural = _("办法审核记录")

    def __str__(self) -> str:
        return f"{self.record_id} {self.action}"
