"""The 导出 Excel of the growth teams: the teams with their composition checks, and the
members with their admission status. Rendering only."""

from __future__ import annotations

from collections.abc import Iterable

from apps.backbone.models import GrowthMember
from apps.backbone.selectors.growth import DISTRICT_REPORT_HEADERS, district_report_rows
from apps.core.xlsx import DATE, TableSheet
from apps.tenancy.models import District

MEMBER_HEADERS = ("团队", "梯队", "姓名", "学校", "农村学校", "状态", "申报日期", "确定日期",
                  "退出日期", "退出原因")  # fmt: skip


def team_sheet(*, district: District, year: int) -> TableSheet:
    rows = district_report_rows(district=district, year=year)
    return TableSheet("成长团队", DISTRICT_REPORT_HEADERS, rows,
                      formats=(None, None, None, DATE))  # fmt: skip


def member_sheet(members: Iterable[GrowthMember]) -> TableSheet:
    rows = [
        [m.team.name, m.team.get_tier_display(), m.teacher.name, m.school.name,
         "是" if m.school.is_rural else "否", m.get_status_display(), m.applied_on,
         m.confirmed_on, m.left_on, m.get_leave_reason_display()]
        for m in members
    ]  # fmt: skip
    formats = (None, None, None, None, None, None, DATE, DATE, DATE)
    return TableSheet("成员", MEMBER_HEADERS, rows, formats=formats)
