"""Tenants and roles: District (may sit under a city) → School; Membership(user, node, role).

A user's rights are the union of their memberships, each valid only at its node. Every
tenant-owned row elsewhere carries `school` (when it belongs to one) and a denormalised
`district`, both set by the service that creates it (see `TenantOwned`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.jobs import ImportJobBase
from apps.core.models import TimeStampedModel

if TYPE_CHECKING:
    from apps.accounts.models import User

_M = TypeVar("_M", bound=models.Model)


class DistrictLevel(models.TextChoices):
    CITY = "city", _("市")
    DISTRICT = "district", _("区/县")


@audited()
class District(TimeStampedModel):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=80)
    level = models.CharField(
        _("层级"), max_length=10, choices=DistrictLevel.choices, default=DistrictLevel.DISTRICT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属市"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    policy_packs = ArrayField(
        models.CharField(max_length=40),
        verbose_name=_("采用的政策包"),
        default=list,
        blank=True,
        help_text=_("政策包代码，如 xuhui-2026、xuhui-backbone-2023；可组合多个。"),
    )

    class Meta:
        verbose_name = _("区/县")
        verbose_name_plural = _("区/县")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class DepartmentKind(models.TextChoices):
    MORAL_RESEARCH = "moral_research", _("德研室")
    TEACHER_TRAINING = "teacher_training", _("师训部")
    PERSONNEL = "personnel", _("人事科")
    BUREAU_OFFICE = "bureau_office", _("局机关处室")
    OTHER = "other", _("其他")


@audited()
class Department(TimeStampedModel):
    """A district department that organises or reviews (德研室, 师训部, 人事科 …)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类别"), max_length=20, choices=DepartmentKind.choices)

    class Meta:
        verbose_name = _("区级部门")
        verbose_name_plural = _("区级部门")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class EducationGroup(TimeStampedModel):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("名称"), max_length=80)

    class Meta:
        verbose_name = _("教育集团")
        verbose_name_plural = _("教育集团")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class SchoolType(models.TextChoices):
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中")
    COMPLETE = "complete", _("完中")
    NINE_YEAR = "nine_year", _("九年一贯")
    VOCATIONAL = "vocational", _("中职")
    KINDERGARTEN = "kindergarten", _("幼儿园")


class FeaturedProject(models.TextChoices):
    """xuhui-2026 Appendix 2 featured projects a school may opt into (POLICY §1.5)."""

    DUAL_TRACK_DEPUTY = "dual_track_deputy", _("双轨道副班主任制度")
    SUPPORT_CENTER = "support_center", _("班主任专业支持中心")
    DIGITAL_PARTNER = "digital_partner", _("数字伙伴")
    TIERED_STUDIO = "tiered_studio", _("梯级工作室")


@audited()
class School(TimeStampedModel):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools")
    code = models.SlugField(_("学校代码"), max_length=40)
    name = models.CharField(_("学校名称"), max_length=100)
    school_type = models.CharField(_("学段类型"), max_length=16, choices=SchoolType.choices)
    is_rural = models.BooleanField(_("农村学校"), default=False)
    education_group = models.ForeignKey(
        EducationGroup,
        verbose_name=_("教育集团"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="schools",
    )
    featured_projects = ArrayField(
        models.CharField(max_length=32, choices=FeaturedProject.choices),
        verbose_name=_("参与的特色项目"),
        default=list,
        blank=True,
    )
    closed_at = models.DateTimeField(
        _("关闭时间"),
        null=True,
        blank=True,
        help_text=_("关闭的学校保留全部历史记录，不再出现在列表中，也不再接受新记录。"),
    )

    class Meta:
        verbose_name = _("学校")
        verbose_name_plural = _("学校")
        ordering = ["district_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["district", "code"], name="school_unique_code"),
            # Target of the composite foreign keys that keep tenant rows consistent.
            models.UniqueConstraint(fields=["id", "district"], name="school_id_district"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


CLOSED_SCHOOL_MESSAGE = "{name} 已关闭，不能再新增记录；如需恢复，请联系区管理员。"


def refuse_if_closed(school: School) -> None:
    """Where records are created: a closed school takes no new ones (ValidationError)."""
    if school.closed_at is not None:
        raise ValidationError(CLOSED_SCHOOL_MESSAGE.format(name=school.name))


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("区管理员")
    DISTRICT_REVIEWER = "district_reviewer", _("区审核员")
    SCHOOL_LEADER = "school_leader", _("学校德育负责人")
    TEACHER = "teacher", _("班主任/教师")
    # Held at the node of the team(s) led (the district for a district studio, the school
    # for a school's): which teams is said by their guardian groups (apps.studios).
    STUDIO_LEAD = "studio_lead", _("工作室主持人/坊主")


DISTRICT_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER})
SCHOOL_ROLES = frozenset({Role.SCHOOL_LEADER, Role.TEACHER})
EITHER_NODE_ROLES = frozenset({Role.STUDIO_LEAD})


class MembershipQuerySet(models.QuerySet["Membership"]):
    def of_user(self, user: User) -> MembershipQuerySet:
        return self.filter(user=user, is_active=True).select_related("district", "school")


@audited()
class Membership(TimeStampedModel):
    """A role held at a node: a district (school is null) or a school of that district."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("有效"), default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("角色任职")
        verbose_name_plural = _("角色任职")
        ordering = ["district_id", "school_id", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "district", "school", "role"],
                name="membership_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(r.value for r in DISTRICT_ROLES), school__isnull=True)
                    | Q(role__in=sorted(r.value for r in SCHOOL_ROLES), school__isnull=False)
                    | Q(role__in=sorted(r.value for r in EITHER_NODE_ROLES))
                ),
                name="membership_role_matches_node",
            ),
        ]
        indexes = [models.Index(fields=["user", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.node_name} · {self.get_role_display()}"

    @property
    def node_name(self) -> str:
        return self.school.name if self.school_id and self.school else self.district.name

    @property
    def is_district_role(self) -> bool:
        return self.role in DISTRICT_ROLES


class TenantQuerySet(models.QuerySet[_M]):
    """Scoped querysets for tenant-owned rows. There is deliberately no unscoped helper."""

    def for_school(self, school: School) -> TenantQuerySet[_M]:
        return self.filter(school=school)

    def for_district(self, district: District) -> TenantQuerySet[_M]:
        return self.filter(district=district)

    def visible_to(self, user: User) -> TenantQuerySet[_M]:
        """Rows of the districts where the user holds a district role, and of the schools
        where they lead. A teacher's own rows are reached through their own selectors."""
        memberships = Membership.objects.filter(user=user, is_active=True)
        held = memberships.filter(role__in=DISTRICT_ROLES).values("district_id")
        # Same rule as apps.tenancy.access: a district role at a city reaches its districts.
        district_ids = District.objects.filter(Q(pk__in=held) | Q(parent_id__in=held)).values("pk")
        school_ids = memberships.filter(role=Role.SCHOOL_LEADER).values("school_id")
        return self.filter(Q(district_id__in=district_ids) | Q(school_id__in=school_ids))


class TenantOwned(TimeStampedModel):
    """Base for rows that belong to a school: `school` plus a denormalised `district`.

    The creating service sets both. The database guarantees they agree: each concrete
    table gets a composite foreign key (school_id, district_id) → school (id, district_id)
    through `tenant_consistency_operations` in its migration.
    """

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


@audited()
class SchoolImport(ImportJobBase):
    """A district's school-list upload and the job that validates and saves it
    (`apps.core.jobs`; the runner is `apps.tenancy.services.school_import_execute`)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("学校名单导入")
        verbose_name_plural = _("学校名单导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_state_display()}）"
