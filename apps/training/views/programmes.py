"""Portal pages for the tiered programmes 启航 / 续航 / 领航 (XH26-TIER, district portal),
the needs surveys (PT24-NEEDS: district and school portals, answered in the teacher space)
and the training evaluation (PT24-EVAL, school portal).

Every view resolves its tenant from the URL once — `SchoolPortalMixin`, or
`DistrictProgrammeMixin` below for the district — and fetches rows through selectors
scoped to it, so another tenant's row is a 404 like one that does not exist. A teacher's
pages fetch through selectors scoped to their own teacher records. Writes go through the
services.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.files import CONTENT_TYPES
from apps.core.schoolyear import current_school_year, school_year_label, semester_of, today
from apps.tenancy.access import access_district, holds_district_role
from apps.tenancy.mixins import SchoolPortalMixin
from apps.tenancy.models import District, Role

from . import programme_selectors as selectors
from . import programme_services as services
from .models import (
    OUTCOME_KINDS,
    PROCESS_KINDS,
    Cohort,
    EvaluationKind,
    EvaluationRecord,
    MemberStatus,
    Programme,
)
from .programme_forms import (
    CohortForm,
    EvaluationRecordForm,
    SurveyAnswerForm,
    SurveyForm,
    course_formset,
    courses_from,
    question_formset,
    questions_from,
    school_year_choices,
)

WRITER_ROLES = frozenset({Role.DISTRICT_ADMIN})
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PAGE_SIZE = 50


def _int_param(request: HttpRequest, name: str, default: int) -> int:
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return default


def _years_around(year: int) -> list[int]:
    current = current_school_year()
    years = list(range(current + 1, current - 4, -1))
    return years if year in years else sorted({year, *years}, reverse=True)


def _apply_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's field-keyed errors on the form's fields (else on the form), marking
    those fields invalid as the form's own checks do."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, field_messages in error.message_dict.items():
        if name in form.fields:
            form.add_error(name, field_messages)
            widget = form.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            widget.attrs["aria-invalid"] = "true"
        else:
            form.add_error(None, field_messages)


def _file_response(record: EvaluationRecord, data: bytes) -> HttpResponse:
    """Always an attachment, typed as the bytes were checked to be, under the given name
    (RFC 5987, percent-encoded: no header injection)."""
    response = HttpResponse(
        data, content_type=CONTENT_TYPES.get(record.file_type, "application/octet-stream")
    )
    name = record.file_name or f"evaluation-{record.pk}"
    fallback = f"evaluation-{record.pk}.{record.file_type or 'bin'}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    )
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


class DistrictProgrammeMixin(LoginRequiredMixin):
    """`self.district` for /d/<district_id>/programmes|surveys/…: the district's roles read;
    any unsafe method, and a view with `write_required` (a form), needs its admin. Anyone
    else gets the same 404 as for a district that does not exist."""

    write_required = False
    district: District

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        write = self.write_required or request.method not in SAFE_METHODS
        self.district = access_district(
            request.user,
            kwargs["district_id"],
            roles=WRITER_ROLES if write else None,
        )
        self.load_objects(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self, **kwargs: Any) -> None:
        """Fetch the rows named in the URL, inside `self.district` (404 when not there)."""

    @property
    def can_edit(self) -> bool:
        return holds_district_role(self.request.user, self.district.pk, WRITER_ROLES)  # type: ignore[attr-defined]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(district=self.district, can_edit=self.can_edit)
        return context


# --------------------------------------------------------------------------- programmes


class CohortListView(DistrictProgrammeMixin, TemplateView):
    template_name = "training/programmes/cohort_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = _int_param(self.request, "year", current_school_year())
        years = sorted(
            {*_years_around(year), *selectors.cohort_years(district=self.district)}, reverse=True
        )
        cohorts = list(selectors.cohort_list(district=self.district, school_year=year))
        existing = {c.programme for c in cohorts}
        context.update(
            year=year,
            years=years,
            cohorts=cohorts,
            missing=[p for p in services.PROGRAMMES if p not in existing],
            window=selectors.qihang_window(district=self.district),
        )
        return context


class CohortFormView(DistrictProgrammeMixin, TemplateView):
    """Create a cohort, or (with a cohort in the URL) edit its name, hours and courses."""

    template_name = "training/programmes/cohort_form.html"
    write_required = True
    cohort: Cohort | None = None

    def _forms(self, data: Any = None) -> tuple[CohortForm, Any]:
        if self.cohort is None:
            initial: dict[str, Any] = {}
            if self.request.GET.get("programme") in services.PROGRAMMES:
                initial["programme"] = self.request.GET["programme"]
            if (year := _int_param(self.request, "year", 0)) in dict(school_year_choices()):
                initial["school_year"] = year
            return CohortForm(data, initial=initial), course_formset(data)
        cohort = self.cohort
        form = CohortForm(
            data,
            editing=True,
            initial={
                "programme": cohort.programme,
                "school_year": cohort.school_year,
                "name": cohort.name,
                "required_hours": cohort.required_hours,
            },
        )
        courses = [{"title": c.title, "hours": c.hours} for c in cohort.courses.all()]
        return form, course_formset(data, courses=courses)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, courses = self._forms()
        return self.render_to_response(self.get_context_data(form=form, courses=courses))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, courses = self._forms(request.POST)
        if form.is_valid() and courses.is_valid():
            rows = [services.CourseInput(**row) for row in courses_from(courses)]
            data = form.cleaned_data
            try:
                if self.cohort is None:
                    cohort = services.cohort_create(
                        district=self.district,
                        actor=request.user,
                        programme=data["programme"],
                        school_year=data["school_year"],
                        name=data["name"],
                        required_hours=data["required_hours"],
                        courses=rows,
                    )
                else:
                    cohort = services.cohort_update(
                        cohort=self.cohort,
                        actor=request.user,
                        name=data["name"],
                        required_hours=data["required_hours"],
                        courses=rows,
                    )
            except ValidationError as error:
                _apply_service_errors(form, error)
            else:
                messages.success(request, f"班次“{cohort.name}”已保存。")
                return redirect("programmes:cohort_detail", self.district.pk, cohort.pk)
        return self.render_to_response(self.get_context_data(form=form, courses=courses))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            cohort=self.cohort,
            title="编辑班次" if self.cohort else "新建班次",
            back=reverse("programmes:cohort_detail", args=[self.district.pk, self.cohort.pk])
            if self.cohort
            else reverse("programmes:cohort_list", args=[self.district.pk]),
        )
        return context


class CohortUpdateView(CohortFormView):
    def load_objects(self, **kwargs: Any) -> None:
        self.cohort = selectors.cohort_get(district=self.district, cohort_id=kwargs["cohort_id"])


class CohortDetailView(DistrictProgrammeMixin, TemplateView):
    """The cohort's courses and members, with each member's programme hours from the
    ledger and whether they reach the required hours (the completion suggestion)."""

    template_name = "training/programmes/cohort_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        cohort = selectors.cohort_get(district=self.district, cohort_id=self.kwargs["cohort_id"])
        status = self.request.GET.get("status", "")
        if status not in MemberStatus.values:
            status = ""
        rows = selectors.cohort_members(cohort=cohort)
        counts = dict.fromkeys(MemberStatus.values, 0)
        for row in rows:
            counts[row.member.status] += 1
        context.update(
            cohort=cohort,
            courses=list(cohort.courses.all()),
            course_hours=sum((c.hours for c in cohort.courses.all()), 0),
            rows=[r for r in rows if not status or r.member.status == status],
            status=status,
            statuses=[(value, label, counts[value]) for value, label in MemberStatus.choices],
            total=len(rows),
            suggested=[r.member.pk for r in rows if r.can_complete],
        )
        return context


class CohortEnrolView(DistrictProgrammeMixin, TemplateView):
    """The eligibility list (XH26-TIER) to enrol from; POST enrols the ticked teachers."""

    template_name = "training/programmes/cohort_enrol.html"

    def load_objects(self, **kwargs: Any) -> None:
        self.cohort = selectors.cohort_get(district=self.district, cohort_id=kwargs["cohort_id"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        search = self.request.GET.get("q", "").strip()
        school = self.request.GET.get("school", "")
        teachers = selectors.eligible_teachers(cohort=self.cohort, search=search, school_id=school)
        page = Paginator(teachers, PAGE_SIZE).get_page(self.request.GET.get("page"))
        page.object_list = list(page.object_list)
        for teacher in page.object_list:
            teacher.homeroom_years = selectors.homeroom_years(  # type: ignore[attr-defined]
                teacher=teacher, school_year=self.cohort.school_year
            )
        context.update(
            cohort=self.cohort,
            eligibility=selectors.cohort_eligibility(cohort=self.cohort),
            page=page,
            q=search,
            school=school,
            schools=selectors.district_schools(district=self.district),
            is_qihang=self.cohort.programme == Programme.QIHANG,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wanted = request.POST.getlist("teacher")
        teachers = selectors.district_teachers_by_ids(district=self.district, teacher_ids=wanted)
        back = reverse("programmes:cohort_enrol", args=[self.district.pk, self.cohort.pk])
        if query := request.POST.get("back_query", ""):
            back = f"{back}?{query}"
        if len(teachers) != len(set(wanted)):
            messages.error(request, "部分所选教师不属于本区，未报名任何人，请刷新后重新勾选。")
            return redirect(back)
        try:
            enrolled = services.cohort_enrol(
                cohort=self.cohort, teachers=teachers, actor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(back)
        messages.success(request, f"已将 {len(enrolled)} 名教师编入“{self.cohort.name}”。")
        return redirect(back)


class CohortMembersView(DistrictProgrammeMixin, View):
    """POST: mark the ticked members completed, withdrawn, or back in the cohort."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        cohort = selectors.cohort_get(district=self.district, cohort_id=kwargs["cohort_id"])
        action = request.POST.get("action", "")
        members = selectors.cohort_members_by_ids(
            cohort=cohort, member_ids=request.POST.getlist("member")
        )
        try:
            changed = services.cohort_members_set_status(
                cohort=cohort, members=members, action=action, actor=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            label = {"complete": "标记为已结业", "withdraw": "标记为退出", "reenrol": "恢复为在读"}
            messages.success(request, f"已将 {changed} 名学员{label[action]}。")
        return redirect("programmes:cohort_detail", self.district.pk, cohort.pk)


# --------------------------------------------------------------------------- surveys


class _SurveyPages:
    """What differs between a school's survey pages and the district's: the scope, the
    URL names and the breadcrumbs. Mixed into views of either portal."""

    scope_name: str  # "school" | "district"
    request: HttpRequest
    kwargs: dict[str, Any]

    def scope(self) -> dict[str, Any]:
        if self.scope_name == "school":
            return {"school": self.school}  # type: ignore[attr-defined]
        return {"district": self.district}  # type: ignore[attr-defined]

    def scope_id(self) -> int:
        return self.kwargs["school_id" if self.scope_name == "school" else "district_id"]

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"programmes:{self.scope_name}_survey_{name}", args=[self.scope_id(), *args])

    def survey_context(self) -> dict[str, Any]:
        return {
            "scope_name": self.scope_name,
            "list_url": self.url("list"),
            "create_url": self.url("create"),
            "scope_label": "本校" if self.scope_name == "school" else "全区",
        }


class _SurveyListView(_SurveyPages, TemplateView):
    template_name = "training/programmes/survey_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        surveys = list(selectors.survey_list(**self.scope()))
        for survey in surveys:
            survey.url = self.url("detail", survey.pk)  # type: ignore[attr-defined]
        context.update(self.survey_context(), surveys=surveys)
        return context


class _SurveyCreateView(_SurveyPages, TemplateView):
    """Publish a survey (the portal mixin of the concrete view demands the writer)."""

    template_name = "training/programmes/survey_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(form=SurveyForm(), questions=question_formset())
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, questions = SurveyForm(request.POST), question_formset(request.POST)
        if form.is_valid() and questions.is_valid():
            school = self.scope().get("school")
            try:
                survey = services.survey_create(
                    district=school.district if school else self.district,  # type: ignore[attr-defined]
                    school=school,
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    questions=questions_from(questions),
                    is_open=form.cleaned_data["is_open"],
                )
            except ValidationError as error:
                _apply_service_errors(form, error)
            else:
                messages.success(request, f"问卷“{survey.title}”已发布。")
                return redirect(self.url("detail", survey.pk))
        return self.render_to_response(self.get_context_data(form=form, questions=questions))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.survey_context())
        return context


class _SurveyDetailView(_SurveyPages, TemplateView):
    """Tallies per choice: counts and the share of respondents."""

    template_name = "training/programmes/survey_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        survey = selectors.survey_get(survey_id=self.kwargs["survey_id"], **self.scope())
        context.update(
            self.survey_context(),
            survey=survey,
            tallies=selectors.survey_tallies(survey=survey),
            state_url=self.url("state", survey.pk),
        )
        return context


class _SurveyStateView(_SurveyPages, View):
    """POST `open=1|0`: open or close the survey for answers."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        survey = selectors.survey_get(survey_id=kwargs["survey_id"], **self.scope())
        is_open = request.POST.get("open") == "1"
        services.survey_set_open(survey=survey, is_open=is_open, actor=request.user)
        messages.success(request, f"问卷“{survey.title}”已{'开放作答' if is_open else '截止'}。")
        return redirect(self.url("detail", survey.pk))


class SchoolSurveyListView(SchoolPortalMixin, _SurveyListView):
    scope_name = "school"


class SchoolSurveyCreateView(SchoolPortalMixin, _SurveyCreateView):
    write_required = True
    scope_name = "school"


class SchoolSurveyDetailView(SchoolPortalMixin, _SurveyDetailView):
    scope_name = "school"


class SchoolSurveyStateView(SchoolPortalMixin, _SurveyStateView):
    scope_name = "school"


class DistrictSurveyListView(DistrictProgrammeMixin, _SurveyListView):
    scope_name = "district"


class DistrictSurveyCreateView(DistrictProgrammeMixin, _SurveyCreateView):
    write_required = True
    scope_name = "district"


class DistrictSurveyDetailView(DistrictProgrammeMixin, _SurveyDetailView):
    scope_name = "district"


class DistrictSurveyStateView(DistrictProgrammeMixin, _SurveyStateView):
    scope_name = "district"


# --------------------------------------------------------------------------- teacher space


class MySurveyListView(LoginRequiredMixin, TemplateView):
    """The surveys addressed to the teacher: their district's and their school's."""

    template_name = "training/programmes/my_survey_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        entries = selectors.surveys_for_teacher(user=user)  # type: ignore[arg-type]
        context.update(
            entries=entries,
            has_records=bool(entries) or bool(selectors.own_teacher_records(user=user)),  # type: ignore[arg-type]
        )
        return context


class MySurveyAnswerView(LoginRequiredMixin, FormView):
    """Answer once; change the answer until the survey closes."""

    template_name = "training/programmes/my_survey_answer.html"
    form_class = SurveyAnswerForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.entry = selectors.survey_for_teacher(
                user=request.user,
                survey_id=kwargs["survey_id"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"questions": self.entry.survey.questions}

    def get_initial(self) -> dict[str, Any]:
        if self.entry.response is None:
            return {}
        return SurveyAnswerForm.initial_from(
            self.entry.survey.questions, self.entry.response.answers
        )

    def form_valid(self, form: SurveyAnswerForm) -> HttpResponse:
        try:
            services.survey_answer(
                survey=self.entry.survey,
                teacher=self.entry.teacher,
                actor=self.request.user,
                answers=form.answers(),
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
            return self.form_invalid(form)
        first = self.entry.response is None
        messages.success(self.request, "感谢参与，回答已提交。" if first else "回答已修改。")
        return redirect("programmes:my_surveys")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if not self.entry.survey.is_open:
            for field in form.fields.values():
                field.disabled = True
        context.update(entry=self.entry, survey=self.entry.survey)
        return context


# --------------------------------------------------------------------------- evaluations


def _semester_param(request: HttpRequest) -> int | None:
    value = request.GET.get("semester", "")
    return int(value) if value in ("1", "2") else None


class EvaluationOverviewView(SchoolPortalMixin, TemplateView):
    """PT24-EVAL: this year's homeroom teachers × process and outcome evaluation."""

    template_name = "training/programmes/evaluation_overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = _int_param(self.request, "year", current_school_year())
        semester = _semester_param(self.request)
        rows = selectors.evaluation_overview(
            school=self.school, school_year=year, semester=semester
        )
        labels = dict(EvaluationKind.choices)
        context.update(
            year=year,
            year_label=school_year_label(year),
            years=_years_around(year),
            semester=semester,
            rows=rows,
            process_kinds=[(k.value, labels[k].split("·")[-1]) for k in PROCESS_KINDS],
            outcome_kinds=[(k.value, labels[k].split("·")[-1]) for k in OUTCOME_KINDS],
            complete=sum(1 for r in rows if r.complete),
            missing_process=sum(1 for r in rows if not r.process_done),
            missing_outcome=sum(1 for r in rows if not r.outcome_done),
            add_semester=semester
            or (semester_of(today())[1] if year == current_school_year() else 1),
        )
        return context


class EvaluationCreateView(SchoolPortalMixin, FormView):
    template_name = "training/programmes/evaluation_form.html"
    form_class = EvaluationRecordForm
    write_required = True

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"school": self.school}

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        for key in ("teacher", "kind"):
            if key in self.request.GET:
                initial[key] = self.request.GET[key]
        for key in ("year", "semester"):
            if self.request.GET.get(key, "").isdigit():
                initial["school_year" if key == "year" else key] = int(self.request.GET[key])
        return initial

    def form_valid(self, form: EvaluationRecordForm) -> HttpResponse:
        data = form.cleaned_data
        upload = data["file"]
        try:
            record = services.evaluation_record_create(
                school=self.school,
                teacher=data["teacher"],
                actor=self.request.user,
                school_year=data["school_year"],
                semester=data["semester"],
                kind=data["kind"],
                title=data["title"],
                note=data["note"],
                file_name=upload.name if upload else "",
                # One byte over the limit is enough for the service to refuse the size.
                data=upload.read(settings.EVIDENCE_MAX_BYTES + 1) if upload else None,
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"已为{record.teacher.name}登记“{record.get_kind_display()}”：{record.title}。",
        )
        url = reverse("programmes:evaluation_teacher", args=[self.school.pk, record.teacher_id])
        return redirect(f"{url}?{urlencode({'year': record.school_year})}")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["back"] = reverse("programmes:evaluation_overview", args=[self.school.pk])
        return context


class EvaluationTeacherView(SchoolPortalMixin, TemplateView):
    """One teacher's evaluation records of a school year, with their files."""

    template_name = "training/programmes/evaluation_teacher.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        teacher = selectors.teacher_of_school(
            school=self.school, teacher_id=self.kwargs["teacher_id"]
        )
        year = _int_param(self.request, "year", current_school_year())
        records = list(
            selectors.evaluation_records(school=self.school, school_year=year, teacher=teacher)
        )
        context.update(
            teacher=teacher,
            year=year,
            years=_years_around(year),
            records=records,
            process_done=any(r.kind in PROCESS_KINDS for r in records),
            outcome_done=any(r.kind in OUTCOME_KINDS for r in records),
        )
        return context


class EvaluationFileView(SchoolPortalMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = selectors.evaluation_record_get(school=self.school, record_id=kwargs["record_id"])
        return _file_response(record, selectors.evaluation_file_data(record=record))


class EvaluationDeleteView(SchoolPortalMixin, View):
    """POST only; the mixin requires the school's leader for it."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        record = selectors.evaluation_record_get(school=self.school, record_id=kwargs["record_id"])
        teacher_id, year = record.teacher_id, record.school_year
        services.evaluation_record_delete(record=record, actor=request.user)
        messages.success(request, f"已删除评价记录“{record.title}”。")
        url = reverse("programmes:evaluation_teacher", args=[self.school.pk, teacher_id])
        return redirect(f"{url}?year={year}")
