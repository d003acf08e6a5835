"""The team-work services and pages (XB-FIVE board, XB-PROJECT, XB-SHOWCASE, XB-PLAN,
XB-RADIATE): who may write, bad input refused naming the field with nothing saved, what
the pages and exports show, the due sources and the report rows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.backbone.models import CharacterProject, Collection, RadiatePost, Showcase
from apps.backbone.selectors.work import (
    DISTRICT_REPORT_HEADERS,
    SCHOOL_REPORT_HEADERS,
    district_report_rows,
    school_report_rows,
)
from apps.backbone.services.work import (
    project_record,
    radiate_post,
    showcase_record,
    team_plan_record,
)
from apps.reports.selectors.due_backbone_work import five_missing, showcase_due
from apps.tenancy.models import Membership, Role
from tests.backbone.work.rows import FIVE_KINDS, archive, famous, member, on_xinbei, team
from tests.personas import World, evidence_pdf


@pytest.fixture
def xinbei(world: World) -> World:
    return on_xinbei(world)


def test_xb_project_the_members_school_leader_records_a_project(xinbei: World) -> None:
    m = member(team(xinbei), xinbei.schools["A1"].teachers[0], xinbei.user("A.admin"))
    made = project_record(actor=xinbei.user("A1.leader"), member=m, title="区域品格项目",
                          scope="region", started_on=dt.date(2025, 10, 1))  # fmt: skip
    assert made.school_id == m.school_id and made.teacher_id == m.teacher_id
    with pytest.raises(PermissionDenied):
        project_record(actor=xinbei.user("A2.leader"), member=m, title="别校登记",
                       scope="region", started_on=dt.date(2025, 10, 1))  # fmt: skip
    assert CharacterProject.objects.count() == 1


def test_xb_project_bad_input_names_the_fields_and_saves_nothing(xinbei: World) -> None:
    m = member(team(xinbei), xinbei.schools["A1"].teachers[0], xinbei.user("A.admin"))
    with pytest.raises(ValidationError) as caught:
        project_record(actor=xinbei.user("A.reviewer"), member=m, title=" ", scope="city",
                       started_on=dt.date(2027, 1, 1), ended_on=dt.date(2026, 1, 1))  # fmt: skip
    errors = caught.value.message_dict
    assert set(errors) == {"title", "scope", "started_on", "ended_on"}
    assert "不能晚于今天" in errors["started_on"][0]
    assert CharacterProject.objects.count() == 0


def test_xb_showcase_a_team_of_another_district_is_refused(xinbei: World) -> None:
    foreign = team(xinbei, "B")
    with pytest.raises(ValidationError) as caught:
        showcase_record(
            actor=xinbei.user("A.admin"), district=xinbei.districts["A"], title="成果展示",
            held_on=dt.date(2025, 12, 1), teams=[foreign],
        )  # fmt: skip
    assert "teams" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        showcase_record(actor=xinbei.user("A1.leader"), district=xinbei.districts["A"],
                        title="成果展示", held_on=dt.date(2025, 12, 1))  # fmt: skip
    assert Showcase.objects.count() == 0


def test_xb_plan_a_yearly_plan_needs_its_year(xinbei: World) -> None:
    with pytest.raises(ValidationError) as caught:
        team_plan_record(
            actor=xinbei.user("A.admin"), team=team(xinbei), kind="yearly", year=None,
            title="计划", needs_analysis="调研", content="内容",
        )  # fmt: skip
    assert caught.value.message_dict["year"] == ["年度培育计划须写明年度。"]


def test_xb_radiate_the_teacher_posts_and_a_colleague_not_in_the_pool_cannot(
    xinbei: World,
) -> None:
    a1 = xinbei.schools["A1"]
    own = a1.teachers[0]  # linked to the A1.teacher login
    own.refresh_from_db()
    famous(own, xinbei.user("A1.leader"))
    post = radiate_post(actor=xinbei.user("A1.teacher"), teacher=own, reach="grade",
                        title="带领年级", body="记录", posted_on=dt.date(2026, 5, 1))  # fmt: skip
    assert post.school_id == a1.school.pk
    with pytest.raises(ValidationError) as caught:
        radiate_post(actor=xinbei.user("A1.leader"), teacher=a1.teachers[1], reach="grade",
                     title="带领年级", body="记录", posted_on=dt.date(2026, 5, 1))  # fmt: skip
    assert "teacher" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        radiate_post(actor=xinbei.user("A1.teacher"), teacher=a1.teachers[2], reach="grade",
                     title="带领年级", body="记录", posted_on=dt.date(2026, 5, 1))  # fmt: skip
    assert RadiatePost.objects.count() == 1


def test_xb_five_board_names_what_is_missing_and_exports_it(xinbei: World, client_for) -> None:  # type: ignore[no-untyped-def]
    a1 = xinbei.schools["A1"]
    by = xinbei.user("A1.leader")
    famous(a1.teachers[0], by)
    archive(a1.teachers[0], by, FIVE_KINDS[:4])
    url = reverse("backbone:work_five_board", kwargs={"school_id": a1.school.pk})
    body = client_for("A1.leader").get(url, {"year": 2025}).content.decode()
    assert "1 人中 0 人完成" in body and "德育论文" in body
    response = client_for("A1.leader").get(url, {"year": 2025, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == a1.teachers[0].name and rows[1][-1] == "德育论文"


def test_xb_five_my_page_shows_only_my_own_row(xinbei: World, client_for) -> None:  # type: ignore[no-untyped-def]
    a1 = xinbei.schools["A1"]
    by = xinbei.user("A1.leader")
    famous(a1.teachers[0], by)
    famous(a1.teachers[1], by)
    archive(a1.teachers[1], by, FIVE_KINDS)
    body = client_for("A1.teacher").get(reverse("backbone:work_my_five"), {"year": 2025})
    text = body.content.decode()
    assert "区级名班主任" in text and "已完成" not in text  # teacher 0 has nothing yet
    assert reverse("training:my_archive") in text


def test_xb_project_collection_with_a_file_is_stored_and_served(xinbei: World, client_for) -> None:  # type: ignore[no-untyped-def]
    growth_team = team(xinbei)
    url = reverse("backbone:work_team", args=[xinbei.districts["A"].pk, growth_team.pk])
    upload = SimpleUploadedFile("专辑.pdf", evidence_pdf("ALBUM"), "application/pdf")
    response = client_for("A.reviewer").post(url, {
        "what": "collection", "year": 2025, "title": "2025研究专辑",
        "compiled_on": "2025-12-01", "file": upload,
    })  # fmt: skip
    assert response.status_code == 302
    collection = Collection.objects.get()
    file_url = reverse("backbone:work_collection_file",
                       args=[xinbei.districts["A"].pk, growth_team.pk, collection.pk])  # fmt: skip
    assert b"ALBUM" in client_for("A.admin").get(file_url).content
    bad = client_for("A.reviewer").post(url, {"what": "collection", "year": 2025, "title": "x",
                                              "compiled_on": "2030-01-01"})  # fmt: skip
    assert "形成日期不能晚于今天" in bad.content.decode()
    assert Collection.objects.count() == 1


def test_due_five_missing_for_the_leader_and_showcase_from_november(xinbei: World) -> None:
    a1 = xinbei.schools["A1"]
    famous(a1.teachers[0], xinbei.user("A1.leader"))
    leader = Membership.objects.get(user=xinbei.user("A1.leader"), role=Role.SCHOOL_LEADER)
    items = five_missing(holdings=[leader], today=dt.date(2026, 12, 4))
    assert [i.key for i in items] == [f"backbone-five:{a1.school.pk}:2026"]
    team(xinbei)
    staff = Membership.objects.get(user=xinbei.user("A.reviewer"))
    assert showcase_due(holdings=[staff], today=dt.date(2026, 10, 31)) == []
    due = showcase_due(holdings=[staff], today=dt.date(2026, 11, 1))
    assert [i.title for i in due] == ["2026 年成长团队成果展示尚未举办"]
    showcase_record(actor=xinbei.user("A.admin"), district=xinbei.districts["A"],
                    title="展示", held_on=dt.date(2026, 11, 2))  # fmt: skip
    assert showcase_due(holdings=[staff], today=dt.date(2026, 11, 3)) == []


def test_report_rows_of_the_school_and_the_district(xinbei: World) -> None:
    a1 = xinbei.schools["A1"]
    by = xinbei.user("A.admin")
    growth_team = team(xinbei)
    m = member(growth_team, a1.teachers[0], by)
    archive(a1.teachers[0], by, FIVE_KINDS)
    project_record(
        actor=by, member=m, title="项目", scope="school", started_on=dt.date(2025, 10, 1)
    )
    rows = school_report_rows(school=a1.school, year=2025)
    assert len(SCHOOL_REPORT_HEADERS) == len(rows[0])
    assert rows == [[a1.teachers[0].name, f"团队成员（{growth_team.name}）", "已完成", "", 1]]
    showcase_record(actor=by, district=xinbei.districts["A"], title="展示",
                    held_on=dt.date(2025, 12, 1), teams=[growth_team])  # fmt: skip
    district_rows = district_report_rows(district=xinbei.districts["A"], year=2025)
    assert len(DISTRICT_REPORT_HEADERS) == len(district_rows[0])
    assert district_rows[0][0] == growth_team.name and district_rows[0][-1] == 1
