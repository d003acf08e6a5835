"""/api/v1/ of the tiered programmes, needs surveys and training evaluation.

* `districts/<district_id>/cohorts/` — 启航 / 续航 / 领航 cohorts (XH26-TIER): the
  district's roles read, its admin creates; `…/<id>/members/` lists the members with their
  programme hours and the completion suggestion (GET) or enrols teachers (POST, admin);
* `districts/<district_id>/surveys/` and `schools/<school_id>/surveys/` — needs surveys
  (PT24-NEEDS): list, publish (the district's admin / the school's leader), and
  `…/<id>/tallies/` with counts and shares per choice;
* `schools/<school_id>/evaluation-records/` — process and outcome evaluation records
  (PT24-EVAL): list, and create (the school's leader; multipart with `file` to attach one).

The district or school comes from the URL through `DistrictScopedAPI`/`SchoolScopedAPI`
(writes to a district need its admin: `DistrictAdminWritesAPI`); rows are fetched through
selectors scoped to it, so another tenant's row is a 404. Writes go through the services.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from apps.tenancy.access import access_district
from apps.tenancy.api import DistrictScopedAPI, SchoolScopedAPI
from apps.tenancy.models import Role

from . import programme_selectors as selectors
from . import programme_services as services
from .models import (
    Cohort,
    CohortCourse,
    EvaluationKind,
    EvaluationRecord,
    MemberStatus,
    Programme,
    Survey,
)

# --------------------------------------------------------------------------- shapes


class CourseShape(serializers.ModelSerializer):
    class Meta:
        model = CohortCourse
        fields = ["title", "hours"]


class CohortOutput(serializers.ModelSerializer):
    programme_display = serializers.CharField(source="get_programme_display", read_only=True)
    courses = CourseShape(many=True, read_only=True)
    enrolled_count = serializers.IntegerField(read_only=True)
    completed_count = serializers.IntegerField(read_only=True)
    withdrawn_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Cohort
        fields = [
            "id",
            "district",
            "programme",
            "programme_display",
            "school_year",
            "name",
            "required_hours",
            "courses",
            "enrolled_count",
            "completed_count",
            "withdrawn_count",
        ]


class CourseInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)


class CohortInput(serializers.Serializer):
    # All of the vocabulary (one enum in the schema); the service refuses "none".
    programme = serializers.ChoiceField(choices=Programme.choices)
    school_year = serializers.IntegerField(min_value=2000, max_value=2100)
    name = serializers.CharField(max_length=100)
    required_hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    courses = CourseInput(many=True)


class MemberOutput(serializers.Serializer):
    id = serializers.IntegerField(source="member.pk")
    teacher = serializers.IntegerField(source="member.teacher_id")
    teacher_name = serializers.CharField(source="member.teacher.name")
    employee_no = serializers.CharField(source="member.teacher.employee_no")
    school = serializers.IntegerField(source="member.school_id")
    school_name = serializers.CharField(source="member.school.name")
    status = serializers.ChoiceField(source="member.status", choices=MemberStatus.choices)
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    can_complete = serializers.BooleanField()


class EnrolInput(serializers.Serializer):
    teachers = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class QuestionShape(serializers.Serializer):
    text = serializers.CharField(max_length=services.MAX_QUESTION_CHARS)
    choices = serializers.ListField(
        child=serializers.CharField(max_length=services.MAX_CHOICE_CHARS), min_length=2
    )
    multiple = serializers.BooleanField(default=False)


class SurveyOutput(serializers.ModelSerializer):
    questions = QuestionShape(many=True, read_only=True)
    response_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "district",
            "school",
            "title",
            "questions",
            "is_open",
            "response_count",
            "created_at",
        ]


class SurveyInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    questions = QuestionShape(many=True)
    is_open = serializers.BooleanField(default=True)


class ChoiceTallyOutput(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    count = serializers.IntegerField()
    percent = serializers.IntegerField()


class QuestionTallyOutput(serializers.Serializer):
    number = serializers.IntegerField()
    text = serializers.CharField()
    multiple = serializers.BooleanField()
    answered = serializers.IntegerField()
    choices = ChoiceTallyOutput(many=True)


class TalliesOutput(serializers.Serializer):
    respondents = serializers.IntegerField()
    audience = serializers.IntegerField()
    response_rate = serializers.IntegerField()
    questions = QuestionTallyOutput(many=True)


class EvaluationOutput(serializers.ModelSerializer):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRecord
        fields = [
            "id",
            "school",
            "teacher",
            "teacher_name",
            "school_year",
            "semester",
            "kind",
            "kind_display",
            "title",
            "note",
            "file_name",
            "file_type",
            "has_file",
            "created_at",
        ]

    def get_has_file(self, record: EvaluationRecord) -> bool:
        return bool(record.file_name)


class EvaluationInput(serializers.Serializer):
    """The teacher by id; the view resolves it inside the URL's school only."""

    teacher = serializers.IntegerField()
    school_year = serializers.IntegerField(min_value=2000, max_value=2100)
    semester = serializers.ChoiceField(choices=[1, 2])
    kind = serializers.ChoiceField(choices=EvaluationKind.choices)
    title = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False)


# --------------------------------------------------------------------------- viewsets


class DistrictAdminWritesAPI(DistrictScopedAPI):
    """The district's roles read; an unsafe method needs its admin (else 404)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False) or request.method in SAFE_METHODS:
            return
        access_district(
            request.user,  # type: ignore[arg-type]
            kwargs[self.district_url_kwarg],
            roles={Role.DISTRICT_ADMIN},
        )


@extend_schema(tags=["programmes"])
class CohortViewSet(
    DistrictAdminWritesAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """XH26-TIER: the district's 启航 / 续航 / 领航 cohorts, newest school year first."""

    serializer_class = CohortOutput
    filterset_fields = ["programme", "school_year"]

    def get_queryset(self) -> QuerySet[Cohort]:
        if getattr(self, "swagger_fake_view", False):
            return Cohort.objects.none()
        return selectors.cohort_list(district=self.district).prefetch_related("courses")

    def _fresh(self, cohort: Cohort) -> Response:
        return Response(CohortOutput(self.get_queryset().get(pk=cohort.pk)).data)

    @extend_schema(request=CohortInput, responses={201: CohortOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Create a cohort with its course list (the district's admin)."""
        data = CohortInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        cohort = services.cohort_create(
            district=self.district,
            actor=request.user,
            programme=values["programme"],
            school_year=values["school_year"],
            name=values["name"],
            required_hours=values["required_hours"],
            courses=[services.CourseInput(**c) for c in values["courses"]],
        )
        response = self._fresh(cohort)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(methods=["GET"], request=None, responses=MemberOutput(many=True))
    @extend_schema(methods=["POST"], request=EnrolInput, responses={201: MemberOutput(many=True)})
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def members(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """GET: members with their programme hours from the ledger this school year and
        `can_complete` (hours ≥ required). POST `{"teachers": [ids]}`: enrol them (the
        district's admin; 启航 takes only teachers within the pack's homeroom years)."""
        cohort = selectors.cohort_get(district=self.district, cohort_id=kwargs["pk"])
        code: int = status.HTTP_200_OK
        if request.method == "POST":
            data = EnrolInput(data=request.data)
            data.is_valid(raise_exception=True)
            wanted = set(data.validated_data["teachers"])
            teachers = selectors.district_teachers_by_ids(
                district=self.district, teacher_ids=wanted
            )
            if len(teachers) != len(wanted):
                raise ValidationError({"teachers": "找不到部分教师，或其不属于本区。"})
            services.cohort_enrol(cohort=cohort, teachers=teachers, actor=request.user)
            code = status.HTTP_201_CREATED
        wanted_status = request.query_params.get("status", "")
        rows = selectors.cohort_members(cohort=cohort, status=wanted_status)
        return Response(MemberOutput(rows, many=True).data, status=code)


class _SurveyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SurveyOutput
    filterset_fields = ["is_open"]

    def scope(self) -> dict[str, Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Survey]:
        if getattr(self, "swagger_fake_view", False):
            return Survey.objects.none()
        return selectors.survey_list(**self.scope())

    @extend_schema(request=SurveyInput, responses={201: SurveyOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Publish a survey; its questions are fixed once published."""
        data = SurveyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        school = self.scope().get("school")
        survey = services.survey_create(
            district=school.district if school else self.scope()["district"],
            school=school,
            actor=request.user,
            title=values["title"],
            questions=[dict(q) for q in values["questions"]],
            is_open=values["is_open"],
        )
        fresh = self.get_queryset().get(pk=survey.pk)
        return Response(SurveyOutput(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=TalliesOutput)
    @action(detail=True, methods=["get"])
    def tallies(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Respondents, audience, and per question the count and share of each choice."""
        survey = selectors.survey_get(survey_id=kwargs["pk"], **self.scope())
        return Response(TalliesOutput(selectors.survey_tallies(survey=survey)).data)


@extend_schema(tags=["surveys"])
class DistrictSurveyViewSet(DistrictAdminWritesAPI, _SurveyViewSet):
    """PT24-NEEDS: the district's own surveys (addressed to all its teachers)."""

    def scope(self) -> dict[str, Any]:
        return {"district": self.district}


@extend_schema(tags=["surveys"])
class SchoolSurveyViewSet(SchoolScopedAPI, _SurveyViewSet):
    """PT24-NEEDS: a school's surveys (addressed to its teachers)."""

    def scope(self) -> dict[str, Any]:
        return {"school": self.school}


class EvaluationFilter(django_filters.FilterSet):
    """Ids filter as plain numbers: a model-choice filter would tell a prober that another
    school's teacher exists."""

    teacher = django_filters.NumberFilter(field_name="teacher_id")

    class Meta:
        model = EvaluationRecord
        fields = ["teacher", "school_year", "semester", "kind"]


@extend_schema(tags=["evaluations"])
class EvaluationRecordViewSet(
    SchoolScopedAPI,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """PT24-EVAL: a school's process and outcome evaluation records, newest first."""

    serializer_class = EvaluationOutput
    filterset_class = EvaluationFilter
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> QuerySet[EvaluationRecord]:
        if getattr(self, "swagger_fake_view", False):
            return EvaluationRecord.objects.none()
        return selectors.evaluation_records(school=self.school)

    @extend_schema(request=EvaluationInput, responses={201: EvaluationOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record one piece of evaluation (the school's leader)."""
        data = EvaluationInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            teacher = selectors.teacher_of_school(school=self.school, teacher_id=values["teacher"])
        except Http404:
            raise ValidationError({"teacher": "找不到该教师，或该教师不属于本校。"}) from None
        upload = values.get("file")
        record = services.evaluation_record_create(
            school=self.school,
            teacher=teacher,
            actor=request.user,
            school_year=values["school_year"],
            semester=int(values["semester"]),
            kind=values["kind"],
            title=values["title"],
            note=values["note"],
            file_name=upload.name if upload else "",
            data=upload.read(settings.EVIDENCE_MAX_BYTES + 1) if upload else None,
        )
        fresh = selectors.evaluation_record_get(school=self.school, record_id=record.pk)
        return Response(EvaluationOutput(fresh).data, status=status.HTTP_201_CREATED)


router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
DISTRICT = r"districts/(?P<district_id>\d+)"
SCHOOL = r"schools/(?P<school_id>\d+)"
router.register(f"{DISTRICT}/cohorts", CohortViewSet, basename="cohort")
router.register(f"{DISTRICT}/surveys", DistrictSurveyViewSet, basename="district-survey")
router.register(f"{SCHOOL}/surveys", SchoolSurveyViewSet, basename="school-survey")
router.register(
    f"{SCHOOL}/evaluation-records", EvaluationRecordViewSet, basename="evaluation-record"
)
