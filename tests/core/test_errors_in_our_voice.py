"""Errors in the product's voice (issue #11 §8): what a person sees when a request is too
large, when the API has nothing at an address, and that no template comment reaches a
page — Chinese, never Django's or DRF's English, never the debug page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.core.api import NOT_FOUND_DETAIL
from tests.personas import World

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _big_body(size: int) -> bytes:
    return b'{"name": "' + b"x" * size + b'"}'


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_an_api_body_over_the_limit_is_a_chinese_413(
    debug: bool, world: World, client_for: Any
) -> None:
    school = world.schools["A1"].school
    with override_settings(DEBUG=debug, DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024):
        response = client_for("A1.leader").post(
            f"/api/v1/schools/{school.pk}/teachers/",
            _big_body(2 * 1024 * 1024),
            content_type="application/json",
        )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "提交的内容过大，上限为 1 MB。请压缩文件、分批上传或删减内容后重试。"
    }


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_a_form_post_over_the_limit_is_a_chinese_page(
    debug: bool, world: World, client_for: Any
) -> None:
    """Today: Django's "Bad Request (400)" — or, with DEBUG, its RequestDataTooBig page."""
    school = world.schools["A1"].school
    with override_settings(DEBUG=debug, DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024):
        response = client_for("A1.leader").post(
            f"/s/{school.pk}/teachers/new/",
            {"name": "x" * (2 * 1024 * 1024)},
        )
    body = response.content.decode()
    assert response.status_code == 413
    assert "提交的内容过大，上限为 1 MB" in body
    assert not re.search(r"RequestDataTooBig|Bad Request|Traceback|Request body exceeded", body)


def test_an_api_form_whose_text_is_over_the_limit_is_a_chinese_413(
    world: World, client_for: Any
) -> None:
    """A multipart body under the upload limit whose text fields alone pass Django's limit
    (found only while parsing, inside DRF)."""
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024):
        response = client_for("A1.teacher").post(
            "/api/v1/me/training/", {"title": "培训", "note": "x" * (2 * 1024 * 1024)}
        )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("提交的内容过大，上限为 1 MB")


def test_an_upload_over_the_largest_file_is_refused_before_it_is_read(
    world: World, client_for: Any
) -> None:
    school = world.schools["A1"].school
    with override_settings(REQUEST_MAX_BYTES=1024 * 1024):
        response = client_for("A1.leader").post(
            f"/api/v1/schools/{school.pk}/roster-imports/",
            {"file": SimpleUploadedFile("big.xlsx", b"PK" + b"\0" * (2 * 1024 * 1024))},
        )
    assert response.status_code == 413
    assert "上限为 1 MB" in response.json()["detail"]


def test_an_upload_within_the_limit_still_reaches_the_service(
    world: World, client_for: Any
) -> None:
    """A request under the limit reaches the service, which says what is wrong with the
    file on its field (not a 413)."""
    school = world.schools["A1"].school
    response = client_for("A1.leader").post(
        f"/api/v1/schools/{school.pk}/roster-imports/",
        {"file": SimpleUploadedFile("名册.txt", b"not a workbook")},
    )
    assert response.status_code == 400
    assert "xlsx" in response.json()["file"][0]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/schools/{school}/teachers/999999/",
        "/api/v1/schools/{school}/classes/999999/",
        "/api/v1/schools/999999/teachers/",
        "/api/v1/me/training/records/999999/",
    ],
)
def test_api_404_bodies_are_chinese(path: str, world: World, client_for: Any) -> None:
    """Today: "No Teacher matches the given query." (Django's Http404 text passed on)."""
    school = world.schools["A1"].school
    response = client_for("A1.leader").get(path.format(school=school.pk))
    assert response.status_code == 404
    assert response.json() == {"detail": NOT_FOUND_DETAIL}


def _multiline_hash_comments(text: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r"\{#.*?#\}", text, re.S) if "\n" in m.group(0)]


def test_no_template_has_a_comment_that_would_reach_the_page() -> None:
    """Django's {# #} is one line only: spread over lines it is printed as text (the
    activity page showed one). HTML comments are sent to the browser. Both are refused;
    {% comment %} is the form that stays on the server."""
    found = {}
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        bad = _multiline_hash_comments(text) + re.findall(r"<!--.*?-->", text, re.S)
        if bad:
            found[str(path.relative_to(TEMPLATES))] = bad
    assert found == {}


def test_the_activity_page_shows_no_template_comment(world: World, client_for: Any) -> None:
    from tests.training.rows import school_rows

    sd = world.schools["A1"]
    activity = school_rows(sd).activity
    page = client_for("A1.leader").get(f"/s/{sd.school.pk}/training/activities/{activity.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "{#" not in body and "#}" not in body and "can_attach" not in body
