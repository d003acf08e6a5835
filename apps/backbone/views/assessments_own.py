"""XB23-ASSESS pages of a school (s/<school_id>/backbone/assessments/…: its members'
results, consequences and plans; the leader files a plan or applies for a teacher) and of
the teacher (me/backbone/assessments/: their results, warnings with the deadline and the
upload, the certificate link, applying to an open cohort); and the 结业证书 PDF, for the
district, the member's school and the member — refused (404) to anyone else or when the
member has no certificate."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from apps.backbone.forms.assessments import ApplyForm, PlanForm
from apps.backbone.models import BackboneMember, Consequence
from apps.backbone.selectors import assessments as sel
from apps.backbone.services.applications import application_submit
from apps.backbone.services.rectifications import rectification_file
from apps.core.access_log import log_data_access
from apps.core.pdf import render_pdf
from apps.core.schoolyear import today
from apps.core.web import error_text, pdf_response, read_upload
from apps.core.web import int_or_404 as _id
from apps.tenancy.mixins import DistrictPortalMixin, SchoolPortalMixin


def _warning_of(members: list[BackboneMember], warning_id: int) -> Consequence:
    for row in sel.member_rows(members):
        for warning in row.warnings():
            if warning.pk == warning_id:
                return warning
    raise Http404


def _file_plan(request: HttpRequest, warning: Consequence) -> None:
    form = PlanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请填写整改措施并上传书面整改方案文件。")
        return
    name, data = read_upload(form.cleaned_data["file"])
    try:
        summary = form.cleaned_data["summary"]
        rectification_file(actor=request.user, warning=warning, summary=summary,
                           file_name=name, data=data)  # fmt: skip
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "整改方案已提交，等待区里审核。")


def _apply(request: HttpRequest, teachers: dict[int, Any]) -> None:
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择申报类别。")
        return
    data = form.cleaned_data
    first = next(iter(teachers.values()), None)
    teacher = teachers.get(data["teacher"]) if data["teacher"] else first
    if first is None:
        raise Http404
    cohort = sel.open_cohorts(district_id=first.district_id).filter(pk=data["cohort"]).first()
    if teacher is None or cohort is None:
        raise Http404
    try:
        application_submit(actor=request.user, cohort=cohort, teacher=teacher,
                           category=data["category"], statement=data["statement"])  # fmt: skip
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"已申报{cohort.name}。")


def _certificate(request: HttpRequest, member: BackboneMember) -> HttpResponse:
    if refusal := sel.certificate_refusal(member=member):
        raise Http404(refusal)
    context = {"member": member, "cohort": member.cohort, "school": member.school,
               "district": member.cohort.district, "term_end": sel.term_end_of(member=member),
               "printed_on": today(), "label": sel.cohort_label(member.cohort)}  # fmt: skip
    pdf = render_pdf("backbone/assessments/certificate.html", context)
    log_data_access(request, what="骨干结业证书PDF", rows=1, subject=member)
    name = f"{member.teacher.name}-{member.cohort.name}结业证书.pdf"
    return pdf_response(pdf.data, fallback=f"backbone-certificate-{member.pk}.pdf", name=name)


class SchoolAssessmentsView(SchoolPortalMixin, TemplateView):
    template_name = "backbone/assessments/school.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        cohorts = list(sel.district_cohorts(district=self.school.district))
        sections = [(c, sel.board(cohort=c, school=self.school)) for c in cohorts]
        open_cohorts = list(sel.open_cohorts(district_id=self.school.district_id))
        context.update(sections=[s for s in sections if s[1]], day=today(),
                       open_cohorts=open_cohorts, teachers=sel.school_teachers(school=self.school),
                       plan_form=PlanForm(), apply_form=ApplyForm())  # fmt: skip
        return context


class SchoolPlanView(SchoolPortalMixin, View):
    write_required = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        members = list(sel.school_members(school=self.school))
        _file_plan(request, _warning_of(members, _id(kwargs["warning_id"])))
        return redirect("backbone:school_assessments", school_id=self.school.pk)


class SchoolApplyView(SchoolPortalMixin, View):
    write_required = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        teachers = {t.pk: t for t in sel.school_teachers(school=self.school)}
        _apply(request, teachers)
        return redirect("backbone:school_assessments", school_id=self.school.pk)


class SchoolCertificateView(SchoolPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = sel.school_member(school=self.school, member_id=_id(kwargs["member_id"]))
        return _certificate(request, member)


class DistrictCertificateView(DistrictPortalMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = sel.district_member(district=self.district, member_id=_id(kwargs["member_id"]))
        return _certificate(request, member)


class MyAssessmentsView(LoginRequiredMixin, TemplateView):
    template_name = "backbone/assessments/mine.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        members = sel.members_of_user(user=self.request.user)
        teachers = sel.teachers_of_user(user=self.request.user)
        if not members and not teachers:
            raise Http404
        day = today()
        rows = [
            row.shown(sel.years_of(cohort=row.member.cohort), day)
            for row in sel.member_rows(members)
        ]
        certificates = {m.pk for m in members if not sel.certificate_refusal(member=m)}
        context.update(rows=rows, day=day, certificates=certificates, plan_form=PlanForm(),
                       offers=_offers(teachers[:1]), apply_form=ApplyForm())  # fmt: skip
        return context


def _offers(teachers: list[Any]) -> list[dict[str, Any]]:
    """The open cohorts of the teacher's district: applied already, barred, or open."""
    if not teachers:
        return []
    teacher = teachers[0]
    applied = {a.cohort_id: a for a in sel.applications_of_teachers(teacher_ids=[teacher.pk])}
    return [
        {"cohort": c, "application": applied.get(c.pk),
         "barred": sel.barring_reason(teacher=teacher, cohort=c)}
        for c in sel.open_cohorts(district_id=teacher.district_id)
    ]  # fmt: skip


class MyPlanView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        members = sel.members_of_user(user=request.user)
        _file_plan(request, _warning_of(members, _id(kwargs["warning_id"])))
        return redirect("backbone:my_assessments")


class MyApplyView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        teachers = sel.teachers_of_user(user=request.user)[:1]
        _apply(request, {t.pk: t for t in teachers})
        return redirect("backbone:my_assessments")


class MyCertificateView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wanted = _id(kwargs["member_id"])
        member = next((m for m in sel.members_of_user(user=request.user) if m.pk == wanted), None)
        if member is None:
            raise Http404
        return _certificate(request, member)
