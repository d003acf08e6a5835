"""Today's due sources (apps/core/todo.py registry), over the apps' records: each answers
for all holdings of its roles in one or two queries, never one per person or per row.

* `evidence.review_queue` (district reviewers, admins): each evidence item waiting for
  review (待审核);
* `training.hours_to_verify` (school leaders): each external-training record waiting for
  学时审定;
* `evidence.returned` (school leaders): the school's evidence returned lately, with the
  comment;
* `training.my_reviewed` (teachers): their external records verified (已审定) or returned
  lately;
* `probation.deadlines`, `probation.graduation_queue`: see `due_probation`;
* `training.research_month` (leaders, district roles): XH26-A2-1, a school with no
  research session yet in the last days of the month.

An item's key is what a notice of the same thing is recorded under (the key
`reviewed:<model>:<id>:<action>` is also the one of the notice the review event made),
so the beat never repeats it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from apps.compliance.models import Indicator
from apps.core.review import ReviewAction
from apps.core.schoolyear import month_end
from apps.core.todo import DueItem, register_due_source
from apps.evidence.models import EvidenceItem, EvidenceStatus
from apps.reports.models import NoticeKind
from apps.tenancy.models import DISTRICT_ROLES, Role, School
from apps.training.models import (
    ExternalTraining,
    RecordStatus,
    SpotCheckVerdict,
    TrainingActivity,
)


def reviewed_key(record: Any, action: str) -> str:
    """The key of "this record was decided so": the event's notice and the 待办 item."""
    return f"reviewed:{record._meta.label_lower}:{record.pk}:{action}"


def _recent(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=settings.NOTICE_RECENT_DAYS)


def _by(holdings: Iterable[Any], attr: str) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for holding in holdings:
        grouped[getattr(holding, attr)].append(holding)
    return grouped


def review_queue(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    by_district = _by(holdings, "district_id")
    waiting = (
        EvidenceItem.objects.filter(district_id__in=by_district, status=EvidenceStatus.SUBMITTED)
        .filter(school__closed_at__isnull=True)  # a closed school leaves the lists
        .select_related("school")
        .order_by("created_at", "id")
    )
    items = []
    for item in waiting:
        link = reverse(
            "evidence:review_detail",
            kwargs={"district_id": item.district_id, "item_id": item.pk},
        )
        for holding in by_district[item.district_id]:
            items.append(
                DueItem(
                    user_id=holding.user_id,
                    key=f"pending:{item._meta.label_lower}:{item.pk}",
                    kind=NoticeKind.TODO,
                    title=f"待审核：{item.school.name}《{item.title}》",
                    body=f"{item.school.name}于{item.created_at:%Y-%m-%d}提交的{item.indicator_code}佐证材料等待审核。",
                    link=link,
                    district_id=item.district_id,
                    school_id=item.school_id,
                    for_district=True,
                )
            )
    return items


def hours_to_verify(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    by_school = _by(holdings, "school_id")
    waiting = (
        ExternalTraining.objects.filter(school_id__in=by_school, status=RecordStatus.SUBMITTED)
        .filter(school__closed_at__isnull=True)
        .select_related("teacher")
        .order_by("created_at", "id")
    )
    items = []
    for record in waiting:
        link = reverse(
            "training:external_detail",
            kwargs={"school_id": record.school_id, "record_id": record.pk},
        )
        for holding in by_school[record.school_id]:
            items.append(
                DueItem(
                    user_id=holding.user_id,
                    key=f"pending:{record._meta.label_lower}:{record.pk}",
                    kind=NoticeKind.TODO,
                    title=f"待审定学时：{record.teacher.name}《{record.title}》{record.hours}学时",
                    body=f"{record.teacher.name}登记的校外培训（{record.date:%Y-%m-%d}）等待学时审定。",
                    link=link,
                    district_id=record.district_id,
                    school_id=record.school_id,
                )
            )
    return items


def evidence_returned(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    by_school = _by(holdings, "school_id")
    returned = EvidenceItem.objects.filter(
        school_id__in=by_school,
        status=EvidenceStatus.RETURNED,
        reviewed_at__date__gte=_recent(today),
    ).order_by("-reviewed_at", "-id")
    items = []
    for item in returned:
        link = reverse(
            "evidence:school_detail", kwargs={"school_id": item.school_id, "item_id": item.pk}
        )
        for holding in by_school[item.school_id]:
            items.append(
                DueItem(
                    user_id=holding.user_id,
                    key=reviewed_key(item, ReviewAction.RETURNED),
                    kind=NoticeKind.REVIEWED,
                    title=f"材料已退回：《{item.title}》",
                    body=f"退回意见：{item.review_comment}",
                    link=link,
                    district_id=item.district_id,
                    school_id=item.school_id,
                )
            )
    return items


def my_reviewed(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    user_ids = {h.user_id for h in holdings}
    records = (
        ExternalTraining.objects.filter(
            teacher__user_id__in=user_ids,
            status__in=(RecordStatus.VERIFIED, RecordStatus.RETURNED),
            reviewed_at__date__gte=_recent(today),
        )
        .select_related("teacher")
        .order_by("-reviewed_at", "-id")
    )
    return [
        external_reviewed_item(record, user_id=record.teacher.user_id)
        for record in records
        if record.teacher.user_id is not None
    ]


def external_reviewed_item(record: ExternalTraining, *, user_id: int) -> DueItem:
    """What the teacher is told of a decided record: 已审定, or 已退回 with the comment."""
    verified = record.status == RecordStatus.VERIFIED
    action = ReviewAction.ACCEPTED if verified else ReviewAction.RETURNED
    if verified:
        title = f"已审定：《{record.title}》{record.hours}学时已计入"
        body = (
            f"学校已审定你于{record.date:%Y-%m-%d}参加的校外培训，{record.hours}学时计入学时台账。"
        )
    else:
        title = f"已退回：《{record.title}》"
        body = f"退回意见：{record.review_comment}。请修改后重新登记。"
    return DueItem(
        user_id=user_id,
        key=reviewed_key(record, action),
        kind=NoticeKind.REVIEWED,
        title=title,
        body=body,
        link=reverse("training:my_training"),
        district_id=record.district_id,
        school_id=record.school_id,
    )


RESEARCH_INDICATOR = "XH26-A2-1"  # its code in the pack (Appendix 1)


def research_month(*, holdings: Sequence[Any], today: dt.date) -> list[DueItem]:
    """XH26-A2-1: a research session every month. In the month's last
    NOTICE_RESEARCH_WARN_DAYS days, each school with none yet (a session marked 不计入
    does not count) is due; its leaders hear of their school, the district of all."""
    end = month_end(today.year, today.month)
    if (end - today).days >= settings.NOTICE_RESEARCH_WARN_DAYS:
        return []
    held = Exists(
        TrainingActivity.objects.filter(
            school=OuterRef("pk"),
            is_research_session=True,
            date__gte=today.replace(day=1),
            date__lte=end,
        ).exclude(spot_check__verdict=SpotCheckVerdict.EXCLUDED)
    )
    leaders = _by((h for h in holdings if h.role == Role.SCHOOL_LEADER), "school_id")
    district = _by((h for h in holdings if h.role in DISTRICT_ROLES), "district_id")
    # Only where the indicator is in force: a district whose packs hold it.
    packs = list(
        Indicator.objects.filter(code=RESEARCH_INDICATOR)
        .values_list("pack__code", flat=True)
        .distinct()
    )
    schools = (
        School.objects.filter(Q(pk__in=leaders) | Q(district_id__in=district))
        .filter(closed_at__isnull=True, district__policy_packs__overlap=packs)
        .annotate(held=held)
        .filter(held=False)
        .order_by("code")
    )
    items = []
    for school in schools:
        link = reverse("training:activity_list", kwargs={"school_id": school.pk})
        audience = [(h, False) for h in leaders.get(school.pk, [])]
        audience += [(h, True) for h in district.get(school.district_id, [])]
        for holding, for_district in audience:
            items.append(
                DueItem(
                    user_id=holding.user_id,
                    key=f"research-month:{school.pk}:{today:%Y-%m}",
                    kind=NoticeKind.DUE,
                    title=f"{school.name}本月尚未开展问题导向型研修",
                    body=f"本月（截至{end:%m月%d日}）尚无研修活动记录（XH26-A2-1 每月一次）。",
                    link=link,
                    district_id=school.district_id,
                    school_id=school.pk,
                    due_on=end,
                    for_district=for_district,
                )
            )
    return items


def register() -> None:
    """Called once from `ReportsConfig.ready`."""
    from .due_backbone_work import register as register_backbone_work  # noqa: PLC0415
    from .due_probation import graduation_queue, probation_deadlines  # noqa: PLC0415
    from .due_studios import briefs_due  # noqa: PLC0415

    district_roles = {Role.DISTRICT_REVIEWER, Role.DISTRICT_ADMIN}
    register_due_source("probation.deadlines", probation_deadlines, roles={Role.SCHOOL_LEADER})
    register_due_source("probation.graduation_queue", graduation_queue, roles=district_roles)
    register_due_source("studios.briefs_due", briefs_due, roles={Role.STUDIO_LEAD})
    # backbone: assessments (XB23-ASSESS)
    from .due_backbone_assessments import assessments_district, plans_due  # noqa: PLC0415

    register_due_source("backbone.plans_due", plans_due, roles={Role.TEACHER, Role.SCHOOL_LEADER})
    register_due_source("backbone.assessments_district", assessments_district, roles=district_roles)
    # end of backbone: assessments
    # backbone: allowance
    from .due_backbone_allowance import allowance_due  # noqa: PLC0415

    register_due_source("backbone.allowance_due", allowance_due, roles={Role.SCHOOL_LEADER})
    # end of backbone: allowance
    from .due_backbone_cohort import register_sources as backbone_cohort  # noqa: PLC0415

    backbone_cohort(register_due_source)
    register_due_source("evidence.review_queue", review_queue, roles=district_roles)
    register_due_source("training.hours_to_verify", hours_to_verify, roles={Role.SCHOOL_LEADER})
    register_due_source("evidence.returned", evidence_returned, roles={Role.SCHOOL_LEADER})
    register_due_source("training.my_reviewed", my_reviewed, roles={Role.TEACHER})
    # backbone: pool (XB-POOL: applications waiting for the school's, then the district's step)
    from .due_backbone_pool import pool_to_recommend, pool_to_review  # noqa: PLC0415

    register_due_source("backbone.pool_to_recommend", pool_to_recommend, roles={Role.SCHOOL_LEADER})
    register_due_source("backbone.pool_to_review", pool_to_review, roles=district_roles)
    # end of backbone: pool
    register_backbone_work()  # backbone: work (XB-FIVE, XB-SHOWCASE)
    # backbone: teams (XB-MEMBER: admissions waiting for the school's or the district's step)
    from .due_backbone_teams import teams_district_steps, teams_to_recommend  # noqa: PLC0415

    register_due_source(
        "backbone.teams_to_recommend", teams_to_recommend, roles={Role.SCHOOL_LEADER}
    )
    register_due_source("backbone.teams_district_steps", teams_district_steps, roles=district_roles)
    register_due_source(
        "training.research_month",
        research_month,
        roles={Role.SCHOOL_LEADER, *district_roles},
    )
