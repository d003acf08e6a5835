"""Transfers, leaving and returning (issue 10 §4, ADR 0012): one person, one login, a
stint per school; the earlier school's records stay its own, read only to the later one.

The row-level security tests run as the app role (the suite does: tests/support), each
in the scope a request of that school would carry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from apps.core.dbscope import DbScope, db_scope
from apps.people.models import StintStatus, Teacher
from apps.people.stints import teacher_leave, teacher_transfer
from apps.tenancy.models import Membership, Role
from apps.training.models import ArchiveEntry
from tests.personas import World
from tests.support.dates import FromToday, resolve

DAY = dt.date(2026, 2, 20)  # between the two semesters of school year 2025


def _move(world: World, *, to: str = "A2", by: str = "A2.leader", **extra: object) -> Teacher:
    """The first teacher of A1 (the A1.teacher login) moved to school `to`."""
    source = world.schools["A1"]
    fields = {
        "from_school_code": source.school.code,
        "employee_no": source.teachers[0].employee_no,
        "name": source.teachers[0].name,
        "on": DAY,
    } | extra
    return teacher_transfer(actor=world.user(by), to_school=world.schools[to].school, **fields)  # type: ignore[arg-type]


def _roles(world: World, key: str) -> set[str]:
    user = world.user(key)
    return {
        m.school.code
        for m in Membership.objects.filter(user=user, role=Role.TEACHER, is_active=True)
        if m.school is not None
    }


def test_a_transfer_keeps_one_identity_and_one_login(world: World) -> None:
    """B's leader accepts A's teacher: A's stint ends (transferred, on the day), B's opens
    with the same person key and login; the login's teacher role moves from A to B."""
    old = world.schools["A1"].teachers[0]
    new = _move(world)
    old.refresh_from_db()
    assert (old.status, old.ended_on, old.is_active) == (StintStatus.TRANSFERRED, DAY, False)
    assert (new.status, new.started_on, new.school_id) == (
        StintStatus.ACTIVE,
        DAY,
        world.schools["A2"].school.pk,
    )
    assert new.person_key == old.person_key
    assert new.user_id == old.user_id == world.user("A1.teacher").pk
    assert (new.name, new.birth_date, new.homeroom_since) == (
        old.name,
        old.birth_date,
        old.homeroom_since,
    )  # years as homeroom teacher count from the same first appointment
    assert new.employee_no == old.employee_no
    assert _roles(world, "A1.teacher") == {world.schools["A2"].school.code}


def test_the_district_admin_moves_a_teacher_within_the_district_under_a_new_number(
    world: World,
) -> None:
    new = _move(world, by="A.admin", new_employee_no="A2-NEW-7")
    assert new.employee_no == "A2-NEW-7"


def test_across_districts_only_the_receiving_districts_admin_moves_a_teacher(
    world: World,
) -> None:
    """B1's leader cannot bring in A1's teacher (another district); B's admin can, naming
    A's district by its code."""
    code = world.districts["A"].code
    with pytest.raises(ValidationError) as refused:
        _move(world, to="B1", by="B1.leader", from_district_code=code)
    assert "区管理员" in refused.value.message_dict["from_district_code"][0]
    assert Teacher.objects.filter(school=world.schools["B1"].school).count() == 3
    new = _move(world, to="B1", by="B.admin", from_district_code=code)
    assert new.district_id == world.districts["B"].pk
    assert new.person_key == world.schools["A1"].teachers[0].person_key


@pytest.mark.parametrize("actor", ["A1.leader", "B.admin", "A.reviewer", "A2.teacher"])
def test_nobody_but_the_receivers_admin_or_leader_moves_a_teacher(world: World, actor: str) -> None:
    """A1's leader cannot push a teacher into A2; another district's admin, a reviewer and
    a teacher cannot receive into A2. Nothing changes."""
    with pytest.raises(ValidationError) as refused:
        _move(world, by=actor)
    assert "只有调入学校的德育负责人或本区区管理员可以办理调入" in str(refused.value)
    assert Teacher.objects.get(pk=world.schools["A1"].teachers[0].pk).status == StintStatus.ACTIVE


def test_nobody_moves_their_own_record(world: World) -> None:
    """A2's leader who also has a teacher record at A1 cannot move it themselves."""
    mine = world.schools["A1"].teachers[2]
    Teacher.objects.filter(pk=mine.pk).update(user=world.user("A2.leader"))
    with pytest.raises(ValidationError) as refused:
        teacher_transfer(
            actor=world.user("A2.leader"), to_school=world.schools["A2"].school,
            from_school_code=world.schools["A1"].school.code, employee_no=mine.employee_no,
            name=mine.name, on=DAY,
        )  # fmt: skip
    assert "不能为本人办理调动" in refused.value.message_dict["employee_no"][0]


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"from_school_code": "no-such-school"}, "from_school_code", "找不到学校代码"),
        ({"name": "别人"}, "employee_no", "没有工号为"),
        ({"on": FromToday(2)}, "on", "调动日期不能晚于今天"),
        ({"new_employee_no": "MK-A2-1"}, "new_employee_no", "已被学校MK-A2-其他教师使用"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    world: World, extra: dict[str, object], field: str, message: str
) -> None:
    before = Teacher.objects.count()
    with pytest.raises(ValidationError) as refused:
        _move(world, **resolve(extra))
    assert message in refused.value.message_dict[field][0]
    assert Teacher.objects.count() == before
    assert Teacher.objects.get(pk=world.schools["A1"].teachers[0].pk).ended_on is None


def test_a_teacher_moved_on_is_moved_from_where_they_are_now(world: World) -> None:
    _move(world)
    with pytest.raises(ValidationError) as refused:
        _move(world, to="A2", by="A.admin", new_employee_no="X-2")
    assert "调离学校MK-A1-" in refused.value.message_dict["employee_no"][0]


def test_leaving_and_returning_keeps_the_identity_and_the_history(world: World) -> None:
    """A1's teacher leaves the platform's schools; later A2 takes them back: the same
    person key and login, A1's stint (and its records) kept as it was, a new one at A2."""
    old = world.schools["A1"].teachers[0]
    ArchiveEntry.objects.create(
        school=old.school, district_id=old.district_id, teacher=old, kind="award",
        level="district", title="区优秀班主任", date=dt.date(2025, 5, 1),
        created_by=world.user("A1.leader"),
    )  # fmt: skip
    teacher_leave(actor=world.user("A1.leader"), teacher=old, on=dt.date(2026, 1, 31))
    old.refresh_from_db()
    assert (old.status, old.ended_on) == (StintStatus.LEFT, dt.date(2026, 1, 31))
    assert _roles(world, "A1.teacher") == set()  # the login stays, with no school
    back = _move(world, by="A2.leader", on=dt.date(2026, 9, 1))
    assert (back.person_key, back.user_id) == (old.person_key, old.user_id)
    assert back.started_on == dt.date(2026, 9, 1)
    assert ArchiveEntry.objects.get(teacher=old).school_id == old.school_id
    assert _roles(world, "A1.teacher") == {world.schools["A2"].school.code}
    old.refresh_from_db()
    assert old.status == StintStatus.LEFT  # a return does not rewrite the stint it ended


def test_returning_to_the_school_one_left_reopens_that_stint(world: World) -> None:
    old = world.schools["A1"].teachers[0]
    teacher_leave(actor=world.user("A1.leader"), teacher=old, on=dt.date(2026, 1, 31))
    back = _move(world, to="A1", by="A1.leader", on=dt.date(2026, 3, 1))
    assert back.pk == old.pk
    assert (back.status, back.ended_on, back.is_active) == (StintStatus.ACTIVE, None, True)
    assert _roles(world, "A1.teacher") == {world.schools["A1"].school.code}


def test_leaving_is_for_the_schools_leader_or_district_admin_once(world: World) -> None:
    teacher = world.schools["A1"].teachers[1]
    with pytest.raises(ValidationError):
        teacher_leave(actor=world.user("A2.leader"), teacher=teacher, on=DAY)
    teacher_leave(actor=world.user("A.admin"), teacher=teacher, on=DAY)
    with pytest.raises(ValidationError) as again:
        teacher_leave(actor=world.user("A1.leader"), teacher=teacher, on=DAY)
    assert "无需再办理" in again.value.message_dict["teacher"][0]


def test_an_ended_stint_cannot_be_switched_back_on_in_the_roster(world: World) -> None:
    from apps.people.services import teacher_update

    old = world.schools["A1"].teachers[0]
    _move(world)
    old.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        teacher_update(teacher=old, is_active=True)
    assert "请办理调入" in refused.value.message_dict["is_active"][0]


def test_a_roster_import_does_not_bring_back_a_teacher_who_moved_away(world: World) -> None:
    """The roster row of a teacher whose stint ended is refused on its 工号, naming the
    fix (a transfer back), and nothing is saved."""
    from apps.people.roster_import import parse_roster
    from tests.support.xlsx import roster_file, teacher_row

    old = world.schools["A1"].teachers[0]
    _move(world)
    data = roster_file(teachers=[teacher_row(1, 工号=old.employee_no, 姓名=old.name)])
    parsed = parse_roster(data, school=world.schools["A1"].school)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "工号")]
    assert "请办理调入" in parsed.errors[0].message
    old.refresh_from_db()
    assert (old.is_active, old.status) == (False, StintStatus.TRANSFERRED)


def test_the_database_keeps_one_open_stint_per_person(world: World) -> None:
    from django.db import IntegrityError, transaction

    old = world.schools["A1"].teachers[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Teacher.objects.create(
            school=world.schools["A2"].school, district_id=old.district_id, employee_no="dup",
            name=old.name, gender="F", person_key=old.person_key,
        )  # fmt: skip


# --------------------------------------------------------------------------- row-level security


def _scope_of(world: World, key: str) -> DbScope:
    return DbScope.of(schools=[world.schools[key].school.pk])


def _archive(world: World, key: str, teacher: Teacher, title: str) -> ArchiveEntry:
    return ArchiveEntry.objects.create(
        school=teacher.school, district_id=teacher.district_id, teacher=teacher,
        kind="award", level="school", title=title, date=dt.date(2026, 1, 5),
        created_by=world.user(f"{key}.leader"),
    )  # fmt: skip


def test_row_security_lets_b_read_the_earlier_stint_and_nothing_else_of_a(
    world: World,
) -> None:
    """As the app role in B's (A2's) scope: B reads its own teachers and the moved
    person's A1 stint and its archive entry — no other A1 teacher or entry. In A1's scope
    the person's A2 stint and its entries are invisible."""
    old = world.schools["A1"].teachers[0]
    a_entry = _archive(world, "A1", old, "A1期间的获奖")
    other = _archive(world, "A1", world.schools["A1"].teachers[1], "A1其他教师的获奖")
    new = _move(world)
    b_entry = _archive(world, "A2", new, "A2期间的获奖")
    with db_scope(_scope_of(world, "A2")):
        seen = set(Teacher.objects.values_list("pk", flat=True))
        entries = set(ArchiveEntry.objects.values_list("pk", flat=True))
    a2 = {t.pk for t in world.schools["A2"].teachers}
    assert seen == a2 | {new.pk, old.pk}
    assert entries == {a_entry.pk, b_entry.pk}
    assert other.pk not in entries
    with db_scope(_scope_of(world, "A1")):
        seen_by_a = set(Teacher.objects.values_list("pk", flat=True))
        entries_by_a = set(ArchiveEntry.objects.values_list("pk", flat=True))
    assert new.pk not in seen_by_a
    assert old.pk in seen_by_a
    assert entries_by_a == {a_entry.pk, other.pk}


def test_row_security_lets_b_change_none_of_as_rows(world: World) -> None:
    """B's scope reads the earlier stint's rows but its UPDATE and DELETE reach none."""
    old = world.schools["A1"].teachers[0]
    a_entry = _archive(world, "A1", old, "A1期间的获奖")
    _move(world)
    with db_scope(_scope_of(world, "A2")):
        assert ArchiveEntry.objects.filter(pk=a_entry.pk).exists()
        assert ArchiveEntry.objects.filter(pk=a_entry.pk).update(title="改") == 0
        assert Teacher.objects.filter(pk=old.pk).update(name="改") == 0
        assert ArchiveEntry.objects.filter(pk=a_entry.pk)._raw_delete(ArchiveEntry.objects.db) == 0
    a_entry.refresh_from_db()
    old.refresh_from_db()
    assert (a_entry.title, old.name) == ("A1期间的获奖", world.schools["A1"].teachers[0].name)
