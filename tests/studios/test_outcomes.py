"""A team's outcomes (成果, XH26-A2P-4.2 / 4.3; a workshop's course, XB23-WORKSHOP): who adds
them, what a course must say, the optional file checked like every upload, and the
district admin alone taking an outcome into the 成果集."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.access_log import DataAccessLog
from apps.core.schoolyear import today
from apps.studios.access import ensure_team_groups
from apps.studios.models import CourseForm, OutcomeKind, OutcomeStage, TeamFile, Theme
from apps.studios.services import outcome_add, outcome_promote
from tests.personas import World, evidence_pdf
from tests.studios.rows_evals import on_packs, team, workshop

DONE = dt.date(2026, 5, 20)


def _add(world: World, the_team: Any, actor: str, **fields: Any) -> Any:
    values: dict[str, Any] = {
        "kind": OutcomeKind.REPORT, "stage": OutcomeStage.STAGED, "title": "阶段性研究报告",
        "summary": "围绕班级冲突调解形成的阶段性报告。", "completed_on": DONE,
    } | fields  # fmt: skip
    return outcome_add(team=the_team, actor=world.user(actor), **values)


def _lead(world: World, the_team: Any, persona: str) -> None:
    ensure_team_groups(the_team)["lead_team"].user_set.add(world.user(persona))


def test_xh26_a2p_4_2_the_lead_adds_a_staged_outcome_with_its_file(world: World) -> None:
    """XH26-A2P-4.2: the team's lead adds a staged outcome on one of its themes, with a PDF
    kept as the outcome's file."""
    studio = team(world, "A1")
    _lead(world, studio, "A2.teacher")  # a district-wide lead may be of another school
    theme = Theme.objects.create(team=studio, title="班级冲突调解", started_on=DONE)
    made = _add(world, studio, "A2.teacher", theme=theme, file_name="报告.pdf",
                data=evidence_pdf("MK-OUT"))  # fmt: skip
    assert (made.theme, made.stage, made.promoted) == (theme, OutcomeStage.STAGED, False)
    stored = TeamFile.objects.get(outcome=made)
    assert (stored.file_name, stored.file_type, stored.team_id) == ("报告.pdf", "pdf", studio.pk)
    assert bytes(stored.data.data) == evidence_pdf("MK-OUT")


def test_outcomes_are_added_by_the_lead_or_a_manager_only(world: World) -> None:
    """The school's leader manages the school's team; a teacher of the school who does not
    lead it, and another school's leader, may not add an outcome."""
    studio = team(world, "A1")
    assert _add(world, studio, "A1.leader").recorded_by == world.user("A1.leader")
    assert _add(world, studio, "A.admin").pk
    for outsider in ("A1.teacher", "A2.leader", "B.admin"):
        with pytest.raises(PermissionDenied):
            _add(world, studio, outsider)


def test_xb23_workshop_a_course_says_its_form_and_plausible_hours(world: World) -> None:
    """XB23-WORKSHOP reads a course's form and hours: a course needs both (hours above 0
    and plausible), and only a course has them."""
    mine = workshop(world, "A1", "backbone")
    course = {"kind": OutcomeKind.COURSE, "title": "班级建设校本课程"}
    with pytest.raises(ValidationError) as missing:
        _add(world, mine, "A1.leader", **course)
    assert set(missing.value.message_dict) == {"course_form", "course_hours"}
    with pytest.raises(ValidationError) as huge:
        _add(world, mine, "A1.leader", **course, course_form=CourseForm.SCHOOL_FACE,
             course_hours=Decimal(2000))  # fmt: skip
    assert "不能超过" in huge.value.message_dict["course_hours"][0]
    with pytest.raises(ValidationError) as not_a_course:
        _add(world, mine, "A1.leader", course_form=CourseForm.SCHOOL_FACE)
    assert "只有“课程”类成果" in not_a_course.value.message_dict["course_form"][0]
    made = _add(world, mine, "A1.leader", **course, course_form=CourseForm.SCHOOL_FACE,
                course_hours=Decimal(20))  # fmt: skip
    assert (made.course_form, made.course_hours) == (CourseForm.SCHOOL_FACE, Decimal(20))


def test_an_outcome_names_each_bad_field_in_chinese(world: World) -> None:
    studio = team(world, "A1")
    other = Theme.objects.create(team=team(world, "A2"), title="别校主题", started_on=DONE)
    with pytest.raises(ValidationError) as error:
        _add(world, studio, "A1.leader", kind="poem", title=" ", theme=other,
             completed_on=today() + dt.timedelta(days=1), file_name="a.exe",
             data=b"MZ\x90\x00 not a document")  # fmt: skip
    messages = error.value.message_dict
    assert set(messages) == {"kind", "title", "theme", "completed_on", "file"}
    assert messages["title"] == ["请填写成果名称。"]
    assert "不属于本工作室" in messages["theme"][0]
    assert "不能晚于今天" in messages["completed_on"][0]
    assert not TeamFile.objects.exists()


def test_xh26_a2p_4_3_only_the_district_admin_promotes_into_the_collection(world: World) -> None:
    """XH26-A2P-4.3: the district's admin takes an outcome into the 成果集 (and out); the
    school's leader, the lead and another district's admin may not."""
    on_packs(world, ["xuhui-2026"])
    studio = team(world, "A1")
    _lead(world, studio, "A1.teacher")
    made = _add(world, studio, "A1.teacher")
    for refused in ("A1.leader", "A1.teacher", "A.reviewer", "B.admin"):
        with pytest.raises(PermissionDenied):
            outcome_promote(outcome=made, actor=world.user(refused), promoted=True)
    assert outcome_promote(outcome=made, actor=world.user("A.admin"), promoted=True).promoted
    made.refresh_from_db()
    assert made.promoted
    outcome_promote(outcome=made, actor=world.user("A.admin"), promoted=False)
    made.refresh_from_db()
    assert not made.promoted


# --------------------------------------------------------------------------- pages and API


def test_the_lead_adds_an_outcome_on_the_page_and_downloads_its_file(
    world: World, client_for: Any
) -> None:
    """The lead's add form saves the outcome with its file; the list shows it and its
    file, whose download is logged; a course without hours is refused naming the field."""
    studio = team(world, "A1")
    _lead(world, studio, "A1.teacher")
    client = client_for("A1.teacher")
    new = reverse("studios:outcome_create", args=[studio.pk])
    course = {"kind": "course", "stage": "staged", "title": "课程", "completed_on": "2026-05-20"}
    refused = client.post(new, course | {"course_form": "school_face"})
    assert refused.status_code == 400
    assert "请填写课程学时" in refused.content.decode()
    upload = SimpleUploadedFile("案例集.pdf", evidence_pdf("MK-CASES"), "application/pdf")
    saved = client.post(new, {"kind": "cases", "stage": "staged", "title": "冲突调解案例集",
                              "completed_on": "2026-05-20", "file": upload})  # fmt: skip
    assert saved.status_code == 302
    body = client.get(reverse("studios:outcome_list", args=[studio.pk])).content.decode()
    assert "冲突调解案例集" in body and "案例集.pdf" in body
    stored = TeamFile.objects.get(outcome__title="冲突调解案例集")
    download = client.get(reverse("studios:outcome_file", args=[studio.pk, stored.pk]))
    assert download.status_code == 200
    assert b"MK-CASES" in download.content
    assert DataAccessLog.objects.filter(
        what="工作室成果材料下载", user=world.user("A1.teacher")
    ).exists()
    export = client.get(reverse("studios:outcome_list", args=[studio.pk]) + "?format=xlsx")
    assert export.status_code == 200
    assert DataAccessLog.objects.filter(what="工作室成果导出", rows=1).exists()


def test_a_teacher_outside_the_team_gets_404(world: World, client_for: Any) -> None:
    studio = team(world, "A1")
    for url in (
        reverse("studios:outcome_list", args=[studio.pk]),
        reverse("studios:outcome_create", args=[studio.pk]),
        reverse("api:team-outcome-list", args=[studio.pk]),
    ):
        assert client_for("A1.teacher").get(url).status_code == 404
    assert (
        client_for("A.reviewer")
        .get(reverse("studios:outcome_create", args=[studio.pk]))
        .status_code
        == 404
    )


def test_the_outcome_api_lists_in_a_few_queries_and_creates(world: World, client_for: Any) -> None:
    """The team's outcomes over the API: the queries do not grow with the outcomes; a
    manager's POST adds one, a bad course answers 400 naming the field."""
    studio = team(world, "A1")
    client = client_for("A1.leader")
    url = reverse("api:team-outcome-list", args=[studio.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _add(world, studio, "A1.leader")
    few = queries()
    for n in range(3):
        _add(world, studio, "A1.leader", title=f"成果{n}")
    assert queries() == few
    made = client.post(url, {"kind": "course", "title": "网络课程", "completed_on": "2026-05-20",
                             "course_form": "district_online", "course_hours": "6"},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["course_hours"] == "6.0"
    bad = client.post(url, {"kind": "report", "title": "报告", "completed_on": "2026-05-20",
                            "course_hours": "6"}, content_type="application/json")  # fmt: skip
    assert bad.status_code == 400
    assert "course_form" in bad.json() or "course_form" in str(bad.json())


def test_xh26_a2p_4_3_the_district_admin_promotes_on_the_list(
    world: World, client_for: Any
) -> None:
    """XH26-A2P-4.3: the list's 收入成果集 button is the district admin's; the school's
    leader, who manages the team, sees no button and a POST is a 404."""
    studio = team(world, "A1")
    made = _add(world, studio, "A1.leader")
    url = reverse("studios:outcome_list", args=[studio.pk])
    assert 'name="promoted"' not in client_for("A1.leader").get(url).content.decode()
    assert (
        client_for("A1.leader").post(url, {"outcome": made.pk, "promoted": "1"}).status_code == 404
    )
    admin = client_for("A.admin")
    assert admin.post(url, {"outcome": made.pk, "promoted": "1"}).status_code == 302
    made.refresh_from_db()
    assert made.promoted
    assert "已收入" in admin.get(url).content.decode()
