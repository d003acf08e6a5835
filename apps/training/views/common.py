"""Helpers shared by the training pages: request parameters, service errors on forms,
the sign-in checklist, ledger totals and the printable archive."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest

from apps.core.schoolyear import current_school_year, school_year, school_year_label, today
from apps.people import selectors as people_selectors
from apps.people.models import Teacher
from apps.tenancy.models import Role
from apps.training import programme_selectors, selectors, services
from apps.training.forms import school_year_choices
from apps.training.models import LedgerEntry, RecordStatus, TrainingActivity

PAGE_SIZE = 30
CHECKLIST_LIMIT = 300  # teachers listed at once on a sign-in checklist
STATUS_FILTERS = [*RecordStatus.choices, ("all", "全部")]
DISTRICT_WRITERS = (Role.DISTRICT_ADMIN,)


# --------------------------------------------------------------------------- helpers


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


def read_upload(form: BaseForm) -> tuple[str, bytes | None]:
    upload = form.cleaned_data.get("file")
    if not upload:
        return "", None
    # One byte over the limit is enough for the service to refuse a file that is too large.
    return upload.name, upload.read(settings.EVIDENCE_MAX_BYTES + 1)


def parse_ids(values: list[str]) -> list[int] | None:
    """Teacher ids from a checklist (None when one is not a number)."""
    try:
        return sorted({int(value) for value in values})
    except (TypeError, ValueError):
        return None


def hours_of(post: Any, teacher_ids: list[int]) -> tuple[dict[int, Decimal], list[str]]:
    """Per-teacher hours (`hours_<id>`; a blank keeps the activity's), and the values that
    are not numbers."""
    hours: dict[int, Decimal] = {}
    bad: list[str] = []
    for teacher_id in teacher_ids:
        raw = (post.get(f"hours_{teacher_id}") or "").strip()
        if not raw:
            continue
        try:
            value = Decimal(raw)
        except ArithmeticError:
            bad.append(raw)
            continue
        if not value.is_finite():
            bad.append(raw)
            continue
        hours[teacher_id] = value
    return hours, bad


def in_school_year(queryset: QuerySet[TrainingActivity], year: int) -> QuerySet[TrainingActivity]:
    period = school_year(year)
    return queryset.filter(date__gte=period.start, date__lte=period.end)


@dataclass
class SignIn:
    """What recording a posted checklist did: how many were recorded, or the errors (with
    the ticks and typed hours, to show the checklist again as it was)."""

    count: int = 0
    errors: list[str] = dataclass_field(default_factory=list)
    checked: set[int] = dataclass_field(default_factory=set)
    posted: dict[int, str] = dataclass_field(default_factory=dict)


class SignInMixin:
    """The sign-in checklist of an activity (school or district): who is recorded, who
    can be ticked, and recording the ticked ones through `services.attendance_record`."""

    request: HttpRequest
    activity: TrainingActivity

    def candidates(self) -> QuerySet[Teacher]:
        raise NotImplementedError

    def candidates_by_ids(self, ids: list[int]) -> list[Teacher]:
        raise NotImplementedError

    def checklist(self, *, checked: set[int], posted: dict[int, str]) -> dict[str, Any]:
        recorded = selectors.attendance_hours_by_teacher(activity=self.activity)
        teachers = list(self.candidates()[: CHECKLIST_LIMIT + 1])
        rows = [
            {
                "teacher": teacher,
                "recorded": recorded.get(teacher.pk),
                "checked": teacher.pk in checked,
                "hours": posted.get(teacher.pk, str(self.activity.hours)),
            }
            for teacher in teachers[:CHECKLIST_LIMIT]
        ]
        return {
            "checklist": rows,
            "checklist_truncated": len(teachers) > CHECKLIST_LIMIT,
            "checklist_limit": CHECKLIST_LIMIT,
            "attendances": selectors.attendance_of(activity=self.activity),
        }

    def record(self) -> SignIn:
        """Record the ticked teachers of the posted checklist (hours as typed, else the
        activity's); on an error nothing is written and the ticks are kept."""
        post = self.request.POST
        posted = {
            int(key.removeprefix("hours_")): str(value)
            for key, value in post.items()
            if key.startswith("hours_") and key.removeprefix("hours_").isdigit()
        }
        ids = parse_ids(post.getlist("teachers"))
        if ids is None:
            return SignIn(errors=["所选教师无效，请刷新页面后重新勾选。"], posted=posted)
        if not ids:
            return SignIn(errors=["请至少勾选一位参加的教师。"], posted=posted)
        result = SignIn(checked=set(ids), posted=posted)
        teachers = self.candidates_by_ids(ids)
        if len(teachers) != len(ids):
            result.errors = ["所选教师不属于本活动的范围，请刷新页面后重新勾选。"]
            return result
        hours, bad = hours_of(post, ids)
        if bad:
            result.errors = [f"认定学时应为数字：{'、'.join(bad)}。"]
            return result
        try:
            rows = services.attendance_record(
                activity=self.activity, teachers=teachers, actor=self.request.user, hours=hours
            )
        except ValidationError as error:
            result.errors = list(error.messages)
            return result
        result.count = len(rows)
        return result


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


def archive_context(teacher: Teacher) -> dict[str, Any]:
    """What the printable archive shows of a teacher (a fixed number of queries)."""
    rows = mark_reversals(list(selectors.ledger_rows(teacher=teacher)))
    years: dict[int, list[LedgerEntry]] = defaultdict(list)
    for row in rows:
        years[row.school_year].append(row)
    return {
        "teacher": teacher,
        "assignments": list(people_selectors.teacher_assignments(teacher=teacher)),
        "ledger_years": [
            {
                "year": year,
                "label": school_year_label(year),
                "rows": items,
                "totals": hours_totals(items),
            }
            for year, items in sorted(years.items(), reverse=True)
        ],
        "entries": list(selectors.archive_entries(teacher=teacher)),
        "cohorts": programme_selectors.teacher_cohorts(teacher=teacher),
        "printed_on": today(),
    }
