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
from typing import Any, Protocol
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase

from apps.core.files import CONTENT_TYPES
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


def year_param(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return current_school_year()


def semester_param(request: HttpRequest, default: int = 0) -> int:
    """1 or 2; 0 for the whole school year."""
    try:
        value = int(request.GET.get("semester", default))
    except ValueError:
        return default
    return value if value in (0, 1, 2) else default


def year_choices(year: int) -> list[int]:
    years = [y for y, _label in school_year_choices()]
    return years if year in years else sorted({*years, year}, reverse=True)


def apply_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's field-keyed errors on the form's fields (else on the form), and mark
    those fields invalid as the form's own checks do."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        if field in form.fields:
            form.add_error(field, field_messages)
            widget = form.fields[field].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            widget.attrs["aria-invalid"] = "true"
        else:
            form.add_error(None, field_messages)


def error_text(error: ValidationError) -> str:
    return "；".join(error.messages)


def int_param(request: HttpRequest, name: str, default: int) -> int:
    """A whole number from the query string, else `default`."""
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return default


def years_around(year: int) -> list[int]:
    """The next school year, this one and the three before (and `year`), newest first."""
    current = current_school_year()
    years = list(range(current + 1, current - 4, -1))
    return years if year in years else sorted({year, *years}, reverse=True)


def read_upload(form: BaseForm) -> tuple[str, bytes | None]:
    upload = form.cleaned_data.get("file")
    if not upload:
        return "", None
    # One byte over the limit is enough for the service to refuse a file that is too large.
    return upload.name, upload.read(settings.EVIDENCE_MAX_BYTES + 1)


# --------------------------------------------------------------------------- files


class StoredFile(Protocol):
    pk: int
    file_name: str
    file_type: str


def download_name(row: StoredFile, prefix: str) -> str:
    """The stored name, with the checked type's extension if truncation cut it off."""
    name = row.file_name or f"{prefix}-{row.pk}"
    if not row.file_type:
        return name
    suffixes = (".jpg", ".jpeg") if row.file_type == "jpg" else (f".{row.file_type}",)
    return name if name.lower().endswith(suffixes) else f"{name}{suffixes[0]}"


def file_response(row: StoredFile, data: bytes, *, prefix: str = "training") -> HttpResponse:
    """`Content-Disposition: attachment` with an ASCII fallback name and the real name in
    RFC 5987 form (percent-encoded, so no header injection); no sniffing, no caching."""
    response = HttpResponse(
        data, content_type=CONTENT_TYPES.get(row.file_type, "application/octet-stream")
    )
    fallback = f"{prefix}-{row.pk}.{row.file_type or 'bin'}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(download_name(row, prefix))}"
    )
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


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
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
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
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["teachers"] = self.teachers
        return context
