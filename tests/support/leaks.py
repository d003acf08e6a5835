"""What a persona must never see in an answer, and how to look for it.

Every row of the persona world (tests/personas.py) carries its school's marker (`MK-B1-` …)
in a name, an employee number, a title, a file name or the file's bytes, so a body that holds
another school's marker shows a row of it. Ids carry no marker: a JSON answer is walked for
the fields that name a row (`school`, `teacher`, … and the `id` of the objects a path lists),
and none may be an id of the other district's rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from apps.compliance.models import ComplianceResult, ComplianceRun, ParameterOverride
from apps.evidence.models import EvidenceItem
from apps.people.models import HomeroomAssignment, RosterImport, SchoolClass, Teacher
from apps.tenancy.models import District, Membership, School, SchoolImport
from apps.training.models import (
    ActivityAttachment,
    ArchiveEntry,
    Attendance,
    Cohort,
    CohortMember,
    CreditAssignment,
    EvaluationRecord,
    ExternalTraining,
    LedgerEntry,
    Survey,
    TrainingActivity,
)
from tests.personas import SCHOOL_KEYS, Persona, World

# The resource a path segment names: the `id` of an object in its answer is a row of it.
RESOURCE_MODELS: dict[str, type[Any]] = {
    "schools": School,
    "districts": District,
    "teachers": Teacher,
    "classes": SchoolClass,
    "assignments": HomeroomAssignment,
    "roster-imports": RosterImport,
    "evidence": EvidenceItem,
    "compliance-runs": ComplianceRun,
    "compliance-results": ComplianceResult,
    "parameter-overrides": ParameterOverride,
    "training-activities": TrainingActivity,
    "attachments": ActivityAttachment,
    "attendance": Attendance,
    "external-training": ExternalTraining,
    "records": ExternalTraining,  # /me/training/records/
    "research-sessions": TrainingActivity,
    "ledger": LedgerEntry,
    "credits": CreditAssignment,
    "archive-entries": ArchiveEntry,
    "cohorts": Cohort,
    "members": CohortMember,
    "surveys": Survey,
    "evaluation-records": EvaluationRecord,
    "school-imports": SchoolImport,
    "roles": Membership,
}

# Fields that name a row of another table, whatever object they sit in.
REFERENCE_FIELDS: dict[str, type[Any]] = {
    "school": School,
    "school_id": School,
    "district": District,
    "district_id": District,
    "teacher": Teacher,
    "teacher_id": Teacher,
    "school_class": SchoolClass,
    "activity": TrainingActivity,
    "activity_id": TrainingActivity,
    "run": ComplianceRun,
    "cohort": Cohort,
}


@dataclass
class Guard:
    """What one persona must never see: other schools' markers and the other district's ids."""

    markers: list[str]
    foreign_ids: dict[type[Any], set[int]]


def guard_for(world: World, persona: Persona) -> Guard:
    own_teacher_school = persona.school_key if persona.role == "teacher" else None
    markers = [
        world.schools[key].marker
        for key in SCHOOL_KEYS
        if not persona.reads_school(key) and key != own_teacher_school
    ]
    other = world.districts["B" if persona.district_key == "A" else "A"]
    foreign: dict[type[Any], set[int]] = {District: {other.pk}}
    for model in {*RESOURCE_MODELS.values(), *REFERENCE_FIELDS.values()} - {District}:
        rows = model._default_manager.filter(**{_district_path(model): other.pk})
        foreign[model] = set(rows.values_list("pk", flat=True))
    return Guard(markers, foreign)


def _district_path(model: type[Any]) -> str:
    """How a row of `model` reaches its district (attachments and attendance through their
    activity)."""
    names = {f.name for f in model._meta.get_fields()}
    return "district" if "district" in names else "activity__district"


def walk_ids(data: Any, resource: type[Any] | None) -> Iterator[tuple[type[Any], int, str]]:
    """(model, id, field) for every id in a JSON answer that names a row of a known table."""
    if isinstance(data, list):
        for item in data:
            yield from walk_ids(item, resource)
    elif isinstance(data, dict):
        for key, value in data.items():
            model = resource if key == "id" else REFERENCE_FIELDS.get(key)
            if model is not None and isinstance(value, int) and not isinstance(value, bool):
                yield model, value, key
            elif key == "results":
                yield from walk_ids(value, resource)
            elif isinstance(value, dict | list):
                yield from walk_ids(value, None)


# Actions under an object's path that answer with that object (or one like it).
ACTIONS = {"review", "withdraw", "reverse", "correct", "spot-check", "close", "reopen", "end"}


def resource_of(path: str) -> type[Any] | None:
    """The table whose rows `path` answers with: its last named segment (an action's
    object for an action); None for a resource this module does not know."""
    segments = [s for s in path.strip("/").split("/") if s and not s.startswith("{")]
    segments = [s for s in segments if not s.isdigit()]
    while segments and segments[-1] in ACTIONS:
        segments.pop()
    return RESOURCE_MODELS.get(segments[-1]) if segments else None


def foreign_ids_in(body: str, path: str, guard: Guard) -> list[str]:
    """The fields of a JSON answer to `path` that name a row of the other district."""
    try:
        data = json.loads(body)
    except ValueError:
        return []
    return [
        f"`{key}`={pk} is a {model.__name__} of the other district"
        for model, pk, key in walk_ids(data, resource_of(path))
        if pk in guard.foreign_ids.get(model, ())
    ]


def leaks(body: str, path: str, guard: Guard, *, json_body: bool) -> list[str]:
    """Everything in `body` the guard's persona may not see."""
    found = [f"the answer shows {marker}" for marker in guard.markers if marker in body]
    return found + (foreign_ids_in(body, path, guard) if json_body else [])
