"""xinbei-2023's growth teams ("2+N", XB-TEAMS): a district's tier-1 camps and tier-2
rooms, each with one leader (XB-LEADER), 0–2 mentors and its members from several
schools (XB-TEAM-SIZE, XB-MEMBER); the members' character projects and the team's
research collection (XB-PROJECT), the yearly showcase (XB-SHOWCASE) and the members'
yearly assessment with dynamic membership (XB-ASSESS)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.models import TimeStampedModel
from apps.people.models import Teacher
from apps.tenancy.models import District, School, TenantOwned, TenantQuerySet

from .files import BackboneFile
from .vocab import AdmissionStatus, Decision, MemberLeave, ProjectScope, Result, Tier


@audited()
class GrowthTeam(TimeStampedModel):
    """A camp or room of the district. `leader` is a teacher of `leader_school` (the
    database keeps them together); `leader_elected_on` starts the leader's term (the
    pack's years). `exception_reason` records why a team stands outside the 一般 bounds
    of XB-TEAM-SIZE; `leader_exception_reason` why a tier-2 leader short of the title was
    chosen (XB-LEADER 原则上); `roster_confirmed_on` the day the district confirmed the
    roster (the team-level check of the rural members)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(_("梯队"), max_length=6, choices=Tier.choices)
    name = models.CharField(_("名称"), max_length=100)
    leader = models.ForeignKey(
        Teacher, verbose_name=_("领衔人"), on_delete=models.PROTECT, related_name="led_growth_teams"
    )
    leader_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    leader_elected_on = models.DateField(_("领衔人选聘日期"))
    established_on = models.DateField(_("组建日期"))
    ended_on = models.DateField(_("撤销日期"), null=True, blank=True)
    exception_reason = models.TextField(_("组成例外说明"), blank=True)
    leader_exception_reason = models.TextField(_("领衔人称号例外说明"), blank=True)
    roster_confirmed_on = models.DateField(_("名单确定日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("名班主任成长团队")
        verbose_name_plural = _("名班主任成长团队")
        ordering = ["district_id", "tier", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="growth_team_name_once"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("established_on")),
                name="growth_team_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class Mentor(TimeStampedModel):
    """A mentor (导师) the leader engaged: an expert of the city or district, named (they
    need not be a teacher of the roster)."""

    team = models.ForeignKey(GrowthTeam, on_delete=models.CASCADE, related_name="mentors")
    name = models.CharField(_("姓名"), max_length=50)
    affiliation = models.CharField(_("单位与身份"), max_length=100)
    appointed_on = models.DateField(_("聘请日期"))
    ended_on = models.DateField(_("解聘日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("成长团队导师")
        verbose_name_plural = _("成长团队导师")
        ordering = ["team_id", "appointed_on", "id"]

    def __str__(self) -> str:
        return self.name


@audited()
class GrowthMember(TenantOwned):
    """A teacher's admission to a team and their membership: the steps of XB-MEMBER up to
    确定名单, then leaving (an assessment, a transfer). `school` is the teacher's.
    `replaces` names the member whose vacancy this admission refills."""

    team = models.ForeignKey(GrowthTeam, on_delete=models.PROTECT, related_name="members")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="growth_members")
    status = models.CharField(
        _("状态"), max_length=12, choices=AdmissionStatus.choices, default=AdmissionStatus.APPLIED
    )
    applied_on = models.DateField(_("申报日期"))
    confirmed_on = models.DateField(_("确定日期"), null=True, blank=True)
    left_on = models.DateField(_("退出日期"), null=True, blank=True)
    leave_reason = models.CharField(
        _("退出原因"), max_length=12, choices=MemberLeave.choices, blank=True
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("递补"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["GrowthMember"].as_manager()

    class Meta:
        verbose_name = _("成长团队成员")
        verbose_name_plural = _("成长团队成员")
        ordering = ["team_id", "status", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "teacher"],
                condition=Q(left_on__isnull=True) & ~Q(status=AdmissionStatus.DECLINED),
                name="growth_member_once_while_active",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(status=AdmissionStatus.CONFIRMED, confirmed_on__isnull=False)
                & ~Q(leave_reason=""),
                name="growth_member_only_a_confirmed_member_leaves",
            ),
        ]
        indexes = [models.Index(fields=["school", "team"])]

    def __str__(self) -> str:
        return f"{self.team_id} {self.teacher_id} {self.status}"


@audited()
class GrowthMemberEvent(TimeStampedModel):
    """One step of an admission (who moved it to which status, when, why)."""

    member = models.ForeignKey(GrowthMember, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("状态"), max_length=12, choices=AdmissionStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("成员遴选记录")
        verbose_name_plural = _("成员遴选记录")
        ordering = ["member_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.status}"


@audited()
class CharacterProject(TenantOwned):
    """XB-PROJECT: a project or research topic a member undertakes (the member's school)."""

    team = models.ForeignKey(GrowthTeam, on_delete=models.PROTECT, related_name="projects")
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("项目名称"), max_length=200)
    scope = models.CharField(_("项目类别"), max_length=10, choices=ProjectScope.choices)
    started_on = models.DateField(_("立项日期"))
    ended_on = models.DateField(_("结题日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["CharacterProject"].as_manager()

    class Meta:
        verbose_name = _("品格提升工程项目")
        verbose_name_plural = _("品格提升工程项目")
        ordering = ["team_id", "-started_on", "id"]

    def __str__(self) -> str:
        return self.title


@audited()
class Collection(TimeStampedModel):
    """XB-PROJECT: a team's research collection (研究专辑) of a year."""

    team = models.ForeignKey(GrowthTeam, on_delete=models.PROTECT, related_name="collections")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("专辑名称"), max_length=200)
    compiled_on = models.DateField(_("形成日期"))
    file = models.ForeignKey(
        BackboneFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("研究专辑")
        verbose_name_plural = _("研究专辑")
        ordering = ["team_id", "-year", "id"]

    def __str__(self) -> str:
        return self.title


@audited()
class Showcase(TimeStampedModel):
    """XB-SHOWCASE: a growth-team showcase the district held, with the teams that showed."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("活动名称"), max_length=200)
    held_on = models.DateField(_("举办日期"))
    summary = models.TextField(_("展示成果"), blank=True)
    teams = models.ManyToManyField(GrowthTeam, verbose_name=_("参与团队"), related_name="showcases")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("成长团队成果展示")
        verbose_name_plural = _("成长团队成果展示")
        ordering = ["district_id", "-held_on", "id"]

    def __str__(self) -> str:
        return self.title


@audited()
class GrowthAssessment(TenantOwned):
    """XB-ASSESS: a member's yearly assessment, the special funding it releases and
    whether the member stays (能进能出)."""

    member = models.ForeignKey(GrowthMember, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("年度"))
    result = models.CharField(_("考核结果"), max_length=10, choices=Result.choices)
    funding = models.DecimalField(
        _("专项经费（元）"),
        null=True,
        blank=True,
        max_digits=10,
        decimal_places=2,
    )
    decision = models.CharField(_("成员资格"), max_length=6, choices=Decision.choices)
    assessed_on = models.DateField(_("考核日期"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantQuerySet["GrowthAssessment"].as_manager()

    class Meta:
        verbose_name = _("成长团队成员年度考核")
        verbose_name_plural = _("成长团队成员年度考核")
        ordering = ["member_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="growth_assessment_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year} {self.result}"
