"""Pages of credits. School portal (/s/<school_id>/training/credits/…): PT24-CREDIT, per
semester each active teacher's credits as the district's conversion gives them, assigned
by the leader; XB23-CREDIT offsets recognised by the leader. Teacher space (/me/): the
home page with each school's progress towards the year's hours and credits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from apps.core.schoolyear import (
    current_school_year,
    school_year_label,
    semester,
    semester_of,
    today,
)
from apps.core.web import semester_param, year_param
from apps.people import selectors as people_selectors
from apps.training.forms.ledger import CreditAssignForm
from apps.training.selectors.credits import (
    credit_assignment_opens,
    credit_assignments_of,
    credit_params,
    credit_preview,
    offset_candidates,
    progress_missing,
    teacher_progress,
)
from apps.training.selectors.programmes import teacher_cohorts
from apps.training.services.credits import credit_offset_recognise, credits_assign_semester

from .common import PAGE_SIZE, TrainingSchoolMixin, year_choices

# --------------------------------------------------------------------------- school portal


class CreditsView(TrainingSchoolMixin, TemplateView):
    """PT24-CREDIT: per semester, each active teacher's credits as the district's
    conversion gives them from the ledger; "assign" records them (the leader)."""

    template_name = "training/credits.html"
    tab = "credits"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = kwargs.get("year") or year_param(self.request)
        default_term = semester_of(today())[1] if year == current_school_year() else 1
        term = kwargs.get("term") or semester_param(self.request, default_term) or default_term
        params = credit_params(district=self.school.district)
        rows = credit_preview(school=self.school, school_year=year, semester=term, params=params)
        page = Paginator(rows, PAGE_SIZE * 2).get_page(self.request.GET.get("page"))
        assigned = credit_assignments_of(school=self.school, school_year=year, semester=term)
        last = assigned.order_by("-created_at").first()
        opens = credit_assignment_opens(district=self.school.district, school_year=year, term=term)
        context.update(
            assignment_opens=opens,
            assignment_open=today() >= opens,
            year=year,
            years=year_choices(year),
            semester=term,
            period=semester(year, term),
            params=params,
            page=page,
            last_assignment=last,
            offsets=offset_candidates(school=self.school, school_year=year),
            can_recognise=self.can_edit,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CreditAssignForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择学年和学期后再赋分。")
            return redirect("training:credits", self.school.pk)
        year, term = form.cleaned_data["school_year"], form.cleaned_data["semester"]
        url = f"{reverse('training:credits', args=[self.school.pk])}?year={year}&semester={term}"
        params = credit_params(district=self.school.district)
        if params is None:
            messages.error(request, "本区采用的政策包未规定学时与学分的折算，无法赋分。")
            return redirect(url)
        try:
            rows = credits_assign_semester(
                school=self.school,
                school_year=year,
                semester=term,
                actor=request.user,
                params=params,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(url)
        total = sum((row.credits for row in rows), Decimal(0))
        messages.success(
            request,
            f"{semester(year, term).label}已为 {len(rows)} 位教师赋分，共 {total} 学分。",
        )
        return redirect(url)


class CreditOffsetView(TrainingSchoolMixin, View):
    """XB23-CREDIT: the leader recognises a teacher's backbone-training credit offset."""

    http_method_names = ["post"]
    write_required = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year = year_param(request)
        teacher = people_selectors.teacher_get(
            school=self.school, teacher_id=request.POST.get("teacher_id", "")
        )
        try:
            offset = credit_offset_recognise(
                teacher=teacher,
                school_year=year,
                actor=request.user,
                note=request.POST.get("note", ""),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, f"已认定{teacher.name}冲抵 {offset.credits} 学分（XB23-CREDIT）。"
            )
        return redirect(f"{reverse('training:credits', args=[self.school.pk])}?year={year}")


# --------------------------------------------------------------------------- teacher space


@login_required
def teacher_home(request: HttpRequest) -> HttpResponse:
    """The teacher's own space: each school they teach at, with their progress there
    (hours and credits against the pack's targets, programme status, what is missing)."""
    year = current_school_year()
    entries = []
    for teacher in people_selectors.teacher_records_of(user=request.user):  # type: ignore[arg-type]
        progress = teacher_progress(teacher=teacher, school_year=year)
        entries.append(
            {
                "teacher": teacher,
                "assignments": list(people_selectors.teacher_assignments(teacher=teacher)),
                "progress": progress,
                "missing": progress_missing(progress),
                "cohorts": teacher_cohorts(teacher=teacher),
            }
        )
    return render(
        request,
        "training/teacher_home.html",
        {"entries": entries, "year": year, "year_label": school_year_label(year)},
    )
