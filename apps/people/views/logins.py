"""教师账号: the school leader turns the roster into logins — one, or all selected at
once — and resets or ends a teacher's login.

Only the school's leader reaches these pages (`write_required`). The one-time passwords
are in the answer to the POST that made them and nowhere else: the page for one login,
a downloadable sheet for several (or for one, if asked).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from apps.core.access_log import log_data_access
from apps.core.web import error_text, parse_ids, xlsx_response
from apps.people import selectors
from apps.people.logins import (
    logins_sheet,
    teacher_login_deactivate,
    teacher_login_reset,
    teacher_logins_create,
)
from apps.people.models import Teacher
from apps.tenancy.mixins import SchoolPortalMixin


class TeacherLoginsView(SchoolPortalMixin, View):
    write_required = True

    def get(self, request: HttpRequest, school_id: int) -> HttpResponse:
        return self._render()

    def _render(self, error: str = "", status: int = 200) -> HttpResponse:
        teachers = selectors.teachers_with_logins(school=self.school)
        context = {"school": self.school, "teachers": teachers, "error": error, "can_edit": True}
        return render(self.request, "people/teacher_logins.html", context, status=status)

    def post(self, request: HttpRequest, school_id: int) -> HttpResponse:
        ids = parse_ids(request.POST.getlist("teachers"))
        if ids is None:
            return self._render("所选教师无效，请刷新页面后重新选择。")
        try:
            logins = teacher_logins_create(
                actor=request.user,  # type: ignore[arg-type]
                school=self.school,
                teacher_ids=ids,
            )
        except ValidationError as error:
            return self._render(error_text(error))
        if len(logins) == 1 and request.POST.get("delivery") != "sheet":
            login = logins[0]
            return render(
                request,
                "people/teacher_login_issued.html",
                {"school": self.school, "teacher": login.teacher, "issued": login.issued},
            )
        log_data_access(request, what="教师初始密码表", rows=len(logins), school_id=self.school.pk)
        return xlsx_response(
            logins_sheet(self.school, logins),
            fallback="teacher-logins.xlsx",
            name=f"{self.school.name}-教师账号.xlsx",
        )


class _TeacherLoginAction(SchoolPortalMixin, View):
    write_required = True
    teacher: Teacher

    def load_objects(self, **kwargs: Any) -> None:
        self.teacher = selectors.teacher_get(school=self.school, teacher_id=kwargs["teacher_id"])


class TeacherLoginResetView(_TeacherLoginAction):
    def post(self, request: HttpRequest, school_id: int, teacher_id: int) -> HttpResponse:
        issued = teacher_login_reset(
            actor=request.user,  # type: ignore[arg-type]
            school=self.school,
            teacher=self.teacher,
        )
        return render(
            request,
            "people/teacher_login_issued.html",
            {"school": self.school, "teacher": self.teacher, "issued": issued, "reset": True},
        )


class TeacherLoginDeactivateView(_TeacherLoginAction):
    def post(self, request: HttpRequest, school_id: int, teacher_id: int) -> HttpResponse:
        teacher_login_deactivate(
            actor=request.user,  # type: ignore[arg-type]
            school=self.school,
            teacher=self.teacher,
        )
        messages.success(
            request, f"{self.teacher.name} 的账号已停用：其所有登录会话和 API 令牌已立即失效。"
        )
        return redirect("people:teacher_logins", self.school.pk)
