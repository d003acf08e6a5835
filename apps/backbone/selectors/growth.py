"""XB-ASSESS reads (a team's assessments) and the report rows of the growth teams:
the district's teams with their composition checks, a school's members in teams."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.backbone.models import AdmissionStatus, GrowthAssessment, GrowthMember, GrowthTeam
from apps.tenancy.models import District, School

from .teams import team_rows

DISTRICT_REPORT_HEADERS = [
    "团队", "梯队", "领衔人", "任期至", "成员", "同一单位最多", "农村学校成员", "导师",
    "组成检查（XB-TEAM-SIZE / XB-LEADER）",
]  # fmt: skip
SCHOOL_REPORT_HEADERS = ["教师", "团队", "梯队", "状态", "确定日期", "退出日期"]


def team_assessments(*, team: GrowthTeam) -> QuerySet[GrowthAssessment]:
    return (
        GrowthAssessment.objects.filter(member__team=team)
        .select_related("member__teacher")
        .order_by("-year", "member__teacher__name")
    )


def district_report_rows(*, district: District, year: int) -> list[list[Any]]:
    """One row a team active now (four queries)."""
    out = []
    for row in team_rows(district=district):
        _name, same = row.comp.largest_school
        failed = [f"{rule} {text}" for rule, ok, text in row.checks if not ok]
        out.append([row.team.name, row.team.get_tier_display(), row.team.leader.name,
                    row.term_ends, row.comp.members, same, row.comp.rural, row.comp.mentors,
                    "；".join(failed) or "符合"])  # fmt: skip
    return out


def school_report_rows(*, school: School, year: int) -> list[list[Any]]:
    """The school's teachers admitted to teams (confirmed, and those who left)."""
    members = (
        GrowthMember.objects.filter(school=school, status=AdmissionStatus.CONFIRMED)
        .select_related("teacher", "team")
        .order_by("team__tier", "team__name", "teacher__name")
    )
    return [[m.teacher.name, m.team.name, m.team.get_tier_display(), m.get_status_display(),
             m.confirmed_on, m.left_on] for m in members]  # fmt: skip
