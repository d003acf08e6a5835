"""A teacher corrects or withdraws an external-training record while it still waits for
学时审定 (issue #11 §10), on their pages and through the API; so may the school leader who
logged it, and nobody else. Each change is an event in the record's history; once the
record is verified, only a reversal in the ledger changes what it counts (as before)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.api import NOT_FOUND_DETAIL
from apps.core.review import ReviewAction
from apps.training import services
from apps.training.models import ExternalTraining, ExternalTrainingFile, LedgerEntry, RecordStatus
from tests.personas import World, evidence_pdf

from .rows import first_day, leader_logged

JSON = "application/json"


def url(name: str, *args: Any) -> str:
    return reverse(f"training:{name}", args=args)


def _mine(world: World, **overrides: Any) -> ExternalTraining:
    """A record A1's teacher (teachers[0]) logged themself, waiting."""
    sd = world.schools["A1"]
    sd.teachers[0].refresh_from_db()  # linked to A1.teacher's account after it was made
    fields = {
        "teacher": sd.teachers[0], "actor": world.user("A1.teacher"), "title": "市级班主任专题培训",
        "organiser": "市师资培训中心", "organiser_level": "city", "date": first_day(),
        "hours": Decimal(8), "credit_class": "lecture",
    } | overrides  # fmt: skip
    return services.external_submit(**fields)


def _form(record: ExternalTraining, **overrides: Any) -> dict[str, Any]:
    return {
        "teacher": record.teacher_id,
        "title": record.title,
        "organiser": record.organiser,
        "organiser_level": record.organiser_level,
        "date": record.date.isoformat(),
        "hours": str(record.hours),
        "credit_class": record.credit_class,
        "note": record.note,
    } | overrides


def _actions(record: ExternalTraining) -> list[tuple[str, str]]:
    return [(e.action, e.comment) for e in record.events.order_by("at", "id")]


def test_the_teacher_corrects_a_waiting_record_and_the_school_verifies_the_corrected_hours(
    world: World, client_for: Any
) -> None:
    record = _mine(world)
    me = client_for("A1.teacher")
    page = me.get(url("my_training")).content.decode()
    assert url("my_external_edit", record.pk) in page and "撤回" in page
    form = me.get(url("my_external_edit", record.pk))
    assert form.status_code == 200 and "修改校外培训" in form.content.decode()
    response = me.post(
        url("my_external_edit", record.pk),
        _form(record, hours="6", file=SimpleUploadedFile("证书.pdf", evidence_pdf("fix"))),
    )
    assert response["Location"] == url("my_training")
    record.refresh_from_db()
    assert (record.status, record.hours, record.file_name) == ("submitted", Decimal(6), "证书.pdf")
    assert bytes(ExternalTrainingFile.objects.get(record=record).data) == evidence_pdf("fix")
    assert _actions(record) == [
        (ReviewAction.SUBMITTED, ""),
        (ReviewAction.CORRECTED, "学时：8 → 6；证明材料：（空） → 证书.pdf"),
    ]
    services.external_review(record=record, reviewer=world.user("A1.leader"), verify=True)
    assert LedgerEntry.objects.get(external=record).hours == Decimal(6)


def test_a_correction_obeys_the_rules_of_logging_and_changes_nothing_when_refused(
    world: World, client_for: Any
) -> None:
    record = _mine(world)
    response = client_for("A1.teacher").post(
        url("my_external_edit", record.pk), _form(record, date="2011-06-01")
    )
    assert response.status_code == 200
    assert "早于该教师参加教育工作时间（2012-09-01）" in response.content.decode()
    record.refresh_from_db()
    assert record.date == first_day() and record.events.count() == 1


def test_the_teacher_withdraws_a_waiting_record_and_it_never_counts(
    world: World, client_for: Any
) -> None:
    record = _mine(world)
    me = client_for("A1.teacher")
    response = me.post(url("my_external_withdraw", record.pk))
    assert response["Location"] == url("my_training")
    record.refresh_from_db()
    assert record.status == RecordStatus.WITHDRAWN
    assert [a for a, _c in _actions(record)] == [ReviewAction.SUBMITTED, ReviewAction.WITHDRAWN]
    assert "已撤回" in me.get(url("my_training")).content.decode()
    queue = client_for("A1.leader").get(url("external_queue", record.school_id)).content.decode()
    assert record.title not in queue  # the queue shows what waits
    with pytest.raises(ValidationError, match="不能再审定"):
        services.external_review(record=record, reviewer=world.user("A1.leader"), verify=True)
    assert not LedgerEntry.objects.filter(external=record).exists()


def test_once_verified_only_a_reversal_changes_it(world: World, client_for: Any) -> None:
    record = _mine(world)
    services.external_review(record=record, reviewer=world.user("A1.leader"), verify=True)
    me = client_for("A1.teacher")
    edit = me.get(url("my_external_edit", record.pk), follow=True).content.decode()
    assert "只有待审定的记录可以修改；已审定的学时如有错误，请由学校在台账中冲销更正。" in edit
    me.post(url("my_external_edit", record.pk), _form(record, hours="2"))
    withdrawn = me.post(url("my_external_withdraw", record.pk), follow=True).content.decode()
    assert "只有待审定的记录可以撤回" in withdrawn
    api = me.post(
        f"/api/v1/me/training/records/{record.pk}/correct/", {"hours": "2"}, content_type=JSON
    )
    assert api.status_code == 400
    assert api.json()["status"] == [record.REVIEW_MESSAGES.correct_not_pending]
    record.refresh_from_db()
    assert (record.status, record.hours) == (RecordStatus.VERIFIED, Decimal(8))
    assert LedgerEntry.objects.get(external=record).hours == Decimal(8)


def test_the_api_corrects_and_withdraws_the_callers_own_record(
    world: World, client_for: Any
) -> None:
    record = _mine(world)
    me = client_for("A1.teacher")
    base = f"/api/v1/me/training/records/{record.pk}/"
    assert me.get(base).json()["status"] == "submitted"
    corrected = me.post(f"{base}correct/", {"title": "市级班主任高级研修"}, content_type=JSON)
    assert corrected.status_code == 200, corrected.json()
    assert (corrected.json()["title"], corrected.json()["hours"]) == ("市级班主任高级研修", "8.0")
    withdrawn = me.post(f"{base}withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    again = me.post(f"{base}withdraw/")
    assert again.status_code == 400
    assert again.json()["status"] == [record.REVIEW_MESSAGES.withdraw_not_pending]


def test_a_colleagues_record_is_not_found_on_the_teachers_doors(
    world: World, client_for: Any
) -> None:
    """B1's teacher (another school) and a colleague's record: the same 404 as a record
    that does not exist, on the pages and the API."""
    sd = world.schools["A1"]
    colleague = services.external_submit(
        teacher=sd.teachers[1], actor=world.user("A1.leader"), title="区级培训", organiser="区",
        organiser_level="district", date=first_day(), hours=Decimal(2), credit_class="lecture",
    )  # fmt: skip
    for key in ("A1.teacher", "B1.teacher"):
        client = client_for(key)
        assert client.get(url("my_external_edit", colleague.pk)).status_code == 404
        assert client.post(url("my_external_withdraw", colleague.pk)).status_code == 404
        api = client.post(f"/api/v1/me/training/records/{colleague.pk}/withdraw/")
        assert api.status_code == 404 and api.json() == {"detail": NOT_FOUND_DETAIL}
    colleague.refresh_from_db()
    assert colleague.status == RecordStatus.SUBMITTED


def test_the_leader_who_logged_it_may_change_it_and_another_leader_may_not(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    logged = leader_logged(sd)  # logged by the school's leader for a teacher, waiting
    base = f"/api/v1/schools/{sd.school.pk}/external-training/{logged.pk}/"
    leader = client_for("A1.leader")
    response = leader.post(f"{base}correct/", {"hours": "5"}, content_type=JSON)
    assert response.status_code == 200, response.json()
    assert response.json()["hours"] == "5.0"
    own = _mine(world)  # logged by the teacher: the leader reviews it, never edits it
    with pytest.raises(PermissionDenied):
        services.external_withdraw(record=own, actor=world.user("A1.leader"))
    refused = leader.post(f"/api/v1/schools/{sd.school.pk}/external-training/{own.pk}/withdraw/")
    assert refused.status_code == 403
    assert leader.post(f"{base}withdraw/").json()["status"] == "withdrawn"
