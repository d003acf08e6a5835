"""API building blocks shared by every app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .request_limits import request_too_large_message
from .text import CODE as TEXT_CODE
from .text import control_character_message, guard_text_fields, verbose_names

if TYPE_CHECKING:
    _Paginator = Paginator[Any]
else:
    _Paginator = Paginator  # not generic at run time


MAX_PAGE_NUMBER = 10**9  # beyond it the OFFSET would overflow a bigint (a 500, not a 404)


class CheapCountPaginator(_Paginator):
    """A paginator that counts only when it must (issue 9 §5: the COUNT was a fifth of a
    list request). The page is read with one row more than it holds: when no further
    row comes back the total is known without a COUNT — every list that fits on its
    page, and the last page of any list. Only a page with rows after it runs the COUNT
    (for `count` and the page links, the response's shape unchanged).

    A page number past the end is still refused (the same `EmptyPage`)."""

    def page(self, number: Any) -> Page[Any]:
        number = self.validate_number_cheaply(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if len(rows) <= self.per_page and (rows or number == 1):
            self.__dict__["count"] = bottom + len(rows)  # the cached_property, filled
        elif not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return Page(rows[: self.per_page], number, self)

    def validate_number_cheaply(self, number: Any) -> int:
        """`validate_number` without the COUNT it runs for the upper bound."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            wanted = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if wanted < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if wanted > MAX_PAGE_NUMBER:  # an OFFSET PostgreSQL cannot take: past any end
            raise EmptyPage(self.error_messages["no_results"])
        return wanted


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CheapCountPaginator


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Services raise Django's ValidationError (keyed by field, messages in Chinese); the
    API answers it as a 400 with the same shape DRF uses for serializer errors. A 404
    says in Chinese what it means ("not yours" and "does not exist" alike), a body over
    the size limit is a 413 saying the limit, and a NUL the framework refused is named by
    its field (`apps.core.text`). Anything else is left to DRF — no catch-all that would
    turn a bug into a 400."""
    if isinstance(exc, DjangoValidationError):
        detail: Any = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):  # DRF would pass on its English "No X matches the query."
        exc = exceptions.NotFound(NOT_FOUND_DETAIL)
    elif isinstance(exc, RequestDataTooBig):
        too_large = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        return Response({"detail": request_too_large_message()}, status=too_large)
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError(TOO_MANY_FIELDS)
    if isinstance(exc, exceptions.ValidationError):
        exc.detail = _name_null_characters(exc.detail)
    return drf_exception_handler(exc, context)


NOT_FOUND_DETAIL = "未找到：该对象不存在，或不属于您可访问的学校或区。"
TOO_MANY_FIELDS = "提交的字段或文件过多，请分批提交。"


def _name_null_characters(detail: Any, field: str = "") -> Any:
    """DRF's own NUL check (where a serializer was not guarded) says it in a message that
    names no field: name it by its key."""
    if isinstance(detail, dict):
        return {key: _name_null_characters(value, str(key)) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_name_null_characters(item, field) for item in detail]
    if isinstance(detail, exceptions.ErrorDetail) and detail.code == "null_characters_not_allowed":
        return exceptions.ErrorDetail(control_character_message(field or "该项"), code=TEXT_CODE)
    return detail


class TextCheckedSerializerMixin:
    """A serializer whose text fields refuse control characters, each in a message naming
    the field (`apps.core.text.guard_text_fields`) by its label, else by the verbose name
    of `label_model`'s (or the ModelSerializer's model's) field of that name."""

    label_model: ClassVar[Any] = None

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()  # type: ignore[misc]
        model = self.label_model or getattr(getattr(self, "Meta", None), "model", None)
        guard_text_fields(fields, verbose_names(model))
        return fields


# --------------------------------------------------------------------------- import jobs


class RowErrorOutput(serializers.Serializer[Any]):
    """One problem of an uploaded sheet (`apps.core.xlsx.RowError`): the sheet, row and
    column it is in and what to fix, in Chinese. A file refused as a whole has row 0."""

    sheet = serializers.CharField()
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


# The fields of an `apps.core.jobs.ImportJobBase` row an API shows (with its scope's).
IMPORT_JOB_FIELDS = [
    "file_name",
    "state",
    "progress",
    "total",
    "percent",
    "message",
    "errors",
    "summary",
    "created_at",
    "finished_at",
]


class ImportJobOutput(serializers.ModelSerializer[Any]):
    """Base of an import job's answer: its state and progress for a progress bar, and
    every bad row of a failed file (nothing of it was saved). A subclass names the model
    and `IMPORT_JOB_FIELDS` with its scope's fields in its `Meta`."""

    percent = serializers.IntegerField(read_only=True)
    errors = RowErrorOutput(many=True, read_only=True)  # type: ignore[assignment]  # a field, popped by the metaclass
    summary = serializers.DictField(read_only=True, help_text="导入成功时的计数")
