"""The probation's rows for the school and district reports (apps.reports reads them):
a school's trainees with their buckets, assessments and next step; a district's counts per
school. Set-based: a handful of queries whatever the number of trainees or schools."""

from __future__ import annotations

from collections import Counter
from typing import Any

from apps.core.schoolyear import school_year, today
from apps.probation.models import LEVEL_ORDER, Trainee, TraineeStatus
from apps.probation.selectors.progress import probation_rules, progress_of
from apps.tenancy.models import District, School

SCHOOL_HEADERS = ("见习班主任", "指导教师", "见习期", "区级集中", "专项微专业", "校级跟岗",
                  "学校过程考核", "上岗技能考核", "区级结业考核", "状态", "下一步")  # fmt: skip
DISTRICT_HEADERS = ("学校代码", "学校", "见习中", "待区级结业考核", "已正式聘任", "暂缓聘任",
                    "逾期未聘任")  # fmt: skip


def _year_trainees(schools: list[School], year: int) -> list[Trainee]:
    period = school_year(year)
    return list(
        Trainee.objects.filter(school__in=schools, started_on__lte=period.end)
        .exclude(appointed_on__lt=period.start)
        .select_related("teacher", "mentor", "school")
        .order_by("school__code", "planned_end_on", "teacher__employee_no")
    )


def school_report_rows(*, school: School, school_year: int) -> list[list[Any]]:
    trainees = _year_trainees([school], school_year)
    rows = []
    for p in progress_of(trainees, probation_rules(district=school.district)):
        t = p.trainee
        rows.append([
            f"{t.teacher.name}（{t.teacher.employee_no}）",
            t.mentor.name if t.mentor else "未指定",
            f"{t.started_on:%Y-%m-%d} 至 {t.planned_end_on:%Y-%m-%d}",
            *(f"{b.hours.normalize():f}/{b.target.normalize():f}" for b in p.buckets),
            *(p.assessment_label(level) for level in LEVEL_ORDER),
            t.get_status_display() + ("（逾期）" if p.overdue else ""),
            p.next_step,
        ])  # fmt: skip
    return rows


def district_report_rows(*, district: District, school_year: int) -> list[list[Any]]:
    schools = list(School.objects.filter(district=district).order_by("code"))
    counts: dict[int, Counter[str]] = {s.pk: Counter() for s in schools}
    on = today()
    for t in _year_trainees(schools, school_year):
        counts[t.school_id][t.status] += 1
        if t.is_open and t.planned_end_on < on:
            counts[t.school_id]["overdue"] += 1
    order = (TraineeStatus.IN_PROBATION, TraineeStatus.AWAITING, TraineeStatus.APPOINTED,
             TraineeStatus.DEFERRED, "overdue")  # fmt: skip
    return [
        [s.code, s.name, *(counts[s.pk][key] for key in order)]
        for s in schools
        if sum(counts[s.pk].values())
    ]
