"""The backbone app's sections of the school and district compliance reports: each
topic's rows (its own selector, set-based) with the title, the empty text and the note the
report prints, and the policy pack the section belongs to — a district sees only the
sections of the packs it holds (汇景区 the cohort's, 新桥区 the famous teachers')."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from apps.compliance import packs as pack_data
from apps.tenancy.models import District

from . import allowance, assessments, cohort_reports, growth, pool_reports, work

XUHUI, XINBEI = "xuhui-backbone-2023", "xinbei-2023"


@dataclass(frozen=True)
class ReportSection:
    pack: str
    title: str
    headers: Sequence[str]
    rows: Callable[..., list[list[Any]]]
    empty: str
    note: str = ""


SCHOOL_SECTIONS: tuple[ReportSection, ...] = (
    ReportSection(
        XUHUI, "骨干教师五项任务", cohort_reports.SCHOOL_REPORT_HEADERS,
        cohort_reports.school_report_rows, empty="本校没有本届骨干教师。",
        note="各项任务按学年或培养期核对（XB23-TASKS）；任务一按区级专题培训的出勤比例计（解读参数）。",
    ),
    ReportSection(
        XUHUI, "骨干津贴发放", allowance.SCHOOL_REPORT_HEADERS, allowance.school_report_rows,
        empty="本校没有本学年应发的骨干津贴。",
        note="按月经学校发放；两次学年度考核不合格者暂停下一学年津贴（XB23-ALLOWANCE、XB23-ASSESS）。",
    ),
    ReportSection(
        XINBEI, "名班主任：称号、推选与成长阶梯", pool_reports.SCHOOL_REPORT_HEADERS,
        pool_reports.school_report_rows, empty="本校暂无班主任称号、推选记录。",
        note="推选按个人申报、学校推荐、区级评审（XB-POOL）。",
    ),
    ReportSection(
        XINBEI, "名班主任成长团队成员", growth.SCHOOL_REPORT_HEADERS, growth.school_report_rows,
        empty="本校暂无成长团队成员。", note="成员条件与遴选程序见 XB-MEMBER。",
    ),
    ReportSection(
        XINBEI, "“五个一”与品格提升工程项目", work.SCHOOL_REPORT_HEADERS, work.school_report_rows,
        empty="本校暂无名班主任或团队成员。",
        note="“五个一”为鼓励项（XB-FIVE）；卓越班主任成长营成员须承担项目（XB-PROJECT）。",
    ),
)  # fmt: skip

DISTRICT_SECTIONS: tuple[ReportSection, ...] = (
    ReportSection(
        XUHUI, "骨干教师任务完成（各校）", cohort_reports.DISTRICT_REPORT_HEADERS,
        cohort_reports.district_report_rows, empty="本区尚未登记骨干培养周期。",
        note="本届培养周期与五项任务（XB23-COHORT、XB23-TASKS）。",
    ),
    ReportSection(
        XUHUI, "骨干考核与结果运用（各校）", assessments.DISTRICT_REPORT_HEADERS,
        assessments.district_report_rows, empty="本区尚无骨干考核结果。",
        note="一次不合格警告并整改、两次暂停下一学年津贴、届满不合格不发证书并取消申报资格、优秀奖金（XB23-ASSESS）。",
    ),
    ReportSection(
        XUHUI, "骨干津贴发放（各校）", allowance.DISTRICT_REPORT_HEADERS,
        allowance.district_report_rows, empty="本区尚无骨干津贴记录。", note="XB23-ALLOWANCE。",
    ),
    ReportSection(
        XINBEI, "名班主任人才库推选", pool_reports.DISTRICT_REPORT_HEADERS,
        pool_reports.district_report_rows, empty="本区尚未开展名班主任推选。",
        note="XB-POOL；到2026年底培育市区两级名班主任100名左右为力争目标（XB-TARGET）。",
    ),
    ReportSection(
        XINBEI, "名班主任成长团队与组成检查", growth.DISTRICT_REPORT_HEADERS,
        growth.district_report_rows, empty="本区尚未组建成长团队。",
        note="成员不超过15人、同一单位不超过2人、农村学校成员不少于5人、导师1–2人（XB-TEAM-SIZE）；领衔人称号与任期（XB-LEADER）。",
    ),
    ReportSection(
        XINBEI, "成长团队研究专辑、计划与成果展示", work.DISTRICT_REPORT_HEADERS,
        work.district_report_rows, empty="本区尚无成长团队。",
        note="XB-PROJECT、XB-PLAN、XB-SHOWCASE。",
    ),
)  # fmt: skip


def report_sections(*, district: District, scope: str) -> list[ReportSection]:
    """The sections of `scope` ("school" or "district") for the packs the district holds."""
    held = {pack.code for pack in pack_data.active_packs(district)}
    sections = SCHOOL_SECTIONS if scope == "school" else DISTRICT_SECTIONS
    return [section for section in sections if section.pack in held]
