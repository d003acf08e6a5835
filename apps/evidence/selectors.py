"""Reads of evidence, always scoped to a school or a district. A lookup of one item outside
the scope is a 404, exactly like an id that does not exist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.compliance import registry
from apps.compliance import selectors as compliance_selectors
from apps.compliance.models import IndicatorScope
from apps.core.web import int_or_404
from apps.tenancy.models import District, School

from .models import EvidenceEvent, EvidenceFile, EvidenceItem, EvidenceStatus

if TYPE_CHECKING:
    from apps.compliance.models import Indicator

# The review queue's status filter: one status, or every status.
ALL_STATUSES = "all"


@dataclass(frozen=True)
class EvidenceIndicator:
    """An indicator a school can submit evidence for, and the kinds it takes."""

    indicator: Indicator
    kinds: list[str]

    @property
    def code(self) -> str:
        return self.indicator.code


def _with_people(queryset: QuerySet[EvidenceItem]) -> QuerySet[EvidenceItem]:
    return queryset.select_related("school", "submitted_by", "reviewed_by")


def _history() -> Prefetch[str, QuerySet[EvidenceEvent]]:
    return Prefetch(
        "events", queryset=EvidenceEvent.objects.select_related("actor").order_by("at", "id")
    )


# --------------------------------------------------------------------------- school


def evidence_list(
    *,
    school: School,
    school_year: int | None = None,
    status: str = "",
    indicator_code: str = "",
    history: bool = False,
) -> QuerySet[EvidenceItem]:
    """A school's items, newest first (people joined and, with `history`, the events
    prefetched: no query per row)."""
    queryset = _with_people(EvidenceItem.objects.for_school(school))
    if history:
        queryset = queryset.prefetch_related(_history())
    if school_year is not None:
        queryset = queryset.filter(school_year=school_year)
    if status:
        queryset = queryset.filter(status=status)
    if indicator_code:
        queryset = queryset.filter(indicator_code=indicator_code)
    return queryset.order_by("-created_at", "-id")


def evidence_get(*, school: School, item_id: int | str, history: bool = True) -> EvidenceItem:
    """One item of the school (with its history unless `history=False`)."""
    queryset = _with_people(EvidenceItem.objects.for_school(school))
    if history:
        queryset = queryset.prefetch_related(_history())
    return get_object_or_404(queryset, pk=int_or_404(item_id))


# --------------------------------------------------------------------------- district


def district_evidence_list(
    *,
    district: District,
    status: str = EvidenceStatus.SUBMITTED,
    school_id: int | str | None = None,
    indicator_code: str = "",
    school_year: int | None = None,
    history: bool = False,
) -> QuerySet[EvidenceItem]:
    """The district's items for review. Waiting items come oldest first (first in, first
    reviewed); any other view shows the most recently changed first. `status` is one
    status or `ALL_STATUSES`; an unknown school id gives an empty list, not another
    district's items."""
    queryset = _with_people(EvidenceItem.objects.for_district(district))
    if history:
        queryset = queryset.prefetch_related(_history())
    if status != ALL_STATUSES:
        queryset = queryset.filter(status=status)
    if school_id is not None and school_id != "":
        try:
            queryset = queryset.filter(school_id=int(school_id))
        except ValueError:
            return queryset.none()
    if indicator_code:
        queryset = queryset.filter(indicator_code=indicator_code)
    if school_year is not None:
        queryset = queryset.filter(school_year=school_year)
    if status == EvidenceStatus.SUBMITTED:
        return queryset.order_by("created_at", "id")
    return queryset.order_by("-updated_at", "-id")


def district_evidence_get(
    *, district: District, item_id: int | str, history: bool = True
) -> EvidenceItem:
    """One item of a school of the district (with its history unless `history=False`)."""
    queryset = _with_people(EvidenceItem.objects.for_district(district))
    if history:
        queryset = queryset.prefetch_related(_history())
    return get_object_or_404(queryset, pk=int_or_404(item_id))


def district_schools(*, district: District) -> QuerySet[School]:
    """The district's schools, for the review queue's school filter."""
    return School.objects.filter(district=district).order_by("code")


# --------------------------------------------------------------------------- shared


def evidence_file_data(*, item: EvidenceItem) -> bytes:
    """The uploaded bytes of an item already fetched through a scoped selector; 404 when
    the item has none (an attestation without an attachment)."""
    if not item.file_name:
        raise Http404
    data = EvidenceFile.objects.filter(item=item).values_list("data", flat=True).first()
    if data is None:
        raise Http404
    return bytes(data)


def indicator_titles(*, district: District) -> dict[str, Indicator]:
    """{code: indicator} of the district's active packs, to label items (two queries)."""
    return {i.code: i for i in compliance_selectors.active_indicators(district=district)}


def submittable_indicators(*, school: School) -> list[EvidenceIndicator]:
    """School-scope indicators of the district's active packs that take evidence and apply
    to this school (a featured-project indicator only for a school that opted in)."""
    found = []
    for indicator in compliance_selectors.active_indicators(district=school.district):
        if indicator.scope != IndicatorScope.SCHOOL or not compliance_selectors.indicator_applies(
            indicator, school
        ):
            continue
        kinds = registry.evidence_kinds(indicator)
        if kinds:
            found.append(EvidenceIndicator(indicator, list(dict.fromkeys(kinds))))
    return found


def required_parts(*, district: District, indicator_code: str) -> list[str]:
    """The parts a document must contain for the reviewer to accept it (the indicator's
    `required_parts` parameter in the district's packs; none for most documents)."""
    indicator = indicator_titles(district=district).get(indicator_code)
    parts = (indicator.params or {}).get("required_parts") if indicator else None
    return [str(part) for part in parts] if isinstance(parts, list) else []
