"""Quarterly briefs (XB23-BRIEF): due at the end of the 28th of the quarter's last month
in Asia/Shanghai; filed by the team's lead, reviewed by the district (never by the one
who filed it); the district's board, the leads' reminders and the evaluator."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.compliance import engine
from apps.compliance.registry import Context, Outcome
from apps.core.schoolyear import quarter_of, school_year, today
from apps.reports.selectors.due_studios import briefs_due
from apps.studios.indicators.briefs import briefs as evaluate_briefs
from apps.studios.models import BriefStatus, Team, TeamFile, TeamFileData
from apps.studios.selectors import brief_board, brief_due, quarters_due
from apps.studios.services import brief_correct, brief_file, brief_review
from apps.tenancy.models import Membership, Role, School
from tests.personas import World, evidence_pdf
from tests.studios.rows_briefs import brief, lead_user, shanghai, with_backbone_pack, workshop


@pytest.fixture(autouse=True)
def _only_this_tests_teams(world: World) -> None:
    """These tests count every team and lead of a district: the persona world's own
    district studio (tests/personas.py, the cross-school case the matrix runs) is not part
    of what they set up, so it goes."""
    for studio in world.studios.values():
        Membership.objects.filter(district=studio.team.district, role=Role.STUDIO_LEAD).delete()
        studio.team.delete()


@pytest.fixture
def backbone(world: World) -> World:
    with_backbone_pack(world.districts["A"])
    return world


def _at(moment: dt.datetime) -> Iterator[object]:
    return mock.patch("django.utils.timezone.now", return_value=moment)  # type: ignore[return-value]


def _file(team: object, lead: object, moment: dt.datetime, quarter: int = 1, **extra: object):  # type: ignore[no-untyped-def]
    with _at(moment):
        return brief_file(
            team=team, actor=lead, year=moment.year, quarter=quarter, title="第一季度简报",
            body="开展了两次研讨", **extra,
        )  # type: ignore[arg-type]  # fmt: skip


def quarter_now() -> tuple[int, int]:
    return quarter_of(today())


def _cells(world: World, year: int, now: dt.datetime) -> dict[tuple[str, int], str]:
    board = brief_board(district=world.districts["A"], year=year, now=now)
    return {(r.team.name, c.quarter): c.label for r in board.rows for c in r.cells}


def test_xb23_brief_due_is_the_end_of_the_28th_in_shanghai() -> None:
    assert brief_due(2026, 1, 28) == shanghai(2026, 3, 28, 23, 59, 59, 999999)
    assert brief_due(2026, 4, 28) == shanghai(2026, 12, 28, 23, 59, 59, 999999)
    since = dt.date(2025, 10, 1)  # established after Q3 2025's due day
    assert quarters_due(since, shanghai(2026, 6, 29), 28) == [(2025, 4), (2026, 1), (2026, 2)]
    assert quarters_due(since, shanghai(2026, 6, 28, 23), 28) == [(2025, 4), (2026, 1)]


def test_xb23_brief_filed_at_2359_on_the_28th_is_on_time(backbone: World) -> None:
    sd = backbone.schools["A1"]
    lead = lead_user(sd)
    team = workshop(sd, lead=lead)
    filed = _file(team, lead, shanghai(2026, 3, 28, 23, 59))
    assert filed.status == BriefStatus.SUBMITTED and filed.submitted_by == lead
    assert _cells(backbone, 2026, shanghai(2026, 4, 1))[(team.name, 1)] == "按时"


def test_xb23_brief_filed_at_midnight_on_the_29th_is_late(backbone: World) -> None:
    sd = backbone.schools["A1"]
    lead = lead_user(sd)
    team = workshop(sd, lead=lead)
    _file(team, lead, shanghai(2026, 3, 29, 0, 0))
    cells = _cells(backbone, 2026, shanghai(2026, 4, 1))
    assert cells[(team.name, 1)] == "逾期"
    assert cells[(team.name, 2)] == "未到期"


def test_xb23_brief_missing_once_the_due_moment_passed(backbone: World) -> None:
    team = workshop(backbone.schools["A1"])
    assert _cells(backbone, 2026, shanghai(2026, 3, 28, 23, 59))[(team.name, 1)] == "未到期"
    assert _cells(backbone, 2026, shanghai(2026, 3, 29, 0, 0))[(team.name, 1)] == "缺报"
    late_team = workshop(backbone.schools["A2"], established=dt.date(2026, 4, 2))
    assert _cells(backbone, 2026, shanghai(2026, 7, 1))[(late_team.name, 1)] == "无需报送"


def test_xb23_brief_board_all_teams_in_a_few_queries(backbone: World) -> None:
    lead = lead_user(backbone.schools["A1"])
    teams = [workshop(backbone.schools["A1"], name=f"坊{n}") for n in range(4)]
    brief(teams[0], 2026, 1, shanghai(2026, 3, 1), lead)
    brief(teams[1], 2026, 1, shanghai(2026, 3, 29, 8), lead)
    with CaptureQueriesContext(connection) as few:
        board = brief_board(district=backbone.districts["A"], year=2026, now=shanghai(2026, 4, 2))
    assert [c.label for c in board.rows[0].cells] == ["按时", "未到期", "未到期", "未到期"]
    assert board.totals()["late"] == 1 and board.totals()["missing"] == 2
    more = [workshop(backbone.schools["A2"], name=f"坊B{n}") for n in range(4)]
    with CaptureQueriesContext(connection) as many:
        board = brief_board(district=backbone.districts["A"], year=2026, now=shanghai(2026, 4, 2))
    assert len(board.rows) == len(teams) + len(more)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_xb23_brief_board_says_when_the_districts_packs_lack_the_rule(world: World) -> None:
    workshop(world.schools["A1"])
    board = brief_board(district=world.districts["A"], year=2026)
    assert not board.applies and board.rows == []


def test_xb23_brief_only_the_lead_files_a_begun_quarter_once(backbone: World) -> None:
    sd = backbone.schools["A1"]
    lead = lead_user(sd)
    team = workshop(sd, lead=lead)
    with pytest.raises(PermissionDenied):
        _file(team, backbone.user("A1.leader"), shanghai(2026, 3, 1))
    with pytest.raises(ValidationError) as not_begun:
        _file(team, lead, shanghai(2026, 3, 1), quarter=2)
    assert "尚未开始" in not_begun.value.message_dict["quarter"][0]
    _file(team, lead, shanghai(2026, 3, 1))
    with pytest.raises(ValidationError) as twice:
        _file(team, lead, shanghai(2026, 3, 2))
    assert "已提交" in twice.value.message_dict["quarter"][0]


def test_xb23_brief_text_and_files_are_checked(backbone: World) -> None:
    sd = backbone.schools["A1"]
    lead = lead_user(sd)
    team = workshop(sd, lead=lead)
    with _at(shanghai(2026, 3, 1)), pytest.raises(ValidationError) as bad:
        brief_file(
            team=team, actor=lead, year=2026, quarter=1, title="简\x00报", body="",
            files=[("进展.pdf", b"not a pdf")],
        )  # fmt: skip
    errors = bad.value.message_dict
    assert "标题" in errors["title"][0] and errors["body"] and "进展.pdf" in errors["files"][0]
    good = _file(team, lead, shanghai(2026, 3, 1), files=[("进展.pdf", evidence_pdf("x"))])
    assert list(TeamFile.objects.filter(brief=good).values_list("file_name", flat=True)) == [
        "进展.pdf"
    ]


def test_xb23_brief_nobody_reviews_their_own_and_a_returned_brief_is_filed_again(
    backbone: World,
) -> None:
    sd = backbone.schools["A1"]
    lead = backbone.user("A.reviewer")  # a district reviewer who also leads a workshop
    Membership.objects.create(user=lead, district=backbone.districts["A"], role=Role.STUDIO_LEAD)
    team = workshop(sd, lead=lead)
    filed = _file(team, lead, shanghai(2026, 3, 29, 0, 0))
    with pytest.raises(PermissionDenied):
        brief_review(brief=filed, reviewer=lead, accept=True)
    with pytest.raises(PermissionDenied):
        brief_review(brief=filed, reviewer=backbone.user("B.admin"), accept=True)
    returned = brief_review(brief=filed, reviewer=backbone.user("A.admin"), accept=False,
                            comment="请补充活动照片")  # fmt: skip
    assert returned.status == BriefStatus.RETURNED
    with _at(shanghai(2026, 4, 5)):
        again = brief_correct(brief=returned, actor=lead, title="第一季度简报（补充）", body="补充")
    assert again.status == BriefStatus.SUBMITTED
    assert again.filed_at == shanghai(2026, 3, 29, 0, 0)  # still late: the first filing counts
    accepted = brief_review(brief=again, reviewer=backbone.user("A.admin"), accept=True)
    assert accepted.status == BriefStatus.ACCEPTED


def _leads(world: World) -> list[Membership]:
    return list(Membership.objects.filter(role=Role.STUDIO_LEAD, district=world.districts["A"]))


def test_xb23_brief_reminders_7_days_and_1_day_before_and_none_once_filed(
    backbone: World,
) -> None:
    sd = backbone.schools["A1"]
    lead = lead_user(sd)
    team = workshop(sd, lead=lead)
    workshop(sd, name="无主持人账号的工作坊")  # no lead: nobody to remind
    assert briefs_due(holdings=_leads(backbone), today=dt.date(2026, 3, 20)) == []
    week = briefs_due(holdings=_leads(backbone), today=dt.date(2026, 3, 21))
    assert [(i.user_id, i.key) for i in week] == [(lead.pk, f"studios:brief:{team.pk}:2026q1:7d")]
    assert "03月28日" in week[0].title and "year=2026&quarter=1" in week[0].link
    day = briefs_due(holdings=_leads(backbone), today=dt.date(2026, 3, 27))
    assert [i.key for i in day] == [f"studios:brief:{team.pk}:2026q1:1d"]
    brief(team, 2026, 1, shanghai(2026, 3, 27, 9), lead)
    assert briefs_due(holdings=_leads(backbone), today=dt.date(2026, 3, 27)) == []


def _outcome(world: World, key: str, as_of: dt.date) -> Outcome:
    district = world.districts[key[0]]
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = engine.evaluate(district=district, school_year=2025, schools=schools, as_of=as_of)
    school = world.schools[key].school
    return next(
        r.outcome for r in rows if r.indicator.code == "XB23-BRIEF" and r.school_id == school.pk
    )


def test_xb23_brief_evaluator_met_partly_met_not_met_and_not_applicable(backbone: World) -> None:
    lead = lead_user(backbone.schools["A1"])
    good = workshop(backbone.schools["A1"], name="按时坊")
    for year, quarter, month in ((2025, 3, 9), (2025, 4, 12), (2026, 1, 3)):
        brief(good, year, quarter, shanghai(year, month, 28, 23, 59), lead)
    as_of = dt.date(2026, 4, 10)  # 2025Q3, 2025Q4 and 2026Q1 are due
    assert _outcome(backbone, "A1", as_of).status == "met"
    assert _outcome(backbone, "A2", as_of).status == "not_applicable"
    patchy = workshop(backbone.schools["A2"], name="迟报坊")
    brief(patchy, 2025, 3, shanghai(2025, 9, 29, 0, 0), lead)
    partly = _outcome(backbone, "A2", as_of)
    assert partly.status == "partly_met"
    assert partly.missing == [
        "迟报坊 2025年第3季度：逾期", "迟报坊 2025年第4季度：缺报", "迟报坊 2026年第1季度：缺报"
    ]  # fmt: skip
    patchy.briefs.all().delete()
    assert _outcome(backbone, "A2", as_of).status == "not_met"


# ------------------------------------------------------------------------------ pages


def test_xb23_brief_lead_files_from_the_phone_page_and_sees_it(backbone: World, client) -> None:  # type: ignore[no-untyped-def]
    sd = backbone.schools["A1"]
    lead = lead_user(sd)
    team = workshop(sd, lead=lead)
    client.force_login(lead)
    year, quarter = quarter_now()
    url = reverse("studios:brief_new", kwargs={"team_id": team.pk})
    page = client.get(f"{url}?year={year}&quarter={quarter}")
    assert page.status_code == 200 and "截止" in page.content.decode()
    upload = SimpleUploadedFile("进展.pdf", evidence_pdf("x"), content_type="application/pdf")
    payload = {"title": "本季度简报", "body": "两次研讨", "attachments": [upload]}
    done = client.post(f"{url}?year={year}&quarter={quarter}", payload)
    assert done.status_code == 302
    listing = client.get(reverse("studios:team_briefs", kwargs={"team_id": team.pk})).content
    on_time = timezone.now() <= brief_due(year, quarter, 28)  # the 29th–31st: late
    assert "本季度简报" in listing.decode() and ("按时" if on_time else "逾期") in listing.decode()
    again = client.post(f"{url}?year={year}&quarter={quarter}", {"title": "再报", "body": "x"})
    assert "已提交" in again.content.decode()
    other = lead_user(backbone.schools["A2"], "other")
    client.force_login(other)
    assert client.get(url).status_code == 404  # not their team


def test_xb23_brief_district_board_exports_and_reviews(backbone: World, client) -> None:  # type: ignore[no-untyped-def]
    sd = backbone.schools["A1"]
    lead = lead_user(sd)
    team = workshop(sd, name="迟报坊", lead=lead)
    late = brief(team, 2026, 1, shanghai(2026, 3, 29, 0, 0), lead)
    district = backbone.districts["A"]
    client.force_login(backbone.user("A.reviewer"))
    board_url = reverse("studios:brief_board", kwargs={"district_id": district.pk})
    body = client.get(f"{board_url}?year=2026").content.decode()
    assert "迟报坊" in body and "逾期" in body
    export = client.get(f"{board_url}?year=2026&format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [sheet["A2"].value, sheet["G2"].value, sheet["I2"].value] == [
        "迟报坊",
        "第1季度",
        "逾期",
    ]
    detail = reverse(
        "studios:brief_detail", kwargs={"district_id": district.pk, "brief_id": late.pk}
    )
    refused = client.post(detail, {"decision": "return", "comment": ""})
    assert "退回时请填写意见" in refused.content.decode()
    assert client.post(detail, {"decision": "accept", "comment": ""}).status_code == 302
    late.refresh_from_db()
    assert late.status == BriefStatus.ACCEPTED
    client.force_login(backbone.user("B.admin"))
    assert (
        client.get(
            detail.replace(f"/d/{district.pk}/", f"/d/{backbone.districts['B'].pk}/")
        ).status_code
        == 404
    )


# -------------------------------------------------------------------------------- API


def test_xb23_brief_api_the_lead_lists_and_files_others_get_404(backbone: World, client) -> None:  # type: ignore[no-untyped-def]
    sd = backbone.schools["A1"]
    lead = lead_user(sd)
    team = workshop(sd, lead=lead)
    url = reverse("api:team-brief-list", kwargs={"team_id": team.pk})
    client.force_login(lead)
    year, quarter = quarter_now()
    payload = {"year": year, "quarter": quarter, "title": "API 简报", "body": "进展"}
    made = client.post(url, payload)
    assert made.status_code == 201 and made.json()["title"] == "API 简报"
    twice = client.post(url, payload)
    assert twice.status_code == 400 and "已提交" in twice.json()["quarter"][0]
    assert [b["title"] for b in client.get(url).json()["results"]] == ["API 简报"]
    client.force_login(backbone.user("A.admin"))  # manages, but does not lead
    assert client.get(url).status_code == 404
    board = reverse("api:district-brief-board", kwargs={"district_id": backbone.districts["A"].pk})
    answer = client.get(f"{board}?year={year}").json()
    assert answer["applies"] and answer["rows"][0]["name"] == team.name
    client.force_login(backbone.user("B.admin"))
    assert client.get(board).status_code == 404


LEAD_ROUTES = ["studios:team_briefs", "studios:brief_new", "studios:brief_edit",
               "studios:lead_brief_file", "api:team-brief-list"]  # fmt: skip


def test_xb23_brief_the_leads_routes_are_404_for_every_other_persona(
    backbone: World, client_for
) -> None:  # type: ignore[no-untyped-def]
    """The matrix's `self` entries of the lead's routes: nobody but the lead — not the
    district's admin, not the host's school leader — reads or writes a team's briefs."""
    sd = backbone.schools["A1"]
    lead = lead_user(sd)
    team = workshop(sd, lead=lead)
    filed = brief(team, 2026, 1, shanghai(2026, 3, 20), lead)
    attached = TeamFile.objects.create(
        team=team, brief=filed, file_name="a.pdf", file_type="pdf", file_size=3, uploaded_by=lead
    )
    TeamFileData.objects.create(file=attached, data=b"%PD")
    payload = {"year": 2026, "quarter": 1, "title": "别人的简报", "body": "x"}
    for name in LEAD_ROUTES:
        kwargs = {"team_id": team.pk} | ({"brief_id": filed.pk} if "edit" in name else {})
        if name == "studios:lead_brief_file":
            kwargs = {"team_id": team.pk, "brief_id": filed.pk, "file_id": attached.pk}
        url = reverse(name, kwargs=kwargs)
        for persona in backbone.personas.values():
            client = client_for(persona.key)
            refused = {401, 403} if name.startswith("api:") else {302}
            expected = refused if persona.user is None else {404}
            assert client.get(url).status_code in expected, f"{url} {persona.key}"
            assert client.post(url, payload).status_code in expected, f"POST {url} {persona.key}"
        client = client_for("anon")
        client.force_login(lead)
        assert client.get(url).status_code == 200, url
    filed.refresh_from_db()
    assert filed.title != "别人的简报" and team.briefs.count() == 1


def test_xb23_brief_evaluator_reads_every_school_in_the_same_few_queries(backbone: World) -> None:
    district = backbone.districts["A"]
    ctx = Context(district=district, school_year=2025, period=school_year(2025),
                  as_of=dt.date(2026, 4, 10), since=dt.date(2023, 9, 1))  # fmt: skip
    schools = list(School.objects.filter(district=district).order_by("code"))
    lead = lead_user(backbone.schools["A1"])
    brief(workshop(backbone.schools["A1"], name="坊1"), 2025, 3, shanghai(2025, 9, 1), lead)
    with CaptureQueriesContext(connection) as few:
        first = evaluate_briefs(ctx, None, {"brief_due_day": 28}, schools)  # type: ignore[arg-type]
    for key in ("A1", "A2", "A2"):
        team = workshop(backbone.schools[key], name=f"坊{key}{team_count()}")
        brief(team, 2025, 4, shanghai(2025, 12, 29), lead)
    with CaptureQueriesContext(connection) as many:
        again = evaluate_briefs(ctx, None, {"brief_due_day": 28}, schools)  # type: ignore[arg-type]
    assert len(many.captured_queries) == len(few.captured_queries) <= 3
    assert first[schools[1].pk].status == "not_applicable"
    assert again[schools[1].pk].status == "partly_met"


def team_count() -> int:
    return Team.objects.count()
