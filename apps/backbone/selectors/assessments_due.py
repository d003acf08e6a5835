"""XB23-ASSESS reads for the 待办 (apps/reports/selectors/due_backbone_assessments.py): the
warnings still waiting for a plan (for the member and their school's leader), the plans
waiting for the district's review, and the results the district has yet to enter."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from apps.backbone.models import (
    Assessment,
    AssessmentKind,
    BackboneMember,
    Cohort,
    Consequence,
    ConsequenceKind,
    Rectification,
    RectificationStatus,
)
from apps.backbone.selectors.assessments import years_of
from apps.core.schoolyear import school_year


def warnings_waiting(
    *, user_ids: Iterable[int], school_ids: Iterable[int]
) -> QuerySet[Consequence]:
    """Warnings of these users' own memberships or of these schools' members with no plan
    pending or accepted."""
    filed = Rectification.objects.filter(
        warning=OuterRef("pk"),
        status__in=[RectificationStatus.SUBMITTED, RectificationStatus.ACCEPTED],
    )
    return (
        Consequence.objects.filter(kind=ConsequenceKind.WARNING)
        .filter(Q(member__teacher__user_id__in=list(user_ids)) | Q(school_id__in=list(school_ids)))
        .exclude(Exists(filed))
        .select_related("member__teacher", "member__cohort")
        .order_by("due_on", "id")
    )


def plans_pending(*, district_ids: Iterable[int]) -> QuerySet[Rectification]:
    return (
        Rectification.objects.filter(
            district_id__in=list(district_ids), status=RectificationStatus.SUBMITTED
        )
        .select_related("warning__member__teacher", "school")
        .order_by("filed_at", "id")
    )


def results_missing(*, district_ids: Iterable[int], today: dt.date) -> dict[int, int]:
    """Per district: how many due results (yearly of an ended year, term-end of an ended
    cohort) its cohorts' members lack."""
    cohorts = list(Cohort.objects.filter(district_id__in=list(district_ids), starts_on__lt=today))
    members = list(BackboneMember.objects.filter(cohort__in=cohorts).select_related("cohort"))
    have = set(
        Assessment.objects.filter(member__cohort__in=cohorts).values_list(
            "member_id", "kind", "school_year"
        )
    )
    entered = {(m, k) for m, k, _ in have if k == AssessmentKind.TERM_END}
    years = {c.pk: years_of(cohort=c) for c in cohorts}  # the cohort's pack: two queries each
    missing: dict[int, int] = defaultdict(int)
    for m in members:
        for y in years[m.cohort_id]:
            end = min(school_year(y).end, m.cohort.ends_on)
            present = m.joined_on <= end and (m.left_on is None or m.left_on >= end)
            if end < today and present and (m.pk, AssessmentKind.YEARLY, y) not in have:
                missing[m.cohort.district_id] += 1
        ends = m.cohort.ends_on
        if ends < today and (m.left_on is None or m.left_on >= ends):
            missing[m.cohort.district_id] += (m.pk, AssessmentKind.TERM_END) not in entered
    return missing
