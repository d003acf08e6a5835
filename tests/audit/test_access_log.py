"""Every export and download of personal data is logged: who, what, how many rows
(issue 8 §3; PIPL art. 51/55/56). `apps.core.access_log.log_data_access` writes the row;
a scan of the views and APIs proves no download or export skips it."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from apps.core.access_log import DataAccessLog
from apps.core.schoolyear import current_school_year, school_year
from apps.training.models import LedgerEntry
from tests.personas import World

ROOT = Path(__file__).resolve().parent.parent.parent
# stored files, rendered PDFs and exports
SERVES_DATA = {"file_response", "FileResponse", "pdf_response"}
# Responses that hand out no one's data: empty import templates.
NOT_PERSONAL = {
    "apps/people/views/portal.py:RosterTemplateView.get",
    "apps/people/apis/roster.py:RosterImportViewSet.template",
    "apps/tenancy/apis.py:SchoolImportViewSet.template",
    "apps/tenancy/views/schools.py:SchoolTemplateView.get",
    "apps/training/views/imports.py:_attachment",
    "apps/probation/views/imports.py:SchoolTemplateView.get",
    "apps/probation/views/imports.py:DistrictTemplateView.get",
}


def _calls(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            names.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
    return names


def _functions(source: str, where: str) -> list[tuple[str, set[str]]]:
    """(label, names called) of every function and method of a module."""
    found = []
    for parent in ast.walk(ast.parse(source)):
        for node in ast.iter_child_nodes(parent):
            if isinstance(node, ast.FunctionDef):
                owner = f"{parent.name}." if isinstance(parent, ast.ClassDef) else ""
                found.append((f"{where}:{owner}{node.name}", _calls(node)))
    return found


def unlogged_responses(source: str, where: str) -> list[str]:
    """Functions that serve a file, an export or a workbook without logging it."""
    return sorted(
        label
        for label, calls in _functions(source, where)
        if (calls & SERVES_DATA or ("xlsx_response" in calls and label not in NOT_PERSONAL))
        and "log_data_access" not in calls
    )


def _interface_files() -> list[Path]:
    apps_dir = ROOT / "apps"
    return sorted(
        path
        for pattern in ("*/views.py", "*/views/*.py", "*/apis.py", "*/apis/*.py")
        for path in apps_dir.glob(pattern)
    )


def test_every_download_and_export_is_logged() -> None:
    offences = [
        o
        for path in _interface_files()
        for o in unlogged_responses(path.read_text("utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert offences == [], "call apps.core.access_log.log_data_access before answering"
    templates = {
        label
        for path in _interface_files()
        for label, calls in _functions(path.read_text("utf-8"), path.relative_to(ROOT).as_posix())
        if "xlsx_response" in calls
    }
    assert templates >= NOT_PERSONAL, "stale entries in NOT_PERSONAL"


def test_the_scan_catches_a_download_that_is_not_logged() -> None:
    sample = (
        "class V:\n"
        "    def get(self, request):\n"
        "        return file_response(row, data, prefix='x')\n"
        "def logged(request):\n"
        "    log_data_access(request, what='x', subject=row)\n"
        "    return file_response(row, data, prefix='x')\n"
        "def template(request):\n"
        "    return xlsx_response(build(), fallback='t.xlsx', name='模板.xlsx')\n"
    )
    assert unlogged_responses(sample, "m.py") == ["m.py:V.get", "m.py:template"]


# --------------------------------------------------------------------------- the rows


@pytest.mark.django_db
def test_an_evidence_download_names_the_person_the_file_and_the_request(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    url = reverse("evidence:review_file", args=[sd.school.district_id, sd.evidence.pk])
    response = client_for("A.reviewer").get(url)
    assert response.status_code == 200
    log = DataAccessLog.objects.get()
    assert log.user == world.user("A.reviewer")
    assert (log.district_id, log.school_id, log.rows) == (sd.school.district_id, sd.school.pk, 1)
    assert log.what == "佐证材料文件下载"
    assert log.subject.startswith(f"佐证材料 #{sd.evidence.pk} · ")
    assert sd.evidence.file_name in log.subject
    assert (log.path, log.request_id) == (url, response["X-Request-ID"])


@pytest.mark.django_db
def test_the_ledger_export_logs_how_many_rows_left(
    world: World, client_for: Any, record_hours: Any
) -> None:
    sd = world.schools["A1"]
    record_hours("A1", sd.teachers[:3], day=school_year(current_school_year()).start)
    url = reverse("training:ledger_export", args=[sd.school.pk])
    response = client_for("A1.leader").get(url)
    assert response.status_code == 200
    log = DataAccessLog.objects.get(what="学时台账导出")
    assert log.rows == LedgerEntry.objects.filter(school=sd.school).count() == 3
    assert (log.user, log.school_id) == (world.user("A1.leader"), sd.school.pk)


@pytest.mark.django_db
def test_a_printed_archive_is_logged(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    teacher = sd.teachers[0]
    response = client_for("A1.leader").get(
        reverse("training:archive_print", args=[sd.school.pk, teacher.pk])
    )
    assert response.status_code == 200
    log = DataAccessLog.objects.get(what="发展档案打印")
    assert log.subject == f"教师 #{teacher.pk} · {teacher.name}"
    assert log.school_id == sd.school.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    ["UPDATE core_dataaccesslog SET rows = 0", "DELETE FROM core_dataaccesslog"],
    ids=["update", "delete"],
)
def test_access_log_rows_cannot_be_changed_or_deleted(
    world: World, client_for: Any, statement: str
) -> None:
    sd = world.schools["A1"]
    client_for("A1.leader").get(
        reverse("evidence:school_file", args=[sd.school.pk, sd.evidence.pk])
    )
    with (
        pytest.raises(DatabaseError, match="audit rows are append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert DataAccessLog.objects.get().rows == 1
