"""XB23-ASSESS reads: the cohort's pack parameters, the school years whose results are
due, the members with their results, consequences and rectification state (the district's
board, a school's members, the teacher's own), whether a teacher is barred from applying
(across their stints, by `person_key`) and whether a member earned the 结业证书."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from apps.backbone.models import (
    Assessment,
    AssessmentKind,
    BackboneMember,
    Cohort,
    CohortApplication,
    Consequence,
    ConsequenceKind,
    Rectification,
    RectificationStatus,
    Result,
)
from apps.compliance import packs as pack_data
from apps.compliance.models import PolicyPack
from apps.core.schoolyear import school_year
from apps.core.schoolyear import today as local_today
from apps.people.models import Teacher
from apps.tenancy.models import District, School

RULE = "XB23-ASSESS"
BARRING = (ConsequenceKind.BARRED, ConsequenceKind.TERMINATED)


def cohort_parameters(*, cohort: Cohort) -> dict[str, Any]:
    """The parameters of the cohort's pack (newest version) with the district's overrides."""
    pack = PolicyPack.objects.filter(code=cohort.pack).order_by("-version").first()
    if pack is None:
        return {}
    return pack_data.resolved_parameters(cohort.district, [pack])[pack.code]


def cohort_years(cohort: Cohort, params: dict[str, Any]) -> list[int]:
    years = params.get("cohort_school_years")
    if years:
        return [int(y) for y in years]
    return list(range(cohort.starts_on.year, cohort.ends_on.year))


def years_of(*, cohort: Cohort) -> list[int]:
    return cohort_years(cohort, cohort_parameters(cohort=cohort))


def ended_years(cohort: Cohort, params: dict[str, Any], today: dt.date) -> list[int]:
    """The cohort's school years that ended before `today` (their results are due)."""
    return [y for y in cohort_years(cohort, params) if school_year(y).end < today]


def cohort_ended(cohort: Cohort, today: dt.date) -> bool:
    return cohort.ends_on < today


def cohort_label(cohort: Cohort) -> str:
    """ "2023届": the cohort's first year, as the policy names a cohort."""
    return f"{cohort.starts_on.year}届"


def district_cohorts(*, district: District) -> QuerySet[Cohort]:
    return Cohort.objects.filter(district=district).order_by("-starts_on", "id")


def district_cohort(*, district: District, cohort_id: int) -> Cohort:
    cohort = district_cohorts(district=district).filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404
    return cohort


def district_member(*, district: District, member_id: int) -> BackboneMember:
    member = (
        BackboneMember.objects.filter(district=district, pk=member_id)
        .select_related("cohort", "teacher", "school")
        .first()
    )
    if member is None:
        raise Http404
    return member


def members_of_user(*, user: Any) -> list[BackboneMember]:
    """The user's own stints' memberships, newest cohort first."""
    return list(
        BackboneMember.objects.filter(teacher__user_id=user.pk)
        .select_related("cohort", "teacher", "school")
        .order_by("-cohort__starts_on", "-id")
    )


def teachers_of_user(*, user: Any) -> list[Teacher]:
    return list(Teacher.objects.filter(user_id=user.pk).select_related("school").order_by("-id"))


@dataclass
class MemberRow:
    """One member on a board: results by (kind, year), consequences, rectification."""

    member: BackboneMember
    yearly: dict[int, Assessment] = field(default_factory=dict)
    term_end: Assessment | None = None
    consequences: list[Consequence] = field(default_factory=list)
    plans: dict[int, list[Rectification]] = field(default_factory=dict)  # warning id → plans
    cells: list[str] = field(default_factory=list)  # the yearly results shown, by year
    plan_list: list[tuple[Consequence, str]] = field(default_factory=list)
    year_cells: list[tuple[int, str]] = field(default_factory=list)

    def shown(self, years: list[int], today: dt.date) -> MemberRow:
        """Fill what a page shows: the result of each year, each warning's plan state."""
        self.cells = [self.yearly[y].get_result_display() if y in self.yearly else "—"
                      for y in years]  # fmt: skip
        self.plan_list = self.plan_states(today)
        self.year_cells = list(zip(years, self.cells, strict=True))
        return self

    @property
    def kinds(self) -> set[str]:
        return {c.kind for c in self.consequences}

    def warnings(self) -> list[Consequence]:
        return [c for c in self.consequences if c.kind == ConsequenceKind.WARNING]

    def plan_state(self, warning: Consequence, today: dt.date) -> str:
        plans = self.plans.get(warning.pk, [])
        if any(p.status == RectificationStatus.ACCEPTED for p in plans):
            return "已通过"
        if any(p.status == RectificationStatus.SUBMITTED for p in plans):
            return "待审核"
        if warning.due_on is not None and warning.due_on < today:
            return "逾期未交"
        return "已退回" if plans else "待提交"

    def plan_states(self, today: dt.date) -> list[tuple[Consequence, str]]:
        return [(w, self.plan_state(w, today)) for w in self.warnings()]


def member_rows(members: QuerySet[BackboneMember] | list[BackboneMember]) -> list[MemberRow]:
    """Rows for these members in four queries (members, results, consequences, plans)."""
    rows = {m.pk: MemberRow(m) for m in members}
    ids = list(rows)
    for assessment in Assessment.objects.filter(member_id__in=ids):
        row = rows[assessment.member_id]
        if assessment.kind == AssessmentKind.TERM_END:
            row.term_end = assessment
        else:
            row.yearly[assessment.school_year] = assessment
    owner: dict[int, int] = {}
    for consequence in Consequence.objects.filter(member_id__in=ids):
        rows[consequence.member_id].consequences.append(consequence)
        owner[consequence.pk] = consequence.member_id
    for plan in Rectification.objects.filter(warning__member_id__in=ids).order_by("-filed_at"):
        rows[owner[plan.warning_id]].plans.setdefault(plan.warning_id, []).append(plan)
    return list(rows.values())


BOARD_FILTERS = [
    ("", "全部"),
    ("failed", "有不合格"),
    ("warning", "有警告"),
    ("overdue", "整改方案逾期"),
    ("excellent", "有优秀"),
    ("barred", "取消申报资格"),
]


def board(
    *, cohort: Cohort, school: School | None = None, show: str = "", today: dt.date | None = None
) -> list[MemberRow]:
    """The cohort's members (of one school when given) with their rows, filtered."""
    today = today or local_today()
    members = BackboneMember.objects.filter(cohort=cohort).select_related("teacher", "school")
    if school is not None:
        members = members.filter(school=school)
    rows = member_rows(members.order_by("school__code", "teacher__name", "id"))
    years = cohort_years(cohort, cohort_parameters(cohort=cohort))
    return [row.shown(years, today) for row in rows if _shown(row, show, today)]


def _shown(row: MemberRow, show: str, today: dt.date) -> bool:
    results = [*row.yearly.values(), *([row.term_end] if row.term_end else [])]
    tests = {
        "failed": lambda: any(a.result == Result.FAIL for a in results),
        "warning": lambda: ConsequenceKind.WARNING in row.kinds,
        "overdue": lambda: any(s == "逾期未交" for _, s in row.plan_states(today)),
        "excellent": lambda: any(a.result == Result.EXCELLENT for a in results),
        "barred": lambda: ConsequenceKind.BARRED in row.kinds,
    }
    test = tests.get(show)
    return test() if test else True


def rectification_queue(*, district: District) -> QuerySet[Rectification]:
    return (
        Rectification.objects.filter(district=district)
        .select_related("warning__member__teacher", "warning__member__cohort", "school", "file")
        .order_by("status", "-filed_at")
    )


def district_rectification(*, district: District, rectification_id: int) -> Rectification:
    found = rectification_queue(district=district).filter(pk=rectification_id).first()
    if found is None:
        raise Http404
    return found


def rectification_file_data(*, rectification: Rectification) -> bytes:
    return bytes(rectification.file.data.data)


def district_applications(
    *, district: District, cohort: Cohort | None = None
) -> QuerySet[CohortApplication]:
    rows = CohortApplication.objects.filter(district=district)
    if cohort is not None:
        rows = rows.filter(cohort=cohort)
    return rows.select_related("cohort", "teacher", "school").order_by("status", "-created_at")


def district_application(*, district: District, application_id: int) -> CohortApplication:
    found = district_applications(district=district).filter(pk=application_id).first()
    if found is None:
        raise Http404
    return found


def open_cohorts(*, district_id: int) -> QuerySet[Cohort]:
    return Cohort.objects.filter(district_id=district_id, accepting_applications=True).order_by(
        "-starts_on"
    )


def applications_of_teachers(*, teacher_ids: list[int]) -> QuerySet[CohortApplication]:
    return CohortApplication.objects.filter(teacher_id__in=teacher_ids).select_related("cohort")


@dataclass(frozen=True)
class Wanted:
    kind: str
    school_year: int
    assessment: Assessment
    reason: str
    due_on: dt.date | None = None
    amount: Decimal | None = None


def wanted_consequences(assessments: list[Assessment], params: dict[str, Any]) -> list[Wanted]:
    """What the pack's rules draw from the member's results (no database access)."""
    warn_at = int(params["warning_after_failed_years"])
    suspend_at = int(params["allowance_suspended_after_failed_years"])
    days = int(params["rectification_plan_days"])
    bonus = Decimal(str(params["excellent_bonus_yuan"]))
    wanted: list[Wanted] = []
    failures = 0
    for a in sorted(assessments, key=lambda a: (a.kind != AssessmentKind.YEARLY, a.school_year)):
        if a.kind == AssessmentKind.TERM_END:
            if a.result == Result.FAIL:
                why = f"届满考核不合格（{RULE}）"
                wanted += [Wanted(ConsequenceKind.NO_CERTIFICATE, a.school_year, a, why),
                           Wanted(ConsequenceKind.BARRED, a.school_year, a, why)]  # fmt: skip
            continue
        if a.result == Result.EXCELLENT:
            why = f"{a.school_year}学年度考核优秀（{RULE}）"
            wanted.append(Wanted(ConsequenceKind.BONUS, a.school_year, a, why, amount=bonus))
        if a.result != Result.FAIL:
            continue
        failures += 1
        why = f"第{failures}次学年度考核不合格（{a.school_year}学年，{RULE}）"
        if failures >= suspend_at:
            wanted.append(Wanted(ConsequenceKind.ALLOWANCE_SUSPENDED, a.school_year + 1, a, why))
        elif failures >= warn_at:
            due = a.assessed_on + dt.timedelta(days=days)
            wanted.append(Wanted(ConsequenceKind.WARNING, a.school_year, a, why, due_on=due))
    return wanted


def barring_reason(*, teacher: Teacher, cohort: Cohort) -> str:
    """Why the teacher may not apply to `cohort` ("" when they may): a failed term-end
    (barred) or a termination in an earlier cohort, in any of the person's stints."""
    found = (
        Consequence.objects.filter(member__teacher__person_key=teacher.person_key, kind__in=BARRING)
        .exclude(member__cohort=cohort)
        .filter(member__cohort__starts_on__lt=cohort.starts_on)
        .select_related("member__cohort")
        .order_by("member__cohort__starts_on", "kind")
        .first()
    )
    if found is None:
        return ""
    label = cohort_label(found.member.cohort)
    if found.kind == ConsequenceKind.BARRED:
        return f"{label}届满考核不合格，取消新一届骨干申报资格（{RULE}）"
    return f"{label}骨干资格已因违反师德被终止，取消新一届骨干申报资格（{RULE}）"


def certificate_refusal(*, member: BackboneMember, today: dt.date | None = None) -> str:
    """Why the member has no 结业证书 ("" when they have one): the cohort has not ended,
    no passed term-end result, or a no_certificate consequence."""
    today = today or local_today()
    if not cohort_ended(member.cohort, today):
        return "本届培养周期尚未结束，暂无结业证书。"
    if Consequence.objects.filter(
        member=member, kind__in=[ConsequenceKind.NO_CERTIFICATE, ConsequenceKind.TERMINATED]
    ).exists():
        return f"届满考核不合格或骨干资格已终止，不予发放结业证书（{RULE}）。"
    passed = Assessment.objects.filter(
        member=member, kind=AssessmentKind.TERM_END, result__in=[Result.PASS, Result.EXCELLENT]
    ).first()
    if passed is None:
        return "尚无合格的届满考核结果，暂无结业证书。"
    return ""


def term_end_of(*, member: BackboneMember) -> Assessment | None:
    return Assessment.objects.filter(member=member, kind=AssessmentKind.TERM_END).first()


def failed_yearly_count(*, member: BackboneMember) -> int:
    return Assessment.objects.filter(
        member=member, kind=AssessmentKind.YEARLY, result=Result.FAIL
    ).count()


def district_counts(*, district: District) -> dict[int, dict[str, int]]:
    """Per school: results, failures, warnings, suspensions, bonuses (two queries)."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        Assessment.objects.filter(district=district)
        .values("school_id")
        .annotate(n=Count("id"), failed=Count("id", filter=Q(result=Result.FAIL)))
    ):
        counts[row["school_id"]]["results"] = row["n"]
        counts[row["school_id"]]["failed"] = row["failed"]
    for row in (
        Consequence.objects.filter(district=district)
        .values("school_id", "kind")
        .annotate(n=Count("id"))
    ):
        counts[row["school_id"]][row["kind"]] = row["n"]
    return counts


DISTRICT_REPORT_HEADERS = ["学校", "考核结果", "不合格", "警告", "暂停津贴", "优秀奖金"]


def district_report_rows(*, district: District, year: int) -> list[list[Any]]:
    """Per school of the district with a backbone member: the cohort's counts (XB23-ASSESS)."""
    del year  # the cohort's results across its school years
    counts = district_counts(district=district)
    schools = School.objects.filter(district=district, pk__in=list(counts)).order_by("code")
    return [
        [s.name, c.get("results", 0), c.get("failed", 0), c.get(ConsequenceKind.WARNING, 0),
         c.get(ConsequenceKind.ALLOWANCE_SUSPENDED, 0), c.get(ConsequenceKind.BONUS, 0)]
        for s in schools
        for c in [counts[s.pk]]
    ]  # fmt: skip


def school_members(*, school: School) -> QuerySet[BackboneMember]:
    return BackboneMember.objects.filter(school=school).select_related(
        "cohort", "teacher", "school"
    )


def school_member(*, school: School, member_id: int) -> BackboneMember:
    member = school_members(school=school).filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


def school_teachers(*, school: School) -> list[Teacher]:
    return list(Teacher.objects.filter(school=school).order_by("name", "id"))


def district_members_with_results(
    *, district: District, cohort_id: int | None = None
) -> QuerySet[BackboneMember]:
    rows = BackboneMember.objects.filter(district=district)
    if cohort_id is not None:
        rows = rows.filter(cohort_id=cohort_id)
    return (
        rows.select_related("cohort", "teacher", "school")
        .prefetch_related("assessments", "consequences")
        .order_by("cohort_id", "school__code", "id")
    )


def own_members_with_results(*, user: Any) -> QuerySet[BackboneMember]:
    return (
        BackboneMember.objects.filter(teacher__user_id=user.pk)
        .select_related("cohort", "teacher", "school")
        .prefetch_related("assessments", "consequences")
        .order_by("-cohort__starts_on", "id")
    )
