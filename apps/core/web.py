"""Web helpers every portal uses, written once.

- Request parameters: `year_param`, `semester_param` (a bad value falls back, never 500).
- Ids from the URL or a form: `int_or_404` (a non-number is "not found", like a foreign id).
- Service errors onto forms: `apply_service_errors` puts a service's field-keyed
  `ValidationError` on the form's fields (else on the form) and marks them invalid.
- htmx: `HtmxPartialMixin` answers an htmx request with the partial template only.
- Imports: `ImportUploadMixin` starts an import job from an upload form.
- Uploads and downloads: `read_upload` reads at most one byte past the limit (enough for
  the service to refuse a file that is too large); `file_response` serves stored bytes back
  as an attachment with the checked type; `xlsx_response` serves a workbook we rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect

from .files import CONTENT_TYPES
from .schoolyear import current_school_year

XLSX = CONTENT_TYPES["xlsx"]


# --------------------------------------------------------------------------- parameters


def year_param(request: HttpRequest, name: str = "year") -> int:
    """The school year asked for in the query string, else the current one."""
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return current_school_year()


def semester_param(request: HttpRequest, default: int = 0) -> int:
    """1 or 2; 0 for the whole school year."""
    try:
        value = int(request.GET.get("semester", default))
    except ValueError:
        return default
    return value if value in (0, 1, 2) else default


def int_param(
    request: HttpRequest,
    name: str,
    *,
    default: int,
    low: int | None = None,
    high: int | None = None,
) -> int:
    """A whole number from the query string within [low, high], else `default` (a bad or
    edited link shows the default page, never an error)."""
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return default
    if (low is not None and value < low) or (high is not None and value > high):
        return default
    return value


def int_or_404(value: int | str | None) -> int:
    """An id as an int; anything that is not one is a 404, like an id that is not yours."""
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Http404 from None


def parse_ids(values: list[str]) -> list[int] | None:
    """Sorted distinct ids from a checklist (None when one is not a number)."""
    try:
        return sorted({int(value) for value in values})
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- forms


def mark_invalid(form: BaseForm, field: str) -> None:
    widget = form.fields[field].widget
    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
    widget.attrs["aria-invalid"] = "true"


def apply_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's field-keyed errors on the form's fields (else on the form), and mark
    those fields invalid as the form's own checks do."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        if field in form.fields:
            form.add_error(field, field_messages)
            mark_invalid(form, field)
        else:
            form.add_error(None, field_messages)


def error_text(error: ValidationError) -> str:
    """All of an error's messages as one Chinese sentence list (for a flash message)."""
    return "；".join(error.messages)


# --------------------------------------------------------------------------- htmx


class HtmxPartialMixin:
    """A page whose htmx request (a poll, a panel) gets only `partial_template_name`."""

    request: HttpRequest
    template_name: str
    partial_template_name = ""

    def get_template_names(self) -> list[str]:
        if self.partial_template_name and getattr(self.request, "htmx", False):
            return [self.partial_template_name]
        return [self.template_name]


class ImportJobPageMixin(HtmxPartialMixin):
    """An import job's page: its progress bar (polled while it runs), then its errors or
    summary; `?format=xlsx` downloads the errors as a workbook (the kit's
    `import_errors_xlsx`), logged as a hand-over. The view says how to fetch its job
    (inside its school or district: 404 otherwise)."""

    partial_template_name = "includes/_import_status.html"

    def get_job(self) -> Any:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") != "xlsx":
            return super().get(request, *args, **kwargs)  # type: ignore[misc, no-any-return]
        from .access_log import log_data_access  # noqa: PLC0415 - the log's model is loaded late
        from .jobs import import_errors_xlsx  # noqa: PLC0415

        job = self.get_job()
        if not job.errors:
            raise Http404
        log_data_access(request, what="导入错误报告", rows=len(job.errors), subject=job)
        return xlsx_response(
            import_errors_xlsx(job), fallback=f"import-errors-{job.pk}.xlsx",
            name=f"错误报告-{job.file_name.rsplit('.', 1)[0]}.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["job"] = self.get_job()
        context["poll_url"] = self.request.path
        return context


class ExportMixin:
    """A list page whose `?format=xlsx` is its 导出 Excel: the same filters, every row (not
    one page), through the kit's writer, the hand-over logged. The view gives the export
    (`export()`: the sheets, the number of rows, what it is and the file's names)."""

    request: HttpRequest

    def export(self) -> Export:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not wants_export(request):
            return super().get(request, *args, **kwargs)  # type: ignore[misc, no-any-return]
        return export_response(request, self.export())


def wants_export(request: HttpRequest) -> bool:
    """Whether a list page is asked for its 导出 Excel (`?format=xlsx`)."""
    return request.GET.get("format") == "xlsx"


def export_response(request: HttpRequest, export: Export) -> HttpResponse:
    """A list's export as a workbook, its hand-over logged (`ExportMixin`, or a view that
    answers `wants_export` itself)."""
    from .access_log import log_data_access  # noqa: PLC0415 - the log's model is loaded late
    from .xlsx import xlsx_bytes  # noqa: PLC0415

    data = xlsx_bytes(export.sheets)
    log_data_access(request, what=export.what, rows=export.rows, subject=export.subject,
                    district_id=export.district_id, school_id=export.school_id)  # fmt: skip
    return xlsx_response(data, fallback=export.fallback, name=export.name)


@dataclass
class Export:
    """What a list's 导出 Excel hands out (`ExportMixin`)."""

    sheets: list[Any]
    rows: int
    what: str
    name: str
    fallback: str
    subject: object = ""
    district_id: int | None = None
    school_id: int | None = None


class ImportUploadMixin:
    """A FormView whose upload starts an import job (`apps.core.jobs`): the file's refusal
    goes onto the form, success opens the job's progress page. The view says how to
    start its job and where the job's page is."""

    def start_import(self, file_name: str, data: bytes) -> Any:
        raise NotImplementedError

    def job_url(self, job: Any) -> str:
        raise NotImplementedError

    def form_valid(self, form: BaseForm) -> HttpResponse:
        name, data = read_upload(form.cleaned_data.get("file"), max_bytes=settings.IMPORT_MAX_BYTES)
        try:
            job = self.start_import(name, data or b"")
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined, no-any-return]
        return HttpResponseRedirect(self.job_url(job))


# --------------------------------------------------------------------------- files


def read_upload(upload: Any, *, max_bytes: int | None = None) -> tuple[str, bytes | None]:
    """(name, bytes) of an uploaded file (a form's or a serializer's), or ("", None) with
    none. Reads one byte over the limit at most: enough for the service to refuse a file
    that is too large, without reading all of it into memory."""
    if not upload:
        return "", None
    limit = settings.EVIDENCE_MAX_BYTES if max_bytes is None else max_bytes
    return upload.name, upload.read(limit + 1)


class StoredFile(Protocol):
    """A row that keeps a user's file: its name as given and its checked type."""

    pk: Any
    file_name: str
    file_type: str


def download_name(row: StoredFile, prefix: str) -> str:
    """The stored name, with the checked type's extension if truncation cut it off."""
    name = row.file_name or f"{prefix}-{row.pk}"
    if not row.file_type:
        return name
    suffixes = (".jpg", ".jpeg") if row.file_type == "jpg" else (f".{row.file_type}",)
    return name if name.lower().endswith(suffixes) else f"{name}{suffixes[0]}"


def attachment_disposition(fallback: str, name: str) -> str:
    """`attachment` with an ASCII fallback name and the real name in RFC 5987 form
    (percent-encoded, so no header injection)."""
    if not fallback.isascii():  # a header must be ASCII: Django would MIME-encode it whole
        fallback = "download" + "".join(c for c in fallback if c.isascii() and c not in '"\\')
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def file_response(row: StoredFile, data: bytes, *, prefix: str) -> HttpResponse:
    """A user's stored file served back: always an attachment, with the type the bytes were
    checked to be at upload (never the browser's guess); no sniffing, no caching."""
    response = HttpResponse(
        data, content_type=CONTENT_TYPES.get(row.file_type, "application/octet-stream")
    )
    fallback = f"{prefix}-{row.pk}.{row.file_type or 'bin'}"
    response["Content-Disposition"] = attachment_disposition(fallback, download_name(row, prefix))
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_response(data: bytes, *, fallback: str, name: str) -> HttpResponse:
    """A PDF we rendered (`core.pdf`), as an attachment named in Chinese. It holds what the
    page it prints holds: log the hand-over (`core.access_log`) before returning it."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = attachment_disposition(fallback, name)
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(data: bytes, *, fallback: str, name: str) -> HttpResponse:
    """A workbook we rendered (template, export), as an attachment named in Chinese."""
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = attachment_disposition(fallback, name)
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
