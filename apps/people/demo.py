"""The demo world's people: two districts built from the seed policies, with synthetic
teachers, classes and logins.

* 汇景区（演示）— an urban district like 徐汇 on packs xuhui-2026 + xuhui-backbone-2023,
  10 schools of mixed types, some opted into Appendix-2 featured projects;
* 新桥区（演示）— a district like 新北 with mostly rural schools on pack xinbei-2023, whose
  training follows lishui-2015 (new homeroom teachers' hours, the three layers) and
  putuo-2024 (school-based hours, credits, needs surveys), 6 schools.

Each school gets ~40 teachers, this school year's classes with homeroom teachers and
deputies (a few classes are left without one so the portals have something to show), and
each district one login per role. Everything is keyed by codes, so running it again
changes nothing. Names are generated from common characters: no real person's data.

`seed_people_demo` builds one district; `apps.demo.seed` runs it for every district of
`DISTRICTS`, then the apps above people add their records. The row builders
(`build_classes`, `build_assignments`, `person_name`, `demo_date`, `demo_login` …) are
public because the synthetic district generator (`apps.demo.synthetic`) uses them too.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.tenancy.models import (
    Department,
    DepartmentKind,
    District,
    DistrictLevel,
    EducationGroup,
    FeaturedProject,
    Membership,
    Role,
    School,
    SchoolType,
)

from .models import (
    GRADES_BY_SCHOOL_TYPE,
    AssignmentRole,
    Education,
    HomeroomAssignment,
    ProfessionalTitle,
    PsychCertificate,
    SchoolClass,
    StintStatus,
    Teacher,
)
from .stints import teacher_transfer

DEMO_PASSWORD = "demo-2026"  # noqa: S105 - documented demo password, demo data only
TEACHERS_PER_SCHOOL = 40

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "子涵梓萱一诺欣怡思雨宇轩浩然博文嘉怡俊杰静怡雨桐佳琪晨曦明轩诗涵梦琪若曦天佑志强"
    "秀英丽娟海燕建华晓东文静雅婷家豪立新春梅国庆红霞伟民玉兰振宇颖慧凯瑞"
)


@dataclass(frozen=True)
class SchoolSpec:
    code: str
    name: str
    school_type: str
    is_rural: bool = False
    group: str | None = None
    projects: tuple[str, ...] = ()


@dataclass(frozen=True)
class DistrictSpec:
    code: str
    name: str
    packs: tuple[str, ...]
    login_prefix: str
    schools: tuple[SchoolSpec, ...]
    groups: tuple[str, ...] = ()


DISTRICTS = (
    DistrictSpec(
        code="huijing",
        name="汇景区（演示）",
        packs=("xuhui-2026", "xuhui-backbone-2023"),
        login_prefix="hj",
        groups=("汇景第一教育集团", "汇景实验教育集团"),
        schools=(
            SchoolSpec(
                "hj-p1",
                "汇景实验小学",
                SchoolType.PRIMARY,
                group="汇景实验教育集团",
                projects=(FeaturedProject.DUAL_TRACK_DEPUTY, FeaturedProject.DIGITAL_PARTNER),
            ),
            SchoolSpec("hj-p2", "汇景第二中心小学", SchoolType.PRIMARY, group="汇景第一教育集团"),
            SchoolSpec(
                "hj-j1",
                "汇景初级中学",
                SchoolType.JUNIOR,
                group="汇景第一教育集团",
                projects=(FeaturedProject.TIERED_STUDIO,),
            ),
            SchoolSpec("hj-j2", "汇景南洋初级中学", SchoolType.JUNIOR),
            SchoolSpec(
                "hj-s1",
                "汇景高级中学",
                SchoolType.SENIOR,
                projects=(FeaturedProject.SUPPORT_CENTER,),
            ),
            SchoolSpec("hj-c1", "汇景第一中学", SchoolType.COMPLETE, group="汇景实验教育集团"),
            SchoolSpec(
                "hj-c2",
                "汇景位育中学",
                SchoolType.COMPLETE,
                projects=(FeaturedProject.DUAL_TRACK_DEPUTY,),
            ),
            SchoolSpec("hj-n1", "汇景康城学校", SchoolType.NINE_YEAR),
            SchoolSpec("hj-v1", "汇景职业技术学校", SchoolType.VOCATIONAL),
            SchoolSpec("hj-k1", "汇景实验幼儿园", SchoolType.KINDERGARTEN),
        ),
    ),
    DistrictSpec(
        code="xinqiao",
        name="新桥区（演示）",
        packs=("xinbei-2023", "lishui-2015", "putuo-2024"),
        login_prefix="xq",
        schools=(
            SchoolSpec("xq-p1", "新桥中心小学", SchoolType.PRIMARY),
            SchoolSpec("xq-p2", "新桥西夏墅小学", SchoolType.PRIMARY, is_rural=True),
            SchoolSpec("xq-p3", "新桥孟河小学", SchoolType.PRIMARY, is_rural=True),
            SchoolSpec("xq-j1", "新桥初级中学", SchoolType.JUNIOR),
            SchoolSpec("xq-j2", "新桥罗溪初级中学", SchoolType.JUNIOR, is_rural=True),
            SchoolSpec("xq-n1", "新桥薛家九年一贯制学校", SchoolType.NINE_YEAR, is_rural=True),
        ),
    ),
)
CLASSES_PER_GRADE: dict[str, int] = {SchoolType.KINDERGARTEN: 2, SchoolType.VOCATIONAL: 3}


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role description, district) for the README and `make run`."""
    rows = []
    for spec in DISTRICTS:
        first = spec.schools[0].name
        rows += [
            (f"{spec.login_prefix}_admin", "区管理员", spec.name),
            (f"{spec.login_prefix}_reviewer", "区审核员", spec.name),
            (f"{spec.login_prefix}_leader", f"学校德育负责人（{first}，兼任教师）", spec.name),
            (f"{spec.login_prefix}_teacher", f"班主任（{first}）", spec.name),
        ]
    return rows


def person_name(rng: random.Random) -> str:
    """A plausible Chinese name: a common surname and one or two common characters."""
    given_len = rng.choice((1, 2, 2))
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(given_len))


def demo_date(rng: random.Random, year: int) -> dt.date:
    """Any day of `year` (days 1–28, so every month has it)."""
    return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))


def professional_title_for(years_teaching: int) -> str:
    """The demo's rule of thumb for 职称 by years of teaching."""
    for years, title in ((20, ProfessionalTitle.SENIOR), (8, ProfessionalTitle.FIRST)):
        if years_teaching > years:
            return title
    return ProfessionalTitle.SECOND if years_teaching > 2 else ProfessionalTitle.NONE


def _teachers(school: School, rng: random.Random, today_year: int) -> list[Teacher]:
    teachers = []
    for index in range(1, TEACHERS_PER_SCHOOL + 1):
        age = rng.randint(23, 58)
        birth = demo_date(rng, today_year - age)
        teaching_year = birth.year + rng.randint(22, 25)
        homeroom = (
            dt.date(min(teaching_year + rng.randint(0, 4), today_year), 9, 1)
            if rng.random() < 0.85
            else None
        )
        teachers.append(
            Teacher(
                school=school,
                district_id=school.district_id,
                employee_no=f"T{index:03d}",
                name=person_name(rng),
                gender=rng.choice("MFFF"),
                birth_date=birth,
                teaching_since=dt.date(teaching_year, 9, 1),
                homeroom_since=homeroom,
                professional_title=professional_title_for(today_year - teaching_year),
                highest_education=rng.choice(
                    (Education.BACHELOR, Education.BACHELOR, Education.MASTER)
                ),
                psych_certificate=rng.choice(
                    (PsychCertificate.NONE, PsychCertificate.C, PsychCertificate.B)
                ),
                is_moral_cadre=index <= 3,
            )
        )
    return teachers


def build_classes(school: School, year: int) -> list[SchoolClass]:
    """The school's classes of `year` (unsaved): a few per grade of its school type."""
    per_grade = CLASSES_PER_GRADE.get(school.school_type, 3)
    return [
        SchoolClass(
            school=school,
            district_id=school.district_id,
            school_year=year,
            grade=grade,
            name=f"{number}班",
            student_count=30 + (grade * 7 + number * 3) % 15,
        )
        for grade in GRADES_BY_SCHOOL_TYPE[school.school_type]
        for number in range(1, per_grade + 1)
    ]


def build_assignments(
    school: School,
    classes: list[SchoolClass],
    teachers: list[Teacher],
    rng: random.Random,
    year: int,
) -> list[HomeroomAssignment]:
    """Homeroom teachers (unsaved) for all classes but the last of schools whose code ends
    in 2; a training deputy for every third class, an expert deputy for some others."""
    pool = sorted(teachers, key=lambda t: t.homeroom_since or dt.date.max)
    # two of the year's new homeroom teachers (first appointed this September) take a class
    new = [
        t
        for t in pool
        if t.homeroom_since and t.homeroom_since.year == year
        and t.teaching_since and t.teaching_since <= t.homeroom_since
    ][:2]  # fmt: skip
    pool = new + [t for t in pool if t not in new]
    young = [t for t in teachers if t.birth_date and year - t.birth_date.year < 33]
    senior = [t for t in teachers if t.professional_title == ProfessionalTitle.SENIOR]
    leave_gap = school.code.endswith("2")
    rows: list[HomeroomAssignment] = []
    for index, school_class in enumerate(classes):
        if leave_gap and index == len(classes) - 1:
            break
        homeroom = pool[index % len(pool)]
        rows.append(_assignment(school_class, homeroom, year, AssignmentRole.HOMEROOM))
        if index % 3 == 0 and young:
            deputy, role = young[index % len(young)], AssignmentRole.DEPUTY_TRAINING
        elif index % 5 == 1 and senior:
            deputy, role = senior[index % len(senior)], AssignmentRole.DEPUTY_EXPERT
        else:
            continue
        if deputy is not homeroom:
            rows.append(_assignment(school_class, deputy, year, role))
    return rows


def _assignment(
    school_class: SchoolClass, teacher: Teacher, year: int, role: str
) -> HomeroomAssignment:
    return HomeroomAssignment(
        school=school_class.school,
        district_id=school_class.district_id,
        school_class=school_class,
        teacher=teacher,
        school_year=year,
        role=role,
    )


def demo_login(username: str, full_name: str) -> Any:
    """The login of that name, created with `DEMO_PASSWORD` when it does not exist yet."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"full_name": full_name}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@dataclass(frozen=True)
class PeopleDemo:
    """One seeded demo district, with what the apps above people need to add theirs."""

    spec: DistrictSpec
    district: District
    schools_populated: int

    @property
    def reviewer(self) -> Any:
        """The district's demo reviewer (`<prefix>_reviewer`)."""
        return get_user_model().objects.get(username=f"{self.spec.login_prefix}_reviewer")

    def leader_of(self, school: School) -> Any:
        """The school's leader account: the demo login leads the district's first school;
        every other school gets an account of its own (no password: it only signs the
        demo records it submitted)."""
        if school.code == self.spec.schools[0].code:
            return get_user_model().objects.get(username=f"{self.spec.login_prefix}_leader")
        user, created = get_user_model().objects.get_or_create(
            username=f"{school.code}_leader", defaults={"full_name": f"{school.name}德育主任"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user, district_id=school.district_id, school=school, role=Role.SCHOOL_LEADER
        )
        return user


@transaction.atomic
def seed_people_demo(spec: DistrictSpec, *, year: int) -> PeopleDemo:
    """Build (or complete) one demo district: its departments, education groups and
    schools, the people of every school that has none yet, and the district's logins."""
    rng = random.Random(spec.code)  # noqa: S311 - demo data, reproducible
    district = _district(spec)
    groups = {
        g: EducationGroup.objects.get_or_create(district=district, name=g)[0] for g in spec.groups
    }
    schools, populated = [], 0
    for school_spec in spec.schools:
        school, _ = School.objects.update_or_create(
            district=district,
            code=school_spec.code,
            defaults={
                "name": school_spec.name,
                "school_type": school_spec.school_type,
                "is_rural": school_spec.is_rural,
                "education_group": groups.get(school_spec.group or ""),
                "featured_projects": list(school_spec.projects),
            },
        )
        schools.append(school)
        populated += _populate(school, rng, year)
    _demo_users(spec, district, schools[0], year)
    return PeopleDemo(spec=spec, district=district, schools_populated=populated)


def _district(spec: DistrictSpec) -> District:
    city, _ = District.objects.get_or_create(
        code="demo-city", defaults={"name": "演示市", "level": DistrictLevel.CITY}
    )
    district, _ = District.objects.update_or_create(
        code=spec.code,
        defaults={"name": spec.name, "parent": city, "policy_packs": list(spec.packs)},
    )
    for name, kind in (
        ("德育研究室", DepartmentKind.MORAL_RESEARCH),
        ("师训部", DepartmentKind.TEACHER_TRAINING),
        ("人事科", DepartmentKind.PERSONNEL),
    ):
        Department.objects.get_or_create(district=district, name=name, defaults={"kind": kind})
    return district


def _populate(school: School, rng: random.Random, year: int) -> int:
    """Teachers, classes and assignments for a school that has no teachers; 1 if done."""
    if Teacher.objects.for_school(school).exists():
        return 0
    teachers = Teacher.objects.bulk_create(_teachers(school, rng, year))
    classes = SchoolClass.objects.bulk_create(build_classes(school, year))
    HomeroomAssignment.objects.bulk_create(build_assignments(school, classes, teachers, rng, year))
    return 1


def _demo_users(spec: DistrictSpec, district: District, school: School, year: int) -> None:
    prefix = spec.login_prefix
    admin = demo_login(f"{prefix}_admin", f"{spec.name}管理员")
    reviewer = demo_login(f"{prefix}_reviewer", f"{spec.name}德研室审核员")
    Membership.objects.get_or_create(
        user=admin, district=district, school=None, role=Role.DISTRICT_ADMIN
    )
    Membership.objects.get_or_create(
        user=reviewer, district=district, school=None, role=Role.DISTRICT_REVIEWER
    )
    teachers = Teacher.objects.for_school(school).order_by("employee_no")
    leader_record = teachers.filter(is_moral_cadre=True).first()
    homeroom_record = (
        teachers.filter(
            assignments__role=AssignmentRole.HOMEROOM, assignments__school_year=year,
            is_moral_cadre=False,
        ).first()
    )  # fmt: skip
    for username, record, roles in (
        (f"{prefix}_leader", leader_record, (Role.SCHOOL_LEADER, Role.TEACHER)),
        (f"{prefix}_teacher", homeroom_record, (Role.TEACHER,)),
    ):
        user = demo_login(username, record.name if record else username)
        for role in roles:
            Membership.objects.get_or_create(user=user, district=district, school=school, role=role)
        linked = Teacher.objects.filter(school=school, user=user).exists()
        if record and record.user_id is None and not linked:  # once: seeding again keeps it
            Teacher.objects.filter(pk=record.pk).update(user=user)


def seed_transfer_demo(people: PeopleDemo, *, on: dt.date) -> Teacher | None:
    """ADR 0012: the first homeroom teacher of the district's second school moved to its
    first school on `on`, by the district's demo admin; the new stint, or None when a
    teacher of the district was moved already. Called by `apps.demo.seed`."""
    if Teacher.objects.filter(district=people.district, status=StintStatus.TRANSFERRED).exists():
        return None
    first, second = (
        School.objects.get(district=people.district, code=s.code) for s in people.spec.schools[:2]
    )
    mover = (
        Teacher.objects.for_school(second)
        .filter(assignments__role=AssignmentRole.HOMEROOM, user__isnull=True)
        .order_by("employee_no")
        .first()
    )
    if mover is None:
        return None
    admin = get_user_model().objects.get(username=f"{people.spec.login_prefix}_admin")
    return teacher_transfer(
        actor=admin, to_school=first, from_school_code=second.code,
        employee_no=mover.employee_no, name=mover.name, on=on,
        new_employee_no=f"T{mover.employee_no}",
    )  # fmt: skip
