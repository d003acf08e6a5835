"""The talent reserve pool (XH26-RESERVE) and XH26-A1-4 as its three parts: classes
staffed with the deputy pilot (people's evaluator, called as a part), the reserve pool
and the workforce plan (a reviewed document)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.schoolyear import today
from apps.probation.models import ReserveEntry, ReserveStatus
from apps.probation.selectors.reserve import reserve_summary
from apps.probation.services import reserve_entry_create, reserve_entry_update
from tests.personas import World

from .conftest import HOMEROOM, accepted, outcome, post

PLAN = "学校队伍建设规划（含班主任储备和培养）"


def _entry(world: World, key: str = "A1", n: int = 2) -> ReserveEntry:
    sd = world.schools[key]
    return reserve_entry_create(
        school=sd.school, actor=world.user(f"{key}.leader"), teacher=sd.teachers[n],
        source="deputy", entered_on=today(), completed="副班主任试点一学期",
    )  # fmt: skip


def test_xh26_a1_4_met_with_staffing_reserve_and_plan(probation_world: World) -> None:
    """XH26-A1-4: every class staffed, a deputy, one teacher in the reserve pool and the
    accepted workforce plan: met, each part shown."""
    sd = probation_world.schools["A1"]
    post(sd, sd.teachers[2], HOMEROOM, sd.classes[1])
    _entry(probation_world)
    accepted(sd, "XH26-A1-4")
    found = outcome(probation_world, "A1", "XH26-A1-4")
    assert found.status == "met"
    assert [(p["label"], p["status"]) for p in found.parts] == [
        ("按标准配齐班主任、试点副班主任", "met"),
        ("后备人才池", "met"),
        (PLAN, "met"),
    ]
    assert found.parts[1]["value"] == "后备人才池储备中 1 人"


def test_xh26_reserve_missing_makes_xh26_a1_4_partly_met(probation_world: World) -> None:
    """XH26-RESERVE: staffed and planned but no one in the reserve pool: partly met,
    the pool named; a teacher who left the pool does not count."""
    sd = probation_world.schools["A1"]
    post(sd, sd.teachers[2], HOMEROOM, sd.classes[1])
    accepted(sd, "XH26-A1-4")
    entry = _entry(probation_world)
    reserve_entry_update(
        entry=entry, actor=probation_world.user("A1.leader"), source="deputy",
        entered_on=entry.entered_on, completed="", status=ReserveStatus.LEFT,
    )  # fmt: skip
    found = outcome(probation_world, "A1", "XH26-A1-4")
    assert found.status == "partly_met"
    assert "后备人才池：0 人，至少 1 人" in found.missing
    assert reserve_summary(schools=[sd.school])[sd.school.pk] == {
        "active": 0,
        "appointed": 0,
        "left": 1,
    }


def test_xh26_a1_4_not_met_without_homeroom_reserve_or_plan(probation_world: World) -> None:
    """XH26-A1-4: no class staffed, no reserve, no plan: not met, each missing named."""
    sd = probation_world.schools["A2"]
    sd.assignments[0].delete()
    found = outcome(probation_world, "A2", "XH26-A1-4")
    assert found.status == "not_met"
    assert f"尚未提交：《{PLAN}》" in found.missing
    assert "后备人才池：0 人，至少 1 人" in found.missing


def test_xh26_reserve_refuses_bad_input_in_chinese(probation_world: World) -> None:
    """XH26-RESERVE: a future date, an unknown source and a second active entry of the
    same teacher are refused naming the field; nothing is saved."""
    sd = probation_world.schools["A1"]
    leader = probation_world.user("A1.leader")
    with pytest.raises(ValidationError) as bad:
        reserve_entry_create(
            school=sd.school, actor=leader, teacher=sd.teachers[2], source="guess",
            entered_on=today() + dt.timedelta(days=1),
        )  # fmt: skip
    assert "不能晚于今天" in bad.value.message_dict["entered_on"][0]
    assert "请选择来源" in bad.value.message_dict["source"][0]
    _entry(probation_world)
    with pytest.raises(ValidationError, match="已在后备人才池中"):
        _entry(probation_world)
    assert ReserveEntry.objects.filter(school=sd.school).count() == 1


def test_xh26_reserve_pages_add_edit_and_export(probation_world: World, client_for: Any) -> None:
    """XH26-RESERVE: the leader adds a teacher and edits the entry; 导出 Excel holds the
    pool; a bad date comes back on the form in Chinese."""
    sd = probation_world.schools["A1"]
    client = client_for("A1.leader")
    url = reverse("probation:reserve", args=[sd.school.pk])
    form = {
        "teacher": sd.teachers[2].pk,
        "source": "training",
        "entered_on": "",
        "status": "active",
    }
    bad = client.post(url, form)
    assert bad.status_code == 200 and "请填写日期" in bad.content.decode()
    assert client.post(url, form | {"entered_on": today().isoformat()}).status_code == 302
    entry = ReserveEntry.objects.get(teacher=sd.teachers[2])
    edit = reverse("probation:reserve_edit", args=[sd.school.pk, entry.pk])
    done = client.post(edit, {"source": "training", "entered_on": today().isoformat(),
                              "status": "appointed", "completed": "启航班结业"})  # fmt: skip
    assert done.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.completed) == ("appointed", "启航班结业")
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    assert sheet is not None
    assert [c.value for c in sheet[2]][:3] == [
        sd.teachers[2].employee_no,
        sd.teachers[2].name,
        "专题培训",
    ]
    assert client_for("A.admin").get(edit).status_code == 404  # the leader edits


def test_xh26_reserve_api_create_and_update(probation_world: World, client_for: Any) -> None:
    """XH26-RESERVE: the API creates and updates entries of the URL's school; another
    school's teacher is a Chinese 400."""
    sd = probation_world.schools["A1"]
    client = client_for("A1.leader")
    url = f"/api/v1/schools/{sd.school.pk}/reserve/"
    body = {"teacher": probation_world.schools["A2"].teachers[2].pk, "source": "training",
            "entered_on": today().isoformat()}  # fmt: skip
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400 and "不属于本校" in refused.content.decode()
    made = client.post(url, body | {"teacher": sd.teachers[2].pk}, content_type="application/json")
    assert made.status_code == 201
    changed = client.patch(f"{url}{made.json()['id']}/", {"status": "left"},
                           content_type="application/json")  # fmt: skip
    assert changed.status_code == 200 and changed.json()["status"] == "left"
    assert client.get(url, {"status": "left"}).json()["count"] == 1
