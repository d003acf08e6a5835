"""`schools/<school_id>/{teachers,classes,assignments,roster-imports,transfers}/` and
`districts/<district_id>/transfers/`: the roster and its import, and transfers."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from apps.core.schema import file_responses
from apps.core.web import xlsx_response
from apps.people import selectors, services, stints
from apps.people.models import HomeroomAssignment, RosterImport, SchoolClass, Teacher
from apps.people.roster_import import build_template
from apps.people.serializers import (
    AssignmentInput,
    AssignmentOutput,
    ClassInput,
    ClassOutput,
    DistrictTransferInput,
    LeaveInput,
    RosterImportInput,
    RosterImportOutput,
    TeacherInput,
    TeacherOutput,
    TransferInput,
)
from apps.tenancy.access import access_district
from apps.tenancy.api import DistrictScopedAPI, SchoolScopedAPI
from apps.tenancy.models import Role


class AssignmentFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    """Ids filter as plain numbers: a model-choice filter would answer "invalid choice" for
    an id that does not exist but not for another school's, telling a prober it exists."""

    teacher = django_filters.NumberFilter(field_name="teacher_id")
    school_class = django_filters.NumberFilter(field_name="school_class_id")

    class Meta:
        model = HomeroomAssignment
        fields = ["school_year", "role"]


class _InputOutputMixin:
    """Validate with the input serializer, answer with the output serializer."""

    input_serializer: type[BaseSerializer[Any]]
    output_serializer: type[BaseSerializer[Any]]

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if getattr(self, "action", None) in ("create", "update", "partial_update"):
            return self.input_serializer
        return self.output_serializer

    def _respond(self, instance: Any, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.output_serializer(instance).data, status=code)


@extend_schema(tags=["teachers"])
class TeacherViewSet(
    SchoolScopedAPI,
    _InputOutputMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Teacher],
):
    input_serializer = TeacherInput
    output_serializer = TeacherOutput
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["is_active", "gender", "professional_title", "is_moral_cadre"]
    ordering_fields = ["employee_no", "name"]

    def get_queryset(self) -> QuerySet[Teacher]:
        if getattr(self, "swagger_fake_view", False):
            return Teacher.objects.none()
        search = self.request.query_params.get("search", "")
        return selectors.teacher_list(school=self.school, search=search, active=None)

    @extend_schema(request=TeacherInput, responses={201: TeacherOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = TeacherInput(data=request.data)
        data.is_valid(raise_exception=True)
        teacher = services.teacher_create(school=self.school, **data.validated_data)
        return self._respond(teacher, status.HTTP_201_CREATED)

    @extend_schema(request=TeacherInput, responses=TeacherOutput)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        teacher = self.get_object()
        data = TeacherInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return self._respond(services.teacher_update(teacher=teacher, **data.validated_data))

    @extend_schema(request=LeaveInput, responses=TeacherOutput)
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The teacher left the school on `on` (ADR 0012): the stint ends, kept here."""
        teacher = self.get_object()
        data = LeaveInput(data=request.data)
        data.is_valid(raise_exception=True)
        left = stints.teacher_leave(
            actor=request.user,  # type: ignore[arg-type]
            teacher=teacher,
            on=data.validated_data["on"],
        )
        return self._respond(left)


@extend_schema(tags=["teachers"])
class TransferViewSet(SchoolScopedAPI, viewsets.GenericViewSet[Teacher]):
    """POST: the school's leader takes in a teacher from another school of the district;
    the answer is the teacher's new record here (ADR 0012)."""

    serializer_class = TransferInput

    def get_queryset(self) -> QuerySet[Teacher]:
        return Teacher.objects.none()  # nothing to list: a transfer is a write

    @extend_schema(request=TransferInput, responses={201: TeacherOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = TransferInput(data=request.data)
        data.is_valid(raise_exception=True)
        teacher = stints.teacher_transfer(
            actor=request.user,  # type: ignore[arg-type]
            to_school=self.school,
            **data.validated_data,
        )
        return Response(TeacherOutput(teacher).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["teachers"])
class DistrictTransferViewSet(DistrictScopedAPI, viewsets.GenericViewSet[Teacher]):
    """POST (the district admin): a teacher moved into a school of the district, from a
    school of the district or — naming its district's code — of another district."""

    serializer_class = DistrictTransferInput

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not getattr(self, "swagger_fake_view", False):  # a reviewer moves nobody
            access_district(request.user, self.district.pk, roles={Role.DISTRICT_ADMIN})  # type: ignore[arg-type]

    def get_queryset(self) -> QuerySet[Teacher]:
        return Teacher.objects.none()

    @extend_schema(request=DistrictTransferInput, responses={201: TeacherOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = DistrictTransferInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        try:
            school = selectors.district_school_get(
                district=self.district, school_id=fields.pop("to_school")
            )
        except Http404:
            raise ValidationError({"to_school": "找不到该学校，或该学校不属于本区。"}) from None
        teacher = stints.teacher_transfer(
            actor=request.user,  # type: ignore[arg-type]
            to_school=school,
            **fields,
        )
        return Response(TeacherOutput(teacher).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["classes"])
class ClassViewSet(SchoolScopedAPI, _InputOutputMixin, viewsets.ModelViewSet[SchoolClass]):
    input_serializer = ClassInput
    output_serializer = ClassOutput
    filterset_fields = ["school_year", "grade"]
    ordering_fields = ["school_year", "grade", "name"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[SchoolClass]:
        if getattr(self, "swagger_fake_view", False):
            return SchoolClass.objects.none()
        return selectors.class_list(school=self.school)

    @extend_schema(request=ClassInput, responses={201: ClassOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ClassInput(data=request.data)
        data.is_valid(raise_exception=True)
        school_class = services.class_create(school=self.school, **data.validated_data)
        return self._respond(school_class, status.HTTP_201_CREATED)

    @extend_schema(request=ClassInput, responses=ClassOutput)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        school_class = self.get_object()
        data = ClassInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return self._respond(
            services.class_update(school_class=school_class, **data.validated_data)
        )

    def perform_destroy(self, instance: SchoolClass) -> None:
        services.class_delete(school_class=instance)


@extend_schema(tags=["assignments"])
class AssignmentViewSet(
    SchoolScopedAPI, _InputOutputMixin, viewsets.ModelViewSet[HomeroomAssignment]
):
    input_serializer = AssignmentInput
    output_serializer = AssignmentOutput
    filterset_class = AssignmentFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[HomeroomAssignment]:
        if getattr(self, "swagger_fake_view", False):
            return HomeroomAssignment.objects.none()
        return selectors.assignment_list(school=self.school)

    def _resolve(self, data: dict[str, Any]) -> dict[str, Any]:
        """Teacher and class named in the body must be of this school (else 400, no write)."""
        errors: dict[str, str] = {}
        resolved: dict[str, Any] = {"role": data["role"]}
        try:
            resolved["teacher"] = selectors.teacher_get(
                school=self.school, teacher_id=data["teacher"]
            )
        except Http404:
            errors["teacher"] = "找不到该教师，或该教师不属于本校。"
        try:
            resolved["school_class"] = selectors.class_get(
                school=self.school, class_id=data["school_class"]
            )
        except Http404:
            errors["school_class"] = "找不到该班级，或该班级不属于本校。"
        if errors:
            raise ValidationError(errors)
        return resolved

    @extend_schema(request=AssignmentInput, responses={201: AssignmentOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = AssignmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.assignment_create(
            school=self.school, **self._resolve(data.validated_data)
        )
        return self._respond(assignment, status.HTTP_201_CREATED)

    @extend_schema(request=AssignmentInput, responses=AssignmentOutput)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assignment = self.get_object()
        current = {
            "teacher": assignment.teacher_id,
            "school_class": assignment.school_class_id,
            "role": assignment.role,
        }
        data = AssignmentInput(data=current | {key: request.data[key] for key in request.data})
        data.is_valid(raise_exception=True)
        updated = services.assignment_update(
            assignment=assignment, **self._resolve(data.validated_data)
        )
        return self._respond(updated)

    def perform_destroy(self, instance: HomeroomAssignment) -> None:
        services.assignment_delete(assignment=instance)


@extend_schema(tags=["roster-imports"])
class RosterImportViewSet(
    SchoolScopedAPI,
    _InputOutputMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[RosterImport],
):
    """Upload a filled 导入模板; poll the job until `state` is succeeded or failed."""

    input_serializer = RosterImportInput
    output_serializer = RosterImportOutput
    parser_classes = [MultiPartParser]
    filterset_fields = ["state"]

    def get_queryset(self) -> QuerySet[RosterImport]:
        if getattr(self, "swagger_fake_view", False):
            return RosterImport.objects.none()
        return selectors.roster_import_list(school=self.school)

    @extend_schema(request=RosterImportInput, responses={202: RosterImportOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = RosterImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        job = services.roster_import_start(
            school=self.school,
            actor=request.user,  # type: ignore[arg-type]
            file_name=upload.name,
            data=upload.read(),
        )
        return self._respond(job, status.HTTP_202_ACCEPTED)

    @extend_schema(responses=file_responses("导入模板 (.xlsx)", "xlsx"))
    @action(detail=False, methods=["get"])
    def template(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        return xlsx_response(
            build_template(), fallback="roster-template.xlsx", name="名册导入模板.xlsx"
        )
