"""Studios (班主任工作室, XH26-A2-2 / XH26-A2P-4) and workshops (工作坊, XB23-WORKSHOP): one
table, `Team`, told apart by `kind` — both have a host, members (a district team draws
them from several schools), plans, outcomes and quarterly briefs. A team of the district
has a null school; a school's team has its school, and its members are its teachers."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.models import TimeStampedModel
from apps.people.models import Teacher
from apps.tenancy.models import District, School
from apps.training.models import TrainingActivity

from .vocab import HostKind, MemberRole, PlanKind, StudioLevel, TeamKind, WorkshopType


class TeamQuerySet(models.QuerySet["Team"]):
    def for_district(self, district: District) -> TeamQuerySet:
        return self.filter(district=district)

    def for_school(self, school: School) -> TeamQuerySet:
        return self.filter(school=school)

    def active(self) -> TeamQuerySet:
        return self.filter(ended_on__isnull=True)


@audited()
class Team(TimeStampedModel):
    """A studio or a workshop. `host` is the host teacher of the roster (null only for an
    institute researcher hosting a 院校合作 workshop: `host_name` then names them)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=TeamKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    host = models.ForeignKey(
        Teacher,
        verbose_name=_("主持人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_teams",
    )
    host_name = models.CharField(_("主持人姓名"), max_length=50, blank=True)
    host_kind = models.CharField(_("主持人身份"), max_length=12, choices=HostKind.choices)
    workshop_type = models.CharField(
        _("工作坊类型"), max_length=14, choices=WorkshopType.choices, blank=True
    )
    established_on = models.DateField(_("成立日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    description = models.TextField(_("简介"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作室/工作坊")
        verbose_name_plural = _("工作室/工作坊")
        ordering = ["district_id", "kind", "name", "id"]
        indexes = [
            models.Index(fields=["district", "kind"]),
            models.Index(fields=["school", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=TeamKind.WORKSHOP) | Q(workshop_type=""),
                name="team_workshop_type_only_for_workshops",
            ),
            models.CheckConstraint(
                condition=Q(host__isnull=False) | ~Q(host_name=""),
                name="team_has_a_host",
            ),
        ]
        permissions = [
            ("lead_team", "主持工作室/工作坊"),
            ("take_part_team", "参与工作室/工作坊"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        return StudioLevel.DISTRICT if self.school_id is None else StudioLevel.SCHOOL

    @property
    def level_label(self) -> str:
        return str(StudioLevel(self.level).label)

    @property
    def host_display(self) -> str:
        return self.host.name if self.host_id and self.host else self.host_name


@audited()
class Theme(TimeStampedModel):
    """One of a studio's 1–2 research themes (XH26-A2P-4.2; the bounds are the pack's)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("研究主题"), max_length=200)
    started_on = models.DateField(_("开始日期"))

    class Meta:
        verbose_name = _("研究主题")
        verbose_name_plural = _("研究主题")
        ordering = ["team_id", "started_on", "id"]

    def __str__(self) -> str:
        return self.title


@audited()
class Member(TimeStampedModel):
    """A teacher in a team, from joining to leaving. `school`/`district` are the
    teacher's (a district team's members come from several schools); the database keeps
    the teacher in that school."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="team_members")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        _("角色"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("成员")
        verbose_name_plural = _("成员")
        ordering = ["team_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "teacher"],
                condition=Q(left_on__isnull=True),
                name="member_once_while_active",
            )
        ]
        indexes = [models.Index(fields=["school", "team"])]

    def __str__(self) -> str:
        return f"{self.team_id} {self.teacher_id}"


@audited()
class Session(TimeStampedModel):
    """A session the team organised: a training activity (organiser level 工作室), so its
    attendance reaches the ledger and XH26-STUDIO-MONTHLY judges it by the same structure
    as a school's research session."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="sessions")
    activity = models.OneToOneField(
        TrainingActivity, on_delete=models.PROTECT, related_name="team_session"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )

    class Meta:
        verbose_name = _("工作室活动")
        verbose_name_plural = _("工作室活动")
        ordering = ["team_id", "-id"]

    def __str__(self) -> str:
        return f"{self.team_id} {self.activity_id}"


@audited()
class Funding(TimeStampedModel):
    """Money granted to a team (经费), by school year."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="funding")
    school_year = models.PositiveSmallIntegerField(_("学年"))
    amount = models.DecimalField(
        _("金额（元）"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    granted_on = models.DateField(_("下拨日期"))
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("工作室经费")
        verbose_name_plural = _("工作室经费")
        ordering = ["team_id", "-granted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.team_id} {self.school_year} {self.amount}"


@audited()
class Plan(TimeStampedModel):
    """The host's plans and reports (XB23-PLAN): the project plan, a school year's
    implementation plan, the project report; text and optional files."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(_("类别"), max_length=10, choices=PlanKind.choices)
    school_year = models.PositiveSmallIntegerField(_("学年"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("计划与报告")
        verbose_name_plural = _("计划与报告")
        ordering = ["team_id", "kind", "-school_year", "-id"]

    def __str__(self) -> str:
        return self.title
