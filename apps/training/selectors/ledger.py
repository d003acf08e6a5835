"""Reads of the hours ledger: a school's rows, a teacher's rows with their reversals, the
per-teacher totals by semester and credit class, and what the ledger export reads.

Every list is scoped by keyword and built so that its number of queries does not grow with
its rows (annotations and subqueries, not a query per teacher); every single-row lookup is
a 404 outside its scope.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import reduce

from django.db.models import (
    Case,
    CharField,
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
from django.shortcuts import get_object_or_404

from apps.core.web import int_or_404
from apps.people import selectors as people_selectors
from apps.people.models import Teacher
from apps.tenancy.models import School
from apps.training.models import CreditAssignment, CreditClass, EntryKind, LedgerEntry

EXPORT_FIELDS = (
    "id", "date", "school_year", "semester", "kind", "title", "hours", "credit_class", "reason",
    "teacher__employee_no", "teacher__name", "reverses__id", "reverses__date", "reverses__title",
)  # fmt: skip


# --------------------------------------------------------------------------- sources

# Where a ledger row's hours come from, for rules that count only some of them (PT24-HOURS
# counts school-based training only: the pack lists the sources). A reversal counts where
# the row it reverses counts (it carries that row's activity).
HOURS_SOURCES: dict[str, str] = {
    "school_activity": "学校组织的校本研修",
    "school_studio": "本校班主任工作室的研修",
    "school_workshop": "本校工作坊的研修",
    "district_activity": "区级组织的培训",
    "external": "经审定的校外培训（市级等）",
}


SCHOOL_SOURCE_LEVELS = {
    "school_activity": "school",
    "school_studio": "studio",
    "school_workshop": "workshop",
}


def _source_filter(source: str) -> Q:
    if source in SCHOOL_SOURCE_LEVELS:
        return Q(
            activity__isnull=False,
            activity__school__isnull=False,
            activity__organiser_level=SCHOOL_SOURCE_LEVELS[source],
        )
    if source == "district_activity":
        return Q(activity__isnull=False, activity__school__isnull=True)
    return Q(kind=EntryKind.EXTERNAL) | Q(
        kind=EntryKind.REVERSAL, reverses__kind=EntryKind.EXTERNAL
    )


def hours_sources_filter(sources: Iterable[str] | None) -> Q:
    """The ledger rows from `sources` (keys of `HOURS_SOURCES`); every row when None.
    An unknown source is a mistake in the pack, named in the error."""
    if sources is None:
        return Q()
    wanted = list(sources)
    unknown = [s for s in wanted if s not in HOURS_SOURCES]
    if unknown:
        raise ValueError(f"unknown hours source(s) {unknown}; use {sorted(HOURS_SOURCES)}")
    if not wanted:
        return Q(pk__in=[])
    return reduce(operator.or_, (_source_filter(source) for source in wanted))


def hours_source() -> Case:
    """The `HOURS_SOURCES` key a ledger row's hours come from ("" for none of them), as
    an SQL expression: one pass over the ledger then serves every pack's `sources`
    (`sources_counted`). The sources exclude one another (a row has an activity of the
    school, or one of the district, or is external)."""
    return Case(
        *(When(_source_filter(source), then=Value(source)) for source in HOURS_SOURCES),
        default=Value(""),
        output_field=CharField(),
    )


def sources_counted(sources: Iterable[str] | None) -> frozenset[str] | None:
    """The `hours_source()` values a pack's `sources` count (None: every row); an unknown
    source is a mistake in the pack, named in the error — as `hours_sources_filter`."""
    if sources is None:
        return None
    wanted = frozenset(sources)
    unknown = sorted(wanted - set(HOURS_SOURCES))
    if unknown:
        raise ValueError(f"unknown hours source(s) {unknown}; use {sorted(HOURS_SOURCES)}")
    return wanted


def hours_sources_label(sources: Iterable[str] | None) -> str:
    """The sources in Chinese, e.g. "学校组织的校本研修、本校班主任工作室的研修"."""
    if sources is None:
        return "全部研修与培训"
    return "、".join(HOURS_SOURCES.get(s, s) for s in sources)


# --------------------------------------------------------------------------- rows


def school_ledger(
    *, school: School, school_year: int, semester: int | None = None
) -> QuerySet[LedgerEntry]:
    queryset = LedgerEntry.objects.for_school(school).filter(school_year=school_year)
    if semester:
        queryset = queryset.filter(semester=semester)
    return queryset.select_related("teacher").order_by("teacher__employee_no", "date", "id")


def ledger_list(*, school: School) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.for_school(school)
        .select_related("teacher", "reversed_by")
        .order_by("-date", "-id")
    )


def ledger_entry_detail(*, school: School, entry_id: int | str) -> LedgerEntry:
    return get_object_or_404(ledger_list(school=school), pk=int_or_404(entry_id))


def ledger_rows(*, teacher: Teacher, school_year: int | None = None) -> QuerySet[LedgerEntry]:
    """A teacher's ledger rows with what each reverses or is reversed by (for the struck-
    through display), oldest first."""
    queryset = LedgerEntry.objects.for_school(teacher.school).filter(teacher=teacher)
    if school_year is not None:
        queryset = queryset.filter(school_year=school_year)
    return queryset.select_related("reverses", "reversed_by", "created_by").order_by(
        "school_year", "semester", "date", "id"
    )


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


def counted_hours_by_teacher(
    *, school: School, school_year: int, teacher_ids: Iterable[int], sources: Iterable[str] | None
) -> dict[int, Decimal]:
    """{teacher id: hours of the year from `sources`} — what a yearly-hours target counts
    (PT24-HOURS: school-based training only), the person's earlier stints included
    (`with_earlier_stints`) — in a few aggregate queries."""
    wanted = list(teacher_ids)
    hours = dict(
        LedgerEntry.objects.for_school(school)
        .filter(hours_sources_filter(sources), school_year=school_year, teacher_id__in=wanted)
        .values("teacher_id")
        .annotate(h=Sum("hours"))
        .order_by()
        .values_list("teacher_id", "h")
    )
    return with_earlier_stints(hours, teacher_ids=wanted, school_year=school_year, sources=sources)


def with_earlier_stints(
    hours: dict[int, Decimal],
    *,
    teacher_ids: Iterable[int],
    school_year: int,
    sources: Iterable[str] | None,
) -> dict[int, Decimal]:
    """`hours` ({stint id: hours of the year from `sources`}) with the hours of each
    person's earlier stints added: the person's total, so a teacher who moved in the
    middle of the year keeps what they earned at the previous school (ADR 0012;
    PT24-HOURS). Three queries at most, whatever the number of teachers."""
    earlier = people_selectors.earlier_stint_ids(teacher_ids=teacher_ids)
    if not earlier:
        return hours
    by_stint = dict(
        LedgerEntry.objects.filter(
            hours_sources_filter(sources),
            teacher_id__in={i for ids in earlier.values() for i in ids},
            school_year=school_year,
        )
        .values("teacher_id")
        .annotate(h=Sum("hours"))
        .order_by()
        .values_list("teacher_id", "h")
    )
    result = dict(hours)
    for stint_id, ids in earlier.items():
        extra = sum((by_stint.get(i, Decimal(0)) for i in ids), Decimal(0))
        if extra:
            result[stint_id] = result.get(stint_id, Decimal(0)) + extra
    return result


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


# --------------------------------------------------------------------------- the export


def ledger_for_export(
    *, school: School, school_year: int, semester: int | None = None
) -> QuerySet[LedgerEntry]:
    """The rows of `school_ledger` with only the columns the export writes (and the row
    each reverses), to be read with a server-side cursor."""
    return (
        school_ledger(school=school, school_year=school_year, semester=semester)
        .select_related("reverses")
        .only(*EXPORT_FIELDS)
    )


def ledger_hours_by_term(
    *, school: School, school_year: int, semester: int | None = None
) -> dict[int, dict[int, dict[str, Decimal]]]:
    """{teacher id: {semester: {credit class: hours}}} of the school's year (or one
    semester), in one aggregate query."""
    by_term: dict[int, dict[int, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(Decimal))
    )
    sums = LedgerEntry.objects.for_school(school).filter(school_year=school_year)
    if semester:
        sums = sums.filter(semester=semester)
    for row in (
        sums.values("teacher_id", "semester", "credit_class").annotate(h=Sum("hours")).order_by()
    ):
        by_term[row["teacher_id"]][row["semester"]][row["credit_class"]] += row["h"]
    return by_term


def ledger_teachers(*, school: School, with_rows: list[int]) -> QuerySet[Teacher]:
    """The school's active teachers and those of `with_rows` (inactive ones with entries),
    by employee number, with only what the export writes."""
    return (
        Teacher.objects.for_school(school)
        .filter(Q(is_active=True) | Q(pk__in=with_rows))
        .order_by("employee_no")
        .only("id", "employee_no", "name")
    )
