"""The team-work demo (xinbei-2023, 新桥区): on the teams and members the pool and teams
demos made (nothing when there are none), through the services — archive entries for
school years 2025 and 2026 giving the five ones (most complete in 2025, some short; 2026
under way), character projects for the tier-1 members but one, research collections for
some teams, the 2024 and 2025 showcases (2026's not yet held), each team's scheme and
most teams' 2026 plan, and a few column posts. Idempotent: a district with a showcase
is left as it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apps.backbone.models import (
    AdmissionStatus,
    GrowthMember,
    GrowthTeam,
    PoolEntry,
    PoolStatus,
    ProjectScope,
    RadiateReach,
    Showcase,
    TeamPlanKind,
    Tier,
)
from apps.backbone.services import work as services
from apps.people.models import Teacher
from apps.training import services as training_services

FIVE = ("open_lesson", "lecture", "mentoring", "research", "paper")
TITLES = {
    "open_lesson": "德育公开课：{name}的主题班会", "lecture": "班级文化建设交流讲座",
    "mentoring": "带教青年班主任", "research": "德育课题研究：学生责任品格",
    "paper": "德育论文：班级自治的实践",
}  # fmt: skip


def _people(district: Any) -> list[Teacher]:
    famous = PoolEntry.objects.filter(district=district, status=PoolStatus.ELECTED).values(
        "teacher_id"
    )
    members = GrowthMember.objects.filter(
        district=district, status=AdmissionStatus.CONFIRMED, left_on__isnull=True
    ).values("teacher_id")
    return list(
        Teacher.objects.filter(pk__in=famous).union(Teacher.objects.filter(pk__in=members))
        .order_by("pk")
    )  # fmt: skip


def _archive(teacher: Teacher, actor: Any, kinds: tuple[str, ...], day: dt.date) -> None:
    if teacher.teaching_since is not None and day < teacher.teaching_since:
        return  # not yet a teacher then (a new teacher admitted this year)
    for kind in kinds:
        training_services.archive_entry_create(
            teacher=teacher, actor=actor, kind=kind, level="district",
            title=TITLES[kind].format(name=teacher.name), date=day,
        )  # fmt: skip


def _five(people: list[Teacher], leader_of: Any) -> None:
    for index, teacher in enumerate(people):
        actor = leader_of(teacher.school)
        short_2025 = FIVE[:3] if index % 4 == 3 else FIVE  # every fourth: no research, paper
        _archive(teacher, actor, short_2025, dt.date(2025, 11, 12 + index % 10))
        _archive(teacher, actor, FIVE[:2] if index % 2 else FIVE[:4], dt.date(2026, 10, 15))


def _projects(district: Any, reviewer: Any) -> None:
    members = GrowthMember.objects.filter(
        district=district, team__tier=Tier.TIER1, status=AdmissionStatus.CONFIRMED,
        left_on__isnull=True,
    ).select_related("team", "teacher").order_by("pk")  # fmt: skip
    scopes = ProjectScope.values
    for index, member in enumerate(members[1:]):  # the first has none yet
        services.project_record(
            actor=reviewer, member=member,
            title=f"学生品格提升工程：{member.teacher.name}的责任教育",
            scope=scopes[index % len(scopes)], started_on=dt.date(2025, 3, 1),
        )  # fmt: skip


def _teams_work(teams: list[GrowthTeam], district: Any, reviewer: Any) -> None:
    for index, team in enumerate(teams):
        if index % 2 == 0:
            services.collection_record(
                actor=reviewer, team=team, year=2025, title=f"{team.name}2025年研究专辑",
                compiled_on=dt.date(2025, 12, 20),
            )  # fmt: skip
        services.team_plan_record(
            actor=reviewer, team=team, kind=TeamPlanKind.SCHEME, year=None,
            title=f"{team.name}培育方案",
            needs_analysis="成员问卷调研：班级管理经验足，课题研究弱。",
            content="理论学习、跟岗实践、课题研究、交流展示、基本功比赛。", mentors_consulted=True,
        )  # fmt: skip
        if index < len(teams) - 1:
            services.team_plan_record(
                actor=reviewer, team=team, kind=TeamPlanKind.YEARLY, year=2026,
                title=f"{team.name}2026年度培育计划", needs_analysis="上年度考核反映论文撰写不足。",
                content="每月一次专题研修，学期末成果展示。", mentors_consulted=index % 2 == 0,
            )  # fmt: skip
    for year, day in ((2024, dt.date(2024, 12, 18)), (2025, dt.date(2025, 12, 17))):
        services.showcase_record(
            actor=reviewer, district=district, title=f"{year}年名班主任成长团队成果展示",
            held_on=day, summary="各团队介绍研究成果，推广特色工作。", teams=teams,
        )  # fmt: skip


def _posts(people: list[Teacher], leader_of: Any) -> None:
    reaches = RadiateReach.values
    for index, teacher in enumerate(people[:4]):
        services.radiate_post(
            actor=leader_of(teacher.school), teacher=teacher, reach=reaches[index % len(reaches)],
            title=f"{teacher.name}：成长足迹",
            body="记录带领年级班主任开展主题班会研讨的过程与成效。",
            posted_on=dt.date(2026, 5, 10 + index),
        )  # fmt: skip


def seed(ctx: dict[str, Any]) -> None:
    district = ctx["district"]
    teams = list(GrowthTeam.objects.filter(district=district).order_by("tier", "name", "pk"))
    if not teams or Showcase.objects.filter(district=district).exists():
        return
    people = _people(district)
    _five(people, ctx["leader_of"])
    _projects(district, ctx["reviewer"])
    _teams_work(teams, district, ctx["reviewer"])
    _posts(people, ctx["leader_of"])
