"""The district admin's "谁改了什么" pages (/d/<district_id>/audit/…).

Only the district's own admin reaches them: anyone else — the district's reviewers, its
school leaders and teachers, another district's admin — gets the same 404 as for a
district that does not exist (`access_district(..., roles=ADMINS)`). Personal data is
shown in full to that admin; the Excel export is itself written to the access log.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.views import View
from django.views.generic import TemplateView

from apps.core.access_log import log_data_access
from apps.core.web import XLSX, attachment_disposition
from apps.tenancy.access import access_district
from apps.tenancy.models import District, Role

from . import selectors
from .excel import EventExport
from .forms import AccessFilterForm, EventFilterForm

ADMINS = (Role.DISTRICT_ADMIN,)
PAGE_SIZE = 50


class DistrictAdminMixin(LoginRequiredMixin):
    """`self.district` for the district's own admin; a 404 for everyone else."""

    district: District
    tab = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.district = access_district(request.user, kwargs["district_id"], roles=ADMINS)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(district=self.district, tab=self.tab)
        return context


def _actor_ids(form: AccessFilterForm, district: District) -> list[int] | None:
    text = form.value("actor")
    return selectors.actor_ids_matching(district=district, text=text) if text else None


def event_filters(request: HttpRequest, district: District) -> tuple[Any, EventFilterForm]:
    form = EventFilterForm(request.GET or None)
    filters = selectors.EventFilters(
        table=form.value("table") or "",
        actor_ids=_actor_ids(form, district),
        since=form.value("since"),
        until=form.value("until"),
    )
    return filters, form


def _described(form: AccessFilterForm) -> str:
    """The filters in words, for the export's notes."""
    parts = []
    for name, field in form.fields.items():
        value = form.value(name)
        if value:
            shown = dict(getattr(field, "choices", ())).get(value, value)
            parts.append(f"{field.label}：{shown}")
    return "；".join(parts)


class EventListView(DistrictAdminMixin, TemplateView):
    """Newest first, filterable by data category, acting person and dates; paginated."""

    template_name = "audit/events.html"
    tab = "events"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filters, form = event_filters(self.request, self.district)
        listing = selectors.district_events(district=self.district, filters=filters)
        page = Paginator(listing, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = {k: v for k, v in self.request.GET.items() if k != "page" and v}
        context.update(
            form=form,
            page=page,
            rows=selectors.event_rows(district=self.district, page=list(page.object_list)),
            export_query=urlencode(query),
        )
        return context


class EventExportView(DistrictAdminMixin, View):
    """导出 Excel of the filtered list; the export is logged (who, what, how many rows)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        filters, form = event_filters(request, self.district)
        export = EventExport(
            district=self.district,
            listing=selectors.district_events(district=self.district, filters=filters),
            filters=_described(form),
            by=request.user.display_name,  # type: ignore[union-attr]
        )
        output = export.write()
        log_data_access(
            request, what="审计记录导出", rows=export.rows_written, district_id=self.district.pk
        )
        response = FileResponse(output, content_type=XLSX)
        response["Content-Disposition"] = attachment_disposition(
            f"audit-{self.district.code}.xlsx", f"审计记录-{self.district.name}.xlsx"
        )
        response["Cache-Control"] = "private, no-store"
        return response


class AccessLogView(DistrictAdminMixin, TemplateView):
    """Every export and download of the district's personal data: who, what, how many."""

    template_name = "audit/access_log.html"
    tab = "access"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = AccessFilterForm(self.request.GET or None)
        rows = selectors.district_access_log(
            district=self.district,
            actor_ids=_actor_ids(form, self.district),
            since=form.value("since"),
            until=form.value("until"),
        )
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        schools = selectors.school_names(district=self.district)
        entries = [(log, schools.get(log.school_id or 0, "")) for log in page.object_list]
        context.update(form=form, page=page, entries=entries)
        return context
