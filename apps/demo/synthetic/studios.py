"""The studios and workshops of a synthetic district (issue 14, for the bench): a
school studio in two schools of three, hosted by one of the school's homeroom teachers
with up to five members; a district studio for every ten schools whose members come from three
schools; a workshop for every fifteen schools (the three types in turn); themes, outcomes
(a workshop's course of the pack's length in two of three), plans and the quarterly
briefs due so far (on time, late or missing in turn). When the training rows were
generated, a school studio's research sessions are the school's own monthly sessions
(organised by the studio), so XH26-STUDIO-MONTHLY has sessions to judge. Written with
`bulk_create`: a few statements whatever the number of schools."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from apps.core.schoolyear import school_year, today
from apps.people.models import AssignmentRole, HomeroomAssignment, Teacher
from apps.studios.models import (
    Brief,
    BriefStatus,
    CourseForm,
    HostKind,
    Member,
    MemberRole,
    Outcome,
    OutcomeKind,
    Plan,
    PlanKind,
    Session,
    Team,
    TeamKind,
    Theme,
    WorkshopType,
)
from apps.tenancy.models import District, School
from apps.training.models import OrganiserLevel, TrainingActivity

SHANGHAI = ZoneInfo("Asia/Shanghai")
WORKSHOP_TYPES = (WorkshopType.INSTITUTE, WorkshopType.INTER_SCHOOL, WorkshopType.IN_SCHOOL)
WORKSHOP_HOSTS = {WorkshopType.INSTITUTE: HostKind.RESEARCHER,
                  WorkshopType.INTER_SCHOOL: HostKind.LEADER,
                  WorkshopType.IN_SCHOOL: HostKind.BACKBONE}  # fmt: skip
COURSES = {HostKind.RESEARCHER: (CourseForm.DISTRICT_ONLINE, 10),
           HostKind.LEADER: (CourseForm.DISTRICT_ONLINE, 5),
           HostKind.BACKBONE: (CourseForm.SCHOOL_FACE, 20)}  # fmt: skip


def _homeroom_ids(district: District, year: int) -> set[int]:
    return set(
        HomeroomAssignment.objects.filter(
            district=district, role=AssignmentRole.HOMEROOM, school_year=year
        ).values_list("teacher_id", flat=True)
    )


@dataclass(frozen=True)
class _Where:
    district: District
    start: dt.date
    leader: Any

    def team(self, school: School | None, kind: str, name: str, host: Teacher | None,
             *, host_kind: str, workshop_type: str = "") -> Team:  # fmt: skip
        return Team(
            district=self.district, school=school, kind=kind, name=name, host=host,
            host_name="" if host else "区教育学院研训员", host_kind=host_kind,
            workshop_type=workshop_type, established_on=self.start, created_by=self.leader,
        )  # fmt: skip


def _plan_teams(
    where: _Where, schools: list[School], by_school: dict[int, list[Teacher]], homeroom: set[int]
) -> list[tuple[Team, list[Teacher]]]:
    """Each team with its members (the host first when the host is a teacher)."""
    planned: list[tuple[Team, list[Teacher]]] = []
    for index, school in enumerate(schools):
        teachers = [t for t in by_school.get(school.pk, []) if t.pk in homeroom]
        if index % 3 != 2 and len(teachers) >= 3:
            team = where.team(school, TeamKind.STUDIO, f"{school.name}班主任工作室", teachers[0],
                              host_kind=HostKind.SENIOR)  # fmt: skip
            planned.append((team, teachers[:5]))
    for first in range(0, len(schools), 10):
        group = [t for s in schools[first : first + 3] for t in by_school.get(s.pk, [])[-1:]]
        if group:
            team = where.team(None, TeamKind.STUDIO, f"区班主任工作室{first // 10 + 1}", group[0],
                              host_kind=HostKind.SENIOR)  # fmt: skip
            planned.append((team, group))
    for number, first in enumerate(range(0, len(schools), 15)):
        kind = WORKSHOP_TYPES[number % 3]
        host_kind = WORKSHOP_HOSTS[kind]
        group = [t for s in schools[first : first + 2] for t in by_school.get(s.pk, [])[-2:-1]]
        host = None if host_kind == HostKind.RESEARCHER else (group[0] if group else None)
        if group:
            team = where.team(None, TeamKind.WORKSHOP, f"班主任工作坊{number + 1}", host,
                              host_kind=host_kind, workshop_type=kind)  # fmt: skip
            planned.append((team, group))
    return planned


def _quarters_due(start: dt.date, until: dt.date, due_day: int) -> list[tuple[int, int, dt.date]]:
    due = []
    for year in range(start.year, until.year + 1):
        for quarter in range(1, 5):
            day = dt.date(year, quarter * 3, due_day)
            if start <= day < until:
                due.append((year, quarter, day))
    return due


def _briefs(teams: list[Team], start: dt.date, leader: Any, due_day: int) -> list[Brief]:
    """The quarters due so far: on time, late (three days after), or missing, in turn."""
    briefs = []
    for index, team in enumerate(teams):
        for n, (year, quarter, day) in enumerate(_quarters_due(start, today(), due_day)):
            turn = (index + n) % 4
            if turn == 3:
                continue  # missing
            filed = day - dt.timedelta(days=2) if turn < 2 else day + dt.timedelta(days=3)
            briefs.append(Brief(
                team=team, year=year, quarter=quarter, title=f"{year}年第{quarter}季度项目简报",
                body="本季度围绕研究主题开展研修，形成阶段性材料。", submitted_by=leader,
                filed_at=dt.datetime.combine(filed, dt.time(17), tzinfo=SHANGHAI),
                status=BriefStatus.ACCEPTED if turn == 0 else BriefStatus.SUBMITTED,
            ))  # fmt: skip
    return briefs


def _outcomes(teams: list[Team], start: dt.date, leader: Any) -> list[Outcome]:
    outcomes = []
    for index, team in enumerate(teams):
        done = min(start + dt.timedelta(days=120), today())
        if team.kind == TeamKind.WORKSHOP:
            if index % 3 == 2:
                continue  # its course is still to come
            form, hours = COURSES[HostKind(team.host_kind)]
            outcomes.append(Outcome(
                team=team, kind=OutcomeKind.COURSE, title=f"{team.name}研修课程",
                completed_on=done, course_form=form, course_hours=Decimal(hours),
                recorded_by=leader,
            ))  # fmt: skip
        elif index % 4 != 3:
            outcomes.append(Outcome(
                team=team, kind=OutcomeKind.CASES, title=f"{team.name}案例集（阶段）",
                completed_on=done, promoted=index % 2 == 0, recorded_by=leader,
            ))  # fmt: skip
    return outcomes


def _sessions(district: District, teams: list[Team], period: Any) -> list[Session]:
    """A school studio organises its school's research sessions of the year."""
    school_teams = {t.school_id: t for t in teams if t.school_id and t.kind == TeamKind.STUDIO}
    activities = list(
        TrainingActivity.objects.filter(
            district=district, school_id__in=school_teams, is_research_session=True,
            date__gte=period.start, date__lte=period.end,
        ).values_list("pk", "school_id")
    )  # fmt: skip
    TrainingActivity.objects.filter(pk__in=[pk for pk, _ in activities]).update(
        organiser_level=OrganiserLevel.STUDIO
    )
    return [Session(team=school_teams[school], activity_id=pk) for pk, school in activities]


def seed_studios(
    district: District, *, schools: list[School], teachers_by_school: dict[int, list[Teacher]],
    year: int, rng: random.Random, leader: Any, due_day: int = 28,
) -> dict[str, int]:  # fmt: skip
    period = school_year(year)
    start = period.start
    where = _Where(district, start, leader)
    planned = _plan_teams(where, schools, teachers_by_school, _homeroom_ids(district, year))
    teams = Team.objects.bulk_create([team for team, _ in planned])
    members = [
        Member(team=team, teacher=t, district=district, school_id=t.school_id, joined_on=start,
               role=MemberRole.HOST if t.pk == team.host_id else MemberRole.MEMBER)
        for team, group in planned
        for t in group
    ]  # fmt: skip
    Member.objects.bulk_create(members)
    Theme.objects.bulk_create(
        Theme(team=team, title=rng.choice(("学生心理危机识别", "家校协同育人", "班级自治建设")),
              started_on=start)
        for team in teams
    )  # fmt: skip
    Plan.objects.bulk_create(
        Plan(team=team, kind=PlanKind.REPORT, title=f"{team.name}项目报告", body="项目进展与成效。",
             submitted_by=leader)
        for index, team in enumerate(teams)
        if team.kind == TeamKind.WORKSHOP and index % 3 != 1
    )  # fmt: skip
    outcomes = Outcome.objects.bulk_create(_outcomes(teams, start, leader))
    briefs = Brief.objects.bulk_create(_briefs(teams, start, leader, due_day))
    sessions = Session.objects.bulk_create(_sessions(district, teams, period))
    return {"teams": len(teams), "team members": len(members), "team sessions": len(sessions),
            "outcomes": len(outcomes), "briefs": len(briefs)}  # fmt: skip
