"""/api/schema/ is a valid OpenAPI 3 document and /api/docs/ renders it (issue #2)."""

import pytest
import yaml
from django.test import Client
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
def test_docs_page_uses_local_assets_only() -> None:
    body = Client().get("/api/docs/").content.decode()
    assert '<script src="/api/docs/?script="></script>' in body  # no inline script (CSP)
    assert "/api/schema/" in Client().get("/api/docs/?script=").content.decode()
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
