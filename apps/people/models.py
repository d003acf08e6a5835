"""Teachers, classes and homeroom assignments of a school (POLICY §0 vocabulary).

All three are tenant-owned (`school` + denormalised `district`); the services in
`services.py` are the only writers and keep the same-school invariants.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import audited
from apps.core.jobs import ImportJobBase
from apps.tenancy.models import SchoolType, TenantOwned, TenantQuerySet


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class ProfessionalTitle(models.TextChoices):
    """职称 of primary and secondary school teachers."""

    SENIOR_PLUS = "senior_plus", _("正高级教师")
    SENIOR = "senior", _("高级教师")
    FIRST = "first", _("一级教师")
    SECOND = "second", _("二级教师")
    THIRD = "third", _("三级教师")
    NONE = "none", _("未定级")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    OTHER = "other", _("其他")


class PsychCertificate(models.TextChoices):
    """Psychological-health education teacher certificate (LS15-ELIGIBLE: C or above)."""

    NONE = "none", _("无")
    C = "C", _("C级")
    B = "B", _("B级")
    A = "A", _("A级")


# The certificate's levels in order (LS15-ELIGIBLE: "C级以上" is C, B or A).
CERTIFICATE_RANK: dict[str, int] = {
    PsychCertificate.NONE: 0,
    PsychCertificate.C: 1,
    PsychCertificate.B: 2,
    PsychCertificate.A: 3,
}


# The fields a school edits of a teacher (form, API and import write exactly these).
TEACHER_FIELDS = (
    "employee_no",
    "name",
    "gender",
    "birth_date",
    "teaching_since",
    "homeroom_since",
    "professional_title",
    "highest_education",
    "psych_certificate",
    "is_moral_cadre",
    "is_active",
)


class StintStatus(models.TextChoices):
    """Where a teacher's record at a school stands (one record per school stint)."""

    ACTIVE = "active", _("在岗")
    TRANSFERRED = "transferred", _("已调出")
    LEFT = "left", _("已离开")


@audited()
class Teacher(TenantOwned):
    """A person's stint at one school (ADR 0012): the school's record of them, its rows
    (ledger, archive, assignments) the school's own. A person who moves to another school
    or comes back after leaving gets a new stint there with the same `person_key` and
    login; the earlier stints are closed (`ended_on`) and stay their schools' rows."""

    employee_no = models.CharField(_("工号"), max_length=32)
    name = models.CharField(_("姓名"), max_length=40)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    teaching_since = models.DateField(_("参加教育工作时间"), null=True, blank=True)
    homeroom_since = models.DateField(_("首次担任班主任时间"), null=True, blank=True)
    professional_title = models.CharField(
        _("职称"), max_length=16, choices=ProfessionalTitle.choices, default=ProfessionalTitle.NONE
    )
    highest_education = models.CharField(
        _("最高学历"), max_length=16, choices=Education.choices, default=Education.BACHELOR
    )
    psych_certificate = models.CharField(
        _("心理健康教育证书"),
        max_length=4,
        choices=PsychCertificate.choices,
        default=PsychCertificate.NONE,
    )
    is_moral_cadre = models.BooleanField(_("德育干部"), default=False)
    is_active = models.BooleanField(_("在职"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teacher_records",
    )
    person_key = models.UUIDField(_("人员标识"), db_default=RandomUUID(), editable=False)
    status = models.CharField(
        _("在岗状态"), max_length=12, choices=StintStatus.choices, default=StintStatus.ACTIVE
    )
    started_on = models.DateField(_("到岗日期"), null=True, blank=True)
    ended_on = models.DateField(_("离岗日期"), null=True, blank=True)

    objects = TenantQuerySet["Teacher"].as_manager()

    class Meta:
        verbose_name = _("教师")
        verbose_name_plural = _("教师")
        ordering = ["school_id", "employee_no"]
        constraints = [
            models.UniqueConstraint(fields=["school", "employee_no"], name="teacher_unique_no"),
            models.UniqueConstraint(
                fields=["school", "user"],
                condition=Q(user__isnull=False),
                name="teacher_unique_user_per_school",
            ),
            # Target of the composite foreign keys (teacher, school) of every row that
            # names a teacher: it cannot name another school's (apps.tenancy.db).
            models.UniqueConstraint(fields=["id", "school"], name="teacher_id_school"),
            # One person is at one school at a time: a single open stint.
            models.UniqueConstraint(
                fields=["person_key"],
                condition=Q(ended_on__isnull=True),
                name="teacher_one_open_stint",
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | (~Q(status="active") & Q(ended_on__isnull=False)),
                name="teacher_stint_status_matches_end",
            ),
        ]
        indexes = [
            models.Index(fields=["district", "school"]),
            models.Index(fields=["person_key"], name="teacher_person"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_no}）"


class Grade(models.IntegerChoices):
    """Grades across school types; kindergarten years are 小班/中班/大班."""

    K1 = -2, _("小班")
    K2 = -1, _("中班")
    K3 = 0, _("大班")
    G1 = 1, _("一年级")
    G2 = 2, _("二年级")
    G3 = 3, _("三年级")
    G4 = 4, _("四年级")
    G5 = 5, _("五年级")
    G6 = 6, _("六年级")
    G7 = 7, _("七年级")
    G8 = 8, _("八年级")
    G9 = 9, _("九年级")
    G10 = 10, _("高一")
    G11 = 11, _("高二")
    G12 = 12, _("高三")


GRADES_BY_SCHOOL_TYPE: dict[str, range] = {
    SchoolType.PRIMARY: range(1, 7),
    SchoolType.JUNIOR: range(7, 10),
    SchoolType.SENIOR: range(10, 13),
    SchoolType.COMPLETE: range(7, 13),
    SchoolType.NINE_YEAR: range(1, 10),
    SchoolType.VOCATIONAL: range(10, 13),
    SchoolType.KINDERGARTEN: range(-2, 1),
}


@audited()
class SchoolClass(TenantOwned):
    """A class (班级) in one school year."""

    school_year = models.PositiveSmallIntegerField(_("学年"))
    grade = models.SmallIntegerField(_("年级"), choices=Grade.choices)
    name = models.CharField(_("班级名称"), max_length=20)
    student_count = models.PositiveSmallIntegerField(_("学生人数"), default=0)

    objects = TenantQuerySet["SchoolClass"].as_manager()

    class Meta:
        verbose_name = _("班级")
        verbose_name_plural = _("班级")
        db_table = "people_class"
        ordering = ["school_id", "-school_year", "grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "grade", "name"], name="class_unique_name"
            ),
        ]
        indexes = [models.Index(fields=["district", "school_year"])]

    def __str__(self) -> str:
        return f"{self.get_grade_display()}{self.name}"

    @property
    def homeroom(self) -> HomeroomAssignment | None:
        """The homeroom assignment, read from prefetched `assignments` when present."""
        return next((a for a in self.assignments.all() if a.role == AssignmentRole.HOMEROOM), None)

    @property
    def deputies(self) -> list[HomeroomAssignment]:
        return [a for a in self.assignments.all() if a.role != AssignmentRole.HOMEROOM]


class AssignmentRole(models.TextChoices):
    HOMEROOM = "homeroom", _("班主任")
    DEPUTY_TRAINING = "deputy_training", _("副班主任（培养型）")
    DEPUTY_EXPERT = "deputy_expert", _("副班主任（专家型）")


DEPUTY_ROLES = (AssignmentRole.DEPUTY_TRAINING, AssignmentRole.DEPUTY_EXPERT)


@audited()
class HomeroomAssignment(TenantOwned):
    """Who is homeroom teacher or deputy (XH26-DEPUTY's two tracks) of a class in a year."""

    teacher = models.ForeignKey(
        Teacher, verbose_name=_("教师"), on_delete=models.PROTECT, related_name="assignments"
    )
    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("班级"), on_delete=models.CASCADE, related_name="assignments"
    )
    school_year = models.PositiveSmallIntegerField(_("学年"))
    role = models.CharField(_("角色"), max_length=20, choices=AssignmentRole.choices)

    objects = TenantQuerySet["HomeroomAssignment"].as_manager()

    class Meta:
        verbose_name = _("班主任任职")
        verbose_name_plural = _("班主任任职")
        ordering = ["school_id", "-school_year", "school_class_id", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class"],
                condition=Q(role="homeroom"),
                name="assignment_one_homeroom_per_class",
            ),
            models.UniqueConstraint(
                fields=["teacher", "school_class"], name="assignment_one_role_per_class"
            ),
        ]
        indexes = [models.Index(fields=["district", "school_year", "role"])]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.school_class} · {self.get_role_display()}"


@audited()
class RosterImport(TenantOwned, ImportJobBase):
    """A roster upload and the background job that validates and saves it
    (`apps.core.jobs`: the file, every error, the summary)."""

    objects = TenantQuerySet["RosterImport"].as_manager()

    class Meta:
        verbose_name = _("名册导入")
        verbose_name_plural = _("名册导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_state_display()}）"
