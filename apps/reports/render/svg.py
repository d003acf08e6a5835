"""The district report's schools × indicators heatmap as an SVG (issue 12 §1).

Drawn here, not by a chart library: a grid of cells, one row per school, one column per
indicator. Colour is never the only signal — a 未达标 cell carries a cross and a 部分达标
cell a diagonal, so the chart reads the same in black and white and to a reader with
red–green colour blindness. Every text is escaped.
"""

from __future__ import annotations

from html import escape

from apps.compliance.models import ResultStatus

CELL, GAP, LABEL_W, HEAD_H = 9, 1, 150, 60
FILL: dict[str, str] = {
    ResultStatus.MET: "#2e7d32",
    ResultStatus.PARTLY_MET: "#f9a825",
    ResultStatus.NOT_MET: "#c62828",
    ResultStatus.PENDING_REVIEW: "#64b5f6",
    ResultStatus.NOT_YET_DUE: "#cfd8dc",
    ResultStatus.NO_DATA: "#eeeeee",
    ResultStatus.ENCOURAGED: "#b39ddb",
    ResultStatus.NOT_APPLICABLE: "#ffffff",
}


def _mark(status: str, x: int, y: int) -> str:
    """The shape beside the colour: a cross for 未达标, a diagonal for 部分达标."""
    a, b = x + 1, x + CELL - 1
    c, d = y + 1, y + CELL - 1
    if status == ResultStatus.NOT_MET:
        return f'<path d="M{a} {c}L{b} {d}M{b} {c}L{a} {d}" stroke="#fff" stroke-width="1.2"/>'
    if status == ResultStatus.PARTLY_MET:
        return f'<path d="M{a} {d}L{b} {c}" stroke="#5d4037" stroke-width="1.2"/>'
    return ""


def heatmap_svg(
    *, codes: list[str], rows: list[tuple[str, dict[str, str]]], labels: dict[str, str]
) -> str:
    """`rows` are (school name, {indicator code: status}); `codes` the columns in order;
    `labels` the status names for the legend."""
    step = CELL + GAP
    width = LABEL_W + step * len(codes) + 10
    height = HEAD_H + step * len(rows) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="6" role="img" aria-label="学校指标达标热力图">'
    ]
    for j, code in enumerate(codes):
        x = LABEL_W + j * step + CELL - 2
        parts.append(
            f'<text transform="translate({x},{HEAD_H - 2}) rotate(-60)">{escape(code[-9:])}</text>'
        )
    for i, (name, statuses) in enumerate(rows):
        y = HEAD_H + i * step
        parts.append(f'<text x="0" y="{y + CELL - 1}">{escape(name[:18])}</text>')
        for j, code in enumerate(codes):
            status = statuses.get(code, ResultStatus.NO_DATA)
            x = LABEL_W + j * step
            fill = FILL.get(status, "#eeeeee")
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" '
                'stroke="#bdbdbd" stroke-width="0.3"/>'
            )
            parts.append(_mark(status, x, y))
    parts.append(_legend(HEAD_H + step * len(rows) + 12, labels))
    parts.append("</svg>")
    return "".join(parts)


def _legend(y: int, labels: dict[str, str]) -> str:
    items, x = [], 0
    for status, fill in FILL.items():
        items.append(
            f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" '
            'stroke="#bdbdbd" stroke-width="0.3"/>'
            + _mark(status, x, y)
            + f'<text x="{x + CELL + 3}" y="{y + CELL - 1}">'
            + f"{escape(labels.get(status, status))}</text>"
        )
        x += 70
    return "".join(items)
