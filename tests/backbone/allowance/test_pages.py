"""XB23-ALLOWANCE pages, exports, report rows and the due source, as a user meets them:
the ledger's grid (已发/待发/暂停/—), the payroll sheet with its columns and the export
logged, the pay form's errors, the district's overview, the teacher's own payments."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.backbone.models import AllowancePayment
from apps.backbone.selectors.allowance import (
    DISTRICT_REPORT_HEADERS,
    SCHOOL_REPORT_HEADERS,
    district_report_rows,
    school_report_rows,
)
from apps.core.access_log import DataAccessLog
from apps.reports.selectors.due_backbone_allowance import allowance_due
from apps.tenancy.models import Membership, Role
from tests.backbone.allowance.rows import bonus, cohort_world, pay, pay_span, suspend
from tests.personas import World

Rows = dict[str, Any]


@pytest.fixture
def rows(world: World) -> Rows:
    made = cohort_world(world)
    pay_span(made["leader"], dt.date(2025, 9, 1), dt.date(2026, 6, 1))
    pay(made["backbone"], dt.date(2025, 9, 1))
    suspend(made["other"], 2025)
    bonus(made["leader"], 2025, on=dt.date(2026, 7, 10))
    return made


def _ledger_url(world: World) -> str:
    return reverse("backbone:allowance_ledger", args=[world.schools["A1"].school.pk])


def test_ledger_grid_shows_paid_due_and_not_a_member(world: World, client_for: Any,
                                                     rows: Rows) -> None:  # fmt: skip
    body = client_for("A1.leader").get(_ledger_url(world) + "?year=2025").content.decode()
    assert body.count('data-state="paid"') == 11  # leader 10 months, backbone September
    assert body.count('data-state="due"') == 9  # backbone October … June
    assert body.count('data-state="not_member"') == 4  # July and August, after the cohort
    assert "8000.00" in body and "4500.00" in body  # paid 8000+500, due 9×500


def test_ledger_export_and_payroll_are_logged(world: World, client_for: Any, rows: Rows) -> None:
    client = client_for("A.admin")
    response = client.get(_ledger_url(world) + "?year=2025&format=xlsx")
    assert response.status_code == 200
    url = reverse("backbone:allowance_payroll", args=[world.schools["A1"].school.pk])
    sheet = load_workbook(io.BytesIO(client.get(url + "?month=2025-09").content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["工号", "姓名", "类别", "发放项目", "月份", "金额（元）", "发放日期"]
    assert sorted(r[5] for r in values[1:]) == [500, 800]
    assert {r[4] for r in values[1:]} == {"2025-09"}
    logged = DataAccessLog.objects.filter(user=world.user("A.admin")).values_list("what", "rows")
    assert sorted(logged) == [("骨干津贴发放表导出", 2), ("骨干津贴台账导出", 2)]


def test_pay_form_refuses_a_suspended_member_naming_the_reason(
    world: World, client_for: Any, rows: Rows
) -> None:
    url = reverse("backbone:allowance_pay", args=[world.schools["A2"].school.pk])
    response = client_for("A2.leader").post(
        url, {"month": "2025-10", "paid_on": "2025-10-20", "member": rows["other"].pk}
    )
    assert response.status_code == 400
    assert "暂停发放下一学年骨干津贴" in response.content.decode()
    assert not AllowancePayment.objects.filter(member=rows["other"]).exists()
    bad = client_for("A2.leader").post(url, {"month": "2025-13", "paid_on": "2025-10-20"})
    assert bad.status_code == 400 and "请按“年-月”填写月份" in bad.content.decode()


def test_pay_form_pays_the_month_and_names_who_was_skipped(
    world: World, client_for: Any, rows: Rows
) -> None:
    url = reverse("backbone:allowance_pay", args=[world.schools["A1"].school.pk])
    response = client_for("A1.leader").post(
        url, {"month": "2025-10", "paid_on": "2025-10-20", "member": ""}, follow=True
    )
    body = response.content.decode()
    assert "已发放 1 人，共 500.00 元" in body
    assert f"{rows['leader'].teacher.name}：该月已发放，跳过" in body


def test_district_overview_names_suspended_and_unpaid_bonuses(
    world: World, client_for: Any, rows: Rows
) -> None:
    url = reverse("backbone:allowance_district", args=[world.districts["A"].pk])
    body = client_for("A.reviewer").get(url + "?year=2025").content.decode()
    assert rows["other"].teacher.name in body  # suspended
    assert f"{rows['leader'].teacher.name} 5000.00元" in body  # the bonus not paid
    assert "1300.00/1300.00" in body and "1300.00/800.00" in body  # September, October


def test_teacher_sees_own_payments_only(world: World, client_for: Any, rows: Rows) -> None:
    """A1.teacher is A1's first teacher: the cohort's leader."""
    body = client_for("A1.teacher").get(reverse("backbone:allowance_mine")).content.decode()
    assert body.count("月度骨干津贴") == 10
    assert "500.00" not in body
    assert client_for("A1.teacher").get(_ledger_url(world)).status_code == 404


def test_report_rows_per_member_and_per_school(world: World, rows: Rows) -> None:
    school_rows = school_report_rows(school=world.schools["A1"].school, year=2025)
    assert len(SCHOOL_REPORT_HEADERS) == len(school_rows[0])
    by_name = {r[1]: r for r in school_rows}
    assert by_name[rows["leader"].teacher.name][3:5] == [Decimal("8000"), Decimal("8000")]
    assert by_name[rows["backbone"].teacher.name][3:5] == [Decimal("5000"), Decimal("500")]
    district = {r[0]: r for r in district_report_rows(district=world.districts["A"], year=2025)}
    assert len(DISTRICT_REPORT_HEADERS) == 6
    a2 = district[world.schools["A2"].school.name]
    assert (a2[1], a2[2], a2[4]) == (1, Decimal(0), 1)  # suspended: nothing expected


def test_due_source_names_the_unpaid_members_after_the_month(world: World, rows: Rows) -> None:
    holdings = list(Membership.objects.filter(role=Role.SCHOOL_LEADER, district__code="dist-a"))
    items = allowance_due(holdings=holdings, today=dt.date(2025, 11, 3))
    a1 = world.schools["A1"].school
    assert [(i.school_id, i.key) for i in items] == [(a1.pk, f"backbone:allowance:{a1.pk}:2025-10")]
    assert rows["backbone"].teacher.name in items[0].body
    assert rows["leader"].teacher.name not in items[0].body  # paid
    pay(rows["backbone"], dt.date(2025, 10, 1))
    assert allowance_due(holdings=holdings, today=dt.date(2025, 11, 3)) == []


def test_api_ledger_and_overview(world: World, client_for: Any, rows: Rows) -> None:
    school = world.schools["A1"].school
    url = reverse("api:backbone-allowance-ledger", kwargs={"school_id": school.pk})
    data = client_for("A1.leader").get(url + "?year=2025").json()
    by_name = {r["teacher"]: r for r in data["rows"]}
    assert by_name[rows["backbone"].teacher.name]["states"][:2] == ["paid", "due"]
    assert data["paid"] == "8500.00"
    assert client_for("A2.leader").get(url).status_code == 404
    district = world.districts["A"]
    url = reverse("api:backbone-allowance-district-overview", kwargs={"district_id": district.pk})
    overview = client_for("A.admin").get(url + "?year=2025").json()
    a2 = next(o for o in overview if o["school_id"] == world.schools["A2"].school.pk)
    assert a2["suspended"] == [rows["other"].teacher.name]
