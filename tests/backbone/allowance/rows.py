"""Allowance rows for the tests: district A on the xuhui backbone pack, a cohort with a
leader and a backbone member at A1 and one at A2, payments and consequences written
straight to the models (the consequence service is another topic's)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from apps.backbone.models import (
    AllowanceKind,
    AllowancePayment,
    BackboneMember,
    Category,
    Consequence,
    ConsequenceKind,
)
from apps.backbone.selectors.allowance import add_months, first_of, months_between, rate_of
from tests.backbone.factories import make_cohort, make_member
from tests.personas import World
from tests.studios.rows_evals import on_packs


def cohort_world(world: World, **cohort: Any) -> dict[str, Any]:
    on_packs(world, ["xuhui-2026", "xuhui-backbone-2023"])
    admin = world.user("A.admin")
    made = make_cohort(district=world.districts["A"], by=admin, **cohort)
    a1, a2 = world.schools["A1"].teachers, world.schools["A2"].teachers
    return {
        "cohort": made,
        "leader": make_member(cohort=made, teacher=a1[0], by=admin, category=Category.LEADER),
        "backbone": make_member(cohort=made, teacher=a1[1], by=admin),
        "other": make_member(cohort=made, teacher=a2[0], by=admin),
    }


def pay(member: BackboneMember, month: dt.date, *, paid_on: dt.date | None = None,
        amount: str | None = None) -> AllowancePayment:  # fmt: skip
    return AllowancePayment.objects.create(
        member=member, district_id=member.district_id, school_id=member.school_id,
        kind=AllowanceKind.MONTHLY, month=month,
        amount=Decimal(amount) if amount else rate_of(member),
        paid_on=paid_on or add_months(month, 1).replace(day=10), recorded_by=member.recorded_by,
    )  # fmt: skip


def pay_span(member: BackboneMember, start: dt.date, end: dt.date) -> None:
    for month in months_between(start, end):
        pay(member, month)


def consequence(member: BackboneMember, kind: str, year: int, *, on: dt.date,
                amount: str | None = None) -> Consequence:  # fmt: skip
    return Consequence.objects.create(
        member=member, district_id=member.district_id, school_id=member.school_id, kind=kind,
        school_year=year, amount=Decimal(amount) if amount else None, decided_on=on,
        decided_by=member.recorded_by, reason="考核结果运用",
    )  # fmt: skip


def suspend(member: BackboneMember, year: int) -> Consequence:
    return consequence(member, ConsequenceKind.ALLOWANCE_SUSPENDED, year,
                       on=dt.date(year, 7, 10))  # fmt: skip


def bonus(member: BackboneMember, year: int, *, on: dt.date) -> Consequence:
    return consequence(member, ConsequenceKind.BONUS, year, on=on, amount="5000")


def pay_bonus_row(item: Consequence, paid_on: dt.date) -> AllowancePayment:
    member = item.member
    return AllowancePayment.objects.create(
        member=member, district_id=member.district_id, school_id=member.school_id,
        kind=AllowanceKind.BONUS, month=first_of(paid_on), amount=item.amount or Decimal(0),
        paid_on=paid_on, bonus=item, recorded_by=member.recorded_by,
    )  # fmt: skip


# ---- the tenancy matrix's rows: one cohort per district, A?/B? teacher 2 a member ----


def matrix_member(sd: Any) -> BackboneMember:
    """The school's second teacher in its district's matrix cohort (made on first use).
    The teacher is read again by id: the matrix's hybrid school data name another
    school's teacher by id only, and the member row must be that teacher's own school's."""
    from apps.backbone.models import Cohort
    from apps.people.models import Teacher

    teacher = Teacher.objects.select_related("district").get(pk=sd.teachers[1].pk)
    district = teacher.district
    admin = district_admin(district)
    cohort = Cohort.objects.filter(district=district, name="矩阵骨干").first()
    if cohort is None:
        cohort = make_cohort(district=district, by=admin, name="矩阵骨干")
    member = BackboneMember.objects.filter(cohort=cohort, teacher=teacher).first()
    return member or make_member(cohort=cohort, teacher=teacher, by=admin)


def district_admin(district: Any) -> Any:
    from apps.tenancy.models import Membership, Role

    found = Membership.objects.filter(district=district, role=Role.DISTRICT_ADMIN).first()
    assert found is not None
    return found.user


def matrix_school(sd: Any) -> dict[str, Any]:
    matrix_member(sd)
    return {"school_id": sd.school.pk}


def matrix_payment(sd: Any) -> dict[str, Any]:
    """A payment of the school paid today (so its leader may still delete it)."""
    from apps.core.schoolyear import today

    member = matrix_member(sd)
    found = AllowancePayment.objects.filter(member=member, month=dt.date(2025, 10, 1)).first()
    payment = found or pay(member, dt.date(2025, 10, 1), paid_on=today())
    return {"school_id": sd.school.pk, "payment_id": payment.pk}


def matrix_payroll(sd: Any) -> dict[str, Any]:
    """The school with a payment of this month on its payroll."""
    return {"school_id": matrix_payment(sd)["school_id"]}


def matrix_bonus(sd: Any) -> Consequence:
    member = matrix_member(sd)
    found = Consequence.objects.filter(member=member, kind=ConsequenceKind.BONUS).first()
    return found or bonus(member, 2025, on=dt.date(2026, 7, 10))


def matrix_bonus_kwargs(sd: Any) -> dict[str, Any]:
    matrix_bonus(sd)
    return {"school_id": sd.school.pk}


def matrix_pay_form(sd: Any) -> dict[str, Any]:
    return {"month": "2025-10", "paid_on": "2025-10-20", "member": ""}


def matrix_bonus_form(sd: Any) -> dict[str, Any]:
    return {"bonus": matrix_bonus(sd).pk, "paid_on": "2026-07-20"}
