"""The writes and reads the training pages added (issue #4 §5, §9, §10):
`archive_entry_create` (XH26-A3-1, PT24-ARCHIVE), the ledger totals and credit preview
(PT24-CREDIT, PT24-HOURS), the teacher's programmes (XH26-TIER) and what is missing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.compliance.models import RecomputeRequest
from apps.core.schoolyear import current_school_year
from apps.training import selectors, services
from apps.training.models import ArchiveEntry, ArchiveFile, Cohort, CohortMember
from tests.personas import World, evidence_pdf
from tests.support.dates import FromToday, resolve

from .rows import first_day

YEAR = current_school_year()


def _entry(world: World, actor_key: str, teacher_index: int = 0, **overrides: Any) -> Any:
    sd = world.schools["A1"]
    values: dict[str, Any] = {
        "kind": "open_lesson",
        "level": "district",
        "title": "区级主题班会展示课",
        "date": first_day(),
    } | overrides
    teacher = sd.teachers[teacher_index]
    teacher.refresh_from_db()  # the world links the persona's account after creating it
    return services.archive_entry_create(teacher=teacher, actor=world.user(actor_key), **values)


# --------------------------------------------------------------------------- archive


def test_xh26_a3_1_the_teacher_and_the_leader_add_archive_entries(training_world: World) -> None:
    own = _entry(training_world, "A1.teacher")
    by_leader = _entry(training_world, "A1.leader", 1, file_name="证书.pdf", data=evidence_pdf("x"))
    assert own.school_id == by_leader.school_id == training_world.schools["A1"].school.pk
    assert own.district_id == training_world.districts["A"].pk
    assert (by_leader.file_type, ArchiveFile.objects.get(entry=by_leader).data) == (
        "pdf",
        evidence_pdf("x"),
    )
    # XH26-A3-1 is computed from the archive: the school's recompute is scheduled.
    assert RecomputeRequest.objects.filter(
        school=training_world.schools["A1"].school, school_year=YEAR
    ).exists()


@pytest.mark.parametrize("actor_key", ["A1.teacher", "A2.leader", "A.admin", "B1.leader"], ids=str)
def test_only_the_teacher_or_the_leader_adds_to_an_archive(
    actor_key: str, training_world: World
) -> None:
    """A1.teacher's record is teachers[0]; teachers[1] is a colleague's."""
    with pytest.raises(PermissionDenied):
        _entry(training_world, actor_key, 1)
    assert not ArchiveEntry.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "gossip"}, "kind"),
        ({"level": "galactic"}, "level"),
        ({"title": "  "}, "title"),
        ({"date": None}, "date"),
        ({"date": FromToday(1)}, "date"),
        ({"file_name": "证书.exe", "data": b"MZ\x90"}, "file"),
    ],
)
def test_archive_entry_errors_name_the_field(
    overrides: dict[str, Any], field: str, training_world: World
) -> None:
    with pytest.raises(ValidationError) as caught:
        _entry(training_world, "A1.leader", **resolve(overrides))
    assert field in caught.value.message_dict
    assert not ArchiveEntry.objects.exists()


# --------------------------------------------------------------------------- reads


def test_pt24_ledger_totals_and_credits_per_semester(
    training_world: World, record_hours: Any
) -> None:
    """Credits are converted per semester (9 h + 9 h lecture in two semesters is 0 + 0,
    not 1), and an officer's assignment replaces the conversion for its semester. Last
    school year, so both semesters are in the past."""
    sd = training_world.schools["A1"]
    teacher, last = sd.teachers[1], YEAR - 1
    record_hours("A1", [teacher], day=dt.date(last, 10, 1), hours="9")
    record_hours("A1", [teacher], day=dt.date(last + 1, 3, 1), hours="9")
    params = selectors.credit_params(district=sd.school.district)
    assert params is not None
    rows = selectors.with_credit_totals(
        selectors.ledger_totals(school=sd.school, school_year=last), params=params
    )
    row = next(r for r in rows if r.pk == teacher.pk)
    assert (row.lecture, row.total, row.credit_total) == (Decimal(18), Decimal(18), Decimal(0))
    assert row.credits_assigned is False

    services.credits_assign_semester(
        school=sd.school, school_year=last, semester=1, actor=training_world.user("A1.leader"),
        params=params | {"lecture_hours_per_credit": 3},
    )  # fmt: skip
    preview = selectors.credit_preview(
        school=sd.school, school_year=last, semester=1, params=params
    )
    row = next(r for r in preview if r.pk == teacher.pk)
    assert (row.preview, row.assigned) == (Decimal(0), Decimal(3))
    (one,) = selectors.with_credit_totals(
        selectors.ledger_totals(school=sd.school, school_year=last, teacher_id=teacher.pk),
        params=params,
    )
    assert one.credit_total == Decimal(3)  # semester 1 as assigned + semester 2 converted (0)


def test_ledger_totals_keep_inactive_teachers_with_rows(
    training_world: World, record_hours: Any
) -> None:
    sd = training_world.schools["A1"]
    record_hours("A1", [sd.teachers[2]], day=first_day())
    sd.teachers[2].is_active = False
    sd.teachers[2].save(update_fields=["is_active"])
    sd.teachers[1].is_active = False
    sd.teachers[1].save(update_fields=["is_active"])
    ids = {t.pk for t in selectors.ledger_totals(school=sd.school, school_year=YEAR)}
    assert ids == {sd.teachers[0].pk, sd.teachers[2].pk}


def test_xh26_tier_programme_status_and_missing_targets(training_world: World) -> None:
    sd = training_world.schools["A1"]
    teacher = sd.teachers[0]
    assert selectors.teacher_cohorts(teacher=teacher) == []
    older = Cohort.objects.create(
        district=sd.school.district, programme="qihang", school_year=YEAR - 1, name="启航一期"
    )
    newer = Cohort.objects.create(
        district=sd.school.district, programme="xuhang", school_year=YEAR, name="续航一期"
    )
    for cohort, status in ((older, "completed"), (newer, "enrolled")):
        CohortMember.objects.create(
            cohort=cohort, teacher=teacher, district=sd.school.district, school=sd.school,
            status=status,
        )  # fmt: skip
    assert [r.member.cohort.name for r in selectors.teacher_cohorts(teacher=teacher)] == [
        "续航一期",
        "启航一期",
    ]
    progress = selectors.teacher_progress(teacher=teacher, school_year=YEAR)
    assert selectors.progress_missing(progress) == ["学时 40.0", "学分 4.0"]
    done = progress | {"hours": Decimal(41), "credits": Decimal(4)}
    assert selectors.progress_missing(done) == []
    assert (
        selectors.progress_missing(progress | {"hours_target": None, "credit_target": None}) == []
    )
