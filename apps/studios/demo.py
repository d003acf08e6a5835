"""Demo studios and workshops (called by apps.demo only), in a district whose packs hold
the studio indicators, so the 研修培养 columns and the brief board show a real mix —

* a district studio (区班主任带头人工作室) hosted by a homeroom teacher of the second
  school, who has the login `<prefix>_studio` (the studio lead), with members from three
  schools, two themes, monthly sessions and a staged outcome taken into the 成果集; its
  last quarter's brief filed on time, this quarter's still to come (not yet due);
* school studios in the first, second, fourth and fifth schools: the first and fifth hold
  a research session every month so far (met; the first's lead filed last quarter's brief
  on time), the second skipped a month, the fourth held none (partly met: the studio
  exists); the other schools have no studio (XH26-A2-2 not met);
* three workshops (xuhui-backbone-2023): a 院校合作 one hosted by an institute researcher
  with its 10-hour district online course and project report whose last brief was filed
  late; a 校际合作 one hosted by a 带头人 of the third school with a 6-hour district online
  course and its report (XB23-WORKSHOP met there); a 校内合作 one hosted by a young backbone
  teacher of the second school with a 12-hour school course (short of 20), no report and
  no brief (缺报);
* the district's studio rules accepted, the first school's accepted, the second's waiting.

Everything goes through the studios' and training's services; a brief's filing time in a
past quarter is then set to the day the story says (the demo's history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F

from apps.accounts.models import User
from apps.compliance import packs as pack_data
from apps.core.schoolyear import school_year, today
from apps.people.models import AssignmentRole, Teacher
from apps.studios import services
from apps.studios.models import (
    Brief,
    CourseForm,
    HostKind,
    OutcomeKind,
    OutcomeStage,
    PlanKind,
    Team,
    TeamKind,
    WorkshopType,
)
from apps.studios.selectors import brief_due_day
from apps.tenancy.models import District, Membership, Role, School
from apps.training.models import Module

SHANGHAI = ZoneInfo("Asia/Shanghai")
MINUTES = (
    "围绕本月聚焦的班级难题，主持人先呈现真实案例，成员分组分析成因并提出对策，"
    "最后形成下月跟进的实践要点，由各校成员回班试行后交流。"
)
TOPICS = ("学生冲突的早期识别与干预", "家校沟通中的分歧化解", "班干部梯度培养")
# school index → the months its studio held a session (the others have no studio)
STUDY_MONTHS = {0: (9, 10, 11), 1: (9, 11), 3: (), 4: (9, 10, 11)}


def _admin(district: District) -> Any:
    found = (
        Membership.objects.filter(
            district=district, school=None, role=Role.DISTRICT_ADMIN, is_active=True
        )
        .select_related("user")
        .first()
    )
    return found.user if found else None


def _homeroom(school: School, year: int) -> list[Teacher]:
    """The year's homeroom teachers, the longest-serving first (a studio's host)."""
    return list(
        Teacher.objects.filter(
            school=school, is_active=True, assignments__role=AssignmentRole.HOMEROOM,
            assignments__school_year=year,
        ).distinct().order_by(F("homeroom_since").asc(nulls_last=True), "employee_no")
    )  # fmt: skip


def _on(year: int, month: int, day: int) -> dt.date | None:
    start = school_year(year).start
    when = dt.date(start.year if month >= 9 else start.year + 1, month, day)
    return when if when < today() else None


def _session(team: Team, actor: Any, when: dt.date | None, teachers: list[Teacher], n: int) -> None:
    if when is None:
        return
    services.session_record(
        team=team, actor=actor, title=f"{team.name}{when.month}月研修", topic=TOPICS[n % 3],
        date=when, hours=Decimal("2.0"), module=Module.STUDENT_GUIDANCE, minutes=MINUTES,
        teachers=teachers,
    )  # fmt: skip


def _login(username: str, full_name: str, password: str, host: Teacher | None = None) -> Any:
    """A demo login (the demo's one password); linked to the host's teacher record."""
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    if host is not None and host.user_id is None and not Teacher.objects.filter(user=user).exists():
        Teacher.objects.filter(pk=host.pk).update(user=user)
        host.user_id = user.pk
    return user


def _district_studio(district: District, schools: list[School], year: int, admin: Any,
                     logins: tuple[str, str]) -> Team:  # fmt: skip
    prefix, password = logins
    start = school_year(year).start
    host = _homeroom(schools[1], year)[0]
    team = services.team_create(
        district=district, school=None, actor=admin, kind=TeamKind.STUDIO,
        name="区班主任带头人工作室", host=host, host_kind=HostKind.SENIOR, established_on=start,
        description="汇聚区内骨干班主任，聚焦学生心理与家校协同的真实难题。",
    )  # fmt: skip
    members = [t for s in schools[1:4] for t in _homeroom(s, year)[1:3]]
    services.member_add(team=team, teachers=members, actor=admin, joined_on=start)
    lead = _login(f"{prefix}_studio", host.name, password, host)
    services.lead_grant(team=team, user=lead, actor=admin)
    for title in ("学生心理危机的早期识别", "家校协同育人的沟通策略"):
        services.theme_add(team=team, actor=admin, title=title, started_on=start)
    for n, month in enumerate((9, 10, 11)):
        _session(team, lead, _on(year, month, 15), [host, *members], n)
    outcome = services.outcome_add(
        team=team, actor=lead, kind=OutcomeKind.CASES, stage=OutcomeStage.STAGED,
        title="青春期学生沟通案例集（第一辑）", summary="收录成员学校的12个真实案例及其干预过程。",
        completed_on=_on(year, 11, 20) or start,
    )  # fmt: skip
    services.outcome_promote(outcome=outcome, actor=admin, promoted=True)
    services.plan_save(
        team=team, actor=lead, kind=PlanKind.YEARLY, school_year=year,
        title=f"{year}学年工作计划", body="每月一次主题研修，学期末形成案例集。",
    )  # fmt: skip
    return team


def _school_studios(
    schools: list[School], year: int, leader_of: Callable[[School], Any], password: str
) -> dict[int, Team]:
    start = school_year(year).start
    made: dict[int, Team] = {}
    for index, months in STUDY_MONTHS.items():
        if index >= len(schools):
            continue
        school, leader = schools[index], leader_of(schools[index])
        teachers = _homeroom(school, year)
        if len(teachers) < 3:
            continue
        team = services.team_create(
            district=school.district, school=school, actor=leader, kind=TeamKind.STUDIO,
            name=f"{school.name}班主任工作室", host=teachers[0], host_kind=HostKind.SENIOR,
            established_on=start,
        )  # fmt: skip
        made[index] = team
        services.member_add(team=team, teachers=teachers[1:4], actor=leader, joined_on=start)
        if index != 3:
            services.theme_add(team=team, actor=leader, title=TOPICS[index % 3], started_on=start)
        for n, month in enumerate(months):
            _session(team, leader, _on(year, month, 10 + index), teachers[:4], n)
        if index == 0:
            host = _login(f"{school.code}_studio", teachers[0].name, password, teachers[0])
            services.lead_grant(team=team, user=host, actor=leader)
            services.outcome_add(
                team=team, actor=leader, kind=OutcomeKind.REPORT, stage=OutcomeStage.STAGED,
                title="班级小岗位轮换的实践报告", completed_on=_on(year, 11, 25) or start,
            )  # fmt: skip
    return made


def _workshops(district: District, schools: list[School], year: int, admin: Any) -> list[Team]:
    start = school_year(year).start
    institute = services.team_create(
        district=district, school=None, actor=admin, kind=TeamKind.WORKSHOP,
        name="院校合作·班级心理辅导工作坊", host=None, host_name="李研训（区教育学院）",
        host_kind=HostKind.RESEARCHER, workshop_type=WorkshopType.INSTITUTE, established_on=start,
    )  # fmt: skip
    services.member_add(team=institute, teachers=_homeroom(schools[0], year)[4:6], actor=admin,
                        joined_on=start)  # fmt: skip
    services.outcome_add(
        team=institute, actor=admin, kind=OutcomeKind.COURSE, stage=OutcomeStage.FINAL,
        title="班级心理辅导十讲", completed_on=_on(year, 11, 5) or start,
        course_form=CourseForm.DISTRICT_ONLINE, course_hours=Decimal("10"),
    )  # fmt: skip
    services.plan_save(team=institute, actor=admin, kind=PlanKind.REPORT, school_year=year,
                       title="项目报告", body="完成研究报告并转化为区级网络课程。")  # fmt: skip
    host = _homeroom(schools[1], year)[-1]
    in_school = services.team_create(
        district=district, school=schools[1], actor=admin, kind=TeamKind.WORKSHOP,
        name=f"{schools[1].name}班会课设计工作坊", host=host, host_kind=HostKind.BACKBONE,
        workshop_type=WorkshopType.IN_SCHOOL, established_on=start,
    )  # fmt: skip
    services.outcome_add(
        team=in_school, actor=admin, kind=OutcomeKind.COURSE, stage=OutcomeStage.STAGED,
        title="主题班会设计校本课程", completed_on=_on(year, 11, 8) or start,
        course_form=CourseForm.SCHOOL_FACE, course_hours=Decimal("12"),
    )  # fmt: skip
    leader_host = _homeroom(schools[2], year)[0]
    inter = services.team_create(
        district=district, school=None, actor=admin, kind=TeamKind.WORKSHOP,
        name="校际合作·家校沟通工作坊", host=leader_host, host_kind=HostKind.LEADER,
        workshop_type=WorkshopType.INTER_SCHOOL, established_on=start,
    )  # fmt: skip
    services.outcome_add(
        team=inter, actor=admin, kind=OutcomeKind.COURSE, stage=OutcomeStage.FINAL,
        title="家校沟通的五个场景", completed_on=_on(year, 11, 12) or start,
        course_form=CourseForm.DISTRICT_ONLINE, course_hours=Decimal("6"),
    )  # fmt: skip
    services.plan_save(team=inter, actor=admin, kind=PlanKind.REPORT, school_year=year,
                       title="项目报告", body="形成家校沟通场景案例与课程。")  # fmt: skip
    return [institute, in_school, inter]


def _last_quarter() -> tuple[int, int] | None:
    now = today()
    quarter = (now.month - 1) // 3  # the quarter before the current one
    return (now.year, quarter) if quarter else (now.year - 1, 4)


def _brief(team: Team, lead: Any, *, days_after_due: int, due_day: int) -> None:
    year, quarter = _last_quarter()  # type: ignore[misc]
    brief = services.brief_file(
        team=team, actor=lead, year=year, quarter=quarter, title=f"{year}年第{quarter}季度简报",
        body="本季度按计划开展主题研修，完成阶段性案例整理，下季度将形成课程初稿。",
    )  # fmt: skip
    filed = dt.datetime.combine(dt.date(year, quarter * 3, due_day), dt.time(16), SHANGHAI)
    Brief.objects.filter(pk=brief.pk).update(filed_at=filed + dt.timedelta(days=days_after_due))


def _rules(district: District, schools: list[School], admin: Any, reviewer: Any,
           leader_of: Callable[[School], Any]) -> None:  # fmt: skip
    text = {"selection": "主持人须担任班主任满10年并获区级以上荣誉；成员自愿申报、学校推荐。",
            "assessment": "每学年考核研修次数、成果与辐射作用，分优秀、合格、不合格。",
            "funding": "区级工作室每年2万元，校级工作室由学校按每年5000元保障。"}  # fmt: skip
    district_rules = services.rules_submit(district=district, school=None, actor=admin,
                                           title="区班主任工作室管理办法", **text)  # fmt: skip
    services.rules_review(rules=district_rules, reviewer=reviewer, accept=True)
    for index, school in enumerate(schools[:2]):
        rules = services.rules_submit(district=district, school=school, actor=leader_of(school),
                                      title=f"{school.name}班主任工作室办法", **text)  # fmt: skip
        if index == 0:
            services.rules_review(rules=rules, reviewer=reviewer, accept=True)


def seed_studios_demo(
    *, district: District, year: int, prefix: str, password: str,
    leader_of: Callable[[School], Any], reviewer: Any,
) -> int:  # fmt: skip
    """Once per district (skipped when it has teams, or no studio indicator in its packs);
    returns the number of teams made."""
    codes = {i.code for pack in pack_data.active_packs(district) for i in pack.indicators.all()}
    admin = _admin(district)
    schools = list(School.objects.filter(district=district).order_by("code"))
    if "XH26-A2-2" not in codes or admin is None or len(schools) < 4:
        return 0
    if Team.objects.filter(district=district).exists():
        return 0
    studio = _district_studio(district, schools, year, admin, (prefix, password))
    school_studios = _school_studios(schools, year, leader_of, password)
    _rules(district, schools, admin, reviewer, leader_of)
    if "XB23-BRIEF" in codes:
        due_day = brief_due_day(district=district) or 28
        institute, _in_school, _inter = _workshops(district, schools, year, admin)
        if 0 in school_studios:
            host = User.objects.get(username=f"{schools[0].code}_studio")
            _brief(school_studios[0], host, days_after_due=-1, due_day=due_day)
        lead = User.objects.get(username=f"{prefix}_studio")
        _brief(studio, lead, days_after_due=-3, due_day=due_day)
        # the researcher has no teacher account: a member teacher files for the workshop
        liaison = _homeroom(schools[0], year)[4]
        filer = _login(f"{prefix}_workshop", liaison.name, password, liaison)
        services.lead_grant(team=institute, user=filer, actor=admin)
        _brief(institute, filer, days_after_due=4, due_day=due_day)
    return Team.objects.filter(district=district).count()


def studio_demo_logins(prefixes: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(username, role, district name) of the studio leads' demo logins that exist, for the
    districts given as (login prefix, district name)."""
    made = set(User.objects.filter(username__in=[f"{p}_studio" for p, _ in prefixes])
               .values_list("username", flat=True))  # fmt: skip
    return [
        (f"{prefix}_studio", "工作室主持人（区班主任带头人工作室）", name)
        for prefix, name in prefixes
        if f"{prefix}_studio" in made
    ]
