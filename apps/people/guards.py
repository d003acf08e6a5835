"""Guards on homeroom assignments that apps above people add (XH26-PROB-ASSESS: no first
homeroom post for a trainee before appointment; LS15-ELIGIBLE: the conditions of the
post).

People cannot import the apps that know these rules, so they register a guard here in
their `AppConfig.ready`. Every path that creates or changes an assignment — the form, the
API, the roster import — asks `assignment_refusals` with all its requests at once; a
guard answers for the whole list in a few queries with the refusals it finds, each a
Chinese message naming the teacher and what is missing. One refusal and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apps.tenancy.models import School

    from .models import SchoolClass, Teacher


@dataclass(frozen=True)
class AssignmentRequest:
    """One assignment a path is about to save: teacher, class and role."""

    teacher: Teacher
    school_class: SchoolClass
    role: str


# A guard: (school, requests) → {index of a refused request: message}.
AssignmentGuard = Callable[["School", Sequence[AssignmentRequest]], dict[int, str]]

_GUARDS: dict[str, AssignmentGuard] = {}


def register_assignment_guard(name: str, guard: AssignmentGuard) -> None:
    """Add (or replace, under the same name) a guard; called from `AppConfig.ready`."""
    _GUARDS[name] = guard


def assignment_refusals(school: School, requests: Sequence[AssignmentRequest]) -> dict[int, str]:
    """Every guard's refusals of these requests: {index: messages joined}."""
    refused: dict[int, list[str]] = {}
    if not requests:
        return {}
    for guard in _GUARDS.values():
        for index, message in guard(school, requests).items():
            refused.setdefault(index, []).append(message)
    return {index: "；".join(messages) for index, messages in refused.items()}
