"""A teacher's totals and archive across a transfer (issue 10 §4, ADR 0012): the hours
earned at A and at B add up for the person (PT24-HOURS at B, the teacher home); A's
records are listed at B as earned at A, read only; A no longer sees the new records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from apps.compliance import engine
from apps.compliance.registry import Outcome
from apps.people.models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from apps.people.stints import teacher_transfer
from apps.tenancy.models import School
from apps.training.models import ArchiveEntry, LedgerEntry
from tests.personas import World

from .rows import first_day

YEAR = 2025  # a whole past school year: 2025-09-01 … 2026-08-31
END = dt.date(2026, 8, 31)


def url(name: str, *args: Any) -> str:
    return reverse(f"training:{name}", args=args)


def _move(world: World, on: dt.date) -> tuple[Teacher, Teacher]:
    """A1's first teacher (the A1.teacher login) accepted by A2's leader on `on`."""
    old = world.schools["A1"].teachers[0]
    new = teacher_transfer(
        actor=world.user("A2.leader"), to_school=world.schools["A2"].school,
        from_school_code=world.schools["A1"].school.code, employee_no=old.employee_no,
        name=old.name, on=on,
    )  # fmt: skip
    old.refresh_from_db()
    return old, new


def _homeroom(teacher: Teacher, year: int) -> None:
    school_class = SchoolClass.objects.create(
        school=teacher.school, district_id=teacher.district_id, school_year=year, grade=4,
        name=f"调入{teacher.pk}班",
    )  # fmt: skip
    HomeroomAssignment.objects.create(
        school=teacher.school, district_id=teacher.district_id, teacher=teacher,
        school_class=school_class, school_year=year, role=AssignmentRole.HOMEROOM,
    )  # fmt: skip


def _outcome(world: World, school_key: str, code: str) -> Outcome:
    district = world.districts["A"]
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = engine.evaluate(district=district, school_year=YEAR, schools=schools, as_of=END)
    school = world.schools[school_key].school
    return next(r.outcome for r in rows if r.indicator.code == code and r.school_id == school.pk)


def test_pt24_hours_a_mid_year_transfer_adds_the_hours_earned_at_a_to_those_at_b(
    training_world: World, record_hours: Any
) -> None:
    """PT24-HOURS (≥ 40 school-based hours a year): 24 hours at A1 in the first semester,
    a transfer to A2 between the semesters, then 8 and 16 hours at A2: short by 8 and
    then met at A2, where the teacher is homeroom teacher, though A2's own ledger holds
    16 of the 40."""
    teacher = training_world.schools["A1"].teachers[0]
    for day in (dt.date(2025, 10, 8), dt.date(2025, 11, 12), dt.date(2025, 12, 10)):
        record_hours("A1", [teacher], day=day, hours="8")
    _old, new = _move(training_world, dt.date(2026, 2, 20))
    _homeroom(new, YEAR)
    record_hours("A2", [new], day=dt.date(2026, 3, 11), hours="8")
    short = _outcome(training_world, "A2", "PT24-HOURS")
    assert short.missing == [f"{new.name}：32.0 学时，差 8.0"]  # 24 at A1 + 8 at A2
    record_hours("A2", [new], day=dt.date(2026, 3, 12), hours="8")
    outcome = _outcome(training_world, "A2", "PT24-HOURS")
    assert (outcome.status, outcome.value) == ("met", "1/1 名班主任达到（100%）")
    assert sum(e.hours for e in LedgerEntry.objects.filter(teacher=new)) == 16


def test_pt24_hours_at_b_names_the_persons_total_when_short(
    training_world: World, record_hours: Any
) -> None:
    """PT24-HOURS: the shortfall at B is of the person's total (12 at A1 + 8 at A2)."""
    teacher = training_world.schools["A1"].teachers[0]
    record_hours("A1", [teacher], day=dt.date(2025, 10, 8), hours="12")
    _old, new = _move(training_world, dt.date(2026, 2, 20))
    _homeroom(new, YEAR)
    record_hours("A2", [new], day=dt.date(2026, 3, 11), hours="8")
    outcome = _outcome(training_world, "A2", "PT24-HOURS")
    assert outcome.status == "not_met"
    assert outcome.missing == [f"{new.name}：20.0 学时，差 20.0"]


def test_teacher_home_adds_the_hours_earned_at_the_previous_school(
    training_world: World, client_for: Any, record_hours: Any
) -> None:
    """PT24-HOURS on the teacher home: the login that moved from A1 to A2 sees one school
    (A2) with 12 hours earned at A1 plus 10 at A2 against the 40-hour target."""
    teacher = training_world.schools["A1"].teachers[0]
    record_hours("A1", [teacher], day=first_day(), hours="12")
    _old, new = _move(training_world, first_day())  # type: ignore[arg-type]
    record_hours("A2", [new], day=first_day(), hours="10")
    body = client_for("A1.teacher").get(url("teacher_home")).content.decode()
    assert "学校MK-A2-" in body
    assert "学校MK-A1- · " not in body  # A1 is no longer one of the teacher's schools
    assert "在学校MK-A1-获得 12.0 学时" in body
    assert "距本学年目标还差：学时 18.0" in body  # 40 − (12 + 10)


def _entry(world: World, key: str, teacher: Teacher, title: str) -> ArchiveEntry:
    return ArchiveEntry.objects.create(
        school=teacher.school, district_id=teacher.district_id, teacher=teacher,
        kind="award", level="school", title=title, date=dt.date(2025, 12, 1),
        created_by=world.user(f"{key}.leader"),
    )  # fmt: skip


def test_b_lists_as_archive_earned_at_a_and_the_teacher_sees_it_too(
    training_world: World, client_for: Any, record_hours: Any
) -> None:
    old = training_world.schools["A1"].teachers[0]
    _entry(training_world, "A1", old, "在A校获得的区级表彰")
    _entry(training_world, "A1", training_world.schools["A1"].teachers[1], "A校他人的表彰")
    old, new = _move(training_world, dt.date(2026, 2, 20))
    school = training_world.schools["A2"].school
    for client, path in (
        (client_for("A2.leader"), url("archive_teacher", school.pk, new.pk)),
        (client_for("A2.leader"), url("archive_print", school.pk, new.pk)),
        (client_for("A1.teacher"), url("my_archive")),
    ):
        body = client.get(path).content.decode()
        assert "在学校MK-A1-获得" in body, path
        assert "在A校获得的区级表彰" in body, path
        assert "A校他人的表彰" not in body, path


def test_a_leader_cannot_open_b_new_records(
    training_world: World, client_for: Any, record_hours: Any
) -> None:
    """After the move A1's leader gets 404 on the new stint's pages and the entry's file,
    and A1's pages of the old stint show nothing made at A2."""
    old, new = _move(training_world, dt.date(2026, 2, 20))
    record_hours("A2", [new], day=dt.date(2026, 3, 11), hours="7.5", title="A2新研修")
    b_entry = _entry(training_world, "A2", new, "在B校的新荣誉")
    ArchiveEntry.objects.filter(pk=b_entry.pk).update(file_name="x.pdf", file_type="pdf")
    a1 = training_world.schools["A1"].school.pk
    leader = client_for("A1.leader")
    for path in (
        url("archive_teacher", a1, new.pk),
        url("ledger_teacher", a1, new.pk),
        url("archive_print", a1, new.pk),
        url("archive_file", a1, b_entry.pk),
        reverse("people:teacher_detail", args=[a1, new.pk]),
    ):
        assert leader.get(path).status_code == 404, path
    for path in (
        url("archive_teacher", a1, old.pk),
        f"{url('ledger_teacher', a1, old.pk)}?year={YEAR}",
        f"{url('ledger', a1)}?year={YEAR}",
    ):
        body = leader.get(path).content.decode()
        assert "在B校的新荣誉" not in body and "A2新研修" not in body, path


def test_b_leader_cannot_change_a_records(
    training_world: World, client_for: Any, record_hours: Any
) -> None:
    """A2's leader reads the A1 stint's records on the new stint's archive only: the old
    stint's pages, A1's ledger row and archive file are 404 under A2 — no reversal made,
    no roster edit; A1's own pages are 404 to them too."""
    old = training_world.schools["A1"].teachers[0]
    (attendance,) = record_hours("A1", [old], day=dt.date(2025, 10, 8), hours="8")
    a_entry = _entry(training_world, "A1", old, "在A校获得的区级表彰")
    old, _new = _move(training_world, dt.date(2026, 2, 20))
    a2 = training_world.schools["A2"].school.pk
    a1 = training_world.schools["A1"].school.pk
    leader = client_for("A2.leader")
    ledger_row = LedgerEntry.objects.get(attendance=attendance)
    for school_id in (a2, a1):
        reverse_url = url("ledger_reverse", school_id, ledger_row.pk)
        assert leader.post(reverse_url, {"reason": "改"}).status_code == 404
    for path in (
        url("archive_teacher", a2, old.pk),
        url("archive_file", a2, a_entry.pk),
        reverse("people:teacher_edit", args=[a2, old.pk]),
        reverse("people:teacher_edit", args=[a1, old.pk]),
    ):
        assert leader.get(path).status_code == 404, path
    assert not LedgerEntry.objects.filter(reverses=ledger_row).exists()
    assert (
        leader.post(
            url("archive_teacher", a2, old.pk),
            {"kind": "award", "level": "school", "title": "冒名", "date": "2026-03-01"},
        ).status_code
        == 404
    )
    assert ArchiveEntry.objects.filter(teacher=old).count() == 1


def _evaluation_queries(world: World) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _outcome(world, "A2", "PT24-HOURS")
    return len(captured)


def test_pt24_hours_reads_earlier_stints_in_queries_that_do_not_grow_with_them(
    training_world: World, record_hours: Any
) -> None:
    """PT24-HOURS with one moved teacher and with three: the same number of queries (the
    earlier stints' hours are one aggregate, not a query per teacher)."""
    a1 = training_world.schools["A1"]

    def move(teacher: Teacher) -> None:
        record_hours("A1", [teacher], day=dt.date(2025, 10, 8), hours="8")
        new = teacher_transfer(
            actor=training_world.user("A.admin"), to_school=training_world.schools["A2"].school,
            from_school_code=a1.school.code, employee_no=teacher.employee_no,
            name=teacher.name, on=dt.date(2026, 2, 20), new_employee_no=f"T-{teacher.pk}",
        )  # fmt: skip
        _homeroom(new, YEAR)

    move(a1.teachers[0])
    one = _evaluation_queries(training_world)
    move(a1.teachers[1])
    move(a1.teachers[2])
    assert _evaluation_queries(training_world) == one
    outcome = _outcome(training_world, "A2", "PT24-HOURS")
    assert len(outcome.missing) == 3
    assert all("8.0 学时" in m for m in outcome.missing)
