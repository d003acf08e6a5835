"""The audit trail in the database (issue 8 §3, apps.core.audit): who changed what, kept
by triggers whatever path the change took, and kept for good.

Each test looks at the history rows an operator or an investigator would read: the old and
the new value, the person, the request id the logs print, the job of an import.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.core.audit import AUDIT_RETENTION_DAYS, history_model
from apps.core.jobs import RUN_IMPORT_TASK
from apps.core.queue import task_named
from apps.people import services
from apps.people.models import HomeroomAssignment, RosterImport, SchoolClass, Teacher
from tests.personas import World
from tests.support.xlsx import roster_file, teacher_row

pytestmark = pytest.mark.django_db


def _history(model: type[Any]) -> Any:
    history = history_model(model)
    assert history is not None, f"{model.__name__} is not audited"
    return history


def _teacher_edit(teacher: Teacher, **changes: Any) -> dict[str, Any]:
    form = {
        "employee_no": teacher.employee_no,
        "name": teacher.name,
        "gender": teacher.gender,
        "birth_date": teacher.birth_date or "",
        "professional_title": teacher.professional_title,
        "highest_education": teacher.highest_education,
        "psych_certificate": teacher.psych_certificate,
        "is_active": "on",
    }
    return form | changes


def test_a_teachers_name_birth_date_and_title_change_keeps_old_new_who_and_request(
    world: World, client_for: Any
) -> None:
    """The issue's case: a leader overwrites a teacher's name, birth date and title."""
    teacher = world.schools["A1"].teachers[1]
    old_name = teacher.name
    url = reverse("people:teacher_edit", args=[teacher.school_id, teacher.pk])
    response = client_for("A1.leader").post(
        url,
        _teacher_edit(
            teacher, name="改过的名字", birth_date="1980-02-03", professional_title="senior"
        ),
    )
    assert response.status_code == 302

    events = list(_history(Teacher).objects.filter(pgh_obj_id=teacher.pk).order_by("pgh_id"))
    before, after = events[-2], events[-1]
    assert after.pgh_label == "update"
    assert (before.name, after.name) == (old_name, "改过的名字")
    assert after.birth_date == dt.date(1980, 2, 3)
    assert (before.professional_title, after.professional_title) != ("senior", "senior")
    assert after.professional_title == "senior"
    assert after.pgh_context["user"] == world.user("A1.leader").pk
    assert after.pgh_context["request_id"] == response["X-Request-ID"]
    assert after.pgh_context["url"] == url


def test_an_api_change_with_a_token_names_the_tokens_owner(world: World) -> None:
    """DRF authenticates the token inside the view, after the middleware entered the
    context: the history row still names the person, not "anonymous"."""
    from django.test import Client

    from apps.accounts.tokens import token_issue

    leader = world.user("A1.leader")
    key, _token = token_issue(user=leader)
    teacher = world.schools["A1"].teachers[2]
    response = Client(headers={"Authorization": f"Token {key}"}).patch(
        f"/api/v1/schools/{teacher.school_id}/teachers/{teacher.pk}/",
        {"name": "接口改名"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    event = _history(Teacher).objects.filter(pgh_obj_id=teacher.pk).latest("pgh_id")
    assert event.name == "接口改名"
    assert event.pgh_context["user"] == leader.pk
    assert event.pgh_context["request_id"] == response["X-Request-ID"]


def test_a_save_that_changes_nothing_writes_no_history(world: World) -> None:
    teacher = world.schools["A1"].teachers[1]
    history = _history(Teacher).objects.filter(pgh_obj_id=teacher.pk)
    count = history.count()
    teacher.save()  # only updated_at moves
    assert history.count() == count


def test_bulk_update_and_delete_are_audited_row_by_row(world: World) -> None:
    school = world.schools["A2"].school
    teachers = Teacher.objects.filter(school=school)
    ids = set(teachers.values_list("pk", flat=True))
    history = _history(Teacher).objects.filter(pgh_obj_id__in=ids)
    last = history.latest("pgh_id").pgh_id
    teachers.update(professional_title="first")  # one UPDATE statement, no save()
    updates = history.filter(pgh_id__gt=last)
    assert sorted(updates.values_list("pgh_obj_id", flat=True)) == sorted(ids)
    assert set(updates.values_list("pgh_label", "professional_title")) == {("update", "first")}

    classes = SchoolClass.objects.filter(school=school)
    class_ids = set(classes.values_list("pk", flat=True))
    assignment_ids = set(
        HomeroomAssignment.objects.filter(school=school).values_list("pk", flat=True)
    )
    classes.delete()  # cascades to the assignments, in the database's own statements
    deleted = _history(SchoolClass).objects.filter(pgh_label="delete")
    assert set(deleted.values_list("pgh_obj_id", flat=True)) == class_ids
    gone = _history(HomeroomAssignment).objects.filter(pgh_label="delete")
    assert set(gone.values_list("pgh_obj_id", flat=True)) == assignment_ids


def test_roster_import_upserts_are_audited_with_the_jobs_context(world: World) -> None:
    """The import runs as the kit's Celery task; every teacher it creates or updates has
    a history row naming the task, the job and the person who uploaded the file."""
    school = world.schools["A1"].school
    existing = world.schools["A1"].teachers[0]
    leader = world.user("A1.leader")
    rows = [teacher_row(n) for n in range(1, 4)]
    rows.append(teacher_row(99, prefix="", 工号=existing.employee_no, 姓名="名册里的新名字"))
    job = services.roster_import_start(
        school=school, actor=leader, file_name="roster.xlsx", data=roster_file(teachers=rows)
    )
    task_named(RUN_IMPORT_TASK).apply(args=[RosterImport._meta.label_lower, job.pk])
    job.refresh_from_db()
    assert job.summary["teachers_created"] == 3, job.errors[:3]

    teacher_events = _history(Teacher).objects.filter(pgh_context__task=RUN_IMPORT_TASK)
    created = teacher_events.filter(pgh_label="insert")
    assert set(created.values_list("employee_no", flat=True)) == {"N0001", "N0002", "N0003"}
    renamed = teacher_events.get(pgh_label="update", pgh_obj_id=existing.pk)
    assert renamed.name == "名册里的新名字"
    for event in teacher_events:
        assert event.pgh_context["job"] == f"people.rosterimport:{job.pk}"
        assert event.pgh_context["user"] == leader.pk
    # the job's own rows too: uploaded (in no request here), claimed, finished
    job_states = _history(RosterImport).objects.filter(pgh_obj_id=job.pk).order_by("pgh_id")
    assert [e.state for e in job_states] == ["pending", "running", "succeeded"]


def test_a_management_command_names_itself(world: World) -> None:
    """Commands that write (seed, generate, load packs) leave their name on the rows."""
    call_command("load_policy_packs")
    from apps.compliance.models import PolicyPack

    events = _history(PolicyPack).objects.all()
    assert events.exists()
    assert {e.pgh_context["command"] for e in events} == {"load_policy_packs"}


def test_the_password_hash_never_enters_the_history(world: World) -> None:
    user = world.user("A1.teacher")
    user.set_password("a new secret 123")
    user.save()
    history = _history(User)
    assert "password" not in {f.name for f in history._meta.fields}
    assert history.objects.filter(pgh_obj_id=user.pk).exists()


# --------------------------------------------------------------------------- append only


def _one_teacher_event(world: World) -> Any:
    teacher = world.schools["A1"].teachers[0]
    return _history(Teacher).objects.filter(pgh_obj_id=teacher.pk).latest("pgh_id")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE people_teacherhistory SET name = 'forged' WHERE pgh_id = %s",
        "DELETE FROM people_teacherhistory WHERE pgh_id = %s",
    ],
    ids=["update", "delete"],
)
def test_history_rows_cannot_be_changed_or_deleted(world: World, statement: str) -> None:
    event = _one_teacher_event(world)
    with (
        pytest.raises(DatabaseError, match="audit rows are append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [event.pgh_id])
    event.refresh_from_db()
    assert event.name != "forged"


def test_no_session_can_switch_the_audit_triggers_off(world: World) -> None:
    """pgtrigger's `pgtrigger.ignore` setting is hardened away after migrate: naming every
    trigger of the table in it neither hides a change nor unlocks a history row."""
    teacher = world.schools["A1"].teachers[0]
    history = _history(Teacher)
    event = history.objects.filter(pgh_obj_id=teacher.pk).latest("pgh_id")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(tgname) FROM pg_trigger WHERE tgrelid IN "
            "('people_teacher'::regclass, 'people_teacherhistory'::regclass)"
        )
        switch_off = "{" + ",".join(cursor.fetchone()[0]) + "}"
    before = history.objects.count()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", [switch_off])
        cursor.execute("UPDATE people_teacher SET name = 'quiet' WHERE id = %s", [teacher.pk])
        assert history.objects.count() == before + 1  # the change was still recorded
        delete = "DELETE FROM people_teacherhistory WHERE pgh_id = %s"
        with pytest.raises(DatabaseError, match="audit rows are append-only"), transaction.atomic():
            cursor.execute(delete, [event.pgh_id])
    assert history.objects.filter(pgh_id=event.pgh_id).exists()


def _old_copy(event: Any) -> None:
    """A copy of `event` written past the retention period (as if long ago)."""
    old = timezone.now() - dt.timedelta(days=AUDIT_RETENTION_DAYS + 1)
    fields = type(event)._meta.concrete_fields
    columns = ", ".join(f.column for f in fields if f.column not in ("pgh_id", "pgh_created_at"))
    copy = (
        f"INSERT INTO people_teacherhistory (pgh_created_at, {columns}) "  # noqa: S608 - fixed names
        f"SELECT %s, {columns} FROM people_teacherhistory WHERE pgh_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(copy, [old, event.pgh_id])


def _as_a_role_that_owns_nothing(cursor: Any) -> None:
    """Act, for the rest of the transaction, as a role that is not the table's owner
    (the suite may already work as the app role; else a probe role with DELETE)."""
    cursor.execute(
        "SELECT current_user, pg_get_userbyid(relowner) FROM pg_class "
        "WHERE oid = 'people_teacherhistory'::regclass"
    )
    current, owner = cursor.fetchone()
    if current == owner:
        cursor.execute("CREATE ROLE audit_probe NOLOGIN")
        cursor.execute("GRANT SELECT, DELETE ON people_teacherhistory TO audit_probe")
        cursor.execute("SET LOCAL ROLE audit_probe")


def test_only_the_owner_may_delete_a_history_row_however_old(world: World) -> None:
    """A role that owns nothing — the app's — may not delete a history row even past the
    retention period; only the schema owner may (`prune_audit`)."""
    _old_copy(_one_teacher_event(world))
    old = _history(Teacher).objects.filter(
        pgh_created_at__lt=timezone.now() - dt.timedelta(days=AUDIT_RETENTION_DAYS)
    )
    assert old.count() == 1
    delete = "DELETE FROM people_teacherhistory WHERE pgh_id = %s"
    with transaction.atomic(), connection.cursor() as cursor:
        _as_a_role_that_owns_nothing(cursor)
        pgh_id = old.get().pgh_id
        with pytest.raises(DatabaseError, match="audit rows are append-only"), transaction.atomic():
            cursor.execute(delete, [pgh_id])
    assert old.count() == 1


def test_prune_audit_removes_only_what_is_past_the_period(world: World) -> None:
    """Retention (Cybersecurity Law art. 21: ≥ 6 months): `prune_audit` refuses a shorter
    period and removes only the rows older than the one given."""
    event = _one_teacher_event(world)
    _old_copy(event)
    history = _history(Teacher)
    before = history.objects.count()
    with pytest.raises(CommandError, match="保留期不得短于 180 天"):
        call_command("prune_audit", older_than_days=30)
    assert history.objects.count() == before
    call_command("prune_audit", older_than_days=AUDIT_RETENTION_DAYS)
    assert history.objects.count() == before - 1
    assert history.objects.filter(pgh_id=event.pgh_id).exists()
