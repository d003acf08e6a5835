"""What the compliance reports say: read from the current results (issue 12 §1).

Reports read compliance selectors only (never a view), in sets: a district report of 300
schools is four queries whatever its size. `data_marker` names the data a report is made
of — the newest run among the current results and the newest result — so the same
request on unchanged data is the same report (`services.jobs`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max

from apps.compliance import selectors as compliance
from apps.compliance.models import ComplianceRun, Indicator, ResultStatus
from apps.core.schoolyear import school_year_label, semester
from apps.tenancy.models import District, School
from apps.tenancy.selectors import open_schools

STATUS_LABELS: dict[str, str] = {value: str(label) for value, label in ResultStatus.choices}
# The order a reader looks for: what fails first.
STATUS_ORDER = [
    ResultStatus.NOT_MET,
    ResultStatus.PARTLY_MET,
    ResultStatus.PENDING_REVIEW,
    ResultStatus.NO_DATA,
    ResultStatus.NOT_YET_DUE,
    ResultStatus.ENCOURAGED,
    ResultStatus.MET,
    ResultStatus.NOT_APPLICABLE,
]
# A school's share met is 达标 among the indicators judged (达标 + 部分达标 + 未达标):
# an indicator not yet due, without data or not applicable is not counted against it.
JUDGED = (ResultStatus.MET, ResultStatus.PARTLY_MET, ResultStatus.NOT_MET)
SHARE_RULE = (
    "达标率 = 达标项 ÷ 已评判项（达标、部分达标、未达标）；未到期、暂无数据、不适用的指标不计入。"
)
MISSING_SHOWN = 12  # names or months listed per indicator in a district's school section


@dataclass(frozen=True)
class Marker:
    """The data a report is made of: the newest run among the current results, and the
    newest result (results are never updated, so a new one means new data)."""

    run: ComplianceRun | None
    snapshot: int


def period_label(school_year: int, term: int) -> str:
    return semester(school_year, term).label if term else school_year_label(school_year)


def data_marker(
    *, district: District, school_year: int, semester: int = 0, school: School | None = None
) -> Marker:
    found = compliance.latest_results(
        district=district, school_year=school_year, school=school, semester=semester
    ).aggregate(run=Max("run_id"), result=Max("id"))
    run = ComplianceRun.objects.filter(pk=found["run"]).first() if found["run"] else None
    return Marker(run=run, snapshot=found["result"] or 0)


@dataclass
class Line:
    """One indicator of one school as a report prints it."""

    code: str
    title: str
    category: str
    status: str
    status_label: str
    value: str
    target: str
    deadline: Any
    missing: list[str]
    note: str
    readings: list[str]
    obligation: str


@dataclass
class SchoolSection:
    school_id: int
    code: str
    name: str
    lines: list[Line]
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def judged(self) -> int:
        return sum(self.counts[s] for s in JUDGED)

    @property
    def share(self) -> float | None:
        return self.counts[ResultStatus.MET] / self.judged if self.judged else None


def _readings(district: District, indicators: list[Indicator]) -> dict[str, list[str]]:
    found = compliance.readings_for(district=district, indicators=indicators)
    return {
        code: [f"{r.label}：{r.value}（解释：{r.note}）" if r.note else f"{r.label}：{r.value}"
               for r in rows]
        for code, rows in found.items()
    }  # fmt: skip


def school_indicators(district: District, term: int) -> list[Indicator]:
    indicators = [i for i in compliance.active_indicators(district=district) if i.scope == "school"]
    return compliance.semester_indicators(indicators) if term else indicators


def _line(indicator: Indicator, row: dict[str, Any] | None, readings: list[str]) -> Line:
    status = row["status"] if row else ResultStatus.NO_DATA
    return Line(
        code=indicator.code,
        title=indicator.title_zh,
        category=indicator.category_zh,
        status=status,
        status_label=STATUS_LABELS.get(status, status),
        value=(row or {}).get("value", ""),
        target=(row or {}).get("target", ""),
        deadline=(row or {}).get("deadline") or indicator.deadline,
        missing=[str(m) for m in (row or {}).get("missing") or []],
        note=(row or {}).get("note", ""),
        readings=readings,
        obligation=indicator.get_obligation_display(),
    )


def sections(
    *, district: District, school_year: int, term: int, schools: list[School]
) -> tuple[list[Indicator], list[SchoolSection]]:
    """Every school's lines, in the pack's order: one query for the results."""
    indicators = school_indicators(district, term)
    readings = _readings(district, indicators)
    by_school: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    results = compliance.latest_results(district=district, school_year=school_year, semester=term)
    if len(schools) == 1:
        results = results.filter(school=schools[0])
    fields = ("school_id", "indicator_code", "status", "value", "target", "deadline", "missing",
              "note")  # fmt: skip
    for row in results.values(*fields):
        by_school[row["school_id"]][row["indicator_code"]] = row
    found = []
    for school in schools:
        rows = by_school.get(school.pk, {})
        lines = [
            _line(i, rows.get(i.code), readings[i.code]) for i in indicators if i.code in rows
        ] or [_line(i, None, readings[i.code]) for i in indicators]
        found.append(SchoolSection(school.pk, school.code, school.name, lines,
                                   Counter(line.status for line in lines)))  # fmt: skip
    return indicators, found


def district_lines(*, district: District, school_year: int, term: int) -> list[Line]:
    """The district's own indicators (scope 区: its plan, its training …) with their
    results, which no school's section holds (one query for the results)."""
    indicators = [
        i for i in compliance.active_indicators(district=district) if i.scope == "district"
    ]
    if term:
        indicators = compliance.semester_indicators(indicators)
    readings = _readings(district, indicators)
    fields = ("indicator_code", "status", "value", "target", "deadline", "missing", "note")
    rows = {
        row["indicator_code"]: row
        for row in compliance.latest_results(
            district=district, school_year=school_year, semester=term
        )
        .filter(school__isnull=True)
        .values(*fields)
    }
    return [_line(i, rows.get(i.code), readings[i.code]) for i in indicators]


def by_category(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    grouped: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        grouped[line.category].append(line)
    return list(grouped.items())


def category_counts(sections_: list[SchoolSection]) -> list[tuple[str, dict[str, int]]]:
    """Per category the number of results in each status, over all the sections."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for section in sections_:
        for line in section.lines:
            counts[line.category][line.status] += 1
    return [(c, {s: n[s] for s in STATUS_ORDER}) for c, n in counts.items()]


def ranked(sections_: list[SchoolSection]) -> list[SchoolSection]:
    """Schools by share met, highest first (none judged last), then by code."""
    return sorted(sections_, key=lambda s: (s.share is None, -(s.share or 0), s.code))


def report_schools(district: District) -> list[School]:
    """The district's open schools in code order (a closed school files no report)."""
    return list(open_schools(district=district))
