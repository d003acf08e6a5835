"""`schools/<school_id>/trainees/`: the school's trainees with their progress (list,
create, retrieve, PATCH mentor / X; `send-to-district/`, `retry/`, `appoint/`);
`schools/<school_id>/probation-assessments/`: the school's two levels (list, create);
`districts/<district_id>/graduation-candidates/`: the trainees sent on (list) and the
区级结业考核 (create); `me/probation/`: the caller's own probation.

Rows are fetched through the selectors inside the URL's school or district (a foreign id
is a 404, or a field error naming it); writes go through the services, whose Chinese
errors answer as 400s. A PermissionDenied of the kit's own-record check answers as a 400
naming `trainee` with its Chinese message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.schema import NOT_FOUND
from apps.people import selectors as people_selectors
from apps.people.models import Teacher
from apps.probation.models import Assessment, Trainee
from apps.probation.selectors import (
    graduation_candidates,
    probation_rules,
    progress_of,
    school_trainees,
    trainee_assessments,
    trainee_of_user,
)
from apps.probation.selectors.trainees import candidate_get, school_assessments, trainee_get
from apps.probation.serializers.trainees import (
    AppointInput,
    AssessmentInput,
    AssessmentOutput,
    GraduationInput,
    MyProbationOutput,
    TraineeCreateInput,
    TraineeOutput,
    TraineeUpdateInput,
)
from apps.probation.services import (
    assessment_record,
    trainee_appoint,
    trainee_create,
    trainee_retry,
    trainee_send_to_district,
    trainee_update,
)
from apps.probation.views.common import actor_of
from apps.tenancy.access import access_district
from apps.tenancy.api import DistrictScopedAPI, SchoolScopedAPI
from apps.tenancy.models import DISTRICT_ROLES, School

ID = r"\d+"
NOT_OURS = "找不到该{label}，或其不属于本校。"


def _teacher(school: School, teacher_id: int | None, field: str, label: str) -> Teacher | None:
    if teacher_id is None:
        return None
    try:
        return people_selectors.teacher_get(school=school, teacher_id=teacher_id)
    except Http404:
        raise ValidationError({field: NOT_OURS.format(label=label)}) from None


def _with_progress(trainees: list[Trainee], school: Any) -> dict[str, Any]:
    rules = probation_rules(district=school.district)
    return {"progress": {p.trainee.pk: p for p in progress_of(trainees, rules)}}


def _guarded(call: Callable[[], Any]) -> Any:
    """A service call whose PermissionDenied (own record) answers as a 400 in Chinese."""
    try:
        return call()
    except PermissionDenied as error:
        message = str(error)
        if message and not message.isascii():
            raise ValidationError({"trainee": message}) from None
        raise


@extend_schema(tags=["probation"])
class TraineeViewSet(
    SchoolScopedAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Trainee],
):
    """XH26-PROB-HOURS, XH26-PROB-ASSESS: the school's trainees with their progress."""

    serializer_class = TraineeOutput
    filterset_fields = ["status"]
    ordering_fields = ["started_on", "planned_end_on"]
    lookup_value_regex = ID
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Trainee]:
        if getattr(self, "swagger_fake_view", False):
            return Trainee.objects.none()
        return school_trainees(school=self.school)

    def _answer(self, trainee: Trainee, code: int = status.HTTP_200_OK) -> Response:
        fresh = trainee_get(school=self.school, trainee_id=trainee.pk)
        context = _with_progress([fresh], self.school)
        return Response(TraineeOutput(fresh, context=context).data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        data = TraineeOutput(rows, many=True, context=_with_progress(rows, self.school)).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(trainee_get(school=self.school, trainee_id=kwargs["pk"]))

    @extend_schema(request=TraineeCreateInput, responses={201: TraineeOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Register a teacher of this school as a trainee (the school's leader)."""
        data = TraineeCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        teacher = _teacher(self.school, values["teacher"], "teacher", "教师")
        assert teacher is not None
        trainee = trainee_create(
            school=self.school, actor=actor_of(request), teacher=teacher,
            started_on=values["started_on"],
            mentor=_teacher(self.school, values.get("mentor"), "mentor", "指导教师"),
            school_hours_target=values.get("school_hours_target"), note=values["note"],
        )  # fmt: skip
        return self._answer(trainee, status.HTTP_201_CREATED)

    @extend_schema(request=TraineeUpdateInput, responses=TraineeOutput)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the mentor, X or the note of an open probation (the fields sent)."""
        trainee = trainee_get(school=self.school, trainee_id=kwargs["pk"])
        data = TraineeUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        mentor = (
            _teacher(self.school, values["mentor"], "mentor", "指导教师")
            if "mentor" in values
            else trainee.mentor
        )
        updated = trainee_update(
            trainee=trainee, actor=actor_of(request), mentor=mentor,
            school_hours_target=values.get("school_hours_target", trainee.school_hours_target),
            note=values.get("note", trainee.note),
        )  # fmt: skip
        return self._answer(updated)

    @extend_schema(request=None, responses=TraineeOutput)
    @action(detail=True, methods=["post"], url_path="send-to-district")
    def send_to_district(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """报送区级结业考核: the hours met and the school's two assessments passed."""
        trainee = trainee_get(school=self.school, trainee_id=kwargs["pk"])
        return self._answer(trainee_send_to_district(trainee=trainee, actor=actor_of(request)))

    @extend_schema(request=None, responses=TraineeOutput)
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """重新考核 of a deferred trainee (a new attempt)."""
        trainee = trainee_get(school=self.school, trainee_id=kwargs["pk"])
        return self._answer(trainee_retry(trainee=trainee, actor=actor_of(request)))

    @extend_schema(request=AppointInput, responses=TraineeOutput)
    @action(detail=True, methods=["post"])
    def appoint(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """正式聘任 to a class of this school; refused (400, `status`) naming each missing
        piece."""
        trainee = trainee_get(school=self.school, trainee_id=kwargs["pk"])
        data = AppointInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            school_class = people_selectors.class_get(
                school=self.school, class_id=data.validated_data["school_class"]
            )
        except Http404:
            raise ValidationError({"school_class": "请选择本校的班级。"}) from None
        appointed = trainee_appoint(
            trainee=trainee, actor=actor_of(request), school_class=school_class,
            appointed_on=data.validated_data["appointed_on"],
        )  # fmt: skip
        return self._answer(appointed)


def _record(request: Request, trainee: Trainee, values: dict[str, Any]) -> Assessment:
    record: Assessment = _guarded(
        lambda: assessment_record(
            trainee=trainee,
            actor=actor_of(request),
            level=values["level"],
            assessed_on=values["assessed_on"],
            passed=values["result"] == "passed",
            assessor_name=values["assessor_name"],
            comment=values["comment"],
            score=values.get("score"),
        )
    )
    return record


@extend_schema(tags=["probation"])
class SchoolAssessmentViewSet(
    SchoolScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[Assessment]
):
    """The school's assessments of every attempt; POST records one of its two levels."""

    serializer_class = AssessmentOutput
    filterset_fields = ["level", "status", "trainee"]
    ordering_fields = ["assessed_on"]

    def get_queryset(self) -> QuerySet[Assessment]:
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        return school_assessments(school=self.school)

    @extend_schema(request=AssessmentInput, responses={201: AssessmentOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = AssessmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            trainee = trainee_get(school=self.school, trainee_id=data.validated_data["trainee"])
        except Http404:
            raise ValidationError({"trainee": NOT_OURS.format(label="见习班主任")}) from None
        record = _record(request, trainee, data.validated_data)
        return Response(AssessmentOutput(record).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["probation"])
class GraduationCandidateViewSet(
    DistrictScopedAPI, mixins.ListModelMixin, viewsets.GenericViewSet[Trainee]
):
    """区级结业考核: the trainees the district's schools sent on; POST records the
    district's assessment of one (a district role held at the district itself)."""

    serializer_class = TraineeOutput
    ordering_fields = ["planned_end_on"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method not in SAFE_METHODS and not getattr(self, "swagger_fake_view", False):
            access_district(actor_of(request), kwargs["district_id"], roles=DISTRICT_ROLES)

    def get_queryset(self) -> QuerySet[Trainee]:
        if getattr(self, "swagger_fake_view", False):
            return Trainee.objects.none()
        return graduation_candidates(district=self.district)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        rules = probation_rules(district=self.district)
        context = {"progress": {p.trainee.pk: p for p in progress_of(rows, rules)}}
        data = TraineeOutput(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(request=GraduationInput, responses={201: AssessmentOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = GraduationInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            trainee = candidate_get(
                district=self.district, trainee_id=data.validated_data["trainee"]
            )
        except Http404:
            raise ValidationError(
                {"trainee": "找不到该见习班主任，或其不在本区待区级结业考核名单中。"}
            ) from None
        record = _record(request, trainee, data.validated_data)
        return Response(AssessmentOutput(record).data, status=status.HTTP_201_CREATED)


class MyProbationView(APIView):
    """The caller's own probation (404 without one): progress and every assessment."""

    @extend_schema(tags=["probation"], responses={200: MyProbationOutput, 404: NOT_FOUND})
    def get(self, request: Request) -> Response:
        trainee = trainee_of_user(user_id=actor_of(request).pk)
        if trainee is None:
            raise Http404
        context = _with_progress([trainee], trainee.school)
        history = list(trainee_assessments(trainee=trainee))
        return Response(
            MyProbationOutput({"trainee": trainee, "history": history}, context=context).data
        )
