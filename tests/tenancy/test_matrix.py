"""Cross-tenant matrix (ARCHITECTURE §4): every page and API route, every persona.

For every named route in the URL conf there is a `Route` entry below; a route without
one fails `test_every_route_is_in_the_matrix`, so a new page or endpoint cannot skip the
tenancy checks. For each route and each target school/district, each persona:

* that may not read the target gets 404 on GET (anonymous: a login redirect or 401/403);
* that may not write it gets 404 on POST/PATCH/DELETE, and nothing in the database
  changes (a valid payload is sent, so a missing check *would* write);
* that may read it gets 200 and the body holds no marker of a school it may not read;
* and, as a control that the payloads are real, the school's leader's write succeeds.

Routes of the district portal that name an object of the district (scope
`district_object`: the evidence review queue, an item, its file, a review decision) are
read by the district's roles and written by its reviewers and admins; their kwargs are
built from the district key, and the control is the district reviewer's write (or,
for routes only the district admin may write, the admin's).

Compliance routes (`compliance=True`) run the world's districts through the engine first,
for the school year before this one, so runs and results exist to be named and a new
run for this year is a real write. Policy-pack routes (scope `authenticated`) serve
public policy text to any signed-in user and nothing else.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from apps.backbone import models as backbone_models
from apps.backbone.models import (  # backbone: pool  # backbone: teams
    AllowancePayment,
    CharacterProject,
    GrowthAssessment,
    GrowthMember,
    GrowthMemberEvent,
    GrowthTeam,
    HomeroomHonour,
    HomeroomRating,
    PoolEntry,
    RadiatePost,
    Showcase,
    TeamPlan,
)
from apps.backbone.models import Assessment as BbAssessment
from apps.backbone.models import BackboneMember as BbMember
from apps.backbone.models import CohortApplication as BbApplication
from apps.backbone.models import Collection as BackboneCollection
from apps.backbone.models import Consequence as BbConsequence
from apps.backbone.models import Mentor as GrowthMentor
from apps.backbone.models import Rectification as BbRectification
from apps.compliance import services as compliance_services
from apps.compliance.models import ComplianceResult, ComplianceRun, ParameterOverride, PolicyPack
from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.core.schoolyear import current_school_year, today
from apps.evidence.models import EvidenceEvent, EvidenceItem
from apps.people.models import HomeroomAssignment, RosterImport, SchoolClass, Teacher
from apps.probation.excel.assessments import SHEET as ASSESSMENT_SHEET
from apps.probation.excel.assessments import build_assessment_template
from apps.probation.models import (
    Assessment,
    AssessmentFile,
    AssessmentImport,
    CaseGuidance,
    DeputyPathItem,
    DeputyRecord,
    EligibilityException,
    HomeVisit,
    MentorLog,
    ReserveEntry,
    Trainee,
)
from apps.reports.models import Notice, ReportFile, ReportJob, ReportSchedule, RobotChannel
from apps.studios.models import (
    Brief,
    BriefEvent,
    Funding,
    Member,
    Outcome,
    Plan,
    StudioRules,
    Team,
    TeamFile,
    Theme,
)
from apps.studios.models import Session as StudioSession
from apps.tenancy.models import District, Membership, School, SchoolImport
from apps.training import excel as training_excel
from apps.training.models import (
    ActivityAttachment,
    ArchiveEntry,
    Attendance,
    Cohort,
    CohortCourse,
    CohortMember,
    CreditAssignment,
    EvaluationFile,
    EvaluationRecord,
    ExternalTraining,
    LedgerEntry,
    SessionSpotCheck,
    Survey,
    SurveyResponse,
    TrainingActivity,
    TrainingImport,
)
from tests.backbone.allowance import rows as allowance_rows
from tests.backbone.assessments import rows_matrix as bb_assess
from tests.backbone.cohort import rows_matrix as bb_cohort
from tests.backbone.pool import rows as pool_rows  # backbone: pool
from tests.backbone.teams import rows_matrix as bb_teams  # backbone: teams
from tests.backbone.work import rows as work_rows
from tests.personas import SCHOOL_KEYS, Persona, SchoolData, World, evidence_pdf
from tests.probation import rows as probation_rows
from tests.studios import rows_briefs as briefs_rows
from tests.studios import rows_evals as studios_evals_rows
from tests.studios import rows_space
from tests.studios import rows_teams as studios_rows
from tests.support import leaks
from tests.support.db_state import read_state
from tests.support.xlsx import roster_file, school_list_file, school_row, teacher_row
from tests.training import rows as training_rows

Kwargs = Callable[[SchoolData], dict[str, Any]]
Payload = Callable[[SchoolData], dict[str, Any]]
DistrictKwargs = Callable[[str, World], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    scope: str  # school | district | district_school | district_object | self | public
    kwargs: Kwargs = lambda sd: {"school_id": sd.school.pk}
    get: bool = True
    get_needs_write: bool = False  # edit forms: only the leader may even see them
    post: Payload | None = None
    patch: Payload | None = None
    delete: bool = False
    api: bool = False
    multipart: bool = False
    # district_object routes: kwargs from (district key, world); the payloads get the
    # SchoolData of the district's first school
    district_kwargs: DistrictKwargs | None = None
    lists_district: bool = False  # the body lists an item of every school of the district
    packs: bool = False  # the payload is valid only with the district's policy pack loaded
    compliance: bool = False  # needs runs and results (fixture `compliance_runs`)
    writers: tuple[str, ...] = ("district_reviewer", "district_admin")  # district_object


def _school(sd: SchoolData) -> dict[str, Any]:
    return {"school_id": sd.school.pk}


def _with(**extra: Callable[[SchoolData], Any]) -> Kwargs:
    return lambda sd: {"school_id": sd.school.pk, **{k: f(sd) for k, f in extra.items()}}


TEACHER = _with(teacher_id=lambda sd: sd.teachers[1].pk)
CLASS = _with(class_id=lambda sd: sd.classes[0].pk)
ASSIGNMENT = _with(assignment_id=lambda sd: sd.assignments[1].pk)
JOB = _with(job_id=lambda sd: sd.job.pk)
API_TEACHER = _with(pk=lambda sd: sd.teachers[1].pk)
API_CLASS = _with(pk=lambda sd: sd.classes[1].pk)
API_ASSIGNMENT = _with(pk=lambda sd: sd.assignments[1].pk)
API_JOB = _with(pk=lambda sd: sd.job.pk)
EVIDENCE = _with(item_id=lambda sd: sd.evidence.pk)
API_EVIDENCE = _with(pk=lambda sd: sd.evidence.pk)


def _district(key: str, world: World) -> dict[str, Any]:
    return {"district_id": world.districts[key].pk}


def _district_item(url_kwarg: str) -> DistrictKwargs:
    """The district and the waiting evidence item of its first school."""
    return lambda key, world: {
        "district_id": world.districts[key].pk,
        url_kwarg: world.schools[f"{key}1"].evidence.pk,
    }


PREVIOUS_YEAR = current_school_year() - 1


def _run_of(key: str, world: World) -> int:
    run = ComplianceRun.objects.filter(district=world.districts[key]).order_by("pk").first()
    assert run is not None, "fixture compliance_runs made no run"
    return run.pk


def _result_of(school: Any) -> int:
    result = ComplianceResult.objects.filter(school=school).order_by("pk").first()
    assert result is not None, "fixture compliance_runs made no result"
    return result.pk


def _district_run(url_kwarg: str) -> DistrictKwargs:
    return lambda key, world: {
        "district_id": world.districts[key].pk,
        url_kwarg: _run_of(key, world),
    }


def _district_result(key: str, world: World) -> dict[str, Any]:
    return {
        "district_id": world.districts[key].pk,
        "result_id": _result_of(world.schools[f"{key}1"].school),
    }


SCHOOL_RESULT = _with(result_id=lambda sd: _result_of(sd.school))


def override_form(sd: SchoolData) -> dict[str, Any]:
    return {
        "pack_code": "xuhui-2026",
        "key": "deputy_pilot_min",
        "value": "2",
        "reason": "试点扩大",
    }


def teacher_form(sd: SchoolData) -> dict[str, Any]:
    return {
        "employee_no": f"NEW-{sd.key}",
        "name": "新教师",
        "gender": "F",
        "professional_title": "none",
        "highest_education": "bachelor",
        "psych_certificate": "none",
        "is_active": "on",
    }


SIBLING = {"A1": "A2", "A2": "A1", "B1": "B2", "B2": "B1"}


def transfer_form(sd: SchoolData) -> dict[str, Any]:
    """ADR 0012: the third teacher of the district's other school, moved in today."""
    other = SIBLING[sd.key]
    return {
        "from_school_code": f"school-{other.lower()}",
        "employee_no": f"MK-{other}-3",
        "name": f"甲{other}3",
        "on": today().isoformat(),
    }


def district_transfer_form(sd: SchoolData) -> dict[str, Any]:
    return transfer_form(sd) | {"to_school": sd.school.pk}


def class_form(sd: SchoolData) -> dict[str, Any]:
    return {"school_year": current_school_year(), "grade": 3, "name": "新班", "student_count": 30}


def roster_upload(sd: SchoolData) -> dict[str, Any]:
    data = roster_file(teachers=[teacher_row(1)])
    return {"file": SimpleUploadedFile("roster.xlsx", data)}


def evidence_upload(sd: SchoolData) -> dict[str, Any]:
    """XH26-A1-2: the school's selection procedure (POLICY §6 "document")."""
    return {
        "indicator_code": "XH26-A1-2",
        "school_year": current_school_year(),
        "kind": "document",
        "title": "校本班主任选聘办法（修订）",
        "statement": "",
        "file": SimpleUploadedFile("选聘办法.pdf", evidence_pdf("NEW"), "application/pdf"),
    }


def evidence_review(sd: SchoolData) -> dict[str, Any]:
    return {"decision": "return", "comment": "请补充任职期限条款后重新提交。"}


# ------------------------------------------------------------ training: Excel import/export
# Rows the routes of the block "training: Excel import/export" in ROUTES name, made on
# first use (idempotent): a school activity and an import job per school (marked), a
# district activity and a district job per district.


def _excel_activity(sd: SchoolData) -> TrainingActivity:
    activity, _ = TrainingActivity.objects.get_or_create(
        district_id=sd.school.district_id,
        school=sd.school,
        title=f"{sd.marker}校本研修",
        defaults={
            "organiser_level": "school", "topic": "学生冲突的成因与干预", "hours": 2,
            "date": dt.date(current_school_year(), 10, 1), "form": "case",
            "credit_class": "lecture", "created_by": sd.job.created_by,
        },
    )  # fmt: skip
    return activity


def _excel_district_activity(key: str, world: World) -> TrainingActivity:
    activity, _ = TrainingActivity.objects.get_or_create(
        district=world.districts[key],
        school=None,
        title=f"区级班主任研修{key}",
        defaults={
            "organiser_level": "district", "topic": "学生心理危机的识别", "hours": 3,
            "date": dt.date(current_school_year(), 10, 1), "form": "lecture",
            "credit_class": "lecture", "created_by": world.schools[f"{key}1"].job.created_by,
        },
    )  # fmt: skip
    return activity


def _excel_job(sd: SchoolData) -> TrainingImport:
    job, _ = TrainingImport.objects.get_or_create(
        school=sd.school,
        district_id=sd.school.district_id,
        kind="external",
        file_name=f"{sd.marker}校外培训.xlsx",
        defaults={"created_by": sd.job.created_by, "file_data": b"x"},
    )
    return job


def _excel_district_job(key: str, world: World) -> dict[str, Any]:
    job, _ = TrainingImport.objects.get_or_create(
        school=None,
        district=world.districts[key],
        kind="attendance",
        activity=_excel_district_activity(key, world),
        file_name=f"区级签到{key}.xlsx",
        defaults={"created_by": world.schools[f"{key}1"].job.created_by, "file_data": b"x"},
    )
    return {"district_id": world.districts[key].pk, "job_id": job.pk}


def _excel_upload(data: bytes) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("签到.xlsx", data)}


def attendance_upload(sd: SchoolData) -> dict[str, Any]:
    activity = _excel_activity(sd)
    rows = [[sd.teachers[0].employee_no, sd.teachers[0].name, None]]
    template = training_excel.build_attendance_template(activity)
    return _excel_upload(_filled(template, training_excel.ATTENDANCE_SHEET, rows))


def district_attendance_upload(sd: SchoolData) -> dict[str, Any]:
    activity = TrainingActivity.objects.get(district_id=sd.school.district_id, school=None)
    rows = [[sd.school.code, sd.teachers[0].employee_no, "", None]]
    template = training_excel.build_attendance_template(activity)
    return _excel_upload(_filled(template, training_excel.ATTENDANCE_SHEET, rows))


def external_upload(sd: SchoolData) -> dict[str, Any]:
    rows = [[sd.teachers[0].employee_no, "市级研修班", "市教委", "市级", "2025-10-18", 6, "讲座类"]]
    template = training_excel.build_external_template()
    return _excel_upload(_filled(template, training_excel.EXTERNAL_SHEET, rows))


def _filled(template: bytes, sheet: str, rows: list[list[Any]]) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    for row in rows:
        workbook[sheet].append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXCEL_ACTIVITY = _with(activity_id=lambda sd: _excel_activity(sd).pk)
EXCEL_JOB = _with(job_id=lambda sd: _excel_job(sd).pk)


def _excel_district(key: str, world: World) -> dict[str, Any]:
    return {
        "district_id": world.districts[key].pk,
        "activity_id": _excel_district_activity(key, world).pk,
    }


# ----------------------------------------------- end of training: Excel import/export helpers


# ------------------------------------------------------------------- training: pages and API
# The rows these routes name come from tests/training/rows.py, made on first use (per
# school: an activity with its attendance, ledger row and an attachment, an external record
# waiting for 学时审定, an archive entry; per district: a district activity with an
# attachment). Lists make them too, so the "no foreign row" check has rows to find.


def _tr(sd: SchoolData) -> training_rows.TrainingRows:
    return training_rows.school_rows(sd)


def _tr_school(sd: SchoolData) -> dict[str, Any]:
    """The school, its training rows made first (for the list routes)."""
    _tr(sd)
    return {"school_id": sd.school.pk}


TR_ACTIVITY = _with(activity_id=lambda sd: _tr(sd).activity.pk)
TR_RECORD = _with(record_id=lambda sd: _tr(sd).external.pk)
TR_TEACHER = _with(teacher_id=lambda sd: _tr(sd).entry.teacher_id)
TR_ENTRY = _with(entry_id=lambda sd: _tr(sd).entry.pk)
TR_ARCHIVE = _with(entry_id=lambda sd: _tr(sd).archive.pk)
API_TR_ACTIVITY = _with(pk=lambda sd: _tr(sd).activity.pk)
API_TR_RECORD = _with(pk=lambda sd: _tr(sd).external.pk)
API_TR_LOGGED = _with(pk=lambda sd: training_rows.leader_logged(sd).pk)  # the leader's own
API_TR_ENTRY = _with(pk=lambda sd: _tr(sd).entry.pk)
API_TR_ARCHIVE = _with(pk=lambda sd: _tr(sd).archive.pk)
TR_ATTACHMENT = _with(
    activity_id=lambda sd: _tr(sd).activity.pk, attachment_id=lambda sd: _tr(sd).attachment.pk
)
API_TR_ATTACHMENT = _with(
    pk=lambda sd: _tr(sd).activity.pk, attachment_id=lambda sd: _tr(sd).attachment.pk
)


def _tr_district_activity(key: str, world: World) -> dict[str, Any]:
    return {
        "district_id": world.districts[key].pk,
        "activity_id": training_rows.district_activity(key, world).pk,
    }


def _tr_district_attachment(key: str, world: World) -> dict[str, Any]:
    attachment = training_rows.district_attachment(key, world)
    return {
        "district_id": world.districts[key].pk,
        "activity_id": attachment.activity_id,
        "attachment_id": attachment.pk,
    }


def _tr_research_list(key: str, world: World) -> dict[str, Any]:
    """The district, every school's research session made first (the spot-check list)."""
    for school_key in SCHOOL_KEYS:
        if school_key.startswith(key):
            _tr(world.schools[school_key])
    return {"district_id": world.districts[key].pk}


def _tr_research(url_kwarg: str) -> DistrictKwargs:
    """The district and its first school's research session (XH26-A2-1 spot-check)."""
    return lambda key, world: (
        _tr_research_list(key, world) | {url_kwarg: _tr(world.schools[f"{key}1"]).activity.pk}
    )


def training_attachment_upload(sd: SchoolData) -> dict[str, Any]:
    return {
        "title": "活动照片与签到表",
        "file": SimpleUploadedFile("签到表.pdf", evidence_pdf("NEW"), "application/pdf"),
    }


def training_activity(sd: SchoolData) -> dict[str, Any]:
    """XH26-A2-1: a research session with its topic and minutes."""
    return {
        "organiser_level": "school",
        "title": "班级建设难题研讨",
        "topic": "学生同伴冲突的成因与干预",
        "date": training_rows.first_day(),
        "hours": "2",
        "form": "case",
        "credit_class": "lecture",
        "module": "class_collective",
        "programme": "none",
        "probation_bucket": "none",
        "layer": "none",
        "is_research_session": "on",
        "minutes": training_rows.MINUTES,
    }


def training_district_activity(sd: SchoolData) -> dict[str, Any]:
    data = training_activity(sd)
    data.pop("organiser_level")
    data.pop("is_research_session")
    return data | {"organiser_name": "区教育学院德研室", "form": "lecture"}


def training_api_activity(sd: SchoolData) -> dict[str, Any]:
    return training_activity(sd) | {
        "is_research_session": True,
        "date": str(training_rows.first_day()),
    }


def training_sign_in(sd: SchoolData) -> dict[str, Any]:
    return {"teachers": [sd.teachers[2].pk], f"hours_{sd.teachers[2].pk}": "1.5"}


def training_review(sd: SchoolData) -> dict[str, Any]:
    return {"decision": "return", "comment": "证书学时与登记不符，请核对后重新登记。"}


def training_archive_upload(sd: SchoolData) -> dict[str, Any]:
    return {
        "kind": "paper",
        "level": "city",
        "title": "班级冲突调解的实践研究",
        "date": training_rows.first_day(),
        "description": "",
        "file": SimpleUploadedFile("论文.pdf", evidence_pdf("NEW"), "application/pdf"),
    }


def training_api_archive(sd: SchoolData) -> dict[str, Any]:
    return {
        "teacher": sd.teachers[1].pk,
        "kind": "award",
        "level": "district",
        "title": "区班主任基本功大赛二等奖",
        "date": str(training_rows.first_day()),
    }


# ----------------------------------------------------- end of training: pages and API helpers


# ------------------------------------------------- training: programmes, surveys, evaluations
# Rows the routes of the block "training: programmes, surveys, evaluations" name, made on
# first use (idempotent): per district a 续航 cohort with the first teacher of each of its
# schools enrolled (their marked employee numbers show on the members pages) and a
# district survey; per school a survey and an evaluation record with a marked file.

PG_QUESTIONS = [
    {"text": "最需要的研修内容", "choices": ["班集体管理", "家校沟通"], "multiple": True}
]


def _pg_cohort(key: str, world: World) -> Cohort:
    district = world.districts[key]
    cohort, created = Cohort.objects.get_or_create(
        district=district,
        programme="xuhang",
        school_year=current_school_year(),
        defaults={"name": f"续航班{key}", "required_hours": 8},
    )
    if created:
        CohortCourse.objects.create(cohort=cohort, title="工作室主持能力", hours=8)
        for school_key in SCHOOL_KEYS:
            if school_key.startswith(key):
                sd = world.schools[school_key]
                CohortMember.objects.create(
                    cohort=cohort, teacher=sd.teachers[0], school=sd.school, district=district
                )
                # 续航 is for school studio hosts (XH26-TIER): the teacher the enrol routes
                # post hosts a studio of their school.
                studios_evals_rows.team(world, school_key, name=f"续航工作室{school_key}")
    return cohort


def _pg_cohort_kwargs(url_kwarg: str) -> DistrictKwargs:
    return lambda key, world: {
        "district_id": world.districts[key].pk,
        url_kwarg: _pg_cohort(key, world).pk,
    }


def _pg_district_survey(key: str, world: World) -> Survey:
    survey, _ = Survey.objects.get_or_create(
        district=world.districts[key],
        school=None,
        title=f"区级研修需求调研{key}",
        defaults={"questions": PG_QUESTIONS, "created_by": world.user(f"{key}.admin")},
    )
    return survey


def _pg_district_survey_kwargs(url_kwarg: str) -> DistrictKwargs:
    return lambda key, world: {
        "district_id": world.districts[key].pk,
        url_kwarg: _pg_district_survey(key, world).pk,
    }


def _pg_survey(sd: SchoolData) -> Survey:
    survey, created = Survey.objects.get_or_create(
        district_id=sd.school.district_id,
        school=sd.school,
        title=f"{sd.marker}研修需求调研",
        defaults={"questions": PG_QUESTIONS, "created_by": sd.job.created_by},
    )
    if created:
        SurveyResponse.objects.create(survey=survey, teacher=sd.teachers[0], answers=[[0, 1]])
    return survey


def _pg_record(sd: SchoolData) -> EvaluationRecord:
    record, created = EvaluationRecord.objects.get_or_create(
        district_id=sd.school.district_id,
        school=sd.school,
        teacher=sd.teachers[0],
        school_year=current_school_year(),
        semester=1,
        kind="summary",
        title=f"{sd.marker}研修总结",
        defaults={
            "file_name": f"{sd.marker}研修总结.pdf",
            "file_type": "pdf",
            "created_by": sd.job.created_by,
        },
    )
    if created:
        EvaluationFile.objects.create(record=record, data=evidence_pdf(sd.marker))
    return record


def _pg_school(sd: SchoolData) -> dict[str, Any]:
    """The school, its survey and evaluation record made first (for the list routes)."""
    _pg_survey(sd)
    _pg_record(sd)
    return {"school_id": sd.school.pk}


PG_SURVEY = _with(survey_id=lambda sd: _pg_survey(sd).pk)
API_PG_SURVEY = _with(pk=lambda sd: _pg_survey(sd).pk)
PG_RECORD = _with(record_id=lambda sd: _pg_record(sd).pk)
PG_TEACHER = _with(teacher_id=lambda sd: _pg_record(sd).teacher_id)


def pg_cohort_form(sd: SchoolData) -> dict[str, Any]:
    """XH26-TIER: a 领航 cohort with two courses (a blank third row is ignored)."""
    return {
        "programme": "linghang",
        "school_year": current_school_year(),
        "name": "领航班",
        "required_hours": "12",
        "courses-TOTAL_FORMS": 3,
        "courses-INITIAL_FORMS": 0,
        "courses-0-title": "顶层设计",
        "courses-0-hours": "6",
        "courses-1-title": "带教实践",
        "courses-1-hours": "6",
        "courses-2-title": "",
        "courses-2-hours": "",
    }


def pg_members_action(sd: SchoolData) -> dict[str, Any]:
    member = CohortMember.objects.get(teacher=sd.teachers[0], cohort__programme="xuhang")
    return {"action": "withdraw", "member": [member.pk]}


def pg_survey_form(sd: SchoolData) -> dict[str, Any]:
    """PT24-NEEDS: one line per question, "问题|选项1|选项2"."""
    return {
        "title": "研修需求调研",
        "is_open": "on",
        "questions-TOTAL_FORMS": 2,
        "questions-INITIAL_FORMS": 0,
        "questions-0-line": "最需要的研修内容|班集体管理|家校沟通|学生心理",
        "questions-0-multiple": "on",
        "questions-1-line": "",
    }


def pg_survey_api(sd: SchoolData) -> dict[str, Any]:
    return {"title": "研修需求调研", "questions": PG_QUESTIONS}


def pg_evaluation_form(sd: SchoolData) -> dict[str, Any]:
    """PT24-EVAL: an outcome record with its file."""
    return {
        "teacher": sd.teachers[0].pk,
        "school_year": current_school_year(),
        "semester": 1,
        "kind": "case",
        "title": "学生案例分析",
        "note": "",
        "file": SimpleUploadedFile("案例分析.pdf", evidence_pdf("NEW"), "application/pdf"),
    }


def pg_evaluation_api(sd: SchoolData) -> dict[str, Any]:
    return {
        "teacher": sd.teachers[0].pk,
        "school_year": current_school_year(),
        "semester": 2,
        "kind": "participation",
        "title": "研修出勤",
    }


# ------------------------------------- end of training: programmes, surveys, evaluations helpers


# ------------------------------------- onboarding and accounts helpers (issue 10)

LOGIN_TEACHER = _with(teacher_id=lambda sd: sd.teachers[0].pk)


def _district_reviewer(url_kwarg: str) -> DistrictKwargs:
    return lambda key, world: {
        "district_id": world.districts[key].pk,
        url_kwarg: world.user(f"{key}.reviewer").pk,
    }


def _reviewer_membership(key: str, world: World) -> dict[str, Any]:
    membership = Membership.objects.get(user=world.user(f"{key}.reviewer"))
    return {"district_id": world.districts[key].pk, "membership_id": membership.pk}


def _first_school(key: str, world: World) -> dict[str, Any]:
    return {"district_id": world.districts[key].pk, "school_id": world.schools[f"{key}1"].school.pk}


def _school_import(key: str, world: World) -> dict[str, Any]:
    job, _created = SchoolImport.objects.get_or_create(
        district=world.districts[key],
        file_name=f"MK-{key}1-学校名单.xlsx",
        defaults={"created_by": world.user(f"{key}.admin"), "file_data": b"x"},
    )
    return {"district_id": world.districts[key].pk, "job_id": job.pk}


def school_list_upload(sd: SchoolData) -> dict[str, Any]:
    data = school_list_file([school_row(1)])
    return {"file": SimpleUploadedFile("学校名单.xlsx", data)}


# ------------------------------------- reports (issue 12)


def _report_of(district: Any, school: Any, state: str = "succeeded") -> int:
    """A report of `school` (the district's own when None): finished with its file, or
    still queued (`state="pending"`, for the cancel routes)."""
    job, created = ReportJob.objects.get_or_create(
        key=f"matrix-{district.pk}-{school.pk if school else '-'}-{state}",
        defaults={
            "district": district, "school": school, "school_year": current_school_year(),
            "kind": "school" if school else "district", "fmt": "pdf", "state": state,
            "file_name": "报告.pdf", "sha256": "0" * 64,
        },
    )  # fmt: skip
    if created and state == "succeeded":
        ReportFile.objects.create(job=job, data=b"%PDF-1.4 matrix")
    return job.pk


SCHOOL_REPORT = _with(job_id=lambda sd: _report_of(sd.school.district, sd.school))
QUEUED_SCHOOL_REPORT = _with(job_id=lambda sd: _report_of(sd.school.district, sd.school, "pending"))


def _district_report(state: str = "succeeded") -> DistrictKwargs:
    return lambda key, world: {
        "district_id": world.districts[key].pk,
        "job_id": _report_of(world.districts[key], None, state),
    }


def report_form(sd: SchoolData) -> dict[str, Any]:
    return {"kind": "district", "fmt": "xlsx", "year": str(current_school_year())}


def _api_first_school(key: str, world: World) -> dict[str, Any]:
    return {"district_id": world.districts[key].pk, "pk": world.schools[f"{key}1"].school.pk}


def _api_reviewer(key: str, world: World) -> dict[str, Any]:
    return {"district_id": world.districts[key].pk, "pk": world.user(f"{key}.reviewer").pk}


def _api_reviewer_membership(key: str, world: World) -> dict[str, Any]:
    kwargs = _reviewer_membership(key, world)
    return {"district_id": kwargs["district_id"], "pk": kwargs["membership_id"]}


def _api_school_import(key: str, world: World) -> dict[str, Any]:
    kwargs = _school_import(key, world)
    return {"district_id": kwargs["district_id"], "pk": kwargs["job_id"]}


def _reviewer_of(sd: SchoolData) -> int:
    """The user id of the reviewer of the school's district (a body names the account)."""
    membership = Membership.objects.get(district_id=sd.school.district_id, role="district_reviewer")
    return membership.user_id


API_LOGIN_TEACHER = _with(pk=lambda sd: sd.teachers[0].pk)
ADMIN = ("district_admin",)


# ------------------------------------- probation: deputies, the reserve pool, lishui-2015
# Per school: an expert-track deputy post (teachers[2] on classes[1]) and a reserve entry
# (teachers[1]), made by the kwargs so the payloads only name them.


def _pb_school(sd: SchoolData) -> dict[str, Any]:
    HomeroomAssignment.objects.get_or_create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[2],
        school_class=sd.classes[1], school_year=sd.classes[1].school_year,
        role="deputy_expert",
    )  # fmt: skip
    return {"school_id": sd.school.pk}


def _pb_reserve(sd: SchoolData) -> ReserveEntry:
    entry, _ = ReserveEntry.objects.get_or_create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[1],
        defaults={"source": "deputy", "entered_on": today(), "created_by": sd.job.created_by},
    )  # fmt: skip
    return entry


def _pb_expert_post(sd: SchoolData) -> int:
    """The school's expert post (made by `_pb_school`), found by school and role only."""
    found = HomeroomAssignment.objects.filter(school=sd.school, role="deputy_expert").first()
    assert found is not None
    return found.pk


PB_DEPUTY = _with(assignment_id=lambda sd: sd.assignments[1].pk)
API_PB_DEPUTY = _with(pk=lambda sd: sd.assignments[1].pk)
PB_RESERVE = _with(entry_id=lambda sd: _pb_reserve(sd).pk)
API_PB_RESERVE = _with(pk=lambda sd: _pb_reserve(sd).pk)


def pb_reserve_form(sd: SchoolData) -> dict[str, Any]:
    return {"teacher": sd.teachers[2].pk, "source": "training",
            "entered_on": today().isoformat(), "status": "active"}  # fmt: skip


def pb_exception_form(sd: SchoolData) -> dict[str, Any]:
    return {
        "teacher": sd.teachers[2].pk,
        "school_year": current_school_year(),
        "reason": "学科紧缺",
    }


def pb_home_visit(sd: SchoolData) -> dict[str, Any]:
    return {"school_class": sd.classes[0].pk, "date": today().isoformat(), "homes": 1}


def pb_case(sd: SchoolData) -> dict[str, Any]:
    return {"assignment": _pb_expert_post(sd), "date": today().isoformat(),
            "case_type": "home_school", "advice": "先与家长单独沟通。"}  # fmt: skip


# ------------------------------------- end of onboarding and accounts helpers


# ------------------------------------------------------------ probation: pages, API, import
# The trainees these routes name come from tests/probation/rows.py, made on first use (per
# school: one trainee in each stage a route acts on, marked `MK-<key>-P<n>`).


def _pr(sd: SchoolData) -> probation_rows.ProbationRows:
    return probation_rows.school_probation(sd)


def _pr_school(sd: SchoolData) -> dict[str, Any]:
    """The school, its trainees made first (for the list routes)."""
    _pr(sd)
    return {"school_id": sd.school.pk}


def _pr_trainee(stage: str, url_kwarg: str = "trainee_id") -> Kwargs:
    return _with(**{url_kwarg: lambda sd: getattr(_pr(sd), stage).pk})


def _pr_file(sd: SchoolData) -> dict[str, Any]:
    """The ready trainee's first assessment with a marked file (made once)."""
    trainee = _pr(sd).ready
    record = trainee.assessments.order_by("id").first()
    assert record is not None
    if not AssessmentFile.objects.filter(record=record).exists():
        AssessmentFile.objects.create(record=record, data=evidence_pdf(f"{sd.marker}考核材料"))
        Assessment.objects.filter(pk=record.pk).update(file_name="考核材料.pdf", file_type="pdf")
    return {"school_id": sd.school.pk, "trainee_id": trainee.pk, "assessment_id": record.pk}


def _pr_existing(sd: SchoolData, number: int) -> int:
    """The id of the school's trainee `P<number>` (made by the route's kwargs), without
    making anything (a payload runs after the snapshot)."""
    found = Trainee.objects.filter(teacher__employee_no=f"{sd.marker}P{number}").first()
    return found.pk if found else 0


def _pr_job(sd: SchoolData) -> AssessmentImport:
    job, _ = AssessmentImport.objects.get_or_create(
        school=sd.school, district_id=sd.school.district_id, file_name=f"{sd.marker}考核结果.xlsx",
        defaults={"created_by": sd.job.created_by, "file_data": b"x"},
    )  # fmt: skip
    return job


def _pr_district_job(key: str, world: World) -> dict[str, Any]:
    job, _ = AssessmentImport.objects.get_or_create(
        school=None, district=world.districts[key], file_name=f"区级结业考核{key}.xlsx",
        defaults={"created_by": world.schools[f"{key}1"].job.created_by, "file_data": b"x"},
    )  # fmt: skip
    return {"district_id": world.districts[key].pk, "job_id": job.pk}


def _pr_candidate(key: str, world: World) -> dict[str, Any]:
    """The district and the trainee its first school sent on (待区级结业考核)."""
    return {
        "district_id": world.districts[key].pk,
        "trainee_id": _pr(world.schools[f"{key}1"]).awaiting.pk,
    }


def probation_register(sd: SchoolData) -> dict[str, Any]:
    return {
        "teacher": sd.teachers[2].pk, "started_on": probation_rows.start_day(),
        "school_hours_target": "2", "mentor": sd.teachers[0].pk, "note": "",
    }  # fmt: skip


def probation_assessment(sd: SchoolData) -> dict[str, Any]:
    return {
        "level": "school_process", "assessed_on": today(), "assessor_name": "王老师",
        "result": "passed", "comment": "",
    }  # fmt: skip


def probation_graduation(sd: SchoolData) -> dict[str, Any]:
    return {"assessed_on": today(), "assessor_name": "区德研室", "result": "passed"}


def probation_upload(sd: SchoolData) -> dict[str, Any]:
    rows = [[f"{sd.marker}P1", "学校过程考核", today().isoformat(), "王老师", "合格", None, None]]
    data = _filled(build_assessment_template(district_wide=False), ASSESSMENT_SHEET, rows)
    return {"file": SimpleUploadedFile("考核结果.xlsx", data)}


def probation_district_upload(sd: SchoolData) -> dict[str, Any]:
    rows = [[sd.school.code, f"{sd.marker}P4", "区级结业考核", today().isoformat(), "区德研室",
             "合格", None, None]]  # fmt: skip
    data = _filled(build_assessment_template(district_wide=True), ASSESSMENT_SHEET, rows)
    return {"file": SimpleUploadedFile("结业考核.xlsx", data)}


# ---------------------------------------------- end of probation: pages, API, import helpers


# ---------------------------------------------------------------- studios: teams helpers
# The teams these routes name come from tests/studios/rows_teams.py, made on first use: per
# school its own studio, per district a studio with members from both of its schools, per
# school its studio rules waiting for the district.


def _st_school(sd: SchoolData) -> dict[str, Any]:
    studios_rows.school_team(sd)
    return {"school_id": sd.school.pk}


def _st_school_team(url_kwarg: str) -> Kwargs:
    return _with(**{url_kwarg: lambda sd: studios_rows.school_team(sd).pk})


def _st_team(url_kwarg: str) -> DistrictKwargs:
    def kwargs(key: str, world: World) -> dict[str, Any]:
        team = studios_rows.district_team(key, world)
        return {"district_id": world.districts[key].pk, url_kwarg: team.pk}

    return kwargs


def _st_member(key: str, world: World) -> dict[str, Any]:
    """The district team's member from its first school (that school's second teacher)."""
    team = studios_rows.district_team(key, world)
    member = Member.objects.get(team=team, teacher=world.schools[f"{key}1"].teachers[1])
    return {"district_id": world.districts[key].pk, "team_id": team.pk, "member_id": member.pk}


def _st_school_member(sd: SchoolData) -> dict[str, Any]:
    team = studios_rows.school_team(sd)
    member = Member.objects.get(team=team, teacher=sd.teachers[1])
    return {"school_id": sd.school.pk, "team_id": team.pk, "member_id": member.pk}


def st_on(sd: SchoolData) -> dict[str, Any]:
    return {"on": today().isoformat()}


def _st_rules(key: str, world: World) -> dict[str, Any]:
    rules = studios_rows.school_rules(world.schools[f"{key}1"])
    return {"district_id": world.districts[key].pk, "rules_id": rules.pk}


def st_team_form(sd: SchoolData, host: int = 0) -> dict[str, Any]:
    return {
        "kind": "studio", "name": "矩阵工作室", "host": sd.teachers[host].pk, "host_name": "",
        "host_kind": "senior", "workshop_type": "", "established_on": today().isoformat(),
        "description": "",
    }  # fmt: skip


def st_edit_form(sd: SchoolData, host: int = 0) -> dict[str, Any]:
    values = st_team_form(sd, host) | {"name": "改名工作室"}
    del values["kind"]
    return values


def st_join(sd: SchoolData) -> dict[str, Any]:
    """A teacher not yet in the team (the district's team: its first school's first)."""
    return {"teachers": [sd.teachers[0].pk], "joined_on": today().isoformat()}


def st_school_join(sd: SchoolData) -> dict[str, Any]:
    return {"teachers": [sd.teachers[2].pk], "joined_on": today().isoformat()}


def st_lead(sd: SchoolData) -> dict[str, Any]:
    """The login of the school's first teacher (persona `<key>.teacher`)."""
    return {"user": Teacher.objects.get(pk=sd.teachers[0].pk).user_id}


ST_RULES = {"title": "办法", "selection": "择优", "assessment": "年度考核", "funding": "一万元"}


# ------------------------------------------------------------- end of studios: teams helpers
# ----------------------------------------------------------- studios: space and sessions
# Routes of scope "team" name a team (studio/teams/<team_id>/…): district A's studio of
# the world (A.lead leads it; members from A1 and A2) and, from tests/studios/rows_space.py,
# a school studio of A2 and district B's studio. Their kwargs come from (team key, world)
# through `district_kwargs`; a payload gets the team's home school with the team's members
# as its teachers (like `_naming_foreign_rows`), so its attendance is valid for the team.


def _team(key: str, world: World) -> dict[str, Any]:
    return {"team_id": rows_space.studio(world, key).team.pk}


def _team_session(key: str, world: World) -> dict[str, Any]:
    return _team(key, world) | {"session_id": rows_space.session(world, key).pk}


def team_members_as_school(studio: Any, world: World) -> SchoolData:
    home = world.schools[studio.school_key or f"{studio.district_key}1"]
    teachers = [member.teacher for member in studio.members]
    return SchoolData(
        home.key, home.school, teachers, home.classes, home.assignments, home.job, home.evidence
    )


def studio_session_form(sd: SchoolData) -> dict[str, Any]:
    """XH26-STUDIO-MONTHLY: a session with its theme, problem, minutes and all members."""
    fields = rows_space.session_fields()
    return fields | {"hours": "2", "teachers": [t.pk for t in sd.teachers]}


def studio_session_api(sd: SchoolData) -> dict[str, Any]:
    return studio_session_form(sd) | {"date": str(rows_space.session_day())}


# ------------------------------------------------------ end of studios: space and sessions


ROUTES: dict[str, Route] = {
    # portal routing and the person's own pages
    "tenancy:home": Route("self"),
    "tenancy:switch_role": Route("self", get=False),
    "accounts:login": Route("public"),
    "accounts:login_code": Route("public"),  # the code step: without a password step, a redirect
    "accounts:logout": Route("self", get=False),
    "accounts:profile": Route("self"),
    "accounts:password_change": Route("self"),
    "accounts:totp_setup": Route("self"),  # district staff only; others 404 (tests/accounts)
    "training:teacher_home": Route("self"),
    "set_language": Route("public", get=False),
    "healthz": Route("public"),
    "api-schema": Route("public"),
    "api-docs": Route("authenticated"),
    "api:auth-token": Route("public", get=False),
    "api:me": Route("self", api=True),
    "api:school-list": Route("self", api=True),
    # school portal
    "people:school_home": Route("school"),
    "people:teacher_list": Route("school"),
    "people:teacher_detail": Route("school", kwargs=TEACHER),
    "people:teacher_create": Route("school", get_needs_write=True, post=teacher_form),
    "people:teacher_edit": Route(
        "school",
        kwargs=TEACHER,
        get_needs_write=True,
        post=lambda sd: teacher_form(sd) | {"employee_no": sd.teachers[1].employee_no},
    ),
    "people:class_list": Route("school"),
    "people:class_create": Route("school", get_needs_write=True, post=class_form),
    "people:class_edit": Route("school", kwargs=CLASS, get_needs_write=True, post=class_form),
    "people:class_delete": Route("school", kwargs=CLASS, get=False, post=lambda sd: {}),
    "people:assignment_list": Route("school"),
    "people:assignment_create": Route(
        "school",
        get_needs_write=True,
        post=lambda sd: {
            "school_class": sd.classes[1].pk,
            "teacher": sd.teachers[2].pk,
            "role": "homeroom",
        },
    ),
    "people:assignment_edit": Route(
        "school",
        kwargs=ASSIGNMENT,
        get_needs_write=True,
        post=lambda sd: {
            "school_class": sd.classes[0].pk,
            "teacher": sd.teachers[2].pk,
            "role": "deputy_expert",
        },
    ),
    "people:assignment_delete": Route("school", kwargs=ASSIGNMENT, get=False, post=lambda sd: {}),
    "people:import": Route("school", get_needs_write=True, post=roster_upload, multipart=True),
    "people:import_template": Route("school"),
    "people:import_detail": Route("school", kwargs=JOB),
    # transfers (ADR 0012)
    "people:teacher_transfer_in": Route("school", get_needs_write=True, post=transfer_form),
    "people:teacher_leave": Route(
        "school", kwargs=TEACHER, get=False, post=lambda sd: {"on": today().isoformat()}
    ),
    "people:district_transfer": Route(
        "district_object",
        district_kwargs=_district,
        get=False,  # admins only, GET too: tests/people/test_transfer_pages.py
        post=district_transfer_form,
        writers=("district_admin",),
    ),
    "api:transfer-list": Route("school", api=True, get=False, post=transfer_form),
    "api:teacher-leave": Route(
        "school",
        kwargs=API_TEACHER,
        api=True,
        get=False,
        post=lambda sd: {"on": today().isoformat()},
    ),
    "api:district-transfer-list": Route(
        "district_object",
        district_kwargs=_district,
        api=True,
        get=False,
        post=district_transfer_form,
        writers=("district_admin",),
    ),
    # district portal
    "people:district_home": Route("district"),
    "people:district_school": Route("district_school"),
    # API, school-scoped
    "api:school-detail": Route("school", kwargs=lambda sd: {"pk": sd.school.pk}, api=True),
    "api:teacher-list": Route(
        "school",
        api=True,
        post=lambda sd: {"employee_no": f"API-{sd.key}", "name": "接口教师", "gender": "M"},
    ),
    "api:teacher-detail": Route(
        "school", kwargs=API_TEACHER, api=True, patch=lambda sd: {"name": "改名"}
    ),
    "api:class-list": Route("school", api=True, post=class_form),
    "api:class-detail": Route(
        "school", kwargs=API_CLASS, api=True, patch=lambda sd: {"student_count": 44}, delete=True
    ),
    "api:assignment-list": Route(
        "school",
        api=True,
        post=lambda sd: {
            "school_class": sd.classes[1].pk,
            "teacher": sd.teachers[2].pk,
            "role": "homeroom",
        },
    ),
    "api:assignment-detail": Route(
        "school",
        kwargs=API_ASSIGNMENT,
        api=True,
        patch=lambda sd: {"role": "deputy_expert"},
        delete=True,
    ),
    "api:roster-import-list": Route("school", api=True, post=roster_upload, multipart=True),
    "api:roster-import-detail": Route("school", kwargs=API_JOB, api=True),
    "api:roster-import-template": Route("school", api=True),
    # evidence, school portal and API (the school's leader submits and withdraws)
    "evidence:school_list": Route("school"),
    "evidence:school_new": Route(
        "school", get_needs_write=True, post=evidence_upload, multipart=True, packs=True
    ),
    "evidence:school_detail": Route("school", kwargs=EVIDENCE),
    "evidence:school_file": Route("school", kwargs=EVIDENCE),
    "evidence:school_withdraw": Route("school", kwargs=EVIDENCE, get=False, post=lambda sd: {}),
    "api:school-evidence-list": Route(
        "school", api=True, post=evidence_upload, multipart=True, packs=True
    ),
    "api:school-evidence-detail": Route("school", kwargs=API_EVIDENCE, api=True),
    "api:school-evidence-file": Route("school", kwargs=API_EVIDENCE, api=True),
    "api:school-evidence-withdraw": Route(
        "school", kwargs=API_EVIDENCE, get=False, post=lambda sd: {}, api=True
    ),
    # evidence review, district portal and API (the district's reviewers and admins decide)
    "evidence:review_queue": Route(
        "district_object", district_kwargs=_district, lists_district=True
    ),
    "evidence:review_detail": Route(
        "district_object", district_kwargs=_district_item("item_id"), post=evidence_review
    ),
    "evidence:review_file": Route("district_object", district_kwargs=_district_item("item_id")),
    "api:district-evidence-list": Route(
        "district_object", district_kwargs=_district, api=True, lists_district=True
    ),
    "api:district-evidence-detail": Route(
        "district_object", district_kwargs=_district_item("pk"), api=True
    ),
    "api:district-evidence-file": Route(
        "district_object", district_kwargs=_district_item("pk"), api=True
    ),
    "api:district-evidence-review": Route(
        "district_object",
        district_kwargs=_district_item("pk"),
        get=False,
        post=evidence_review,
        api=True,
    ),
    # compliance: the district dashboard, runs, results, trend and parameters
    "compliance:dashboard": Route(
        "district_object", district_kwargs=_district, lists_district=True, compliance=True
    ),
    "compliance:run_start": Route(
        "district_object",
        district_kwargs=_district,
        get=False,
        post=lambda sd: {"year": current_school_year()},
        compliance=True,
    ),
    "compliance:run_detail": Route(
        "district_object", district_kwargs=_district_run("run_id"), compliance=True
    ),
    "compliance:result_detail": Route(
        "district_object", district_kwargs=_district_result, compliance=True
    ),
    "compliance:trend": Route("district_object", district_kwargs=_district, compliance=True),
    "compliance:parameters": Route(
        "district_object",
        district_kwargs=_district,
        post=override_form,
        compliance=True,
        writers=("district_admin",),
    ),
    "compliance:self_check": Route("school", compliance=True),
    "compliance:school_result_detail": Route("school", kwargs=SCHOOL_RESULT, compliance=True),
    "api:policy-pack-list": Route("authenticated", api=True),
    "api:policy-pack-detail": Route("authenticated", api=True),
    "api:policy-pack-indicators": Route("authenticated", api=True),
    "api:compliance-run-list": Route(
        "district_object",
        district_kwargs=_district,
        api=True,
        post=lambda sd: {"school_year": current_school_year()},
        compliance=True,
    ),
    "api:compliance-run-detail": Route(
        "district_object", district_kwargs=_district_run("pk"), api=True, compliance=True
    ),
    "api:district-compliance-result-list": Route(
        "district_object", district_kwargs=_district, api=True, compliance=True
    ),
    "api:school-compliance-result-list": Route("school", api=True, compliance=True),
    "api:district-compliance-result-periods": Route(
        "district_object", district_kwargs=_district, api=True, compliance=True
    ),
    "api:school-compliance-result-periods": Route("school", api=True, compliance=True),
    "api:parameter-override-list": Route(
        "district_object",
        district_kwargs=_district,
        api=True,
        post=lambda sd: {
            "pack_code": "xuhui-2026",
            "key": "deputy_pilot_min",
            "value": 2,
            "reason": "试点扩大",
        },
        compliance=True,
        writers=("district_admin",),
    ),
    # training: Excel import/export
    "training:school_imports": Route("school"),
    "training:import_detail": Route("school", kwargs=EXCEL_JOB),
    "training:attendance_import": Route(
        "school",
        kwargs=EXCEL_ACTIVITY,
        get_needs_write=True,
        post=attendance_upload,
        multipart=True,
    ),
    "training:attendance_template": Route("school", kwargs=EXCEL_ACTIVITY),
    "training:external_import": Route(
        "school", get_needs_write=True, post=external_upload, multipart=True
    ),
    "training:external_template": Route("school"),
    "training:ledger_export": Route("school"),
    "training:district_attendance_import": Route(
        "district_object",
        district_kwargs=_excel_district,
        post=district_attendance_upload,
        multipart=True,
        writers=("district_admin",),
    ),
    "training:district_attendance_template": Route(
        "district_object", district_kwargs=_excel_district
    ),
    "training:district_import_detail": Route(
        "district_object", district_kwargs=_excel_district_job
    ),
    # end of training: Excel import/export
    # training: pages and API
    "training:my_training": Route("self"),
    "training:my_external_new": Route("self"),
    "training:my_external_file": Route("self"),
    "training:my_external_edit": Route("self"),
    "training:my_external_withdraw": Route("self", get=False),
    "training:my_ledger": Route("self"),
    "training:my_archive": Route("self"),
    "training:my_archive_print": Route("self"),
    "training:my_archive_pdf": Route("self"),
    "training:my_archive_file": Route("self"),
    "training:activity_list": Route("school", kwargs=_tr_school),
    "training:activity_create": Route("school", get_needs_write=True, post=training_activity),
    "training:activity_detail": Route("school", kwargs=TR_ACTIVITY, post=training_sign_in),
    "training:activity_attachment_add": Route(
        "school", kwargs=TR_ACTIVITY, get=False, post=training_attachment_upload, multipart=True
    ),
    "training:activity_attachment_file": Route("school", kwargs=TR_ATTACHMENT),
    "training:external_queue": Route("school", kwargs=_tr_school),
    "training:external_detail": Route("school", kwargs=TR_RECORD, post=training_review),
    "training:external_file": Route("school", kwargs=TR_RECORD),
    "training:ledger": Route("school", kwargs=_tr_school),
    "training:ledger_teacher": Route("school", kwargs=TR_TEACHER),
    "training:ledger_reverse": Route(
        "school", kwargs=TR_ENTRY, get=False, post=lambda sd: {"reason": "重复登记"}
    ),
    "training:credits": Route(
        "school",
        kwargs=_tr_school,
        post=lambda sd: {"school_year": current_school_year(), "semester": 1},
        packs=True,
    ),
    # POST-only; its prerequisites (a backbone-training ledger row, the backbone pack) are
    # built by tests/training/test_credit_offset.py, which checks every persona there.
    "training:credit_offset": Route("school", kwargs=_tr_school, get=False),
    "training:archive_list": Route("school", kwargs=_tr_school),
    "training:archive_teacher": Route(
        "school", kwargs=TR_TEACHER, post=training_archive_upload, multipart=True
    ),
    "training:archive_print": Route("school", kwargs=TR_TEACHER),
    "training:archive_pdf": Route("school", kwargs=TR_TEACHER),
    "training:archive_file": Route("school", kwargs=TR_ARCHIVE),
    "training:district_activity_list": Route("district_object", district_kwargs=_district),
    "training:district_activity_create": Route(
        "district_object",
        district_kwargs=_district,
        post=training_district_activity,
        writers=("district_admin",),
    ),
    "training:district_activity_detail": Route(
        "district_object",
        district_kwargs=_tr_district_activity,
        post=lambda sd: {"teachers": [sd.teachers[2].pk]},
        lists_district=True,
        writers=("district_admin",),
    ),
    "training:district_activity_attachment_add": Route(
        "district_object",
        district_kwargs=_tr_district_activity,
        get=False,
        post=training_attachment_upload,
        multipart=True,
        writers=("district_admin",),
    ),
    "training:district_activity_attachment_file": Route(
        "district_object", district_kwargs=_tr_district_attachment
    ),
    # XH26-A2-1: the district's spot-check of its schools' research sessions
    "training:research_sessions": Route("district_object", district_kwargs=_district),
    "training:research_session_check": Route(
        "district_object",
        district_kwargs=_tr_research("activity_id"),
        post=lambda sd: {"verdict": "excluded", "reason": "纪要为学期工作布置，非育人问题研讨"},
        lists_district=True,
    ),
    "api:research-session-list": Route("district_object", district_kwargs=_district, api=True),
    "api:research-session-spot-check": Route(
        "district_object",
        district_kwargs=_tr_research("pk"),
        get=False,
        post=lambda sd: {"counts": False, "reason": "纪要为学期工作布置，非育人问题研讨"},
        api=True,
    ),
    "api:me-training": Route("self", api=True),
    "api:training-activity-list": Route(
        "school", kwargs=_tr_school, api=True, post=training_api_activity
    ),
    "api:training-activity-detail": Route("school", kwargs=API_TR_ACTIVITY, api=True),
    "api:training-activity-attachment-file": Route("school", kwargs=API_TR_ATTACHMENT, api=True),
    "api:training-activity-attendance": Route(
        "school",
        kwargs=API_TR_ACTIVITY,
        api=True,
        post=lambda sd: {"teachers": [sd.teachers[2].pk], "hours": {str(sd.teachers[2].pk): "1.5"}},
    ),
    "api:external-training-list": Route("school", kwargs=_tr_school, api=True),
    "api:external-training-detail": Route("school", kwargs=API_TR_RECORD, api=True),
    "api:external-training-review": Route(
        "school", kwargs=API_TR_RECORD, api=True, get=False, post=training_review
    ),
    "api:external-training-file": Route("school", kwargs=API_TR_RECORD, api=True),
    "api:external-training-correct": Route(
        "school", kwargs=API_TR_LOGGED, api=True, get=False, post=lambda sd: {"hours": "2.5"}
    ),
    "api:external-training-withdraw": Route(
        "school", kwargs=API_TR_LOGGED, api=True, get=False, post=lambda sd: {}
    ),
    "api:my-external-training-detail": Route("self", api=True),
    "api:my-external-training-correct": Route("self", api=True, get=False),
    "api:my-external-training-withdraw": Route("self", api=True, get=False),
    "api:ledger-entry-list": Route("school", kwargs=_tr_school, api=True),
    "api:ledger-entry-detail": Route("school", kwargs=API_TR_ENTRY, api=True),
    "api:ledger-entry-reverse": Route(
        "school", kwargs=API_TR_ENTRY, api=True, get=False, post=lambda sd: {"reason": "重复登记"}
    ),
    "api:credit-list": Route(
        "school",
        kwargs=_tr_school,
        api=True,
        post=lambda sd: {"school_year": current_school_year(), "semester": 1},
        packs=True,
    ),
    "api:archive-entry-list": Route(
        "school", kwargs=_tr_school, api=True, post=training_api_archive
    ),
    "api:archive-entry-detail": Route("school", kwargs=API_TR_ARCHIVE, api=True),
    "api:archive-entry-file": Route("school", kwargs=API_TR_ARCHIVE, api=True),
    # end of training: pages and API
    # probation: pages, API, import (XH26-PROB-*)
    "probation:board": Route("school", kwargs=_pr_school, post=probation_register, packs=True),
    "probation:trainee_detail": Route("school", kwargs=_pr_trainee("running"), packs=True),
    "probation:trainee_edit": Route(
        "school",
        kwargs=_pr_trainee("running"),
        get=False,
        packs=True,
        post=lambda sd: {"mentor": sd.teachers[0].pk, "school_hours_target": "3", "note": ""},
    ),
    "probation:mentor_log_add": Route(
        "school",
        kwargs=_pr_trainee("running"),
        get=False,
        packs=True,
        post=lambda sd: {"date": today(), "topic": "听课并指导班会设计"},
    ),
    "probation:assessment_file": Route("school", kwargs=_pr_file, packs=True),
    "probation:assessment_add": Route(
        "school", kwargs=_pr_trainee("running"), get=False, packs=True, post=probation_assessment
    ),
    "probation:send": Route(
        "school", kwargs=_pr_trainee("ready"), get=False, packs=True, post=lambda sd: {}
    ),
    "probation:retry": Route(
        "school", kwargs=_pr_trainee("deferred"), get=False, packs=True, post=lambda sd: {}
    ),
    "probation:appoint": Route(
        "school",
        kwargs=_pr_trainee("complete"),
        get=False,
        packs=True,
        post=lambda sd: {"school_class": sd.classes[1].pk, "appointed_on": today()},
    ),
    "probation:certificate": Route("school", kwargs=_pr_trainee("appointed"), packs=True),
    "probation:import": Route(
        "school", kwargs=_pr_school, post=probation_upload, multipart=True, packs=True
    ),
    "probation:import_template": Route("school"),
    "probation:import_detail": Route("school", kwargs=_with(job_id=lambda sd: _pr_job(sd).pk)),
    "probation:district_overview": Route("district_object", district_kwargs=_district),
    "probation:queue": Route("district_object", district_kwargs=_district),
    "probation:graduation_record": Route(
        "district_object",
        district_kwargs=_pr_candidate,
        get=False,
        packs=True,
        post=probation_graduation,
    ),
    "probation:district_import": Route(
        "district_object",
        district_kwargs=_district,
        post=probation_district_upload,
        multipart=True,
    ),
    "probation:district_import_template": Route("district_object", district_kwargs=_district),
    "probation:district_import_detail": Route("district_object", district_kwargs=_pr_district_job),
    "probation:my_probation": Route("self"),  # a teacher without a probation: 404
    "api:me-probation": Route("self", api=True),
    "api:trainee-list": Route(
        "school",
        kwargs=_pr_school,
        api=True,
        packs=True,
        post=lambda sd: probation_register(sd) | {"started_on": str(probation_rows.start_day())},
    ),
    "api:trainee-detail": Route(
        "school",
        kwargs=_pr_trainee("running", "pk"),
        api=True,
        packs=True,
        patch=lambda sd: {"mentor": sd.teachers[0].pk, "school_hours_target": "3"},
    ),
    "api:trainee-send-to-district": Route(
        "school",
        kwargs=_pr_trainee("ready", "pk"),
        api=True,
        get=False,
        packs=True,
        post=lambda sd: {},
    ),
    "api:trainee-retry": Route(
        "school",
        kwargs=_pr_trainee("deferred", "pk"),
        api=True,
        get=False,
        packs=True,
        post=lambda sd: {},
    ),
    "api:trainee-appoint": Route(
        "school",
        kwargs=_pr_trainee("complete", "pk"),
        api=True,
        get=False,
        packs=True,
        post=lambda sd: {"school_class": sd.classes[1].pk, "appointed_on": str(today())},
    ),
    "api:probation-assessment-list": Route(
        "school",
        kwargs=_pr_school,
        api=True,
        packs=True,
        post=lambda sd: (
            probation_assessment(sd) | {"trainee": _pr(sd).running.pk, "assessed_on": str(today())}
        ),
    ),
    # its POST (区级结业考核) names a trainee the list's kwargs do not make: tests/probation
    "api:graduation-candidate-list": Route(
        "district_object", district_kwargs=_district, api=True, packs=True
    ),
    # end of probation: pages, API, import
    # training: programmes, surveys, evaluations
    # The forms of the district portal (new/edit) are for its admin only, so a reviewer's
    # GET is a 404 too: their GETs are checked in test_programme_forms_are_for_the_admin.
    # (lists: district_kwargs=_district; their rows are checked in
    # test_programme_district_lists_hold_only_their_districts_rows)
    "training:cohort_list": Route("district_object", district_kwargs=_district),
    "training:cohort_create": Route(
        "district_object",
        district_kwargs=_district,
        get=False,
        post=pg_cohort_form,
        writers=("district_admin",),
    ),
    "training:cohort_detail": Route(
        "district_object", district_kwargs=_pg_cohort_kwargs("cohort_id"), lists_district=True
    ),
    "training:cohort_edit": Route(
        "district_object",
        district_kwargs=_pg_cohort_kwargs("cohort_id"),
        get=False,
        post=lambda sd: pg_cohort_form(sd) | {"name": "续航班（修订）"},
        writers=("district_admin",),
    ),
    "training:cohort_enrol": Route(
        "district_object",
        district_kwargs=_pg_cohort_kwargs("cohort_id"),
        post=lambda sd: {"teacher": [sd.teachers[2].pk]},
        lists_district=True,
        writers=("district_admin",),
    ),
    "training:cohort_members": Route(
        "district_object",
        district_kwargs=_pg_cohort_kwargs("cohort_id"),
        get=False,
        post=pg_members_action,
        writers=("district_admin",),
    ),
    "training:district_survey_list": Route("district_object", district_kwargs=_district),
    "training:district_survey_create": Route(
        "district_object",
        district_kwargs=_district,
        get=False,
        post=pg_survey_form,
        writers=("district_admin",),
    ),
    "training:district_survey_detail": Route(
        "district_object", district_kwargs=_pg_district_survey_kwargs("survey_id")
    ),
    "training:district_survey_state": Route(
        "district_object",
        district_kwargs=_pg_district_survey_kwargs("survey_id"),
        get=False,
        post=lambda sd: {"open": "0"},
        writers=("district_admin",),
    ),
    "training:school_survey_list": Route("school", kwargs=_pg_school),
    "training:school_survey_create": Route("school", get_needs_write=True, post=pg_survey_form),
    "training:school_survey_detail": Route("school", kwargs=PG_SURVEY),
    "training:school_survey_state": Route(
        "school", kwargs=PG_SURVEY, get=False, post=lambda sd: {"open": "0"}
    ),
    # the teacher's own pages: test_programme_teacher_pages_reach_only_their_surveys
    "training:my_surveys": Route("self"),
    "training:my_survey_answer": Route("self"),
    "training:evaluation_overview": Route("school", kwargs=_pg_school),
    "training:evaluation_create": Route(
        "school", get_needs_write=True, post=pg_evaluation_form, multipart=True
    ),
    "training:evaluation_teacher": Route("school", kwargs=PG_TEACHER),
    "training:evaluation_file": Route("school", kwargs=PG_RECORD),
    "training:evaluation_delete": Route("school", kwargs=PG_RECORD, get=False, post=lambda sd: {}),
    "api:cohort-list": Route(
        "district_object",
        district_kwargs=_district,
        api=True,
        post=lambda sd: {
            "programme": "linghang",
            "school_year": current_school_year(),
            "name": "领航班",
            "required_hours": "12",
            "courses": [{"title": "顶层设计", "hours": "12"}],
        },
        writers=("district_admin",),
    ),
    "api:cohort-detail": Route(
        "district_object", district_kwargs=_pg_cohort_kwargs("pk"), api=True
    ),
    "api:cohort-members": Route(
        "district_object",
        district_kwargs=_pg_cohort_kwargs("pk"),
        api=True,
        post=lambda sd: {"teachers": [sd.teachers[2].pk]},
        lists_district=True,
        writers=("district_admin",),
    ),
    "api:district-survey-list": Route(
        "district_object",
        district_kwargs=_district,
        api=True,
        post=pg_survey_api,
        writers=("district_admin",),
    ),
    "api:district-survey-detail": Route(
        "district_object", district_kwargs=_pg_district_survey_kwargs("pk"), api=True
    ),
    "api:district-survey-tallies": Route(
        "district_object", district_kwargs=_pg_district_survey_kwargs("pk"), api=True
    ),
    "api:school-survey-list": Route("school", kwargs=_pg_school, api=True, post=pg_survey_api),
    "api:school-survey-detail": Route("school", kwargs=API_PG_SURVEY, api=True),
    "api:school-survey-tallies": Route("school", kwargs=API_PG_SURVEY, api=True),
    "api:evaluation-record-list": Route(
        "school", kwargs=_pg_school, api=True, post=pg_evaluation_api
    ),
    # end of training: programmes, surveys, evaluations
    # audit (issue 8): the district admin's pages only; their GETs are checked in
    # test_audit_pages_are_for_the_district_admin (a reviewer's GET is a 404 too)
    "audit:events": Route("district_object", district_kwargs=_district, get=False),
    "audit:events_export": Route("district_object", district_kwargs=_district, get=False),
    "audit:access_log": Route("district_object", district_kwargs=_district, get=False),
    # onboarding and accounts (issue 10): the district admin's pages only; their GETs are
    # checked in test_onboarding_pages_are_for_the_district_admin (a reviewer's GET is a
    # 404 too). The account acted on is the district's reviewer.
    "accounts:staff_list": Route("district_object", district_kwargs=_district, get=False),
    "accounts:staff_new": Route(
        "district_object",
        district_kwargs=_district,
        get=False,
        post=lambda sd: {
            "username": f"new-{sd.key}",
            "full_name": "新同事",
            "grant": "district_reviewer@d",
        },
        writers=("district_admin",),
    ),
    "accounts:staff_detail": Route(
        "district_object", district_kwargs=_district_reviewer("user_id"), get=False
    ),
    "accounts:staff_grant": Route(
        "district_object",
        district_kwargs=_district_reviewer("user_id"),
        get=False,
        post=lambda sd: {"grant": f"school_leader@s{sd.school.pk}"},
        writers=("district_admin",),
    ),
    "accounts:staff_reset": Route(
        "district_object",
        district_kwargs=_district_reviewer("user_id"),
        get=False,
        post=lambda sd: {},
        writers=("district_admin",),
    ),
    "accounts:staff_deactivate": Route(
        "district_object",
        district_kwargs=_district_reviewer("user_id"),
        get=False,
        post=lambda sd: {},
        writers=("district_admin",),
    ),
    "accounts:staff_role_end": Route(
        "district_object",
        district_kwargs=_reviewer_membership,
        get=False,
        post=lambda sd: {},
        writers=("district_admin",),
    ),
    # 学校管理 and 政策包 (issue 10 §2); the school acted on is the district's first
    "tenancy:schools": Route("district_object", district_kwargs=_district, get=False),
    "tenancy:school_new": Route(
        "district_object",
        district_kwargs=_district,
        get=False,
        post=lambda sd: {
            "code": f"NEW-{sd.key}",
            "name": "新学校",
            "school_type": "primary",
            "is_rural": "0",
        },
        writers=("district_admin",),
    ),
    "tenancy:school_edit": Route(
        "district_object",
        district_kwargs=_first_school,
        get=False,
        post=lambda sd: {
            "code": sd.school.code,
            "name": "改名学校",
            "school_type": "junior",
            "is_rural": "1",
        },
        writers=("district_admin",),
    ),
    "tenancy:school_close": Route(
        "district_object",
        district_kwargs=_first_school,
        get=False,
        post=lambda sd: {"reason": "撤并"},
        writers=("district_admin",),
    ),
    # POST-only and needs a closed school: tests/tenancy/test_schools.py checks it
    "tenancy:school_reopen": Route("district_object", district_kwargs=_first_school, get=False),
    "tenancy:school_import": Route(
        "district_object",
        district_kwargs=_district,
        get=False,
        post=school_list_upload,
        multipart=True,
        writers=("district_admin",),
    ),
    "tenancy:school_import_template": Route(
        "district_object", district_kwargs=_district, get=False
    ),
    "tenancy:school_import_detail": Route(
        "district_object", district_kwargs=_school_import, get=False
    ),
    "compliance:packs": Route(
        "district_object",
        district_kwargs=_district,
        post=lambda sd: {"packs": ["xuhui-2026", "putuo-2024"], "reason": "采用普陀区文件"},
        writers=("district_admin",),
    ),
    # the school leader's teacher logins (its first teacher holds the teacher persona's login)
    "people:teacher_logins": Route(
        "school", get_needs_write=True, post=lambda sd: {"teachers": [sd.teachers[2].pk]}
    ),
    "people:teacher_login_reset": Route(
        "school", kwargs=LOGIN_TEACHER, get=False, post=lambda sd: {}
    ),
    "people:teacher_login_deactivate": Route(
        "school", kwargs=LOGIN_TEACHER, get=False, post=lambda sd: {}
    ),
    # reports (issue 12): the district's report centre and a school's; a job, its cancel
    # and its download are the district's or the school's own
    "reports:district_reports": Route("district_object", district_kwargs=_district),
    "reports:district_start": Route(
        "district_object", district_kwargs=_district, get=False, post=report_form
    ),
    "reports:district_schedule": Route(
        "district_object",
        district_kwargs=_district,
        get=False,
        post=lambda sd: {"district_report": "on", "formats": ["pdf"]},
        writers=("district_admin",),
    ),
    "reports:district_job": Route("district_object", district_kwargs=_district_report()),
    "reports:district_cancel": Route(
        "district_object",
        district_kwargs=_district_report("pending"),
        get=False,
        post=lambda sd: {},
    ),
    "reports:district_download": Route("district_object", district_kwargs=_district_report()),
    "reports:school_reports": Route("school"),
    "reports:school_start": Route(
        "school", get=False, post=lambda sd: {"fmt": "pdf", "year": str(current_school_year())}
    ),
    "reports:school_job": Route("school", kwargs=SCHOOL_REPORT),
    "reports:school_cancel": Route(
        "school", kwargs=QUEUED_SCHOOL_REPORT, get=False, post=lambda sd: {}
    ),
    "reports:school_download": Route("school", kwargs=SCHOOL_REPORT),
    # notices (issue 12 §6): a person's own 消息中心 (another's notice is a 404:
    # tests/reports/test_notices.py); the robots are the district admin's only — their
    # GET is checked in tests/reports/test_robot_settings.py (a reviewer's GET is a 404 too)
    "reports:notices": Route("self"),
    "reports:notices_read_all": Route("self", get=False),
    "reports:notices_mute": Route("self", get=False),
    "reports:notice_read": Route("self", get=False),
    "reports:robot_settings": Route(
        "district_object",
        district_kwargs=_district,
        get=False,
        post=lambda sd: {
            "wecom_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=matrix-0001",
            "wecom_on": "on",
        },
        writers=("district_admin",),
    ),
    "api:me-notices": Route("self", api=True),
    "api:me-notice-read": Route("self", api=True, get=False),
    # the API of onboarding and accounts (issue 10 §5): like the pages, the district
    # admin's only, GETs too (checked in test_onboarding_pages_are_for_the_district_admin)
    "api:district-school-list": Route(
        "district_object",
        district_kwargs=_district,
        api=True,
        get=False,
        post=lambda sd: {"code": f"API-{sd.key}", "name": "接口新学校", "school_type": "primary"},
        writers=ADMIN,
    ),
    "api:district-school-detail": Route(
        "district_object",
        district_kwargs=_api_first_school,
        api=True,
        get=False,
        patch=lambda sd: {"name": "接口改名学校", "is_rural": True},
        writers=ADMIN,
    ),
    "api:district-school-close": Route(
        "district_object",
        district_kwargs=_api_first_school,
        api=True,
        get=False,
        post=lambda sd: {"reason": "撤并"},
        writers=ADMIN,
    ),
    # POST-only and needs a closed school: tests/tenancy/test_school_api.py checks it
    "api:district-school-reopen": Route(
        "district_object", district_kwargs=_api_first_school, api=True, get=False
    ),
    "api:school-import-list": Route(
        "district_object",
        district_kwargs=_district,
        api=True,
        get=False,
        post=school_list_upload,
        multipart=True,
        writers=ADMIN,
    ),
    "api:school-import-detail": Route(
        "district_object", district_kwargs=_api_school_import, api=True, get=False
    ),
    "api:school-import-template": Route(
        "district_object", district_kwargs=_district, api=True, get=False
    ),
    "api:district-account-list": Route(
        "district_object",
        district_kwargs=_district,
        api=True,
        get=False,
        post=lambda sd: {
            "username": f"api-{sd.key}",
            "full_name": "接口同事",
            "role": "district_reviewer",
        },
        writers=ADMIN,
    ),
    "api:district-account-detail": Route(
        "district_object", district_kwargs=_api_reviewer, api=True, get=False
    ),
    "api:district-account-reset-password": Route(
        "district_object",
        district_kwargs=_api_reviewer,
        api=True,
        get=False,
        post=lambda sd: {},
        writers=ADMIN,
    ),
    "api:district-account-deactivate": Route(
        "district_object",
        district_kwargs=_api_reviewer,
        api=True,
        get=False,
        post=lambda sd: {},
        writers=ADMIN,
    ),
    "api:district-role-list": Route(
        "district_object",
        district_kwargs=_district,
        api=True,
        get=False,
        post=lambda sd: {"user": _reviewer_of(sd), "role": "school_leader", "school": sd.school.pk},
        writers=ADMIN,
    ),
    "api:district-role-end": Route(
        "district_object",
        district_kwargs=_api_reviewer_membership,
        api=True,
        get=False,
        post=lambda sd: {},
        writers=ADMIN,
    ),
    "api:policy-pack-choice": Route(
        "district_object",
        district_kwargs=_district,
        api=True,
        post=lambda sd: {"packs": ["xuhui-2026", "putuo-2024"], "reason": "采用普陀区文件"},
        writers=ADMIN,
    ),
    "api:teacher-login-list": Route(
        "school", api=True, get=False, post=lambda sd: {"teachers": [sd.teachers[2].pk]}
    ),
    "api:teacher-login-reset-password": Route(
        "school", kwargs=API_LOGIN_TEACHER, api=True, get=False, post=lambda sd: {}
    ),
    "api:teacher-login-deactivate": Route(
        "school", kwargs=API_LOGIN_TEACHER, api=True, get=False, post=lambda sd: {}
    ),
    # probation: deputies on two tracks, the reserve pool, lishui-2015's records
    "probation:deputies": Route("school", kwargs=_pb_school),
    "probation:deputy": Route(
        "school",
        kwargs=PB_DEPUTY,
        post=lambda sd: {"action": "path", "date": today().isoformat(), "item": "跟班见习"},
    ),
    "probation:reserve": Route("school", kwargs=_pb_school, post=pb_reserve_form),
    "probation:reserve_edit": Route(
        "school",
        kwargs=PB_RESERVE,
        get_needs_write=True,
        post=lambda sd: {
            "source": "deputy",
            "entered_on": today().isoformat(),
            "status": "active",
            "completed": "副班主任试点",
        },
    ),
    "probation:exceptions": Route("school", kwargs=_pb_school, post=pb_exception_form),
    "probation:home_visits": Route("school", kwargs=_pb_school, post=pb_home_visit),
    "api:deputy-list": Route("school", kwargs=_pb_school, api=True),
    "api:deputy-detail": Route("school", kwargs=API_PB_DEPUTY, api=True),
    "api:case-guidance-list": Route("school", kwargs=_pb_school, api=True, post=pb_case),
    "api:reserve-entry-list": Route(
        "school",
        kwargs=_pb_school,
        api=True,
        post=lambda sd: pb_reserve_form(sd) | {"status": "active"},
    ),
    "api:reserve-entry-detail": Route(
        "school", kwargs=API_PB_RESERVE, api=True, patch=lambda sd: {"completed": "启航班结业"}
    ),
    "api:home-visit-list": Route("school", kwargs=_pb_school, api=True, post=pb_home_visit),
    "api:eligibility-exception-list": Route(
        "school", kwargs=_pb_school, api=True, post=pb_exception_form
    ),
    # studios: briefs (XB23-BRIEF). The lead's pages and API are the team's lead's alone
    # (no persona of the world leads a team: tests/studios/test_briefs.py checks that every
    # one gets a 404 and writes nothing, and that the lead gets the page).
    "studios:team_briefs": Route("self"),
    "studios:brief_new": Route("self"),
    "studios:brief_edit": Route("self"),
    "studios:lead_brief_file": Route("self"),
    "api:team-brief-list": Route("self", api=True),
    "studios:brief_board": Route("district_object", district_kwargs=_district),
    "studios:brief_detail": Route(
        "district_object", district_kwargs=briefs_rows.district_brief, post=briefs_rows.decision
    ),
    "studios:brief_file": Route("district_object", district_kwargs=briefs_rows.district_brief_file),
    "api:district-brief-board": Route("district_object", district_kwargs=_district, api=True),
    # studios: outcomes — a district's own studio: its officers read, its admin adds; the
    # district's school leaders and teachers (neither leading nor in it) get 404
    "studios:outcome_list": Route(
        "district_object",
        district_kwargs=studios_evals_rows.matrix_team_kwargs,
        post=studios_evals_rows.matrix_promote_form,
        writers=("district_admin",),
    ),
    "studios:outcome_create": Route(
        "district_object",
        district_kwargs=studios_evals_rows.matrix_team_kwargs,
        get=False,
        post=studios_evals_rows.matrix_outcome_form,
        writers=("district_admin",),
    ),
    "studios:outcome_file": Route(
        "district_object", district_kwargs=studios_evals_rows.matrix_file_kwargs
    ),
    "api:team-outcome-list": Route(
        "district_object",
        district_kwargs=studios_evals_rows.matrix_team_kwargs,
        api=True,
        post=studios_evals_rows.matrix_outcome_form,
        writers=("district_admin",),
    ),
    # backbone: teams — growth teams (XB-TEAMS … XB-ASSESS): the district's roles read, its
    # admin writes; the school's queue is its leader's alone (personal data); the teacher's
    # own applications
    "backbone:teams_board": Route(
        "district_object",
        district_kwargs=bb_teams.board_kwargs,
        post=bb_teams.board_form,
        writers=ADMIN,
    ),
    "backbone:team_detail": Route("district_object", district_kwargs=bb_teams.team_kwargs),
    "backbone:team_act": Route(
        "district_object",
        district_kwargs=bb_teams.team_kwargs,
        get=False,
        post=bb_teams.team_form,
        writers=ADMIN,
    ),
    "backbone:team_member_act": Route(
        "district_object",
        district_kwargs=bb_teams.member_kwargs,
        get=False,
        post=bb_teams.member_form,
        writers=ADMIN,
    ),
    "backbone:school_teams": Route(
        "school", kwargs=bb_teams.school_kwargs, get_needs_write=True, post=bb_teams.school_form
    ),
    "backbone:my_teams": Route("self"),
    # the teams' API: the board and a team's members read by the district's roles; 组织遴选
    # by its reviewer (or admin), 确定名单 by its admin, 学校推荐 by the school's leader
    "api:backbone-team-list": Route(
        "district_object", district_kwargs=bb_teams.board_kwargs, api=True
    ),
    "api:backbone-team-members": Route(
        "district_object", district_kwargs=bb_teams.api_team_kwargs, api=True
    ),
    "api:backbone-team-admission-step": Route(
        "district_object",
        district_kwargs=bb_teams.api_step_kwargs,
        api=True,
        get=False,
        post=bb_teams.api_step_form,
    ),
    "api:backbone-team-admission-confirm": Route(
        "district_object",
        district_kwargs=bb_teams.api_confirm_kwargs,
        api=True,
        get=False,
        post=bb_teams.api_confirm_form,
        writers=ADMIN,
    ),
    "api:school-backbone-team-admission-recommend": Route(
        "school",
        kwargs=bb_teams.api_recommend_kwargs,
        api=True,
        get=False,
        post=bb_teams.api_step_form,
    ),
    "api:my-backbone-team-list": Route("self", api=True),
    # studios: teams, members, leads, themes, funding, plans, studio rules (XH26-A2-2,
    # XH26-A2P-4.1 / 4.2): the district's roles read, its admin writes
    "studios:district_teams": Route("district_object", district_kwargs=_district),
    "studios:district_team_create": Route(
        "district_object",
        district_kwargs=_district,
        post=lambda sd: st_team_form(sd, 2),
        writers=ADMIN,
    ),
    "studios:district_team": Route("district_object", district_kwargs=_st_team("team_id")),
    "studios:district_team_edit": Route(
        "district_object",
        district_kwargs=_st_team("team_id"),
        post=lambda sd: st_edit_form(sd, 2),
        writers=ADMIN,
    ),
    "studios:district_team_members": Route(
        "district_object",
        district_kwargs=_st_team("team_id"),
        get=False,
        post=st_join,
        writers=ADMIN,
    ),
    "studios:district_team_leave": Route(
        "district_object", district_kwargs=_st_member, get=False, post=st_on, writers=ADMIN
    ),
    "studios:district_team_end": Route(
        "district_object",
        district_kwargs=_st_team("team_id"),
        get=False,
        post=st_on,
        writers=ADMIN,
    ),
    "studios:district_team_lead": Route(
        "district_object",
        district_kwargs=_st_team("team_id"),
        get=False,
        post=st_lead,
        writers=ADMIN,
    ),
    "studios:district_team_theme": Route(
        "district_object",
        district_kwargs=_st_team("team_id"),
        get=False,
        writers=ADMIN,
        post=lambda sd: {"title": "班级文化", "started_on": today().isoformat()},
    ),
    "studios:district_team_funding": Route(
        "district_object",
        district_kwargs=_st_team("team_id"),
        get=False,
        writers=ADMIN,
        post=lambda sd: {
            "school_year": current_school_year(),
            "amount": "5000",
            "granted_on": today().isoformat(),
            "purpose": "",
        },
    ),
    "studios:district_team_plan": Route(
        "district_object",
        district_kwargs=_st_team("team_id"),
        get=False,
        writers=ADMIN,
        post=lambda sd: {"kind": "project", "school_year": "", "title": "方案", "body": "内容"},
    ),
    "studios:district_rules": Route(
        "district_object", district_kwargs=_district, post=lambda sd: ST_RULES, writers=ADMIN
    ),
    "studios:district_rules_review": Route(
        "district_object",
        district_kwargs=_st_rules,
        get=False,
        post=lambda sd: {"decision": "accept", "comment": ""},
    ),
    "studios:school_teams": Route("school", kwargs=_st_school),
    "studios:school_team_create": Route("school", get_needs_write=True, post=st_team_form),
    "studios:school_team": Route("school", kwargs=_st_school_team("team_id")),
    "studios:school_team_edit": Route(
        "school", kwargs=_st_school_team("team_id"), get_needs_write=True, post=st_edit_form
    ),
    "studios:school_team_members": Route(
        "school", kwargs=_st_school_team("team_id"), get=False, post=st_school_join
    ),
    "studios:school_team_leave": Route("school", kwargs=_st_school_member, get=False, post=st_on),
    "studios:school_team_end": Route(
        "school", kwargs=_st_school_team("team_id"), get=False, post=st_on
    ),
    "studios:school_team_lead": Route(
        "school", kwargs=_st_school_team("team_id"), get=False, post=st_lead
    ),
    "studios:school_rules": Route("school", post=lambda sd: ST_RULES),
    "api:team-list": Route(
        "district_object",
        district_kwargs=_district,
        api=True,
        writers=ADMIN,
        post=lambda sd: st_team_form(sd, 2) | {"host_name": "", "school": None},
    ),
    "api:team-detail": Route(
        "district_object",
        district_kwargs=_st_team("pk"),
        api=True,
        writers=ADMIN,
        patch=lambda sd: {"description": "改简介"},
    ),
    "api:team-members": Route(
        "district_object",
        district_kwargs=_st_team("pk"),
        api=True,
        post=st_join,
        lists_district=True,
        writers=ADMIN,
    ),
    "api:school-team-list": Route("school", kwargs=_st_school, api=True),
    # end of studios: teams
    # studios: space and sessions (scope "team": district_kwargs take a team key)
    "studios:space": Route("self"),
    "api:my-team-list": Route("self", api=True),
    "studios:team_space": Route("team", district_kwargs=_team),
    "studios:session_new": Route(
        "team", district_kwargs=_team, get_needs_write=True, post=studio_session_form
    ),
    "studios:session_detail": Route("team", district_kwargs=_team_session),
    "api:team-session-list": Route(
        "team", district_kwargs=_team, api=True, post=studio_session_api
    ),
    # backbone: pool (honours, talent pool, target, ladder; rows from tests/backbone/pool/rows.py)
    "backbone:pool_me": Route("self"),
    "backbone:pool_honours": Route("school", post=pool_rows.matrix_honour_form),
    "backbone:pool_school": Route("school", post=pool_rows.matrix_apply_form),
    "backbone:pool_recommend": Route(
        "school",
        kwargs=pool_rows.matrix_recommend_kwargs,
        get_needs_write=True,
        post=pool_rows.matrix_decision_form,
    ),
    "backbone:pool_ladder": Route("school", post=pool_rows.matrix_rating_form),
    "backbone:pool_board": Route("district_object", district_kwargs=_district),
    "backbone:pool_review": Route(
        "district_object",
        district_kwargs=pool_rows.matrix_review_kwargs,
        post=pool_rows.matrix_decision_form,
    ),
    "backbone:pool_talent": Route("district_object", district_kwargs=_district),
    "backbone:pool_target": Route("district_object", district_kwargs=_district),
    "api:school-pool-entry-list": Route("school", api=True, post=pool_rows.matrix_apply_form),
    "api:district-pool-entry-list": Route("district_object", district_kwargs=_district, api=True),
    # end of backbone: pool
    # backbone: assessments (XB23-ASSESS). Object pages name the district's first school's
    # member, plan and application (tests/backbone/assessments/rows_matrix.py); a termination
    # is the district admin's alone; the certificate is the member's, whose term-end passed.
    # The lists' foreign rows: tests/backbone/assessments/test_pages.py.
    "backbone:assessments_board": Route("district_object", district_kwargs=_district),
    "backbone:assessment_member": Route(
        "district_object", district_kwargs=bb_assess.member_kwargs, post=bb_assess.result_form
    ),
    "backbone:assessment_terminate": Route(
        "district_object",
        district_kwargs=bb_assess.member_kwargs,
        get=False,
        post=bb_assess.terminate_form,
        writers=("district_admin",),
    ),
    "backbone:district_certificate": Route(
        "district_object", district_kwargs=bb_assess.member_kwargs
    ),
    "backbone:rectification_queue": Route("district_object", district_kwargs=_district),
    "backbone:rectification_review": Route(
        "district_object", district_kwargs=bb_assess.plan_kwargs, post=bb_assess.review_form
    ),
    "backbone:rectification_file": Route("district_object", district_kwargs=bb_assess.plan_kwargs),
    "backbone:applications": Route("district_object", district_kwargs=_district),
    "backbone:application_decide": Route(
        "district_object",
        district_kwargs=bb_assess.application_kwargs,
        get=False,
        post=bb_assess.decide_form,
    ),
    "backbone:school_assessments": Route("school"),
    "backbone:school_plan_file": Route(
        "school",
        kwargs=bb_assess.school_warning_kwargs,
        get=False,
        post=bb_assess.plan_form,
        multipart=True,
    ),
    "backbone:school_apply": Route(
        "school", kwargs=bb_assess.apply_kwargs, get=False, post=bb_assess.apply_form
    ),
    "backbone:school_certificate": Route("school", kwargs=bb_assess.school_member_kwargs),
    "backbone:my_assessments": Route("self"),  # a teacher with no stint: 404
    "backbone:my_plan_file": Route("self", get=False),
    "backbone:my_apply": Route("self", get=False),
    "backbone:my_certificate": Route("self"),
    "api:backbone-assessment-list": Route("district_object", district_kwargs=_district, api=True),
    "api:my-backbone-assessment-list": Route("self", api=True),
    # end of backbone: assessments
    # backbone: allowance (XB23-ALLOWANCE). Pay figures: the school's leader and the
    # district's staff read; the leader pays, pays bonuses and deletes a row paid this month.
    "backbone:allowance_ledger": Route("school", kwargs=allowance_rows.matrix_school),
    "backbone:allowance_payroll": Route("school", kwargs=allowance_rows.matrix_payroll),
    "backbone:allowance_pay": Route(
        "school",
        kwargs=allowance_rows.matrix_school,
        get_needs_write=True,
        post=allowance_rows.matrix_pay_form,
    ),
    "backbone:allowance_bonus": Route(
        "school",
        kwargs=allowance_rows.matrix_bonus_kwargs,
        get_needs_write=True,
        post=allowance_rows.matrix_bonus_form,
    ),
    "backbone:allowance_delete": Route(
        "school", kwargs=allowance_rows.matrix_payment, get=False, post=lambda sd: {}
    ),
    "backbone:allowance_district": Route("district_object", district_kwargs=_district),
    "backbone:allowance_mine": Route("self"),
    "api:backbone-allowance-ledger": Route("school", kwargs=allowance_rows.matrix_school, api=True),
    "api:backbone-allowance-district-overview": Route(
        "district_object", district_kwargs=_district, api=True
    ),
    # end of backbone: allowance
    # backbone: work (XB-FIVE, XB-PROJECT, XB-SHOWCASE, XB-PLAN, XB-RADIATE) — rows from
    # tests/backbone/work/rows.py: the school's board, projects and column (its leader
    # writes); the district's overview, team page, collection file, showcases and column
    # (its reviewers and admins write); the teacher's own five ones
    "backbone:work_five_board": Route("school", kwargs=work_rows.matrix_school),
    "backbone:work_school_projects": Route(
        "school", kwargs=work_rows.matrix_school, post=work_rows.matrix_project_form
    ),
    "backbone:work_school_radiate": Route(
        "school", kwargs=work_rows.matrix_school, post=work_rows.matrix_post_form
    ),
    "backbone:work_my_five": Route("self"),
    "backbone:work_overview": Route("district_object", district_kwargs=work_rows.matrix_district),
    "backbone:work_team": Route(
        "district_object",
        district_kwargs=work_rows.matrix_team_kwargs,
        post=work_rows.matrix_plan_form,
    ),
    "backbone:work_collection_file": Route(
        "district_object", district_kwargs=work_rows.matrix_collection_file
    ),
    "backbone:work_showcases": Route(
        "district_object",
        district_kwargs=work_rows.matrix_district,
        post=work_rows.matrix_showcase_form,
    ),
    "backbone:work_radiate": Route(
        "district_object", district_kwargs=work_rows.matrix_district, lists_district=True
    ),
    "api:backbone-five-list": Route("school", kwargs=work_rows.matrix_school, api=True),
    "api:my-backbone-five-list": Route("self", api=True),
    "api:backbone-showcase-list": Route(
        "district_object", district_kwargs=work_rows.matrix_district, api=True
    ),
    "api:backbone-project-list": Route(
        "district_object",
        district_kwargs=work_rows.matrix_district,
        api=True,
        lists_district=True,
    ),
    "api:backbone-column-list": Route(
        "district_object",
        district_kwargs=work_rows.matrix_district,
        api=True,
        lists_district=True,
    ),
    # end of backbone: work
    # backbone: cohort
    "backbone:cohort_list": Route(
        "district_object",
        district_kwargs=_district,
        post=bb_cohort.cohort_form,
        writers=ADMIN,
    ),
    "backbone:cohort_detail": Route(
        "district_object", district_kwargs=bb_cohort.matrix_district, lists_district=True
    ),
    "backbone:cohort_edit": Route(
        "district_object",
        district_kwargs=bb_cohort.matrix_district,
        post=lambda sd: (
            bb_cohort.cohort_form(sd) | {"name": "2023届骨干（改）", "starts_on": "", "ends_on": ""}
        ),
        writers=ADMIN,
    ),
    "backbone:cohort_member_add": Route(
        "district_object",
        district_kwargs=bb_cohort.matrix_district,
        get=False,
        post=bb_cohort.member_join,
        writers=ADMIN,
    ),
    "backbone:cohort_member_leave": Route(
        "district_object",
        district_kwargs=bb_cohort.matrix_member,
        get=False,
        post=bb_cohort.member_out,
        writers=ADMIN,
    ),
    "backbone:school_members": Route("school"),
    "backbone:school_entry_review": Route(
        "school", kwargs=bb_cohort.matrix_entry, get=False, post=bb_cohort.entry_return
    ),
    "backbone:school_entry_file": Route("school", kwargs=bb_cohort.matrix_entry),
    "backbone:my_tasks": Route("self"),
    "backbone:my_entry_new": Route("self"),
    "backbone:my_plan": Route("self"),
    "api:backbone-member-list": Route("district_object", district_kwargs=_district, api=True),
    "api:school-backbone-member-list": Route("school", api=True),
    "api:my-backbone-task-list": Route("self", api=True),
    # end of backbone: cohort
}


# --------------------------------------------------------------------------- helpers


def _named_routes() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # Django's admin: staff only, its own permission system
                inner = pattern.namespace
                walk(
                    pattern.url_patterns,
                    f"{namespace}:{inner}" if namespace and inner else inner or namespace,
                )
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"unnamed route {pattern.pattern} cannot be checked"
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


# What a forbidden write must not change: (count, latest `updated_at`) of these tables …
SNAPSHOT_STAMPED: tuple[type[Any], ...] = (
    Teacher, SchoolClass, HomeroomAssignment, RosterImport, EvidenceItem, School, District,
    # training: pages and API
    TrainingActivity, Attendance, ExternalTraining, CreditAssignment, ArchiveEntry,
    SessionSpotCheck,
    # training: programmes, surveys, evaluations
    Cohort, CohortMember, Survey, SurveyResponse, EvaluationRecord,
    # probation: deputies, the reserve pool, lishui-2015's records
    DeputyRecord, DeputyPathItem, CaseGuidance, ReserveEntry, EligibilityException, HomeVisit,
    # probation: pages, API, import
    Trainee, MentorLog,
    # studios: teams
    Team, Theme, Funding, Plan, StudioRules,
    # backbone: pool
    PoolEntry, HomeroomHonour, HomeroomRating,
    # backbone: assessments (Assessment: listed below, its name is probation's too)
    BbConsequence, BbRectification, BbApplication, BbMember,
    # backbone: work
    CharacterProject, BackboneCollection, Showcase, TeamPlan, RadiatePost,
    # backbone: teams
    GrowthTeam, GrowthMentor, GrowthMember, GrowthAssessment,
)  # fmt: skip
# … the row count of these …
SNAPSHOT_COUNTED: dict[str, Any] = {
    "EvidenceEvent": EvidenceEvent,
    "ComplianceRun": ComplianceRun,
    "ParameterOverride": ParameterOverride,
    "Membership": Membership,
    "User": get_user_model(),
    # onboarding and accounts: roles ended, passwords reset, accounts deactivated, schools
    "ActiveMembership": (Membership, "is_active"),
    "SchoolImport": SchoolImport,
    "TrainingImport": TrainingImport,
    "LedgerEntry": LedgerEntry,
    "ActivityAttachment": ActivityAttachment,
    "CohortCourse": CohortCourse,
    # probation: pages, API, import
    "Assessment": Assessment,
    "AssessmentImport": AssessmentImport,
    # studios: briefs, outcomes, sessions
    "BriefEvent": BriefEvent,
    "TeamFile": TeamFile,
    "StudioSession": StudioSession,
    # backbone: teams
    "GrowthMemberEvent": GrowthMemberEvent,
}
# … and these rows.
SNAPSHOT_LISTED: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "Logins": (get_user_model(), ("password", "is_active", "must_change_password")),
    "ReportJob": (ReportJob, ("id", "state", "cancel_requested")),
    "ReportSchedule": (ReportSchedule, ("id", "district_report")),
    # notices: the district's robots, a person's notices
    "RobotChannel": (RobotChannel, ("district", "wecom_url_sealed", "wecom_on")),
    "Notice": (Notice, ("id", "read_at")),
    # studios: briefs, outcomes, the teams' groups
    "Brief": (Brief, ("id", "status", "updated_at")),
    "Member": (Member, ("id", "role", "left_on")),
    "Outcome": (Outcome, ("id", "title", "promoted")),
    "TeamGroups": (get_user_model().groups.through, ("group", "user")),
    # backbone: assessments
    "BbAssessment": (BbAssessment, ("id", "kind", "school_year", "result", "updated_at")),
    # backbone: allowance
    "AllowancePayment": (AllowancePayment, ("id", "member", "month", "kind", "amount")),
    # backbone: cohort
    "BackboneCohort": (backbone_models.Cohort, ("id", "name", "updated_at")),
    "BackboneMember": (backbone_models.BackboneMember, ("id", "left_on", "updated_at")),
    "TaskEntry": (backbone_models.TaskEntry, ("id", "status", "updated_at")),
    "DevelopmentPlan": (backbone_models.DevelopmentPlan, ("id", "updated_at")),
}


def snapshot() -> dict[str, Any]:
    """What a forbidden write must not change (the tables above, in one query)."""
    return read_state(stamped=SNAPSHOT_STAMPED, counted=SNAPSHOT_COUNTED, listed=SNAPSHOT_LISTED)


def _body(response: Any) -> bytes:
    """The body of a plain or a streamed response (a file download)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def markers_not_readable(world: World, persona: Persona) -> list[str]:
    own_teacher_school = persona.school_key if persona.role == "teacher" else None
    return [
        world.schools[key].marker
        for key in SCHOOL_KEYS
        if not persona.reads_school(key) and key != own_teacher_school
    ]


def assert_no_foreign_rows(world: World, persona: Persona, body: str, where: str) -> None:
    body = world.without_studio_schools(persona, body)  # a lead sees its members' schools
    for marker in markers_not_readable(world, persona):
        assert marker not in body, f"{where}: {persona.key} sees a row of {marker}"


def assert_refused(response: Any, persona: Persona, route: Route, where: str) -> None:
    if persona.user is None:
        expected = {401, 403} if route.api else {302}
        assert response.status_code in expected, f"{where}: anonymous got {response.status_code}"
        if not route.api:
            assert "/accounts/login/" in response["Location"], where
    else:
        assert response.status_code == 404, f"{where}: {persona.key} got {response.status_code}"


def send(
    client: Client, method: str, url: str, route: Route, payload: dict[str, Any] | None
) -> Any:
    if method == "get":
        return client.get(url)
    if method == "delete":
        return client.delete(url)
    if route.multipart:
        return client.post(url, payload or {})
    if route.api:
        return getattr(client, method)(url, payload or {}, content_type="application/json")
    return client.post(url, payload or {})


def signed_in(client_for: Any) -> Callable[[str], Client]:
    """`client_for`, each persona signed in once per test: a persona's client goes on to
    the next target like a person moving between pages (a login costs a session write, a
    last-login update and its history row: two dozen of them a test otherwise)."""
    made: dict[str, Client] = {}

    def client(key: str) -> Client:
        if key not in made:
            made[key] = client_for(key)
        return made[key]

    return client


@dataclass
class Outcome:
    failures: list[str] = field(default_factory=list)


@pytest.fixture
def policy_packs(db: None) -> None:
    """The pack the persona world's districts use (evidence payloads name its indicators)."""
    load_pack_file(PACK_DIR / "xuhui-2026.yaml")


@pytest.fixture
def compliance_runs(world: World, policy_packs: None) -> None:
    """Both districts on xuhui-2026, each evaluated for last school year."""
    for district in world.districts.values():
        district.policy_packs = ["xuhui-2026"]
        district.save(update_fields=["policy_packs"])
        run = compliance_services.run_start(district=district, school_year=PREVIOUS_YEAR)
        compliance_services.run_execute(run_id=run.pk)


def _prepare(route: Route, request: pytest.FixtureRequest) -> None:
    if route.packs:
        request.getfixturevalue("policy_packs")
    if route.compliance:
        request.getfixturevalue("compliance_runs")


# --------------------------------------------------------------------------- tests


def test_every_route_is_in_the_matrix() -> None:
    """A new URL fails here until it is added to ROUTES (and so to the matrix)."""
    named = _named_routes()
    assert named - set(ROUTES) == set(), "routes missing from the tenancy matrix"
    assert set(ROUTES) - named == set(), "stale matrix entries"


SCHOOL_ROUTES = sorted(name for name, r in ROUTES.items() if r.scope == "school")
TARGET_SCHOOLS = ("A1", "B2")  # one school per district: every persona relation to a school


@pytest.mark.parametrize("name", SCHOOL_ROUTES)
def test_school_route_against_every_persona(
    name: str, world: World, client_for: Any, request: pytest.FixtureRequest
) -> None:
    """Each route against two target schools, one per district (A1, B2), as every persona:
    that covers every relation to a target — its own leader and teacher, the leader and
    teacher of the other school of its district, the district's admin and reviewer, the
    other district's admin, reviewer, leaders and teachers, and anonymous — for both
    districts (the other two targets repeated these relations). The rows the route's
    kwargs make are made for all four schools first, so every page is checked for the
    markers of every other school's rows."""
    route = ROUTES[name]
    _prepare(route, request)
    kwargs = {key: route.kwargs(world.schools[key]) for key in SCHOOL_KEYS}
    clients = signed_in(client_for)
    for target_key in TARGET_SCHOOLS:
        target = world.schools[target_key]
        url = reverse(name, kwargs=kwargs[target_key])
        for persona in world.personas.values():
            client = clients(persona.key)
            where = f"{name} {url} as {persona.key}"
            may_read = persona.reads_school(target_key)
            may_write = persona.writes_school(target_key)
            if route.get:
                response = client.get(url)
                if may_write or (may_read and not route.get_needs_write):
                    assert response.status_code == 200, f"{where}: {response.status_code}"
                    body = _body(response).decode("utf-8", errors="replace")
                    assert_no_foreign_rows(world, persona, body, where)
                else:
                    assert_refused(response, persona, route, where)
            for method, payload in (
                ("post", route.post),
                ("patch", route.patch),
                ("delete", (lambda sd: {}) if route.delete else None),
            ):
                if payload is None or may_write:
                    continue
                before = snapshot()
                response = send(client, method, url, route, payload(target))
                assert_refused(response, persona, route, f"{method.upper()} {where}")
                assert snapshot() == before, f"{method.upper()} {where} changed the database"
    _leader_write_succeeds(name, route, world, client_for)


def _leader_write_succeeds(name: str, route: Route, world: World, client_for: Any) -> None:
    """Control: the payloads above are real, the school's own leader's writes land."""
    target = world.schools["A1"]
    url = reverse(name, kwargs=route.kwargs(target))
    for method, payload in (
        ("post", route.post),
        ("patch", route.patch),
        ("delete", (lambda sd: {}) if route.delete else None),
    ):
        if payload is None:
            continue
        before = snapshot()
        response = send(client_for("A1.leader"), method, url, route, payload(target))
        assert response.status_code in (200, 201, 202, 204, 302), (
            f"{method.upper()} {name} as leader: {response.status_code} {response.content[:500]!r}"
        )
        assert snapshot() != before, f"{method.upper()} {name} as leader wrote nothing"


def test_district_routes_against_every_persona(world: World, client_for: Any) -> None:
    for district_key, district in world.districts.items():
        url = reverse("people:district_home", kwargs={"district_id": district.pk})
        for persona in world.personas.values():
            response = client_for(persona.key).get(url)
            where = f"{url} as {persona.key}"
            if persona.reads_district(district_key):
                assert response.status_code == 200, where
                assert_no_foreign_rows(world, persona, response.content.decode(), where)
                for key in SCHOOL_KEYS:
                    if key.startswith(district_key):
                        assert world.schools[key].marker in response.content.decode(), where
            else:
                assert_refused(response, persona, ROUTES["people:district_home"], where)


def test_district_school_route_checks_both_ids(world: World, client_for: Any) -> None:
    """/d/<district>/schools/<school>/ — a school of another district under one's own
    district id is as much "not yours" as the other district itself."""
    for district_key, district in world.districts.items():
        for school_key in SCHOOL_KEYS:
            school = world.schools[school_key].school
            url = reverse(
                "people:district_school",
                kwargs={"district_id": district.pk, "school_id": school.pk},
            )
            for persona in world.personas.values():
                response = client_for(persona.key).get(url)
                where = f"{url} as {persona.key}"
                if persona.reads_district(district_key) and school_key.startswith(district_key):
                    assert response.status_code == 200, where
                    assert_no_foreign_rows(world, persona, response.content.decode(), where)
                else:
                    assert_refused(response, persona, ROUTES["people:district_school"], where)


DISTRICT_OBJECT_ROUTES = sorted(n for n, r in ROUTES.items() if r.scope == "district_object")


def writes_district(persona: Persona, district_key: str, route: Route) -> bool:
    return persona.role in route.writers and persona.district_key == district_key


def _district_url(name: str, route: Route, district_key: str, world: World) -> str:
    assert route.district_kwargs is not None, f"{name}: district_object needs district_kwargs"
    return reverse(name, kwargs=route.district_kwargs(district_key, world))


@pytest.mark.parametrize("name", DISTRICT_OBJECT_ROUTES)
def test_district_object_route_against_every_persona(
    name: str, world: World, client_for: Any, request: pytest.FixtureRequest
) -> None:
    """District roles of the district read; its reviewers and admins write; everyone else
    — the other district's roles, the district's own school leaders and teachers — gets
    404 on GET and on a valid POST, and the database does not change."""
    route = ROUTES[name]
    _prepare(route, request)
    clients = signed_in(client_for)
    for district_key in world.districts:
        url = _district_url(name, route, district_key, world)
        own_school = world.schools[f"{district_key}1"]
        for persona in world.personas.values():
            client = clients(persona.key)
            where = f"{name} {url} as {persona.key}"
            if route.get:
                response = client.get(url)
                if persona.reads_district(district_key):
                    assert response.status_code == 200, f"{where}: {response.status_code}"
                    body = response.content.decode("utf-8", errors="replace")
                    assert_no_foreign_rows(world, persona, body, where)
                    if route.lists_district:
                        for key in SCHOOL_KEYS:
                            if key.startswith(district_key):
                                assert world.schools[key].marker in body, f"{where}: {key}"
                else:
                    assert_refused(response, persona, route, where)
            if writes_district(persona, district_key, route):
                continue
            for method, payload in _writes(route):
                before = snapshot()
                response = send(client, method, url, route, payload(own_school))
                assert_refused(response, persona, route, f"{method.upper()} {where}")
                assert snapshot() == before, f"{method.upper()} {where} changed the database"
    _reviewer_write_succeeds(name, route, world, client_for)


def _writes(route: Route) -> list[tuple[str, Payload]]:
    """A district_object route's writes: its POST and its PATCH, where it has them."""
    return [(m, p) for m, p in (("post", route.post), ("patch", route.patch)) if p is not None]


def _reviewer_write_succeeds(name: str, route: Route, world: World, client_for: Any) -> None:
    """Control: the payload is real, the write of the district's reviewer (or, where only
    admins write, its admin) lands."""
    url = _district_url(name, route, "A", world)
    writer = "A.reviewer" if "district_reviewer" in route.writers else "A.admin"
    for method, payload in _writes(route):
        before = snapshot()
        response = send(client_for(writer), method, url, route, payload(world.schools["A1"]))
        assert response.status_code in (200, 201, 202, 302), (
            f"{method.upper()} {name} as {writer}: {response.status_code} "
            f"{response.content[:500]!r}"
        )
        assert snapshot() != before, f"{method.upper()} {name} as {writer} wrote nothing"


# district routes whose kwargs name no object of the district (the district is the object)
DISTRICT_LIST_KWARGS = (_district, bb_teams.board_kwargs)  # backbone: teams (the board)


def _takes_district_id(name: str) -> bool:
    """Whether the route's URL names a district (a team's own URL, /studio/teams/<id>/…,
    does not: there is no district id to swap)."""
    namespace, _, short = name.rpartition(":")
    resolver = get_resolver()
    for part in namespace.split(":") if namespace else []:
        resolver = resolver.namespace_dict[part][1]
    return any(
        "district_id" in params
        for possibilities, *_rest in resolver.reverse_dict.getlist(short)
        for _format, params in possibilities
    )


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in DISTRICT_OBJECT_ROUTES
        if ROUTES[n].district_kwargs not in (_district, work_rows.matrix_district)
        and _takes_district_id(n)
        if ROUTES[n].district_kwargs not in DISTRICT_LIST_KWARGS and _takes_district_id(n)
    ],
)
def test_district_object_route_checks_both_ids(
    name: str, world: World, client_for: Any, request: pytest.FixtureRequest
) -> None:
    """/d/<A>/…/<item of B>/: another district's item under one's own district id is a 404
    for A's reviewer and admin too, on GET and on POST."""
    route = ROUTES[name]
    _prepare(route, request)
    assert route.district_kwargs is not None
    for own, other in (("A", "B"), ("B", "A")):
        kwargs = route.district_kwargs(other, world) | {"district_id": world.districts[own].pk}
        url = reverse(name, kwargs=kwargs)
        for persona_key in (f"{own}.reviewer", f"{own}.admin"):
            client = client_for(persona_key)
            where = f"{url} as {persona_key}"
            if route.get:
                assert client.get(url).status_code == 404, where
            for method, payload in _writes(route):
                before = snapshot()
                response = send(client, method, url, route, payload(world.schools[f"{other}1"]))
                assert response.status_code == 404, f"{method.upper()} {where}"
                assert snapshot() == before, f"{method.upper()} {where} changed the database"


AUTHENTICATED_ROUTES = sorted(n for n, r in ROUTES.items() if r.scope == "authenticated")


@pytest.mark.parametrize("name", AUTHENTICATED_ROUTES)
def test_policy_text_is_for_signed_in_users_only(
    name: str, world: World, client_for: Any, policy_packs: None
) -> None:
    """Packs are public policy (the same for every tenant) and the API docs describe every
    tenant's API alike; they still need a login (the docs page: issue #11 §16)."""
    pack = PolicyPack.objects.get(code="xuhui-2026")
    takes_pk = not (name.endswith("-list") or name == "api-docs")
    url = reverse(name, kwargs={"pk": pack.pk} if takes_pk else {})
    for persona in world.personas.values():
        response = client_for(persona.key).get(url)
        if persona.user is None and not ROUTES[name].api:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("accounts:login")), url
        elif persona.user is None:
            assert response.status_code in (401, 403), url
        else:
            assert response.status_code == 200, f"{url} as {persona.key}"
            assert_no_foreign_rows(world, persona, response.content.decode(), url)


SELF_PAGES = [
    "tenancy:home",
    "reports:notices",
    "accounts:profile",
    "accounts:password_change",
    "training:teacher_home",
    "training:my_training",  # training: pages and API
    "training:my_ledger",
    "training:my_archive",
    "training:my_surveys",  # training: programmes, surveys, evaluations
    "studios:space",  # studios: space and sessions
    "backbone:work_my_five",  # backbone: work
]


@pytest.mark.parametrize(
    "name", [*SELF_PAGES, "api:me", "api:school-list", "api:me-training", "api:me-notices"]
)
def test_own_pages_show_no_foreign_rows(name: str, world: World, client_for: Any) -> None:
    url = reverse(name)
    for persona in world.personas.values():
        response = client_for(persona.key).get(url, follow=not ROUTES[name].api)
        where = f"{name} as {persona.key}"
        if persona.user is None:
            assert response.status_code in (200, 401, 403), where
            if response.status_code == 200:
                assert response.redirect_chain[-1][0].startswith("/accounts/login/"), where
            continue
        assert response.status_code == 200, f"{where}: {response.status_code}"
        assert_no_foreign_rows(world, persona, response.content.decode(), where)


def test_school_list_api_holds_exactly_the_readable_schools(world: World, client_for: Any) -> None:
    for persona in world.personas.values():
        if persona.user is None:
            continue
        data = client_for(persona.key).get("/api/v1/schools/").json()
        got = {row["id"] for row in data["results"]}
        expected = {
            world.schools[key].school.pk for key in SCHOOL_KEYS if persona.reads_school(key)
        }
        assert got == expected, persona.key


def test_teacher_space_shows_only_own_record(world: World, client_for: Any) -> None:
    body = client_for("A1.teacher").get(reverse("training:teacher_home")).content.decode()
    assert world.schools["A1"].teachers[0].name in body
    assert world.schools["A1"].teachers[1].name not in body  # a colleague's record


def test_switching_to_a_foreign_membership_is_refused(world: World, client_for: Any) -> None:
    foreign = Membership.objects.get(user=world.user("B1.leader"), role="school_leader")
    client = client_for("A1.leader")
    client.post(reverse("tenancy:switch_role"), {"membership_id": foreign.pk})
    response = client.get(reverse("tenancy:home"))
    assert response["Location"] == reverse(
        "people:school_home", kwargs={"school_id": world.schools["A1"].school.pk}
    )


# --------------------------------------------------------------------------- foreign references


def test_web_assignment_naming_a_foreign_teacher_writes_nothing(
    world: World, client_for: Any
) -> None:
    own, foreign = world.schools["A1"], world.schools["B1"]
    before = snapshot()
    response = client_for("A1.leader").post(
        reverse("people:assignment_create", kwargs={"school_id": own.school.pk}),
        {"school_class": own.classes[1].pk, "teacher": foreign.teachers[2].pk, "role": "homeroom"},
    )
    assert response.status_code == 200
    assert "所选教师不属于本校" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    "payload_for",
    [
        lambda own, foreign: {
            "school_class": own.classes[1].pk,
            "teacher": foreign.teachers[2].pk,
            "role": "homeroom",
        },
        lambda own, foreign: {
            "school_class": foreign.classes[1].pk,
            "teacher": own.teachers[2].pk,
            "role": "homeroom",
        },
    ],
    ids=["foreign-teacher", "foreign-class"],
)
def test_api_assignment_naming_foreign_rows_writes_nothing(
    payload_for: Any, world: World, client_for: Any
) -> None:
    own, foreign = world.schools["A1"], world.schools["A2"]
    before = snapshot()
    response = client_for("A1.leader").post(
        f"/api/v1/schools/{own.school.pk}/assignments/",
        payload_for(own, foreign),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "不属于本校" in response.content.decode()
    assert snapshot() == before


def test_api_patch_assignment_to_foreign_teacher_writes_nothing(
    world: World, client_for: Any
) -> None:
    own, foreign = world.schools["A1"], world.schools["B2"]
    before = snapshot()
    response = client_for("A1.leader").patch(
        f"/api/v1/schools/{own.school.pk}/assignments/{own.assignments[1].pk}/",
        {"teacher": foreign.teachers[0].pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert snapshot() == before


def test_api_teacher_body_cannot_choose_the_school(world: World, client_for: Any) -> None:
    own, foreign = world.schools["A1"], world.schools["B1"]
    response = client_for("A1.leader").post(
        f"/api/v1/schools/{own.school.pk}/teachers/",
        {"employee_no": "X-1", "name": "越权", "gender": "M", "school": foreign.school.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    created = Teacher.objects.get(employee_no="X-1")
    assert created.school_id == own.school.pk
    assert created.district_id == own.school.district_id
    assert not Teacher.objects.filter(school=foreign.school, employee_no="X-1").exists()


# --------------------------------------------------- training: programmes, surveys, evaluations


PG_FORMS = [
    "training:cohort_create",
    "training:cohort_edit",
    "training:district_survey_create",
]


@pytest.mark.parametrize("name", PG_FORMS)
def test_programme_forms_are_for_the_admin(name: str, world: World, client_for: Any) -> None:
    """The district portal's new/edit forms: its admin gets the form; its reviewer, the
    other district's roles, school leaders and teachers a 404; anonymous the login page."""
    for key in world.districts:
        make = _pg_cohort_kwargs("cohort_id") if name.endswith("edit") else _district
        kwargs = make(key, world)
        url = reverse(name, kwargs=kwargs)
        for persona in world.personas.values():
            response = client_for(persona.key).get(url)
            where = f"{name} {url} as {persona.key}"
            if persona.role == "district_admin" and persona.district_key == key:
                assert response.status_code == 200, where
                assert_no_foreign_rows(world, persona, response.content.decode(), where)
            else:
                assert_refused(response, persona, ROUTES[name], where)


def test_programme_teacher_pages_reach_only_their_surveys(world: World, client_for: Any) -> None:
    """/me/surveys/…: a school's survey is answered by its teachers only, a district's by
    the teachers of its schools; anyone else gets 404 on GET and on POST, and no answer is
    written. The list shows no other school's survey."""
    surveys = [(_pg_survey(world.schools[k]), k) for k in SCHOOL_KEYS]
    surveys += [(_pg_district_survey(k, world), k) for k in world.districts]
    for persona in world.personas.values():
        client = client_for(persona.key)
        listing = client.get(reverse("training:my_surveys"))
        if persona.user is None:
            assert listing.status_code == 302
        else:
            assert listing.status_code == 200
            assert_no_foreign_rows(world, persona, listing.content.decode(), persona.key)
        for survey, scope in surveys:
            url = reverse("training:my_survey_answer", kwargs={"survey_id": survey.pk})
            where = f"{url} as {persona.key}"
            reaches = persona.role == "teacher" and (persona.school_key or "").startswith(scope)
            before = SurveyResponse.objects.count()
            if reaches:
                assert client.get(url).status_code == 200, where
                assert client.post(url, {"q1": ["0"]}).status_code == 302, where
                continue
            assert_refused(client.get(url), persona, ROUTES["training:my_survey_answer"], where)
            response = client.post(url, {"q1": ["0"]})
            assert_refused(response, persona, ROUTES["training:my_survey_answer"], where)
            assert SurveyResponse.objects.count() == before, where


PG_DISTRICT_LISTS = [
    ("training:cohort_list", "续航班{}"),
    ("training:district_survey_list", "区级研修需求调研{}"),
    ("api:cohort-list", "续航班{}"),
    ("api:district-survey-list", "区级研修需求调研{}"),
]


@pytest.mark.parametrize(("name", "row"), PG_DISTRICT_LISTS)
def test_programme_district_lists_hold_only_their_districts_rows(
    name: str, row: str, world: World, client_for: Any
) -> None:
    """With a cohort and a survey in both districts, each district's lists show its own."""
    for key in world.districts:
        _pg_cohort(key, world)
        _pg_district_survey(key, world)
    for key, other in (("A", "B"), ("B", "A")):
        url = reverse(name, kwargs={"district_id": world.districts[key].pk})
        for role in ("admin", "reviewer"):
            body = client_for(f"{key}.{role}").get(url).content.decode()
            assert row.format(key) in body, f"{url} as {key}.{role}"
            assert row.format(other) not in body, f"{url} as {key}.{role}"


# ------------------------------------------ end of training: programmes, surveys, evaluations


# ------------------------------------------------ issue 8: what a probe found untested
# Foreign ids where the matrix above names only own ones: an own-school URL with another
# school's object id, list filters naming foreign rows, request bodies naming another
# school's teacher or class, and the API routes again with token authentication.

LIST_KWARGS = (
    Route.__dataclass_fields__["kwargs"].default,
    _school,
    _tr_school,
    _pg_school,
    _pb_school,
    _pr_school,
    _st_school,
    # backbone: allowance
    allowance_rows.matrix_school,
    allowance_rows.matrix_bonus_kwargs,
    allowance_rows.matrix_payroll,
    work_rows.matrix_school,  # backbone: work
    bb_assess.apply_kwargs,  # backbone: assessments (the cohorts made first)
    bb_teams.school_kwargs,  # backbone: teams
)
OBJECT_ROUTES = [  # api:school-detail: the school is the object (checked above)
    n for n in SCHOOL_ROUTES if ROUTES[n].kwargs not in LIST_KWARGS and n != "api:school-detail"
]


def _writes(route: Route) -> list[tuple[str, Payload]]:
    delete: Payload | None = (lambda sd: {}) if route.delete else None
    methods = (("post", route.post), ("patch", route.patch), ("delete", delete))
    return [(method, payload) for method, payload in methods if payload is not None]


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_own_school_url_with_a_foreign_object_id_is_404(
    name: str, world: World, client_for: Any, request: pytest.FixtureRequest
) -> None:
    """/s/<A1>/…/<an object of A2 or B1>/: the leader of A1 (who may write A1) and A's
    admin (who reads A1 and A2) get 404 on GET, and on every write, which changes nothing."""
    route = ROUTES[name]
    _prepare(route, request)
    own = world.schools["A1"]
    for foreign_key in ("A2", "B1"):
        kwargs = route.kwargs(world.schools[foreign_key]) | {"school_id": own.school.pk}
        url = reverse(name, kwargs=kwargs)
        for persona_key in ("A1.leader", "A.admin"):
            client = client_for(persona_key)
            where = f"{url} ({foreign_key}'s object) as {persona_key}"
            if route.get:
                assert client.get(url).status_code == 404, where
            if persona_key != "A1.leader":
                continue
            for method, payload in _writes(route):
                data = payload(own)  # before the snapshot: a payload may make its rows
                before = snapshot()
                response = send(client, method, url, route, data)
                assert response.status_code == 404, f"{method.upper()} {where}"
                assert snapshot() == before, f"{method.upper()} {where} changed the database"


LIST_ROUTES = sorted(
    [n for n in SCHOOL_ROUTES if ROUTES[n].kwargs in LIST_KWARGS and ROUTES[n].get]
    + [
        n
        for n in DISTRICT_OBJECT_ROUTES
        if ROUTES[n].district_kwargs is _district and ROUTES[n].get
    ]
)
FILTERS = {  # query parameter -> the foreign row it names
    "teacher": lambda sd: sd.teachers[0].pk,
    "t": lambda sd: sd.teachers[0].pk,
    "school_class": lambda sd: sd.classes[0].pk,
    "school": lambda sd: sd.school.pk,
    "district": lambda sd: sd.school.district_id,
    "activity": lambda sd: training_rows.school_rows(sd).activity.pk,
    "q": lambda sd: sd.teachers[0].name,  # a search box echoes it: a name, not the marker
}


@pytest.mark.parametrize("name", LIST_ROUTES)
def test_list_filters_naming_foreign_rows_show_none(
    name: str, world: World, client_for: Any, request: pytest.FixtureRequest
) -> None:
    """`?teacher=<a foreign teacher>`, `?school=<a foreign school>` … on a list page or API:
    200 (or 400 for a filter the API refuses), never a 500, and no row the persona may not
    read — by marker, and by id in a JSON answer. A1's leader names A2's rows on A1's lists;
    A's admin names B1's rows on A1's and A's lists."""
    route = ROUTES[name]
    _prepare(route, request)
    district_route = route.scope == "district_object"
    persona_key, foreign_key = ("A.admin", "B1") if district_route else ("A1.leader", "A2")
    persona, foreign = world.persona(persona_key), world.schools[foreign_key]
    if district_route:
        assert route.district_kwargs is not None
        route.district_kwargs(foreign_key[0], world)  # the foreign district's rows exist
        url = _district_url(name, route, "A", world)
    else:
        route.kwargs(foreign)  # the foreign school's rows exist (lists make them)
        url = reverse(name, kwargs=route.kwargs(world.schools["A1"]))
    guard = leaks.guard_for(world, persona)
    client = client_for(persona_key)
    for param, value in FILTERS.items():
        where = f"{url}?{param}=<{foreign_key}> as {persona_key}"
        response = client.get(url, {param: value(foreign)})
        assert response.status_code in (200, 400), f"{where}: {response.status_code}"
        body = _body(response).decode("utf-8", errors="replace")
        found = leaks.leaks(body, url, guard, json_body=route.api)
        assert not found, f"{where}: {found}"


def _naming_foreign_rows(own: SchoolData, foreign: SchoolData) -> SchoolData:
    """Own school, job and evidence, but another school's teachers, classes, assignments
    (their ids only: names and employee numbers stay the own ones), so a route's payload
    built from it names the foreign rows where it names any."""

    def ids_of(foreign_rows: list[Any], own_rows: list[Any]) -> list[Any]:
        rows = []
        for row, own_row in zip(foreign_rows, own_rows, strict=True):
            hybrid = copy.copy(own_row)
            hybrid.pk = hybrid.id = row.pk
            rows.append(hybrid)
        return rows

    return SchoolData(
        own.key, own.school, ids_of(foreign.teachers, own.teachers),
        ids_of(foreign.classes, own.classes), ids_of(foreign.assignments, own.assignments),
        own.job, own.evidence,
    )  # fmt: skip


def _plain(value: Any) -> Any:
    """A payload comparable with another: uploaded files by their bytes."""
    if isinstance(value, SimpleUploadedFile):
        data = value.read()
        value.seek(0)
        return data
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


BODY_ROUTES = sorted(
    n
    for n in (*SCHOOL_ROUTES, *DISTRICT_OBJECT_ROUTES)
    if _writes(ROUTES[n]) and "import" not in n  # imports check their rows in the job
)


def test_bodies_naming_foreign_rows_write_nothing(
    world: World, client_for: Any, compliance_runs: None
) -> None:
    """POST/PATCH payloads naming another school's teacher or class (A2's and B1's under A1's
    URL; B1's under district A's): refused — 400/404 from the API, the form again or a 404
    from a page — and nothing is written. Every route whose payload names a teacher or a
    class is sent (the count is checked, so the test cannot pass by sending nothing)."""
    own = world.schools["A1"]
    sent: set[str] = set()
    for name in BODY_ROUTES:
        route = ROUTES[name]
        district_route = route.scope == "district_object"
        for foreign_key in ("B1",) if district_route else ("A2", "B1"):
            foreign = world.schools[foreign_key]
            if district_route:
                assert route.district_kwargs is not None
                route.district_kwargs(foreign_key[0], world)  # foreign rows the payload names
                url = _district_url(name, route, "A", world)
                writer = "A.reviewer" if "district_reviewer" in route.writers else "A.admin"
            else:
                route.kwargs(foreign)
                url, writer = reverse(name, kwargs=route.kwargs(own)), "A1.leader"
            hybrid = _naming_foreign_rows(own, foreign)
            for method, payload in _writes(route):
                data = payload(hybrid)
                if _plain(data) == _plain(payload(own)):
                    continue  # this payload names no teacher or class
                sent.add(name)
                where = f"{method.upper()} {url} naming {foreign_key}'s rows as {writer}"
                before = snapshot()
                response = send(client_for(writer), method, url, route, data)
                expected = (400, 404) if route.api else (200, 302, 400, 404)
                assert response.status_code in expected, f"{where}: {response.status_code}"
                assert snapshot() == before, f"{where} changed the database"
    assert len(sent) >= 10, sorted(sent)


@pytest.fixture
def token_client_for(world: World):  # type: ignore[no-untyped-def]
    """Like `client_for`, but each persona authenticates with an API token it got from
    /api/v1/auth/token/ with its password (anonymous: no token)."""
    tokens: dict[str, str] = {}

    def make(key: str) -> Client:
        persona = world.persona(key)
        if persona.user is None:
            return Client()
        if key not in tokens:
            response = Client().post(
                reverse("api:auth-token"), {"username": persona.user.username, "password": "pw"}
            )
            assert response.status_code == 200, response.content
            tokens[key] = response.json()["token"]
        return Client(headers={"Authorization": f"Token {tokens[key]}"})

    return make


TOKEN_ROUTES = [  # a representative subset: every app, every method, files and jobs
    "api:district-school-detail",
    "api:district-account-reset-password",
    "api:teacher-login-list",
    "api:teacher-list",
    "api:teacher-detail",
    "api:assignment-detail",
    "api:roster-import-list",
    "api:school-evidence-file",
    "api:school-evidence-withdraw",
    "api:training-activity-attendance",
    "api:ledger-entry-reverse",
    "api:external-training-review",
    "api:evaluation-record-list",
    "api:district-evidence-review",
    "api:compliance-run-list",
    "api:parameter-override-list",
    "api:cohort-members",
]


@pytest.mark.parametrize("name", TOKEN_ROUTES)
def test_api_route_with_token_authentication(
    name: str, world: World, token_client_for: Any, request: pytest.FixtureRequest
) -> None:
    """The matrix above, with `Authorization: Token …` instead of a session."""
    if ROUTES[name].scope == "school":
        test_school_route_against_every_persona(name, world, token_client_for, request)
    else:
        test_district_object_route_against_every_persona(name, world, token_client_for, request)


@pytest.mark.parametrize("name", ["api:me", "api:school-list", "api:me-training"])
def test_own_api_routes_with_token_authentication(
    name: str, world: World, token_client_for: Any
) -> None:
    test_own_pages_show_no_foreign_rows(name, world, token_client_for)


AUDIT_PAGES = ["audit:events", "audit:events_export", "audit:access_log"]


@pytest.mark.parametrize("name", AUDIT_PAGES)
def test_audit_pages_are_for_the_district_admin(name: str, world: World, client_for: Any) -> None:
    """谁改了什么 (issue 8 §3): the district's own admin sees its rows — teachers of both
    its schools — and none of another district's; its reviewers, school leaders and
    teachers and the other district's admin get 404, anonymous the login page."""
    for key in world.districts:  # a download in each district, for its access log
        own = world.schools[f"{key}1"]
        client_for(f"{key}1.leader").get(reverse("evidence:school_file", kwargs=EVIDENCE(own)))
    for key in world.districts:
        url = reverse(name, kwargs=_district(key, world)) + "?table=people.teacher"
        for persona in world.personas.values():
            response = client_for(persona.key).get(url)
            where = f"{name} {url} as {persona.key}"
            if persona.role == "district_admin" and persona.district_key == key:
                assert response.status_code == 200, where
                body = _body(response)
                if name == "audit:events_export":
                    sheet = load_workbook(io.BytesIO(body), read_only=True)["变更记录"]
                    text = "\n".join(str(c) for r in sheet.iter_rows(values_only=True) for c in r)
                else:
                    text = body.decode()
                assert_no_foreign_rows(world, persona, text, where)
                shown = (f"{key}1",) if name == "audit:access_log" else (f"{key}1", f"{key}2")
                for school in shown:
                    assert world.schools[school].marker in text, f"{where}: {school}"
            else:
                assert_refused(response, persona, ROUTES[name], where)


ONBOARDING_PAGES = [
    "accounts:staff_list",
    "accounts:staff_new",
    "accounts:staff_detail",
    "tenancy:schools",
    "tenancy:school_new",
    "tenancy:school_edit",
    "tenancy:school_import",
    "tenancy:school_import_template",
    "tenancy:school_import_detail",
    "api:district-school-list",
    "api:district-school-detail",
    "api:school-import-detail",
    "api:school-import-template",
    "api:district-account-list",
    "api:district-account-detail",
    "api:district-role-list",
]


@pytest.mark.parametrize("name", ONBOARDING_PAGES)
def test_onboarding_pages_are_for_the_district_admin(
    name: str, world: World, client_for: Any
) -> None:
    """账号管理 (issue 10 §3): the district's own admin sees its accounts and none of another
    district's; its reviewers, school leaders, teachers and the other district's admin get
    404, anonymous the login page."""
    for key in world.districts:
        route = ROUTES[name]
        assert route.district_kwargs is not None
        url = reverse(name, kwargs=route.district_kwargs(key, world))
        for persona in world.personas.values():
            response = client_for(persona.key).get(url)
            where = f"{name} {url} as {persona.key}"
            if persona.role == "district_admin" and persona.district_key == key:
                assert response.status_code == 200, where
                if name.endswith(("school_import_template", "school-import-template")):
                    continue  # the empty template: no rows of anyone
                body = response.content.decode()
                assert_no_foreign_rows(world, persona, body, where)
                if name in ("tenancy:schools", "api:district-school-list"):
                    assert world.schools[f"{key}2"].marker in body, where
                other = "B" if key == "A" else "A"
                assert f"{other}_reviewer" not in body, where
                if name in ("accounts:staff_list", "api:district-account-list"):
                    assert f"{key}1_leader" in body and f"{key}2_leader" in body, where
            else:
                assert_refused(response, persona, route, where)


# ----------------------------------------------------------- studios: space and sessions

TEAM_ROUTES = sorted(n for n, r in ROUTES.items() if r.scope == "team")


def _team_url(name: str, route: Route, team_key: str, world: World) -> str:
    assert route.district_kwargs is not None, f"{name}: a team route needs district_kwargs"
    return reverse(name, kwargs=route.district_kwargs(team_key, world))


@pytest.mark.parametrize("name", TEAM_ROUTES)
def test_team_route_against_every_persona(name: str, world: World, client_for: Any) -> None:
    """A team's pages and API: its lead (A.lead on district A's studio), the district's
    officers and a school team's own leader read (200, and no marker of a school they may
    not read — but the lead's own team's member schools); the lead, the district's admin
    and a school team's leader record sessions. Everyone else — the other district, the
    schools' leaders and teachers for a district team, A.lead on any other team — gets 404
    on GET and on a valid POST, and the database does not change."""
    route = ROUTES[name]
    for team_key, studio in rows_space.studios(world).items():
        url = _team_url(name, route, team_key, world)
        payload = route.post(team_members_as_school(studio, world)) if route.post else None
        for persona in world.personas.values():
            client = client_for(persona.key)
            where = f"{name} {url} as {persona.key}"
            may_read, may_write = persona.reads_team(studio), persona.writes_team(studio)
            if route.get:
                response = client.get(url)
                if may_write or (may_read and not route.get_needs_write):
                    assert response.status_code == 200, f"{where}: {response.status_code}"
                    assert_no_foreign_rows(world, persona, _body(response).decode(), where)
                else:
                    assert_refused(response, persona, route, where)
            if payload is None or may_write:
                continue
            before = snapshot()
            response = send(client, "post", url, route, payload)
            assert_refused(response, persona, route, f"POST {where}")
            assert snapshot() == before, f"POST {where} changed the database"
    _lead_write_succeeds(name, route, world, client_for)


def _lead_write_succeeds(name: str, route: Route, world: World, client_for: Any) -> None:
    """Control: the payload is real, the lead's session lands on its team."""
    if route.post is None:
        return
    studio = rows_space.studio(world, "A.studio")
    url = _team_url(name, route, "A.studio", world)
    before = snapshot()
    data = route.post(team_members_as_school(studio, world))
    response = send(client_for("A.lead"), "post", url, route, data)
    assert response.status_code in (201, 302), f"{name}: {response.content[:500]!r}"
    assert snapshot() != before, f"POST {name} as A.lead wrote nothing"


def test_team_session_of_another_team_is_404(world: World, client_for: Any) -> None:
    """studio/teams/<A's studio>/sessions/<B's session>/: 404 for A's lead and A's admin."""
    own = rows_space.studio(world, "A.studio").team
    for other in ("A2.studio", "B.studio"):
        kwargs = {"team_id": own.pk, "session_id": rows_space.session(world, other).pk}
        url = reverse("studios:session_detail", kwargs=kwargs)
        for persona_key in ("A.lead", "A.admin"):
            assert client_for(persona_key).get(url).status_code == 404, f"{url} {persona_key}"


def test_my_teams_api_lists_the_callers_teams_only(world: World, client_for: Any) -> None:
    """teams/: the lead gets its one team; nobody else (officers included) gets any."""
    rows_space.studios(world)
    for persona in world.personas.values():
        response = client_for(persona.key).get(reverse("api:my-team-list"))
        if persona.user is None:
            assert response.status_code in (401, 403)
            continue
        got = {row["id"] for row in response.json()["results"]}
        expected = {world.studios[key].team.pk for key in persona.team_keys}
        assert got == expected, persona.key


# ------------------------------------------------------ end of studios: space and sessions
