"""Research sessions (XH26-A2-1 "杜绝事务性替代") judged by their structure, not their words.

A school's activity counts as a problem-oriented research session when:

1. it is marked as one and names a theme from the pack's list (`research_session_modules`),
   the problem studied (its topic), and keeps minutes of at least the pack's length
   (`research_minutes_min_chars`) — checked when it is recorded (`research_session_errors`);
2. at least the pack's number of the school year's homeroom teachers attended it
   (`research_min_homeroom_attendees`) — counted by the evaluator from the attendance;
3. the district's spot-check (抽查) has not marked it 不计入 (`session_spot_check`).

The old keyword check (工作布置, 例会, 报表 …) stays only as a first warning shown to the
school and to the district's spot-checker (`administrative_warning`), never as the gate.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.compliance.services import schedule_school_recompute
from apps.core.schoolyear import semester_of
from apps.tenancy.access import holds_district_role
from apps.tenancy.models import District, Role
from apps.training.models import Module, SessionSpotCheck, SpotCheckVerdict, TrainingActivity
from apps.training.selectors.common import district_parameters

ADMINISTRATIVE = re.compile(r"(工作布置|工作安排|事务|例会|通知|传达|会议精神|表格|报表|填报)")
SPOT_CHECK_ROLES = (Role.DISTRICT_REVIEWER, Role.DISTRICT_ADMIN)


def administrative_warning(topic: str) -> str:
    """A first warning (never a refusal) when a topic reads like a business meeting."""
    words = sorted(set(ADMINISTRATIVE.findall(topic or "")))
    if not words:
        return ""
    return f"研修主题含“{'、'.join(words)}”等事务性字样，请确认研究的是育人问题（区可抽查）。"


def research_session_errors(fields: dict[str, Any], *, district: District) -> dict[str, str]:
    """Step 1: a research session's theme, problem and minutes, by the district's packs."""
    if not fields.get("is_research_session"):
        return {}
    params = district_parameters(district=district)
    errors: dict[str, str] = {}
    modules = params.get("research_session_modules")
    if modules and fields.get("module") not in modules:
        labels = "、".join(str(Module(m).label) for m in modules if m in Module.values)
        errors["module"] = f"问题导向型研修须选定研修主题模块：{labels}。"
    if not (fields.get("topic") or "").strip():
        errors["topic"] = "问题导向型研修须写明研究的问题（如某类学生案例、班级建设难题）。"
    minutes = (fields.get("minutes") or "").strip()
    least = params.get("research_minutes_min_chars")
    if not minutes or (least and len(minutes) < int(least)):
        length = f"（不少于 {least} 字）" if least else ""
        errors["minutes"] = f"问题导向型研修须留存完整记录：请填写活动纪要{length}。"
    return errors


@transaction.atomic
def session_spot_check(
    *, activity: TrainingActivity, reviewer: Any, counts: bool, reason: str = ""
) -> SessionSpotCheck:
    """Step 3: the district's verdict on a school's recorded research session. 不计入 needs
    the reason the school will read; a later check replaces the earlier one."""
    if activity.school_id is None or not activity.is_research_session:
        raise ValidationError({"activity": "只能抽查学校登记的问题导向型研修活动。"})
    if not holds_district_role(reviewer, activity.district_id, SPOT_CHECK_ROLES):
        raise PermissionDenied("only the district's reviewers spot-check its schools' sessions")
    if activity.created_by_id == reviewer.pk:
        raise PermissionDenied("不能抽查本人登记的研修活动，请由其他审核人处理。")
    reason = reason.strip()
    if not counts and not reason:
        raise ValidationError({"reason": "标记“不计入”时请写明理由（学校将看到该理由）。"})
    check, _created = SessionSpotCheck.objects.update_or_create(
        activity=activity,
        defaults={
            "school_id": activity.school_id,
            "district_id": activity.district_id,
            "verdict": SpotCheckVerdict.COUNTS if counts else SpotCheckVerdict.EXCLUDED,
            "reason": reason,
            "checked_by": reviewer,
        },
    )
    assert activity.school is not None
    schedule_school_recompute(school=activity.school, school_year=semester_of(activity.date)[0])
    return check
