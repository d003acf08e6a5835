"""What the training pages share: request parameters, service errors on forms, serving a
stored file back, ledger rows with their reversals, and the portal mixins — the school's
training tabs, the district's writers, the teacher's own space.

Serving a file (an external record's certificate, an archive entry's proof, an activity's
attachment): always as an attachment, with the type the bytes were checked to be at
upload (never the browser's guess), under the name the teacher gave it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponseBase

from apps.core.schoolyear import current_school_year
from apps.people import selectors as people_selectors
from apps.people.models import Teacher
from apps.tenancy.access import access_district, holds_district_role
from apps.tenancy.mixins import DistrictPortalMixin, SchoolPortalMixin
from apps.tenancy.models import District, Role
from apps.training.forms.common import school_year_choices
from apps.training.models import LedgerEntry, RecordStatus

PAGE_SIZE = 30
STATUS_FILTERS = [*RecordStatus.choices, ("all", "全部")]
DISTRICT_WRITERS = (Role.DISTRICT_ADMIN,)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


# --------------------------------------------------------------------------- request and forms


def year_choices(year: int) -> list[int]:
    years = [y for y, _label in school_year_choices()]
    return years if year in years else sorted({*years, year}, reverse=True)


def years_around(year: int) -> list[int]:
    """The next school year, this one and the three before (and `year`), newest first."""
    current = current_school_year()
    years = list(range(current + 1, current - 4, -1))
    return years if year in years else sorted({year, *years}, reverse=True)


# --------------------------------------------------------------------------- files


# --------------------------------------------------------------------------- ledger rows


def mark_reversals(rows: list[LedgerEntry]) -> list[LedgerEntry]:
    """`entry_reversed` and `reversal_reason` on each row (from the prefetched reversal)."""
    for row in rows:
        try:
            reversal: LedgerEntry | None = row.reversed_by
        except ObjectDoesNotExist:
            reversal = None
        row.entry_reversed = reversal is not None  # type: ignore[attr-defined]
        row.reversal_reason = reversal.reason if reversal else ""  # type: ignore[attr-defined]
    return rows


def hours_totals(rows: list[LedgerEntry]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[row.credit_class] += row.hours
        totals["total"] += row.hours
        totals[f"s{row.semester}"] += row.hours
    return dict(totals)


# --------------------------------------------------------------------------- portal mixins


class TrainingSchoolMixin(SchoolPortalMixin):
    """The school portal's training pages share their tabs."""

    tab = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tab"] = self.tab
        return context


class TrainingDistrictMixin(DistrictPortalMixin):
    """District roles read; writing (an activity, its sign-in) needs the district's admin
    at the district itself — anyone else gets the same 404 as a stranger."""

    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and request.method not in ("GET", "HEAD", "OPTIONS"):
            access_district(request.user, kwargs["district_id"], roles=DISTRICT_WRITERS)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_write"] = self.can_write
        return context

    @property
    def can_write(self) -> bool:
        try:
            access_district(self.request.user, self.district.pk, roles=DISTRICT_WRITERS)  # type: ignore[arg-type]
        except Http404:
            return False
        return True


class DistrictProgrammeMixin(LoginRequiredMixin):
    """`self.district` for /d/<district_id>/programmes|surveys/…: the district's roles read;
    any unsafe method, and a view with `write_required` (a form), needs its admin. Anyone
    else gets the same 404 as for a district that does not exist."""

    write_required = False
    district: District

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        write = self.write_required or request.method not in SAFE_METHODS
        self.district = access_district(
            request.user,
            kwargs["district_id"],
            roles=DISTRICT_WRITERS if write else None,
        )
        self.load_objects(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self, **kwargs: Any) -> None:
        """Fetch the rows named in the URL, inside `self.district` (404 when not there)."""

    @property
    def can_edit(self) -> bool:
        return holds_district_role(self.request.user, self.district.pk, DISTRICT_WRITERS)  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(district=self.district, can_edit=self.can_edit)
        return context


class TeacherSpaceMixin(LoginRequiredMixin):
    """`self.teachers`: the person's own teacher records (people.selectors.
    teacher_records_of). Anything reached from here is looked up among them only, so a
    colleague's record is a 404 like one that does not exist."""

    teachers: list[Teacher]
    request: HttpRequest
    needs_record = False  # writes need a record; reads show "not linked" instead

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.teachers = list(people_selectors.teacher_records_of(user=request.user))
        if not self.teachers and (self.needs_record or request.method not in ("GET", "HEAD")):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def chosen_teacher(self) -> Teacher:
        """The record named by `?t=` (one of the person's own), else the first."""
        wanted = self.request.GET.get("t") or self.request.POST.get("teacher")
        for teacher in self.teachers:
            if str(teacher.pk) == str(wanted):
                return teacher
        if wanted:
            raise Http404  # not one of the person's own records
        return self.teachers[0]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["teachers"] = self.teachers
        return context
