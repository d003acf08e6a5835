"""Pages of the needs surveys (PT24-NEEDS): a district's surveys (/d/<district_id>/surveys/…,
its admin publishes) and a school's (/s/<school_id>/surveys/…, its leader publishes) —
the list, publishing one, the tallies per choice, opening or closing it — and the teacher
answering (/me/surveys/…), once, changeable until the survey closes.

The same survey pages serve both portals (`_SurveyPages`: the scope, the URL names, the
breadcrumbs); the portal mixin of each concrete view resolves the tenant and who may write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.web import Export, ExportMixin, apply_service_errors
from apps.core.xlsx import TableSheet
from apps.tenancy.mixins import SchoolPortalMixin
from apps.training.forms.surveys import (
    SurveyAnswerForm,
    SurveyForm,
    question_formset,
    questions_from,
)
from apps.training.selectors.surveys import (
    own_teacher_records,
    survey_for_teacher,
    survey_get,
    survey_list,
    survey_tallies,
    surveys_for_teacher,
)
from apps.training.services.surveys import survey_answer, survey_create, survey_set_open

from .common import DistrictProgrammeMixin

# The stubs' FormView is generic over its form; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _SurveyAnswerFormView = FormView[SurveyAnswerForm]
else:
    _SurveyAnswerFormView = FormView


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
        scope_id: int = self.kwargs["school_id" if self.scope_name == "school" else "district_id"]
        return scope_id

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"training:{self.scope_name}_survey_{name}", args=[self.scope_id(), *args])

    def survey_context(self) -> dict[str, Any]:
        return {
            "scope_name": self.scope_name,
            "list_url": self.url("list"),
            "create_url": self.url("create"),
            "scope_label": "本校" if self.scope_name == "school" else "全区",
        }


SURVEY_HEADERS = ("问卷", "题目数", "已回答", "状态", "发布人", "发布时间")


class _SurveyListView(_SurveyPages, ExportMixin, TemplateView):
    """The school's or the district's surveys; ?format=xlsx exports the list."""

    template_name = "training/programmes/survey_list.html"

    def export(self) -> Export:
        scope = self.scope()
        rows = [
            [s.title, len(s.questions), s.response_count, "作答中" if s.is_open else "已截止",  # type: ignore[attr-defined]
             s.created_by.display_name if s.created_by else "", s.created_at]
            for s in survey_list(**scope)
        ]  # fmt: skip
        owner = scope.get("school") or scope["district"]
        return Export(
            sheets=[TableSheet("需求调研", SURVEY_HEADERS, rows)], rows=len(rows),
            what="需求调研列表导出", subject=owner, name=f"需求调研-{owner.name}.xlsx",
            fallback=f"surveys-{owner.code}.xlsx",
            district_id=getattr(owner, "district_id", None) or owner.pk,
            school_id=owner.pk if "school" in scope else None,
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        surveys = list(survey_list(**self.scope()))
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
                survey = survey_create(
                    district=school.district if school else self.district,  # type: ignore[attr-defined]
                    school=school,
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    questions=questions_from(questions),
                    is_open=form.cleaned_data["is_open"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
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
        survey = survey_get(survey_id=self.kwargs["survey_id"], **self.scope())
        context.update(
            self.survey_context(),
            survey=survey,
            tallies=survey_tallies(survey=survey),
            state_url=self.url("state", survey.pk),
        )
        return context


class _SurveyStateView(_SurveyPages, View):
    """POST `open=1|0`: open or close the survey for answers."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        survey = survey_get(survey_id=kwargs["survey_id"], **self.scope())
        is_open = request.POST.get("open") == "1"
        survey_set_open(survey=survey, is_open=is_open, actor=request.user)
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
        entries = surveys_for_teacher(user=user)  # type: ignore[arg-type]
        context.update(
            entries=entries,
            has_records=bool(entries) or bool(own_teacher_records(user=user)),  # type: ignore[arg-type]
        )
        return context


class MySurveyAnswerView(LoginRequiredMixin, _SurveyAnswerFormView):
    """Answer once; change the answer until the survey closes."""

    template_name = "training/programmes/my_survey_answer.html"
    form_class = SurveyAnswerForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.entry = survey_for_teacher(
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
            survey_answer(
                survey=self.entry.survey,
                teacher=self.entry.teacher,
                actor=self.request.user,
                answers=form.answers(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        first = self.entry.response is None
        messages.success(self.request, "感谢参与，回答已提交。" if first else "回答已修改。")
        return redirect("training:my_surveys")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if not self.entry.survey.is_open:
            for field in form.fields.values():
                field.disabled = True
        context.update(entry=self.entry, survey=self.entry.survey)
        return context
