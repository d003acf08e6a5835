"""The compliance reports' contents: the PDF templates' contexts and the Excel sheets,
from the selectors' sections (issue 12 §1). No database access of its own beyond them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from apps.compliance.models import ResultStatus
from apps.core.xlsx import DATE, PERCENT, TableSheet
from apps.reports.selectors import compliance as data
from apps.tenancy.models import District, School

from .sections import district_sections, school_sections
from .svg import heatmap_svg

HEATMAP_ROWS_PER_CHART = 60  # schools per SVG: one chart fits a page
# In a district report a school's section lists what needs attention; the rest is counted.
ATTENTION = {ResultStatus.NOT_MET, ResultStatus.PARTLY_MET, ResultStatus.PENDING_REVIEW,
             ResultStatus.NO_DATA}  # fmt: skip
STATUSES = [(s, data.STATUS_LABELS[s]) for s in data.STATUS_ORDER]


@dataclass(frozen=True)
class Request:
    """What a report is about: the district, the school for a school report, the period."""

    district: District
    school: School | None
    school_year: int
    semester: int
    report_id: str


def _percent(share: float | None) -> str | None:
    return None if share is None else f"{share * 100:.1f}%"


def _common(request: Request, title: str, marker: data.Marker) -> dict[str, Any]:
    run = marker.run
    return {
        "title": title,
        "district": request.district,
        "period": data.period_label(request.school_year, request.semester),
        "run": run,
        "as_of": run.as_of if run else None,
        "report_id": request.report_id,
        "generated_at": timezone.localtime(),
        "statuses": STATUSES,
        "share_rule": data.SHARE_RULE,
        "missing_shown": data.MISSING_SHOWN,
    }


def _summary(sections: list[data.SchoolSection]) -> list[tuple[str, list[int]]]:
    return [(c, list(counts.values())) for c, counts in data.category_counts(sections)]


def school_context(request: Request, marker: data.Marker) -> dict[str, Any]:
    assert request.school is not None
    _indicators, (section,) = data.sections(
        district=request.district, school_year=request.school_year, term=request.semester,
        schools=[request.school],
    )  # fmt: skip
    return {
        **_common(request, "学校班主任队伍建设达标情况报告", marker),
        "section": section,
        "met": section.counts[ResultStatus.MET],
        "share": _percent(section.share),
        "summary": _summary([section]),
        "groups": data.by_category(section.lines),
        "interpreted": any(line.readings for line in section.lines),
        "domain_sections": school_sections(request.school, request.school_year),
    }


def _ranking(sections: list[data.SchoolSection]) -> list[dict[str, Any]]:
    return [
        {
            "rank": n,
            "code": s.code,
            "name": s.name,
            "met": s.counts[ResultStatus.MET],
            "partly": s.counts[ResultStatus.PARTLY_MET],
            "not_met": s.counts[ResultStatus.NOT_MET],
            "share": _percent(s.share),
            "share_value": s.share,
            "judged": s.judged,
        }
        for n, s in enumerate(data.ranked(sections), start=1)
    ]


def _category_tables(
    indicators: list[Any], sections: list[data.SchoolSection]
) -> list[tuple[str, list[tuple[str, str, list[int]]]]]:
    per_code: dict[str, dict[str, int]] = {i.code: dict.fromkeys(data.STATUS_ORDER, 0)
                                            for i in indicators}  # fmt: skip
    for section in sections:
        for line in section.lines:
            per_code[line.code][line.status] = per_code[line.code].get(line.status, 0) + 1
    tables: dict[str, list[tuple[str, str, list[int]]]] = {}
    for i in indicators:
        tables.setdefault(i.category_zh, []).append(
            (i.code, i.title_zh, [per_code[i.code][s] for s in data.STATUS_ORDER])
        )
    return list(tables.items())


def _charts(indicators: list[Any], sections: list[data.SchoolSection]) -> str:
    codes = [i.code for i in indicators]
    rows = [(s.name, {line.code: line.status for line in s.lines}) for s in sections]
    labels = dict(data.STATUS_LABELS)
    return "".join(
        heatmap_svg(codes=codes, rows=rows[k : k + HEATMAP_ROWS_PER_CHART], labels=labels)
        for k in range(0, max(len(rows), 1), HEATMAP_ROWS_PER_CHART)
    )


def _school_parts(sections: list[data.SchoolSection]) -> Iterator[dict[str, Any]]:
    for s in sections:
        lines = [line for line in s.lines if line.status in ATTENTION]
        yield {
            "code": s.code, "name": s.name, "judged": s.judged,
            "met": s.counts[ResultStatus.MET], "share": _percent(s.share),
            "lines": lines, "rest": len(s.lines) - len(lines),
        }  # fmt: skip


def district_context(
    request: Request, marker: data.Marker, *, step: Callable[[int, int], None] | None = None
) -> dict[str, Any]:
    schools = data.report_schools(request.district)
    indicators, sections = data.sections(
        district=request.district, school_year=request.school_year, term=request.semester,
        schools=schools,
    )  # fmt: skip
    if step:
        step(1, 4)
    own = data.district_lines(district=request.district, school_year=request.school_year,
                              term=request.semester)  # fmt: skip
    return {
        **_common(request, "区班主任队伍建设达标情况报告", marker),
        "district_lines": own,
        "district_groups": data.by_category(own),
        "sections": sections,
        "total_results": sum(len(s.lines) for s in sections) + len(own),
        "summary": _summary(sections),
        "heatmap_svg": _charts(indicators, sections),
        "ranking": _ranking(sections),
        "category_tables": _category_tables(indicators, sections),
        "school_parts": list(_school_parts(sections)),
        "indicators": indicators,
        "domain_sections": district_sections(request.district, request.school_year),
    }


# --------------------------------------------------------------------------- Excel

LINE_HEADERS = ("类别", "指标编号", "指标", "状态", "实际值", "目标值", "完成时限", "缺失项",
                "采用的解释", "说明")  # fmt: skip


def _line_row(line: data.Line) -> list[Any]:
    deadline = line.deadline if isinstance(line.deadline, dt.date) else None
    return [line.category, line.code, line.title, line.status_label, line.value, line.target,
            deadline, "、".join(line.missing), "；".join(line.readings), line.note]  # fmt: skip


def _about(context: dict[str, Any], extra: list[list[Any]]) -> TableSheet:
    run = context["run"]
    rows = [
        ["报表", context["title"]],
        ["区", context["district"].name],
        ["评估期间", context["period"]],
        ["评估基准日", context["as_of"]],
        ["数据来源", f"达标评估 #{run.pk}" if run else "尚无评估结果"],
        ["报表编号", context["report_id"]],
        ["生成时间", context["generated_at"]],
        ["达标率口径", data.SHARE_RULE],
        *extra,
    ]
    return TableSheet("说明", ("项目", "内容"), rows, widths=(16, 80))  # dates typed by openpyxl


def school_sheets(context: dict[str, Any]) -> list[TableSheet]:
    section = context["section"]
    line_formats = (None,) * 6 + (DATE,)
    return [
        TableSheet("逐项情况", LINE_HEADERS, [_line_row(x) for x in section.lines],
                   widths=(14, 16, 60, 10, 16, 16, 12, 40, 40, 30), formats=line_formats),
        TableSheet("分类汇总", ("类别", *[label for _s, label in STATUSES]),
                   [[c, *n] for c, n in context["summary"]]),
        *(domain.sheet() for domain in context["domain_sections"]),
        _about(context, [["学校", f"{section.name}（{section.code}）"],
                         ["达标率", context["share"] or "—"]]),
    ]  # fmt: skip


def _sheet_title(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of []:*?/\\), unique."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name)[:28] or "类别"
    title, n = clean, 2
    while title in used:
        title, n = f"{clean[:26]}_{n}", n + 1
    used.add(title)
    return title


def district_sheets(context: dict[str, Any], indicators: list[Any]) -> list[TableSheet]:
    sections: list[data.SchoolSection] = context["sections"]
    sheets, used = [], {"学校汇总", "原始结果", "说明"}
    ranking = context["ranking"]
    sheets.append(TableSheet(
        "学校汇总", ("名次", "学校代码", "学校", "达标", "部分达标", "未达标", "已评判", "达标率"),
        [[r["rank"], r["code"], r["name"], r["met"], r["partly"], r["not_met"], r["judged"],
          r["share_value"]] for r in ranking],
        formats=(None,) * 7 + (PERCENT,),
    ))  # fmt: skip
    categories: dict[str, list[Any]] = {}
    for i in indicators:
        categories.setdefault(i.category_zh, []).append(i)
    shown = {s.school_id: {x.code: x.status_label for x in s.lines} for s in sections}
    for category, members in categories.items():
        codes = [i.code for i in members]
        rows = [[s.code, s.name, *[shown[s.school_id].get(c, "—") for c in codes]]
                for s in sections]  # fmt: skip
        sheets.append(TableSheet(_sheet_title(category, used), ("学校代码", "学校", *codes), rows))
    own = [["—", "区级", *_line_row(line)] for line in context["district_lines"]]
    raw = [*own, *([s.code, s.name, *_line_row(line)] for s in sections for line in s.lines)]
    sheets.append(TableSheet("原始结果", ("学校代码", "学校", *LINE_HEADERS), raw,
                             formats=(None,) * 8 + (DATE,)))  # fmt: skip
    sheets += [domain.sheet() for domain in context["domain_sections"]]
    sheets.append(_about(context, [["学校数", len(sections)]]))
    return sheets
