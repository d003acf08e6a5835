"""The 导出 Excel of the "谁改了什么" page: the filtered list, newest first.

1. Sheet 变更记录: one row per history row — time, who, role, what acted (a command or
   task), action, data category, object, the changed fields ("字段：旧 → 新", one per
   line) and the request id — read a page at a time (`EXPORT_CHUNK`), so memory and the
   number of queries per row do not grow with the list.
2. Sheet 说明: the district, the filters, when it was made and by whom, and — past
   `EXPORT_LIMIT` rows — that the list was cut there (narrow the dates to get the rest).

The kit writes it (`apps.core.xlsx.write_xlsx`: every cell escaped, so a name that begins
like a formula stays text). `rows_written` tells the caller how many rows went out, for
the access log.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone

from apps.core.xlsx import TableSheet, write_xlsx
from apps.tenancy.models import District

from .selectors import EventRow, event_rows

EXPORT_CHUNK = 500
EXPORT_LIMIT = 50_000
HEADERS = ("时间", "操作人", "角色", "来源", "操作", "数据类别", "对象", "变更内容", "请求编号")
WIDTHS = (18, 14, 24, 24, 8, 16, 30, 80, 34)


def _change_text(row: EventRow) -> str:
    return "\n".join(
        f"{c.field}：{c.old} → {c.new}" if c.old and c.new else f"{c.field}：{c.old or c.new}"
        for c in row.changes
    )


def _cells(row: EventRow) -> list[Any]:
    return [
        f"{timezone.localtime(row.at):%Y-%m-%d %H:%M:%S}",
        row.actor,
        row.roles,
        row.via,
        row.action,
        row.table,
        row.obj,
        _change_text(row),
        row.request_id,
    ]


class EventExport:
    """The workbook of `listing` (a `district_events` queryset)."""

    def __init__(self, *, district: District, listing: QuerySet[Any], filters: str, by: str):
        self.district = district
        self.listing = listing
        self.filters = filters
        self.by = by
        self.rows_written = 0
        self.truncated = False

    def _rows(self) -> Iterator[list[Any]]:
        """Step 1."""
        for start in range(0, EXPORT_LIMIT, EXPORT_CHUNK):
            page = list(self.listing[start : start + EXPORT_CHUNK])
            for row in event_rows(district=self.district, page=page):
                self.rows_written += 1
                yield _cells(row)
            if len(page) < EXPORT_CHUNK:
                return
        self.truncated = self.listing[EXPORT_LIMIT : EXPORT_LIMIT + 1].exists()

    def _notes(self) -> Iterator[list[Any]]:
        """Step 2 (written after step 1, so it knows whether the list was cut)."""
        yield [f"{self.district.name} · 谁改了什么（审计记录）"]
        yield [f"筛选条件：{self.filters or '无'}"]
        yield [f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}，导出人：{self.by}"]
        yield [f"共 {self.rows_written} 条。"]
        if self.truncated:
            limit = EXPORT_LIMIT
            yield [f"记录超过 {limit} 条，只导出了最近的 {limit} 条；请缩小日期范围分次导出。"]

    def write(self) -> IO[bytes]:
        return write_xlsx(
            [
                TableSheet("变更记录", HEADERS, self._rows(), widths=WIDTHS),
                TableSheet("说明", (), self._notes(), widths=(100,)),
            ]
        )
