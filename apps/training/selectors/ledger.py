"""Reads of training data, scoped by keyword; aggregates for progress and evaluators."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.compliance import packs as pack_data
from apps.people.models import Teacher
from apps.tenancy.models import District, School

from .credits import credits_for
from .models import (
    ActivityAttachment,
    ActivityAttachmentFile,
    ArchiveEntry,
    ArchiveFile,
    Attendance,
    CreditAssignment,
    CreditClass,
    CreditOffset,
    ExternalTraining,
    ExternalTrainingFile,
    LedgerEntry,
    RecordStatus,
    TrainingActivity,
)

CREDIT_KEYS = ("lecture_hours_per_credit", "practice_hours_per_credit", "credit_rounding")
HOURS_TARGET_KEYS = ("min_hours_per_year", "yearly_special_training_min_hours")


def _id(value: int | str) -> int:
    """A URL or form id as an int; anything else is "not found", not a server error."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def district_parameters(*, district: District) -> dict[str, Any]:
    """All parameters of the district's packs (with its overrides), first pack first."""
    merged: dict[str, Any] = {}
    for values in pack_data.resolved_parameters(
        district, pack_data.active_packs(district)
    ).values():
        for key, value in values.items():
            merged.setdefault(key, value)
    return merged


def credit_params(*, district: District) -> dict[str, Any] | None:
    """The conversion rates in force (None when the district's packs define none)."""
    params = district_parameters(district=district)
    if "lecture_hours_per_credit" not in params or "practice_hours_per_credit" not in params:
        return None
    return {key: params[key] for key in CREDIT_KEYS if key in params}


def yearly_hours_target(*, district: District) -> Decimal | None:
    params = district_parameters(district=district)
    for key in HOURS_TARGET_KEYS:
        if key in params:
            return Decimal(str(params[key]))
    return None


def activity_list(
    *, school: School | None = None, district: District | None = None
) -> QuerySet[TrainingActivity]:
    if school is not None:
        queryset = TrainingActivity.objects.for_school(school)
    elif district is not None:
        queryset = TrainingActivity.objects.for_district(district).filter(school__isnull=True)
    else:
        raise TypeError("activity_list needs school= or district=")
    return queryset.select_related("created_by").order_by("-date", "-id")


def activity_get(*, school: School, activity_id: int | str) -> TrainingActivity:
    return get_object_or_404(activity_list(school=school), pk=_id(activity_id))


def district_activity_get(*, district: District, activity_id: int | str) -> TrainingActivity:
    return get_object_or_404(activity_list(district=district), pk=_id(activity_id))


def attendance_of(*, activity: TrainingActivity) -> QuerySet[Attendance]:
    return activity.attendances.select_related("teacher", "teacher__school").order_by(
        "teacher__employee_no"
    )


def activity_attachments(*, activity: TrainingActivity) -> QuerySet[ActivityAttachment]:
    """The files kept with an activity already fetched through a scoped selector."""
    return (
        ActivityAttachment.objects.filter(activity=activity)
        .select_related("uploaded_by")
        .order_by("created_at", "id")
    )


def activity_attachment_file(
    *, activity: TrainingActivity, attachment_id: int | str
) -> tuple[ActivityAttachment, bytes]:
    """One of the activity's attachments and its bytes (404 unless it is the activity's)."""
    attachment = get_object_or_404(
        ActivityAttachment.objects.filter(activity=activity), pk=_id(attachment_id)
    )
    data = (
        ActivityAttachmentFile.objects.filter(attachment=attachment)
        .values_list("data", flat=True)
        .first()
    )
    if data is None:
        raise Http404
    return attachment, bytes(data)


def external_list(*, school: School, status: str | None = None) -> QuerySet[ExternalTraining]:
    queryset = ExternalTraining.objects.for_school(school).select_related("teacher")
    if status:
        queryset = queryset.filter(status=status)
    waiting_first = Case(When(status=RecordStatus.SUBMITTED, then=Value(0)), default=Value(1))
    return queryset.order_by(waiting_first, "-date", "-id")


def external_get(*, school: School, record_id: int | str) -> ExternalTraining:
    return get_object_or_404(external_list(school=school), pk=_id(record_id))


def teacher_external(*, teacher: Teacher) -> QuerySet[ExternalTraining]:
    return (
        ExternalTraining.objects.for_school(teacher.school)
        .filter(teacher=teacher)
        .order_by("-date", "-id")
    )


def ledger_of(*, teacher: Teacher, school_year: int | None = None) -> QuerySet[LedgerEntry]:
    queryset = LedgerEntry.objects.for_school(teacher.school).filter(teacher=teacher)
    if school_year is not None:
        queryset = queryset.filter(school_year=school_year)
    return queryset.select_related("reverses").order_by("-date", "-id")


def school_ledger(
    *, school: School, school_year: int, semester: int | None = None
) -> QuerySet[LedgerEntry]:
    queryset = LedgerEntry.objects.for_school(school).filter(school_year=school_year)
    if semester:
        queryset = queryset.filter(semester=semester)
    return queryset.select_related("teacher").order_by("teacher__employee_no", "date", "id")


def ledger_entry_get(*, school: School, entry_id: int | str) -> LedgerEntry:
    return get_object_or_404(LedgerEntry.objects.for_school(school), pk=_id(entry_id))


def hours_by_teacher(
    *, schools: list[School] | QuerySet[School], school_year: int
) -> dict[int, dict[str, Decimal]]:
    """{teacher id: {"lecture": h, "practice": h, "total": h}} in one aggregate query."""
    totals: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: {"lecture": Decimal(0), "practice": Decimal(0), "total": Decimal(0)}
    )
    for row in (
        LedgerEntry.objects.filter(
            district_id__in={s.district_id for s in schools},
            school_year=school_year,
            school__in=schools,
        )
        .values("teacher_id", "credit_class")
        .annotate(hours=Sum("hours"))
        .order_by()
    ):
        totals[row["teacher_id"]][row["credit_class"]] += row["hours"]
        totals[row["teacher_id"]]["total"] += row["hours"]
    return dict(totals)


def teacher_progress(*, teacher: Teacher, school_year: int) -> dict[str, Any]:
    """The teacher home's numbers: hours this year (by semester and class), credits
    (assigned where the officer did, else as converted now), against the pack's targets."""
    rows = (
        LedgerEntry.objects.filter(teacher=teacher, school_year=school_year)
        .values("semester", "credit_class")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    by_term: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: {CreditClass.LECTURE: Decimal(0), CreditClass.PRACTICE: Decimal(0)}
    )
    for row in rows:
        by_term[row["semester"]][row["credit_class"]] += row["hours"]
    total = sum((sum(v.values(), Decimal(0)) for v in by_term.values()), Decimal(0))
    target = yearly_hours_target(district=teacher.district)
    conversion = credit_params(district=teacher.district)
    assigned = {
        c.semester: c.credits
        for c in CreditAssignment.objects.filter(teacher=teacher, school_year=school_year)
    }
    credits = Decimal(0)
    for term in (1, 2):
        if term in assigned:
            credits += assigned[term]
        elif conversion and term in by_term:
            credits += credits_for(
                by_term[term][CreditClass.LECTURE], by_term[term][CreditClass.PRACTICE], conversion
            )
    offsets = CreditOffset.objects.filter(teacher=teacher, school_year=school_year).aggregate(
        total=Sum("credits")
    )["total"]
    credits += offsets or Decimal(0)
    params = district_parameters(district=teacher.district)
    credit_target = params.get("designated_credits_per_year")
    pending = ExternalTraining.objects.filter(
        teacher=teacher, status=RecordStatus.SUBMITTED
    ).count()
    return {
        "hours": total,
        "hours_target": target,
        "hours_percent": _percent(total, target),
        "by_term": {term: dict(values) for term, values in sorted(by_term.items())},
        "credits": credits,
        "credit_target": Decimal(str(credit_target)) if credit_target is not None else None,
        "credits_percent": _percent(credits, credit_target),
        "credits_assigned": sorted(assigned),
        "pending_records": pending,
    }


def _percent(value: Decimal, target: Any) -> int | None:
    if not target:
        return None
    return min(100, int(Decimal(value) * 100 / Decimal(str(target))))


# --------------------------------------------------------------------------- portal and API reads
#
# The pages and the API read through these. Every list is scoped by keyword and built so
# that its number of queries does not grow with its rows (annotations and subqueries, not
# a query per teacher); every single-row lookup is a 404 outside its scope.


def _pk_or_404(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _hours_sum(school_year: int, semester: int, credit_class: str) -> Coalesce:
    """The teacher's ledger hours of one class in one semester (a conditional SUM over the
    single `ledger` join, so several of them side by side do not multiply rows)."""
    return Coalesce(
        Sum(
            "ledger__hours",
            filter=Q(
                ledger__school_year=school_year,
                ledger__semester=semester,
                ledger__credit_class=credit_class,
            ),
        ),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=8, decimal_places=1),
    )


def _assigned_credits(school_year: int, semester: int) -> Subquery:
    return Subquery(
        CreditAssignment.objects.filter(
            teacher=OuterRef("pk"), school_year=school_year, semester=semester
        ).values("credits")[:1],
        output_field=DecimalField(max_digits=5, decimal_places=1),
    )


def activity_list_with_counts(
    *, school: School | None = None, district: District | None = None
) -> QuerySet[TrainingActivity]:
    """Activities (a school's own, or the district's own) with how many attended."""
    return activity_list(school=school, district=district).annotate(
        attendee_count=Count("attendances")
    )


def attendance_hours_by_teacher(*, activity: TrainingActivity) -> dict[int, Decimal]:
    """{teacher id: credited hours} of those already recorded at the activity."""
    return dict(activity.attendances.values_list("teacher_id", "hours"))


def district_schools(*, district: District) -> QuerySet[School]:
    return School.objects.filter(district=district).order_by("code")


def district_teachers(
    *,
    district: District,
    school_id: int | str | None = None,
    search: str = "",
    ids: list[int] | None = None,
) -> QuerySet[Teacher]:
    """Active teachers of every school of the district (for a district activity's sign-in),
    optionally of one school (a plain id: one outside the district matches nothing)."""
    queryset = Teacher.objects.for_district(district).filter(is_active=True)
    if school_id not in (None, ""):
        try:
            queryset = queryset.filter(school_id=int(school_id))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return queryset.none()
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(employee_no__icontains=search))
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.select_related("school").order_by("school__code", "employee_no")


def school_teachers_by_ids(*, school: School, ids: list[int]) -> QuerySet[Teacher]:
    """Teachers of the school among `ids` (any other id is simply not found)."""
    return Teacher.objects.for_school(school).filter(pk__in=ids).order_by("employee_no")


def external_queue(
    *, school: School, status: str = "", teacher_id: int | str | None = None
) -> QuerySet[ExternalTraining]:
    """学时审定: the school's external records; those waiting come oldest first."""
    queryset = ExternalTraining.objects.for_school(school).select_related("teacher")
    if status:
        queryset = queryset.filter(status=status)
    if teacher_id not in (None, ""):
        try:
            queryset = queryset.filter(teacher_id=int(teacher_id))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return queryset.none()
    if status == RecordStatus.SUBMITTED:
        return queryset.order_by("created_at", "id")
    return queryset.order_by("-created_at", "-id")


def external_detail(*, school: School, record_id: int | str) -> ExternalTraining:
    return get_object_or_404(
        ExternalTraining.objects.for_school(school).select_related("teacher", "reviewed_by"),
        pk=_pk_or_404(record_id),
    )


def external_file_data(*, record: ExternalTraining) -> bytes:
    """The evidence file of a record already fetched through a scoped selector (404 when
    it has none)."""
    if not record.file_name:
        raise Http404
    data = ExternalTrainingFile.objects.filter(record=record).values_list("data", flat=True).first()
    if data is None:
        raise Http404
    return bytes(data)


def own_external(*, teachers: list[Teacher]) -> QuerySet[ExternalTraining]:
    """A teacher's own external records (their teacher records only, never a colleague's)."""
    return (
        ExternalTraining.objects.filter(teacher__in=teachers)
        .select_related("teacher", "school")
        .order_by("-created_at", "-id")
    )


def own_external_get(*, teachers: list[Teacher], record_id: int | str) -> ExternalTraining:
    return get_object_or_404(own_external(teachers=teachers), pk=_pk_or_404(record_id))


def ledger_totals(
    *, school: School, school_year: int, search: str = "", teacher_id: int | None = None
) -> QuerySet[Teacher]:
    """The school's teachers (active ones, and any other with rows this year) with their
    ledger hours by semester and class (`l1`, `p1`, `l2`, `p2`) and the credits the
    officer assigned (`a1`, `a2`, null where not yet), in one query."""
    has_rows = Exists(LedgerEntry.objects.filter(teacher=OuterRef("pk"), school_year=school_year))
    queryset = (
        Teacher.objects.for_school(school)
        .filter(Q(is_active=True) | has_rows)
        .annotate(
            l1=_hours_sum(school_year, 1, CreditClass.LECTURE),
            p1=_hours_sum(school_year, 1, CreditClass.PRACTICE),
            l2=_hours_sum(school_year, 2, CreditClass.LECTURE),
            p2=_hours_sum(school_year, 2, CreditClass.PRACTICE),
            a1=_assigned_credits(school_year, 1),
            a2=_assigned_credits(school_year, 2),
        )
    )
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(employee_no__icontains=search))
    if teacher_id is not None:
        queryset = queryset.filter(pk=teacher_id)
    return queryset.order_by("employee_no")


def with_credit_totals(
    rows: Iterable[Teacher], *, params: dict[str, Any] | None, semester: int | None = None
) -> list[Teacher]:
    """Attach `lecture`, `practice`, `total` and `credit_total` (per semester: the officer's
    assignment where made, else the pack's conversion of that semester's hours) to rows of
    `ledger_totals`, for the whole year or one semester. No queries."""
    terms = (semester,) if semester in (1, 2) else (1, 2)
    result = []
    for row in rows:
        lecture = sum((getattr(row, f"l{t}") for t in terms), Decimal(0))
        practice = sum((getattr(row, f"p{t}") for t in terms), Decimal(0))
        credits: Decimal | None = Decimal(0) if params else None
        assigned_all = True
        for term in terms:
            assigned = getattr(row, f"a{term}")
            if assigned is None:
                assigned_all = False
            if credits is None:
                continue
            if assigned is not None:
                credits += assigned
            else:
                credits += credits_for(
                    max(getattr(row, f"l{term}"), Decimal(0)),
                    max(getattr(row, f"p{term}"), Decimal(0)),
                    params or {},
                )
        row.lecture = lecture  # type: ignore[attr-defined]
        row.practice = practice  # type: ignore[attr-defined]
        row.total = lecture + practice  # type: ignore[attr-defined]
        row.credit_total = credits  # type: ignore[attr-defined]
        row.credits_assigned = assigned_all  # type: ignore[attr-defined]
        result.append(row)
    return result


def credit_preview(
    *, school: School, school_year: int, semester: int, params: dict[str, Any] | None
) -> list[Teacher]:
    """PT24-CREDIT preview: every active teacher (those the assignment covers) with the
    semester's hours by class, the credits the conversion gives now (`preview`) and what
    was assigned (`assigned`, None if not yet)."""
    rows = list(ledger_totals(school=school, school_year=school_year).filter(is_active=True))
    for row in rows:
        lecture = max(getattr(row, f"l{semester}"), Decimal(0))
        practice = max(getattr(row, f"p{semester}"), Decimal(0))
        row.lecture = lecture  # type: ignore[attr-defined]
        row.practice = practice  # type: ignore[attr-defined]
        row.preview = credits_for(lecture, practice, params) if params else None  # type: ignore[attr-defined]
        row.assigned = getattr(row, f"a{semester}")  # type: ignore[attr-defined]
    return rows


def credit_assignments_of(
    *, school: School, school_year: int, semester: int
) -> QuerySet[CreditAssignment]:
    return CreditAssignment.objects.filter(
        school=school, school_year=school_year, semester=semester
    ).select_related("assigned_by")


def credit_list(*, school: School) -> QuerySet[CreditAssignment]:
    return (
        CreditAssignment.objects.filter(school=school)
        .select_related("teacher")
        .order_by("-school_year", "-semester", "teacher__employee_no")
    )


def ledger_rows(*, teacher: Teacher, school_year: int | None = None) -> QuerySet[LedgerEntry]:
    """A teacher's ledger rows with what each reverses or is reversed by (for the struck-
    through display), oldest first."""
    queryset = LedgerEntry.objects.for_school(teacher.school).filter(teacher=teacher)
    if school_year is not None:
        queryset = queryset.filter(school_year=school_year)
    return queryset.select_related("reverses", "reversed_by", "created_by").order_by(
        "school_year", "semester", "date", "id"
    )


def ledger_list(*, school: School) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.for_school(school)
        .select_related("teacher", "reversed_by")
        .order_by("-date", "-id")
    )


def ledger_entry_detail(*, school: School, entry_id: int | str) -> LedgerEntry:
    return get_object_or_404(ledger_list(school=school), pk=_pk_or_404(entry_id))


def archive_teachers(*, school: School, search: str = "") -> QuerySet[Teacher]:
    """The school's active teachers with how many archive entries each has."""
    queryset = Teacher.objects.for_school(school).filter(is_active=True)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(employee_no__icontains=search))
    return queryset.annotate(entry_count=Count("archive")).order_by("employee_no")


def archive_list(*, school: School) -> QuerySet[ArchiveEntry]:
    return (
        ArchiveEntry.objects.for_school(school).select_related("teacher").order_by("-date", "-id")
    )


def archive_entries(*, teacher: Teacher) -> QuerySet[ArchiveEntry]:
    return (
        ArchiveEntry.objects.for_school(teacher.school)
        .filter(teacher=teacher)
        .select_related("created_by")
        .order_by("-date", "-id")
    )


def archive_entry_get(*, school: School, entry_id: int | str) -> ArchiveEntry:
    return get_object_or_404(archive_list(school=school), pk=_pk_or_404(entry_id))


def own_archive_entry_get(*, teachers: list[Teacher], entry_id: int | str) -> ArchiveEntry:
    return get_object_or_404(
        ArchiveEntry.objects.filter(teacher__in=teachers).select_related("teacher"),
        pk=_pk_or_404(entry_id),
    )


def archive_file_data(*, entry: ArchiveEntry) -> bytes:
    if not entry.file_name:
        raise Http404
    data = ArchiveFile.objects.filter(entry=entry).values_list("data", flat=True).first()
    if data is None:
        raise Http404
    return bytes(data)


def progress_missing(progress: dict[str, Any]) -> list[str]:
    """What still stands between the teacher and this year's targets (as in
    `teacher_progress`), e.g. ["学时 12.0", "学分 2.0"]; empty when nothing is short or
    the packs set no target."""
    missing = []
    target = progress.get("hours_target")
    if target is not None and progress["hours"] < target:
        missing.append(f"学时 {target - progress['hours']:.1f}")
    credit_target = progress.get("credit_target")
    if credit_target is not None and progress["credits"] < credit_target:
        missing.append(f"学分 {credit_target - progress['credits']:.1f}")
    return missing


def offset_candidates(*, school: School, school_year: int) -> list[dict[str, Any]]:
    """XB23-CREDIT: teachers with district backbone centralised training hours this year,
    and whether their offset is already recognised (two queries)."""
    rows = (
        LedgerEntry.objects.for_school(school)
        .filter(school_year=school_year, layer="backbone", activity__school__isnull=True)
        .values("teacher_id", "teacher__name", "teacher__employee_no")
        .annotate(hours=Sum("hours"))
        .filter(hours__gt=0)
        .order_by("teacher__employee_no")
    )
    recognised = dict(
        CreditOffset.objects.for_school(school)
        .filter(school_year=school_year)
        .values_list("teacher_id", "credits")
    )
    return [
        {
            "teacher_id": row["teacher_id"],
            "name": row["teacher__name"],
            "employee_no": row["teacher__employee_no"],
            "hours": row["hours"],
            "offset": recognised.get(row["teacher_id"]),
        }
        for row in rows
    ]
