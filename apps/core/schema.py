"""The OpenAPI schema's kit (drf-spectacular): the schema class every API view uses
(`REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]`), the postprocessing hook that documents the
error answers of `apps.core.api.exception_handler` on every operation, and `not_found`,
the `handler404` that answers an unknown URL under /api/ in the documented shape.

The schema must describe what the API really answers: Schemathesis checks every response
against it, as each persona (tests/test_fuzz.py).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found
from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .files import CONTENT_TYPES


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with pagination documented only where DRF paginates: GET.
    (drf-spectacular wraps any list answer of a paginated viewset in a page, also the
    plain list a POST answers with.)"""

    def _get_paginator(self) -> Any:
        return super()._get_paginator() if self.method == "GET" else None  # type: ignore[no-untyped-call]


class ErrorDetail(serializers.Serializer[Any]):
    detail = serializers.CharField()


def file_responses(description: str, *file_types: str) -> dict[tuple[int, str], Any]:
    """`extend_schema(responses=…)` of a download: 200 with each media type the file can
    have, the body binary. By default those of a stored upload (`core.files.CONTENT_TYPES`,
    the types uploads are checked to be, and `core.web.file_response`'s fallback)."""
    stored = [*CONTENT_TYPES.values(), "application/octet-stream"]
    media_types = [CONTENT_TYPES[t] for t in file_types] if file_types else stored
    binary = OpenApiResponse(OpenApiTypes.BINARY, description=description)
    return {(200, media_type): binary for media_type in [*dict.fromkeys(media_types)]}


# For a view's own `extend_schema(responses=…)` where the hook below cannot see the code:
# e.g. an endpoint without an id in its path that answers 404 for a caller it has no row for.
NOT_FOUND = OpenApiResponse(ErrorDetail, description="不存在，或不属于您可访问的范围。")


HTTP_METHODS = ("get", "post", "put", "patch", "delete")
NOT_FILTERS = {"page", "page_size", "ordering", "search"}  # no 400 from these: DRF ignores bad ones

ERROR_COMPONENTS: dict[str, dict[str, Any]] = {
    "ErrorDetail": {
        "type": "object",
        "description": "错误说明（未登录、无权限、不存在……）。",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationErrors": {
        "description": (
            "校验错误：字段名 → 该字段的错误消息（列表，嵌套字段为对象或列表）；"
            "non_field_errors 为整体错误。整个请求被拒时也可能是消息列表。"
        ),
        "oneOf": [
            {"type": "object", "additionalProperties": {}},
            {"type": "array", "items": {"type": "string"}},
        ],
        "example": {"employee_no": ["本校已有工号为 T001 的教师。"]},
    },
}


def _error(component: str, description: str) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{component}"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error_responses(operation: dict[str, Any], method: str) -> dict[str, dict[str, Any]]:
    """The errors `exception_handler` (and DRF) can answer this operation with."""
    parameters = operation.get("parameters", [])
    query = {p["name"] for p in parameters if p.get("in") == "query"}
    responses: dict[str, dict[str, Any]] = {}
    if method != "get" or query - NOT_FILTERS:
        responses["400"] = _error("ValidationErrors", "请求有误：按各字段的消息修改后重试。")
    security = operation.get("security", [])
    if security and {} not in security:
        responses["401"] = _error("ErrorDetail", "未登录或令牌无效。")
        responses["403"] = _error("ErrorDetail", "未登录或无权执行此操作。")
    if any(p.get("in") == "path" for p in parameters) or "page" in query:
        responses["404"] = _error("ErrorDetail", "不存在，或不属于您可访问的学校或区（答复相同）。")
    if "requestBody" in operation:
        responses["415"] = _error("ErrorDetail", "请求体的格式（Content-Type）不受支持。")
    return responses


def document_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: every operation documents the 400/401/403/404/415
    it can answer, in the shapes `exception_handler` gives them (an operation's own entry for a
    code wins)."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    for name, component in ERROR_COMPONENTS.items():
        components.setdefault(name, component)
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            for code, response in _error_responses(operation, method).items():
                operation["responses"].setdefault(code, response)
    return result


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """`handler404`: a URL under /api/ that matches no route (`/api/v1/schools/x/teachers/`)
    answers the API's JSON error (`ErrorDetail`), not the portal's HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "未找到：该地址不存在。"}, status=404)
    return page_not_found(request, exception)


class OneObjectListSchema(AutoSchema):
    """For a viewset whose `list` answers one object (a board: its rules and its rows, a
    year's five items and its teachers), not an array: the schema says so, and the fuzzer
    checks the answer against it."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        if getattr(self.view, "action", None) == "list":
            return False
        return bool(super()._is_list_view(serializer))
