"""Training pages. The teacher space's home lives here: a teacher's profile and
assignments (people) with this school year's training progress against the pack's
targets (hours, credits) and what is still missing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.core.schoolyear import current_school_year, school_year_label
from apps.people import selectors as people_selectors

from . import selectors


@login_required
def teacher_home(request: HttpRequest) -> HttpResponse:
    """The teacher's own space: each school they teach at, with their progress there."""
    year = current_school_year()
    entries = [
        {
            "teacher": teacher,
            "assignments": list(people_selectors.teacher_assignments(teacher=teacher)),
            "progress": selectors.teacher_progress(teacher=teacher, school_year=year),
        }
        for teacher in people_selectors.teacher_records_of(user=request.user)  # type: ignore[arg-type]
    ]
    return render(
        request,
        "training/teacher_home.html",
        {"entries": entries, "year": year, "year_label": school_year_label(year)},
    )
