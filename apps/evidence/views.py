"""Evidence pages: a school's items, submitting and withdrawing them (school portal), and
the district's review queue and decisions (district portal).

Every view resolves its tenant through `SchoolPortalMixin` / `DistrictPortalMixin` and
fetches items through selectors scoped to that tenant, so an item of another school or
district is a 404 like one that does not exist. Writes go through the services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.access_log import log_data_access
from apps.core.schoolyear import current_school_year, school_year_label
from apps.core.web import (
    Export,
    ExportMixin,
    apply_service_errors,
    file_response,
    read_upload,
    year_param,
)
from apps.core.xlsx import DATETIME, TableSheet
from apps.tenancy.mixins import DistrictPortalMixin, SchoolPortalMixin

from . import selectors, services
from .forms import EvidenceSubmitForm, ReviewForm, school_year_choices
from .models import EvidenceItem, EvidenceStatus
from .permissions import access_review_district, can_review
from .selectors import ALL_STATUSES

# The stubs' FormView is generic over its form; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _EvidenceSubmitFormView = FormView[EvidenceSubmitForm]
    _ReviewFormView = FormView[ReviewForm]
else:
    _EvidenceSubmitFormView = _ReviewFormView = FormView

PAGE_SIZE = 30


def _years() -> list[int]:
    return [year for year, _label in school_year_choices()]


def _labelled_page(items: Any, number: str | None, indicators: dict[str, Any]) -> Page[Any]:
    """A page of items, each with `.indicator` (its catalogue row, or None) attached."""
    page = Paginator(items, PAGE_SIZE).get_page(number)
    page.object_list = list(page.object_list)
    for item in page.object_list:
        item.indicator = indicators.get(item.indicator_code)
    return page


# --------------------------------------------------------------------------- school portal


SCHOOL_EVIDENCE_HEADERS = ("指标编号", "指标", "材料", "类型", "提交人", "提交时间", "状态",
                           "审核时间", "审核意见")  # fmt: skip


class SchoolEvidenceListView(SchoolPortalMixin, ExportMixin, TemplateView):
    """The school's items for one school year, newest first; ?format=xlsx exports them."""

    template_name = "evidence/school_list.html"

    def export(self) -> Export:
        year = year_param(self.request)
        titles = selectors.indicator_titles(district=self.school.district)
        rows = [
            [i.indicator_code, getattr(titles.get(i.indicator_code), "title_zh", ""), i.title,
             i.get_kind_display(), i.submitted_by.display_name, i.created_at,
             i.get_status_display(), i.reviewed_at, i.review_comment]
            for i in selectors.evidence_list(school=self.school, school_year=year)
        ]  # fmt: skip
        formats = (None,) * 5 + (DATETIME, None, DATETIME)
        return Export(
            sheets=[TableSheet("佐证材料", SCHOOL_EVIDENCE_HEADERS, rows, formats=formats)],
            rows=len(rows), what="佐证材料列表导出", subject=self.school, school_id=self.school.pk,
            name=f"佐证材料-{self.school.name}-{year}学年.xlsx",
            fallback=f"evidence-{self.school.code}-{year}.xlsx",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request)
        items = selectors.evidence_list(school=self.school, school_year=year)
        indicators = selectors.indicator_titles(district=self.school.district)
        context.update(
            year=year,
            year_label=school_year_label(year),
            years=_years() if year in _years() else [year, *_years()],
            page=_labelled_page(items, self.request.GET.get("page"), indicators),
        )
        return context


class EvidenceSubmitView(SchoolPortalMixin, _EvidenceSubmitFormView):
    """Submit a document or an attestation for an indicator (the school's leader)."""

    template_name = "evidence/submit.html"
    form_class = EvidenceSubmitForm
    write_required = True

    def load_objects(self, **kwargs: Any) -> None:
        self.indicators = selectors.submittable_indicators(school=self.school)

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"indicators": self.indicators}

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        code = self.request.GET.get("indicator", "")
        if any(entry.code == code for entry in self.indicators):
            initial["indicator_code"] = code
        year = year_param(self.request)
        initial["school_year"] = year if year in _years() else current_school_year()
        return initial

    def form_valid(self, form: EvidenceSubmitForm) -> HttpResponse:
        data = form.cleaned_data
        file_name, file_data = read_upload(data["file"])
        try:
            item = services.evidence_submit(
                school=self.school,
                actor=self.request.user,  # type: ignore[arg-type]
                indicator_code=data["indicator_code"],
                school_year=data["school_year"],
                kind=data["kind"],
                title=data["title"],
                statement=data["statement"],
                file_name=file_name,
                data=file_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"材料“{item.title}”已提交，等待区审核。")
        return redirect("evidence:school_detail", self.school.pk, item.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            guidance=form.selected_indicator,
            has_indicators=bool(self.indicators),
            back=reverse("evidence:school_list", args=[self.school.pk]),
        )
        return context


class SchoolEvidenceDetailView(SchoolPortalMixin, TemplateView):
    template_name = "evidence/school_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = selectors.evidence_get(school=self.school, item_id=self.kwargs["item_id"])
        context.update(
            item=item,
            indicator=selectors.indicator_titles(district=self.school.district).get(
                item.indicator_code
            ),
            file_url=_file_url("evidence:school_file", self.school.pk, item),
            can_withdraw=self.can_edit and item.status == EvidenceStatus.SUBMITTED,
            can_resubmit=self.can_edit and item.status == EvidenceStatus.RETURNED,
        )
        return context


class SchoolEvidenceFileView(SchoolPortalMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = selectors.evidence_get(school=self.school, item_id=kwargs["item_id"], history=False)
        log_data_access(request, what="佐证材料文件下载", subject=item)
        return file_response(item, selectors.evidence_file_data(item=item), prefix="evidence")


class EvidenceWithdrawView(SchoolPortalMixin, View):
    """POST only; the mixin requires the school's leader for it."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = selectors.evidence_get(school=self.school, item_id=kwargs["item_id"], history=False)
        try:
            services.evidence_withdraw(item=item, actor=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"材料“{item.title}”已撤回。")
        return redirect("evidence:school_detail", self.school.pk, item.pk)


def _file_url(name: str, scope_id: int, item: EvidenceItem) -> str:
    return reverse(name, args=[scope_id, item.pk]) if item.file_name else ""


# --------------------------------------------------------------------------- district portal


QUEUE_HEADERS = ("学校", "指标编号", "指标", "类型", "材料", "提交人", "提交时间", "状态",
                 "审核时间", "审核意见")  # fmt: skip


class ReviewQueueView(DistrictPortalMixin, ExportMixin, TemplateView):
    """Items of the district's schools; by default those waiting, oldest first.
    `?format=xlsx` exports the filtered queue."""

    template_name = "evidence/review_queue.html"

    def _filters(self) -> tuple[str, str, str]:
        params = self.request.GET
        status = params.get("status", EvidenceStatus.SUBMITTED)
        if status not in (*EvidenceStatus.values, ALL_STATUSES):
            status = EvidenceStatus.SUBMITTED
        return status, params.get("school", ""), params.get("indicator", "").strip()

    def _items(self) -> Any:
        status, school, indicator = self._filters()
        return selectors.district_evidence_list(
            district=self.district, status=status, school_id=school, indicator_code=indicator
        )

    def export(self) -> Export:
        titles = selectors.indicator_titles(district=self.district)
        rows = [
            [i.school.name, i.indicator_code, getattr(titles.get(i.indicator_code), "title_zh", ""),
             i.get_kind_display(), i.title, i.submitted_by.display_name,
             i.created_at, i.get_status_display(),
             i.reviewed_at,
             i.review_comment]
            for i in self._items()
        ]  # fmt: skip
        formats = (None,) * 6 + (DATETIME, None, DATETIME)
        return Export(
            sheets=[TableSheet("材料审核", QUEUE_HEADERS, rows, formats=formats)], rows=len(rows),
            what="材料审核列表导出", name=f"材料审核-{self.district.name}.xlsx",
            fallback=f"evidence-{self.district.code}.xlsx", district_id=self.district.pk,
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        status, school, indicator = self._filters()
        indicators = selectors.indicator_titles(district=self.district)
        context.update(
            page=_labelled_page(self._items(), self.request.GET.get("page"), indicators),
            status=status,
            statuses=[*EvidenceStatus.choices, (ALL_STATUSES, "全部")],
            school=school,
            schools=selectors.district_schools(district=self.district),
            indicator=indicator,
            evidence_indicators=[i for i in indicators.values() if services.evidence_kinds_for(i)],
            can_review=can_review(self.request.user, self.district),
        )
        return context


class ReviewDetailView(DistrictPortalMixin, _ReviewFormView):
    """An item with its history and file; for a waiting item, the decision form (reviewers
    and admins of this district)."""

    template_name = "evidence/review_detail.html"
    form_class = ReviewForm
    item: EvidenceItem

    def get_form_kwargs(self) -> dict[str, Any]:
        parts = selectors.required_parts(
            district=self.district, indicator_code=self.item.indicator_code
        )
        return super().get_form_kwargs() | {"parts": parts}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.item = selectors.district_evidence_get(
            district=self.district, item_id=kwargs["item_id"]
        )
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Acting needs a reviewer or admin membership at this district itself.
        access_review_district(request.user, self.district.pk)
        self.item = selectors.district_evidence_get(
            district=self.district, item_id=kwargs["item_id"]
        )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: ReviewForm) -> HttpResponse:
        accept = form.cleaned_data["decision"] == "accept"
        try:
            item = services.evidence_review(
                item=self.item,
                reviewer=self.request.user,  # type: ignore[arg-type]
                accept=accept,
                comment=form.cleaned_data["comment"],
                checked_parts=form.cleaned_data.get("checked_parts", []),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        verdict = "已通过" if accept else "已退回"
        messages.success(self.request, f"{item.school.name}“{item.title}”{verdict}。")
        return redirect("evidence:review_queue", self.district.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.item
        context.update(
            item=item,
            school=item.school,
            indicator=selectors.indicator_titles(district=self.district).get(item.indicator_code),
            file_url=_file_url("evidence:review_file", self.district.pk, item),
            can_review=(
                can_review(self.request.user, self.district)
                and item.status == EvidenceStatus.SUBMITTED
            ),
        )
        return context


class ReviewFileView(DistrictPortalMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = selectors.district_evidence_get(
            district=self.district, item_id=kwargs["item_id"], history=False
        )
        log_data_access(request, what="佐证材料文件下载", subject=item)
        return file_response(item, selectors.evidence_file_data(item=item), prefix="evidence")
