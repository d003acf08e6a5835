"""The roster import's assignments: each listed class gets the file's homeroom teacher
and deputy, after the apps' assignment guards (people.guards) have seen every one the
file adds or changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apps.core.jobs import RowsRejected
from apps.core.xlsx import RowError

from .guards import AssignmentRequest, assignment_refusals
from .models import AssignmentRole, HomeroomAssignment, SchoolClass, Teacher
from .roster_import import CLASS_SHEET

if TYPE_CHECKING:
    from apps.tenancy.models import School

    from .roster_import import ParsedRoster


def save_assignments(parsed: ParsedRoster, *, school: School, classes: list[SchoolClass]) -> int:
    """Each listed class gets the file's homeroom teacher (replacing another) and deputy."""
    teacher_ids = dict(Teacher.objects.for_school(school).values_list("employee_no", "id"))
    class_by_id = {c.pk: c for c in classes}
    wanted: dict[tuple[int, int], str] = {}
    homeroom_of: dict[int, int] = {}
    row_of: dict[tuple[int, int], tuple[int, str]] = {}
    for school_class, (row, record) in zip(classes, parsed.classes, strict=True):
        if record.get("homeroom_no"):
            teacher_id = teacher_ids[record["homeroom_no"]]
            wanted[(school_class.pk, teacher_id)] = AssignmentRole.HOMEROOM
            homeroom_of[school_class.pk] = teacher_id
            row_of[(school_class.pk, teacher_id)] = (row, "班主任工号")
        if record.get("deputy_no"):
            key = (school_class.pk, teacher_ids[record["deputy_no"]])
            wanted[key] = record["deputy_track"]
            row_of[key] = (row, "副班主任工号")
    if not wanted:
        return 0
    current = list(HomeroomAssignment.objects.filter(school_class_id__in=class_by_id))
    _guarded(school, wanted, current=current, class_by_id=class_by_id, row_of=row_of)
    replaced = [
        a.pk
        for a in current
        if a.role == AssignmentRole.HOMEROOM
        and homeroom_of.get(a.school_class_id, a.teacher_id) != a.teacher_id
    ]
    HomeroomAssignment.objects.filter(pk__in=replaced).delete()
    existing = {(a.school_class_id, a.teacher_id): a for a in current if a.pk not in replaced}
    to_create: list[HomeroomAssignment] = []
    to_update: list[HomeroomAssignment] = []
    for (class_id, teacher_id), role in wanted.items():
        found = existing.get((class_id, teacher_id))
        if found is None:
            to_create.append(
                HomeroomAssignment(
                    school=school,
                    district_id=school.district_id,
                    school_class_id=class_id,
                    teacher_id=teacher_id,
                    school_year=class_by_id[class_id].school_year,
                    role=role,
                )
            )
        elif found.role != role:
            found.role = role
            to_update.append(found)
    HomeroomAssignment.objects.bulk_update(to_update, ["role"])
    HomeroomAssignment.objects.bulk_create(to_create)
    return len(wanted)


def _guarded(
    school: School,
    wanted: dict[tuple[int, int], str],
    *,
    current: list[HomeroomAssignment],
    class_by_id: dict[int, SchoolClass],
    row_of: dict[tuple[int, int], tuple[int, str]],
) -> None:
    """The apps' assignment guards (people.guards) over every assignment the file adds or
    changes; a refusal is a bad row of the class sheet, and nothing is saved."""
    held = {(a.school_class_id, a.teacher_id): a.role for a in current}
    keys = [key for key, role in wanted.items() if held.get(key) != role]
    teachers = Teacher.objects.in_bulk([teacher_id for _class_id, teacher_id in keys])
    requests = [
        AssignmentRequest(teacher=teachers[t], school_class=class_by_id[c], role=wanted[(c, t)])
        for c, t in keys
    ]
    refused = assignment_refusals(school, requests)
    if refused:
        raise RowsRejected(
            [RowError(CLASS_SHEET, *row_of[keys[index]], message)
             for index, message in sorted(refused.items())]
        )  # fmt: skip
