"""Training evaluation (PT24-EVAL): the school's training officer records process evidence
(participation, assignments, discussion) and outcome evidence (summary, case analysis,
practice outcome) per teacher and semester; the overview shows who lacks which, and the
`training.evaluation` evaluator is met once every homeroom teacher has both."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.compliance import engine
from apps.compliance.models import ResultStatus
from apps.core.schoolyear import current_school_year, school_year
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.tenancy.models import School
from apps.training import services
from apps.training.models import EvaluationKind, EvaluationRecord
from tests.personas import World, evidence_pdf

YEAR = current_school_year()


def _record(
    world: World, kind: str, key: str = "A1", teacher: Teacher | None = None, **extra: Any
) -> EvaluationRecord:
    sd = world.schools[key]
    return services.evaluation_record_create(
        school=sd.school,
        teacher=teacher or sd.teachers[0],
        actor=world.user(f"{key}.leader"),
        school_year=YEAR,
        semester=extra.pop("semester", 1),
        kind=kind,
        title=extra.pop("title", f"{kind} 记录"),
        **extra,
    )


def _overview(client: Any, school: School, query: str = "") -> str:
    url = reverse("training:evaluation_overview", args=[school.pk])
    response = client.get(f"{url}?year={YEAR}{query}")
    assert response.status_code == 200
    return response.content.decode()


def _pt24_eval(world: World, key: str) -> Any:
    district = world.districts["A"]
    schools = list(School.objects.filter(district=district).order_by("code"))
    # PT24-EVAL is a rule per school year: judged at the year's end
    as_of = school_year(YEAR).end
    rows = engine.evaluate(district=district, school_year=YEAR, schools=schools, as_of=as_of)
    school = world.schools[key].school
    return next(
        r.outcome for r in rows if r.indicator.code == "PT24-EVAL" and r.school_id == school.pk
    )


def test_pt24_eval_overview_shows_what_is_missing_and_the_evaluator_follows(
    training_world: World, client_for: Any
) -> None:
    """PT24-EVAL: the homeroom teacher lacks both kinds, then only outcome evidence, then
    nothing — on the overview and in the putuo-2024 evaluator's result."""
    world = training_world
    sd = world.schools["A1"]
    homeroom = sd.teachers[0]
    client = client_for("A1.leader")

    body = _overview(client, sd.school)
    assert homeroom.name in body
    assert sd.teachers[1].name not in body  # a deputy is not a homeroom teacher
    assert body.count('data-testid="missing-process"') == 1
    assert body.count('data-testid="missing-outcome"') == 1
    before = _pt24_eval(world, "A1")
    assert before.status == ResultStatus.NOT_MET

    _record(world, EvaluationKind.ASSIGNMENT)
    body = _overview(client, sd.school)
    assert 'data-testid="missing-process"' not in body
    assert 'data-testid="missing-outcome"' in body
    assert "作业提交 1" in body
    assert _pt24_eval(world, "A1").status == ResultStatus.NOT_MET
    assert any("结果性评价" in m for m in _pt24_eval(world, "A1").missing)

    _record(world, EvaluationKind.CASE, semester=2)
    body = _overview(client, sd.school)
    assert "missing-" not in body
    assert "1 / 1" in body
    assert _pt24_eval(world, "A1").status == ResultStatus.MET

    # a semester filter shows each semester's records only
    first = _overview(client, sd.school, "&semester=1")
    assert 'data-testid="missing-outcome"' in first
    assert 'data-testid="missing-process"' not in first


def test_pt24_eval_other_schools_records_do_not_count(training_world: World) -> None:
    world = training_world
    _record(world, EvaluationKind.PARTICIPATION, key="A2")
    _record(world, EvaluationKind.SUMMARY, key="A2")
    assert _pt24_eval(world, "A1").status == ResultStatus.NOT_MET
    assert _pt24_eval(world, "A2").status == ResultStatus.MET


def test_leader_adds_a_record_with_a_file_and_downloads_it(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    client = client_for("A1.leader")
    response = client.post(
        reverse("training:evaluation_create", args=[sd.school.pk]),
        {
            "teacher": sd.teachers[0].pk,
            "school_year": YEAR,
            "semester": 1,
            "kind": EvaluationKind.SUMMARY,
            "title": "学期研修总结报告",
            "note": "按时提交，反思深入。",
            "file": SimpleUploadedFile("研修总结.pdf", evidence_pdf("SUMMARY"), "application/pdf"),
        },
    )
    record = EvaluationRecord.objects.get()
    assert response.status_code == 302
    assert (record.teacher_id, record.kind, record.file_type, record.created_by) == (
        sd.teachers[0].pk,
        EvaluationKind.SUMMARY,
        "pdf",
        world.user("A1.leader"),
    )
    page = client.get(response["Location"]).content.decode()
    assert "研修总结.pdf" in page
    download = client.get(reverse("training:evaluation_file", args=[sd.school.pk, record.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"SUMMARY" in download.content
    # the district reads it too; a leader of another school does not
    assert (
        client_for("A.reviewer")
        .get(reverse("training:evaluation_file", args=[sd.school.pk, record.pk]))
        .status_code
        == 200
    )
    assert (
        client_for("A2.leader")
        .get(reverse("training:evaluation_file", args=[sd.school.pk, record.pk]))
        .status_code
        == 404
    )


def test_bad_file_and_missing_fields_are_refused_in_chinese(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    response = client_for("A1.leader").post(
        reverse("training:evaluation_create", args=[sd.school.pk]),
        {
            "teacher": sd.teachers[0].pk,
            "school_year": YEAR,
            "semester": 1,
            "kind": EvaluationKind.CASE,
            "title": "案例分析",
            "file": SimpleUploadedFile("案例.pdf", b"not really a pdf", "application/pdf"),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "文件内容与扩展名 .pdf 不符" in body
    assert not EvaluationRecord.objects.exists()

    response = client_for("A1.leader").post(
        reverse("training:evaluation_create", args=[sd.school.pk]),
        {"teacher": world.schools["A2"].teachers[0].pk, "school_year": YEAR, "semester": 3},
    )
    body = response.content.decode()
    assert "所选教师不属于本校" in body
    assert "请选择第一学期或第二学期" in body
    assert "请选择评价类别" in body
    assert "请填写名称" in body
    assert not EvaluationRecord.objects.exists()


def test_only_the_leader_writes_evaluations(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    record = _record(world, EvaluationKind.DISCUSSION)
    url = reverse("training:evaluation_create", args=[sd.school.pk])
    assert client_for("A.admin").get(url).status_code == 404
    delete = reverse("training:evaluation_delete", args=[sd.school.pk, record.pk])
    assert client_for("A.admin").post(delete).status_code == 404
    assert client_for("A1.teacher").post(delete).status_code == 404
    assert EvaluationRecord.objects.filter(pk=record.pk).exists()
    client_for("A1.leader").post(delete)
    assert not EvaluationRecord.objects.filter(pk=record.pk).exists()
    with pytest.raises(PermissionDenied):
        services.evaluation_record_create(
            school=sd.school,
            teacher=sd.teachers[0],
            actor=world.user("A2.leader"),
            school_year=YEAR,
            semester=1,
            kind=EvaluationKind.CASE,
            title="越权",
        )


def test_evaluation_overview_queries_do_not_grow_with_teachers(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    school = sd.school
    client = client_for("A1.leader")

    def grow(extra: int) -> None:
        base = Teacher.objects.filter(school=school).count()
        for i in range(extra):
            teacher = Teacher.objects.create(
                school=school, district_id=school.district_id, employee_no=f"E{base + i}",
                name=f"评{base + i}", gender="M",
            )  # fmt: skip
            school_class = SchoolClass.objects.create(
                school=school, district_id=school.district_id, school_year=YEAR,
                grade=1 + i % 6, name=f"E{base + i}班",
            )  # fmt: skip
            HomeroomAssignment.objects.create(
                school=school, district_id=school.district_id, teacher=teacher,
                school_class=school_class, school_year=YEAR, role=AssignmentRole.HOMEROOM,
            )  # fmt: skip
            _record(world, EvaluationKind.PARTICIPATION, teacher=teacher)
            _record(world, EvaluationKind.PRACTICE, teacher=teacher, semester=2)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            _overview(client, school)
        return len(captured)

    count()
    grow(3)
    few = count()
    grow(30)
    assert count() == few


def test_evaluation_api_lists_filters_and_creates(world: World, client_for: Any) -> None:
    sd = world.schools["A1"]
    base = f"/api/v1/schools/{sd.school.pk}/evaluation-records/"
    _record(world, EvaluationKind.PARTICIPATION, teacher=sd.teachers[0])
    _record(world, EvaluationKind.PARTICIPATION, teacher=sd.teachers[1])
    client = client_for("A1.leader")

    listed = client.get(f"{base}?teacher={sd.teachers[1].pk}").json()["results"]
    assert [r["teacher"] for r in listed] == [sd.teachers[1].pk]
    # a foreign teacher's id filters to nothing (no "invalid choice" oracle)
    foreign_id = world.schools["B1"].teachers[0].pk
    assert client.get(f"{base}?teacher={foreign_id}").json()["results"] == []

    created = client.post(
        base,
        {
            "teacher": sd.teachers[0].pk,
            "school_year": YEAR,
            "semester": 2,
            "kind": "practice",
            "title": "班会课实践成果",
            "file": SimpleUploadedFile("成果.pdf", evidence_pdf("API"), "application/pdf"),
        },
    )
    assert created.status_code == 201, created.content
    assert (created.json()["has_file"], created.json()["kind"]) == (True, "practice")
    refused = client.post(
        base,
        {"teacher": foreign_id, "school_year": YEAR, "semester": 1, "kind": "case", "title": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "不属于本校" in refused.json()["teacher"][0]
    assert EvaluationRecord.objects.count() == 3
