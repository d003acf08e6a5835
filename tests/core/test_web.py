"""The kit's web helpers (apps/core/web.py): parameters that fall back instead of failing,
ids that 404, service errors on the right fields, htmx partials, and files served back
safely."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.views.generic import TemplateView

from apps.core.schoolyear import current_school_year
from apps.core.web import (
    HtmxPartialMixin,
    apply_service_errors,
    error_text,
    file_response,
    int_or_404,
    int_param,
    parse_ids,
    read_upload,
    semester_param,
    xlsx_response,
    year_param,
)

factory = RequestFactory()


@pytest.mark.parametrize(
    ("query", "year", "semester"),
    [("?year=2024&semester=2", 2024, 2), ("?year=abc&semester=7", None, 0), ("", None, 0)],
)
def test_year_and_semester_fall_back_on_a_bad_link(
    query: str, year: int | None, semester: int
) -> None:
    request = factory.get(f"/x/{query}")
    assert year_param(request) == (year or current_school_year())
    assert semester_param(request) == semester


def test_int_param_keeps_to_its_range() -> None:
    assert int_param(factory.get("/?n=5"), "n", default=1, low=0, high=9) == 5
    assert int_param(factory.get("/?n=50"), "n", default=1, low=0, high=9) == 1
    assert int_param(factory.get("/?n=x"), "n", default=1) == 1


def test_an_id_that_is_not_a_number_is_not_found() -> None:
    assert int_or_404("12") == 12
    for bad in ("12abc", "", None, "1.5"):
        with pytest.raises(Http404):
            int_or_404(bad)
    assert parse_ids(["3", "1", "3"]) == [1, 3]
    assert parse_ids(["1", "x"]) is None


class _Form(forms.Form):
    title = forms.CharField()
    hours = forms.DecimalField()


def test_service_errors_land_on_their_fields_and_mark_them_invalid() -> None:
    form = _Form(data={"title": "研修", "hours": "2"})
    assert form.is_valid()
    apply_service_errors(
        form, ValidationError({"hours": "学时超过上限。", "school": "不属于本区。"})
    )
    assert form.errors["hours"] == ["学时超过上限。"]
    assert form.non_field_errors() == ["不属于本区。"]
    assert "is-invalid" in form.fields["hours"].widget.attrs["class"]
    assert form.fields["hours"].widget.attrs["aria-invalid"] == "true"
    assert "title" not in form.errors
    plain = _Form(data={"title": "研修", "hours": "2"})
    plain.is_valid()
    apply_service_errors(plain, ValidationError(["一", "二"]))
    assert plain.non_field_errors() == ["一", "二"]
    assert error_text(ValidationError(["一", "二"])) == "一；二"


class _Page(HtmxPartialMixin, TemplateView):
    template_name = "page.html"
    partial_template_name = "_panel.html"


def test_an_htmx_request_gets_the_partial_only() -> None:
    page = _Page()
    page.request = factory.get("/")
    assert page.get_template_names() == ["page.html"]
    page.request.htmx = True  # type: ignore[attr-defined]  # set by django-htmx's middleware
    assert page.get_template_names() == ["_panel.html"]


def test_an_upload_is_read_one_byte_past_the_limit_at_most() -> None:
    upload = SimpleUploadedFile("证明.pdf", b"%PDF-" + b"x" * 100)
    name, data = read_upload(upload, max_bytes=10)
    assert (name, len(data or b"")) == ("证明.pdf", 11)
    assert read_upload(None) == ("", None)


@dataclass
class _Stored:
    pk: int
    file_name: str
    file_type: str


def test_a_stored_file_is_served_as_an_attachment_of_its_checked_type() -> None:
    response = file_response(
        _Stored(7, "培训证书\r\nX-Evil: 1", "pdf"), b"%PDF-1", prefix="training"
    )
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=\"training-7.pdf\"; filename*=UTF-8''")
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.endswith(".pdf")  # the checked type's extension is restored
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    workbook = xlsx_response(b"PK", fallback="t.xlsx", name="名册导入模板.xlsx")
    assert workbook["Content-Type"].endswith("spreadsheetml.sheet")
    assert "filename*=UTF-8''%E5%90%8D" in workbook["Content-Disposition"]
