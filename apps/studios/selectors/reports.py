"""The studios' sections of the compliance reports (apps/reports/render/sections.py): a
school's report lists the teams it runs or hosts or has members in, the district's every
team of the district; each row counts the team's members, its sessions and outcomes of
the school year, and its quarterly briefs due in the year (按时/逾期/缺报, XB23-BRIEF).
A few queries whatever the number of teams."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from apps.core.schoolyear import school_year as school_year_period
from apps.studios.models import Member, Team
from apps.studios.selectors.briefs import BriefState, brief_due_day, brief_rows
from apps.tenancy.models import District, School

SCHOOL_REPORT_HEADERS = ("工作室/工作坊", "类型", "层级", "主持人", "本校成员", "全部成员",
                  "本学年活动", "研究主题", "本学年成果", "简报 按时/逾期/缺报")  # fmt: skip
DISTRICT_REPORT_HEADERS = ("工作室/工作坊", "类型", "层级", "主持人", "所在学校", "成员（学校数）",
                    "本学年活动", "本学年成果", "收入成果集", "简报 按时/逾期/缺报")  # fmt: skip


def _counted(teams: QuerySet[Team], school_year: int) -> list[Team]:
    period = school_year_period(school_year)
    in_year = {"gte": period.start, "lte": period.end}
    return list(
        teams.select_related("school", "host")
        .annotate(
            n_members=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
            n_schools=Count("members__school", filter=Q(members__left_on__isnull=True),
                            distinct=True),
            n_sessions=Count("sessions", distinct=True, filter=Q(
                sessions__activity__date__gte=in_year["gte"],
                sessions__activity__date__lte=in_year["lte"])),
            n_outcomes=Count("outcomes", distinct=True, filter=Q(
                outcomes__completed_on__gte=in_year["gte"],
                outcomes__completed_on__lte=in_year["lte"])),
            n_promoted=Count("outcomes", distinct=True, filter=Q(
                outcomes__promoted=True, outcomes__completed_on__gte=in_year["gte"],
                outcomes__completed_on__lte=in_year["lte"])),
            n_themes=Count("themes", distinct=True),
        )
        .order_by("school__code", "kind", "name", "id")
    )  # fmt: skip


def _brief_counts(district: District, teams: Sequence[Team], school_year: int) -> dict[int, str]:
    """{team id: "按时/逾期/缺报"} over the quarters due within the school year."""
    due_day = brief_due_day(district=district)
    if due_day is None:
        return {team.pk: "不适用" for team in teams}
    period = school_year_period(school_year)
    now = timezone.now()
    counts: dict[int, list[int]] = {team.pk: [0, 0, 0] for team in teams}
    for year in (period.start.year, period.end.year):
        for row in brief_rows(list(teams), year, due_day, now):
            for cell in row.cells:
                if not period.start <= timezone.localdate(cell.due) <= period.end:
                    continue
                for index, state in enumerate((BriefState.ON_TIME, BriefState.LATE,
                                               BriefState.MISSING)):  # fmt: skip
                    counts[row.team.pk][index] += cell.state == state
    return {pk: "/".join(map(str, values)) for pk, values in counts.items()}


def school_report_rows(*, school: School, school_year: int) -> list[list[Any]]:
    member_of = Member.objects.filter(school=school, left_on__isnull=True).values("team_id")
    teams = Team.objects.filter(district_id=school.district_id).active().filter(
        Q(school=school) | Q(host__school=school) | Q(pk__in=member_of)
    )  # fmt: skip
    counted = _counted(teams, school_year)
    own = dict(
        Member.objects.filter(team__in=[t.pk for t in counted], school=school,
                              left_on__isnull=True)
        .values("team_id").annotate(n=Count("id")).values_list("team_id", "n")
    )  # fmt: skip
    briefs = _brief_counts(school.district, counted, school_year)
    return [
        [t.name, t.get_kind_display(), t.level_label, t.host_display, own.get(t.pk, 0),
         t.n_members, t.n_sessions, t.n_themes, t.n_outcomes, briefs[t.pk]]  # type: ignore[attr-defined]
        for t in counted
    ]  # fmt: skip


def district_report_rows(*, district: District, school_year: int) -> list[list[Any]]:
    counted = _counted(Team.objects.filter(district=district).active(), school_year)
    briefs = _brief_counts(district, counted, school_year)
    return [
        [t.name, t.get_kind_display(), t.level_label, t.host_display,
         t.school.name if t.school else "区级", f"{t.n_members}（{t.n_schools}）",  # type: ignore[attr-defined]
         t.n_sessions, t.n_outcomes, t.n_promoted, briefs[t.pk]]  # type: ignore[attr-defined]
        for t in counted
    ]  # fmt: skip
