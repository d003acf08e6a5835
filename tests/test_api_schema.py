"""/api/schema/ is a valid OpenAPI 3 document and /api/docs/ renders it (issue #2)."""

from typing import Any

import pytest
import yaml
from django.test import Client
from django.urls import reverse
from drf_spectacular.validation import validate_schema


@pytest.mark.django_db
def test_schema_is_valid_openapi_3() -> None:
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document
    paths = schema["paths"]
    for path in (
        "/api/v1/schools/",
        "/api/v1/schools/{school_id}/teachers/",
        "/api/v1/schools/{school_id}/classes/",
        "/api/v1/schools/{school_id}/assignments/",
        "/api/v1/schools/{school_id}/roster-imports/",
        "/api/v1/policy-packs/",
        "/api/v1/policy-packs/{id}/",
        "/api/v1/policy-packs/{id}/indicators/",
        "/api/v1/districts/{district_id}/compliance-runs/",
        "/api/v1/districts/{district_id}/compliance-runs/{id}/",
        "/api/v1/districts/{district_id}/compliance-results/",
        "/api/v1/schools/{school_id}/compliance-results/",
        "/api/v1/districts/{district_id}/parameter-overrides/",
        # training: pages and API
        "/api/v1/schools/{school_id}/training-activities/",
        "/api/v1/schools/{school_id}/training-activities/{id}/",
        "/api/v1/schools/{school_id}/training-activities/{id}/attendance/",
        "/api/v1/schools/{school_id}/training-activities/{id}/attachments/{attachment_id}/",
        "/api/v1/schools/{school_id}/external-training/",
        "/api/v1/schools/{school_id}/external-training/{id}/review/",
        "/api/v1/schools/{school_id}/ledger/",
        "/api/v1/schools/{school_id}/ledger/{id}/reverse/",
        "/api/v1/schools/{school_id}/credits/",
        "/api/v1/schools/{school_id}/archive-entries/",
        "/api/v1/me/training/",
        # training: programmes, surveys, evaluations
        "/api/v1/districts/{district_id}/cohorts/",
        "/api/v1/districts/{district_id}/cohorts/{id}/",
        "/api/v1/districts/{district_id}/cohorts/{id}/members/",
        "/api/v1/districts/{district_id}/surveys/",
        "/api/v1/districts/{district_id}/surveys/{id}/tallies/",
        "/api/v1/schools/{school_id}/surveys/",
        "/api/v1/schools/{school_id}/surveys/{id}/tallies/",
        "/api/v1/schools/{school_id}/evaluation-records/",
    ):
        assert path in paths, path


@pytest.mark.django_db
def test_docs_page_asks_for_a_login() -> None:
    """Issue #11 §16: /api/docs/ is not a page for strangers."""
    response = Client().get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_docs_page_uses_local_assets_only(client_for: Any) -> None:
    client = client_for("A1.leader")
    body = client.get("/api/docs/").content.decode()
    assert '<script src="/api/docs/?script="></script>' in body  # no inline script (CSP)
    assert "/api/schema/" in client.get("/api/docs/?script=").content.decode()
    assert "swagger-ui" in body
    assert "cdn." not in body
    assert "unpkg" not in body


def test_schema_generates_without_warnings(tmp_path: object) -> None:
    """Name collisions and unresolvable types show up as warnings; none are allowed."""
    from pathlib import Path

    from django.core.management import call_command

    out = Path(str(tmp_path)) / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))
    assert out.stat().st_size > 10_000


def _operations(schema: dict[str, object]) -> list[tuple[str, str, dict[str, Any]]]:
    paths: dict[str, dict[str, Any]] = schema["paths"]  # type: ignore[assignment]
    return [
        (path, method, operation)
        for path, item in paths.items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


@pytest.mark.django_db
def test_every_operation_documents_its_error_answers() -> None:
    """Issue 8: the errors an operation can answer are in the schema, in the shapes of
    apps/core/api.py's exception handler — 404 where the path names a school, district or
    object (or a page is asked for), 400 for every write and every filtered list, 401/403
    wherever a login is needed."""
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    components = schema["components"]["schemas"]
    assert components["ErrorDetail"]["required"] == ["detail"]
    assert "oneOf" in components["ValidationErrors"]
    for path, method, operation in _operations(schema):
        codes = set(operation["responses"])
        where = f"{method.upper()} {path}"
        if "{" in path:
            assert "404" in codes, where
            ref = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert ref["$ref"].endswith("/ErrorDetail"), where
        if method != "get":
            assert "400" in codes, where
        if {} not in operation.get("security", [{}]):
            assert {"401", "403"} <= codes, where
    teachers = schema["paths"]["/api/v1/schools/{school_id}/teachers/"]["get"]["responses"]
    assert "400" in teachers  # ?is_active=maybe is refused


@pytest.mark.django_db
def test_only_get_answers_are_documented_as_pages() -> None:
    """A POST that answers a list (credits assigned, attendance recorded) answers a plain
    list, and the schema says so; only GET lists are pages."""
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    for path, method, operation in _operations(schema):
        for code, response in operation["responses"].items():
            for media in response.get("content", {}).values():
                ref = media.get("schema", {}).get("$ref", "")
                if method != "get":
                    assert "/Paginated" not in ref, f"{method.upper()} {path} {code}"
    credits = schema["paths"]["/api/v1/schools/{school_id}/credits/"]["post"]["responses"]
    assert credits["201"]["content"]["application/json"]["schema"]["type"] == "array"


@pytest.mark.django_db
def test_an_unknown_api_url_answers_json() -> None:
    """/api/v1/schools/abc/teachers/ matches no route: a JSON 404 like the schema's, not the
    portal's HTML page (which an unknown page URL still gets)."""
    response = Client().get("/api/v1/schools/abc/teachers/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "不存在" in response.json()["detail"]
    assert "text/html" in Client().get("/s/abc/").headers["Content-Type"]


@pytest.mark.django_db
def test_downloads_document_the_types_they_answer() -> None:
    """A file download answers the type its bytes were checked to be at upload (a PDF is
    application/pdf), and the schema lists exactly those types, binary; the roster template
    is a workbook."""
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    paths = schema["paths"]
    evidence = paths["/api/v1/schools/{school_id}/evidence/{id}/file/"]["get"]["responses"]["200"]
    assert {"application/pdf", "image/jpeg"} <= set(evidence["content"])
    assert evidence["content"]["application/pdf"]["schema"]["format"] == "binary"
    template = paths["/api/v1/schools/{school_id}/roster-imports/template/"]["get"]["responses"]
    assert list(template["200"]["content"]) == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ]
