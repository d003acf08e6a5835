"""`schools/<school_id>/teacher-logins/`: the school leader turns teachers on the roster
into logins — POST one or many at once, the answer holding each one-time password, once;
`{id}/reset-password/` (a new one-time password, once) and `{id}/deactivate/` (every
session and token ends) act on the login of the teacher with that id.

Writes only, like the 教师账号 page: `SchoolScopedAPI` lets the school's leader through
(404 for anyone else); `apps.people.logins` checks the grant and that every teacher is
this school's, and the accounts services who may reset or end whose login.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.access_log import log_data_access
from apps.people import selectors
from apps.people.logins import (
    TeacherLogin,
    teacher_login_deactivate,
    teacher_login_reset,
    teacher_logins_create,
)
from apps.people.models import Teacher
from apps.people.serializers import (
    TeacherLoginOutput,
    TeacherLoginsInput,
    TeacherLoginStateOutput,
)
from apps.tenancy.api import SchoolScopedAPI


@extend_schema(tags=["teacher-logins"])
class TeacherLoginViewSet(SchoolScopedAPI, viewsets.GenericViewSet[Teacher]):
    serializer_class = TeacherLoginsInput
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Teacher]:
        return Teacher.objects.none()  # nothing to list: the logins are written here

    def get_object(self) -> Teacher:
        return selectors.teacher_get(school=self.school, teacher_id=self.kwargs["pk"])

    @extend_schema(request=TeacherLoginsInput, responses={201: TeacherLoginOutput(many=True)})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Logins for these teachers of the school, all or none: each username is
        `<school code>.<工号>`, its staff number the 工号 where no other account uses it."""
        data = TeacherLoginsInput(data=request.data)
        data.is_valid(raise_exception=True)
        logins = teacher_logins_create(
            actor=request.user,  # type: ignore[arg-type]
            school=self.school,
            teacher_ids=data.validated_data["teachers"],
        )
        log_data_access(
            request, what="教师初始密码（接口）", rows=len(logins), school_id=self.school.pk
        )
        answer = TeacherLoginOutput(logins, many=True).data
        return Response(answer, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=TeacherLoginOutput)
    @action(detail=True, methods=["post"], url_path="reset-password")
    def reset_password(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A new one-time password for the teacher's login, in this answer only."""
        teacher = self.get_object()
        issued = teacher_login_reset(actor=request.user, school=self.school, teacher=teacher)  # type: ignore[arg-type]
        return Response(TeacherLoginOutput(TeacherLogin(teacher, issued)).data)

    @extend_schema(request=None, responses=TeacherLoginStateOutput)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The teacher's login can no longer be used; its sessions and tokens end now."""
        teacher = self.get_object()
        teacher_login_deactivate(actor=request.user, school=self.school, teacher=teacher)  # type: ignore[arg-type]
        return Response(TeacherLoginStateOutput(teacher).data)
