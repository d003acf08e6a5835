"""The persona world with a row behind every API resource, for the Schemathesis runs.

`seed(world)` adds, for every school and district of the persona world (tests/personas.py),
the rows the API's detail routes name: training rows (tests/training/rows.py), a 续航
cohort with members, surveys with an answer, an evaluation record with its file, the
policy pack, a compliance run with results (last school year) and a parameter override.
Rows of a school carry its marker (`MK-A1-` …) like the world's own, so a foreign row in an
answer is recognised. `own_ids` maps each resource to the row of district A / school A1 that
the fuzzer pins into the path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from apps.compliance import services as compliance_services
from apps.compliance.models import ComplianceRun, ParameterOverride, PolicyPack
from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.core.schoolyear import current_school_year, today
from apps.probation.models import ReserveEntry
from apps.reports.models import Notice, NoticeKind
from apps.tenancy.models import Membership, SchoolImport
from apps.training.models import (
    Cohort,
    CohortCourse,
    CohortMember,
    EvaluationFile,
    EvaluationRecord,
    Survey,
    SurveyResponse,
)
from tests.backbone.factories import make_growth_member, make_growth_team
from tests.personas import SCHOOL_KEYS, World, evidence_pdf
from tests.probation import rows as probation_rows
from tests.studios import rows_teams as studios_rows
from tests.training import rows as training_rows

QUESTIONS = [{"text": "最需要的研修内容", "choices": ["班集体管理", "家校沟通"], "multiple": True}]


@dataclass
class Seeded:
    own_ids: dict[str, int]  # path segment of a resource -> the id pinned for "{id}"
    attachment_id: int  # /training-activities/{id}/attachments/{attachment_id}/


def _reserve_entry(world: World) -> ReserveEntry:
    """XH26-RESERVE: A1's third teacher in the reserve pool."""
    sd = world.schools["A1"]
    return ReserveEntry.objects.create(
        school=sd.school, district_id=sd.school.district_id, teacher=sd.teachers[2],
        source="deputy", entered_on=today(), created_by=world.user("A1.leader"),
    )  # fmt: skip


def seed(world: World) -> Seeded:
    load_pack_file(PACK_DIR / "xuhui-2026.yaml")
    rows = {key: training_rows.school_rows(world.schools[key]) for key in SCHOOL_KEYS}
    cohorts = {key: _cohort(key, world) for key in world.districts}
    surveys = {key: _district_survey(key, world) for key in world.districts}
    school_surveys = {key: _school_survey(key, world) for key in SCHOOL_KEYS}
    for key in SCHOOL_KEYS:
        _evaluation(key, world)
    for key, district in world.districts.items():
        training_rows.district_activity(key, world)
        run = compliance_services.run_start(
            district=district, school_year=current_school_year() - 1
        )
        compliance_services.run_execute(run_id=run.pk)
        ParameterOverride.objects.create(
            district=district, pack_code="xuhui-2026", key="deputy_pilot_min", value=2,
            reason=f"试点{key}", set_by=world.user(f"{key}.admin"),
        )  # fmt: skip
    imports = {key: _school_import(key, world) for key in world.districts}
    trainees = {key: probation_rows.school_probation(world.schools[key]) for key in SCHOOL_KEYS}
    probation_rows.own_probation(world.schools["A1"])  # /me/probation/: A1.teacher's own
    a1 = world.schools["A1"]
    own = rows["A1"]
    run = ComplianceRun.objects.filter(district=world.districts["A"]).order_by("pk").first()
    assert run is not None
    return Seeded(
        own_ids={
            "schools": a1.school.pk,
            "teachers": a1.teachers[1].pk,
            "classes": a1.classes[1].pk,
            "assignments": a1.assignments[1].pk,
            "roster-imports": a1.job.pk,
            "evidence": a1.evidence.pk,
            "compliance-runs": run.pk,
            "policy-packs": PolicyPack.objects.get(code="xuhui-2026").pk,
            "training-activities": own.activity.pk,
            "external-training": own.external.pk,
            "records": own.external.pk,  # /me/training/records/: A1.teacher's own record
            "research-sessions": own.activity.pk,  # XH26-A2-1: the activity is one
            "ledger": own.entry.pk,
            "archive-entries": own.archive.pk,
            "cohorts": cohorts["A"].pk,
            "district-surveys": surveys["A"].pk,
            "surveys": school_surveys["A1"].pk,
            # onboarding and accounts: the district's reviewer is the account acted on
            "school-imports": imports["A"].pk,
            "accounts": world.user("A.reviewer").pk,
            "roles": Membership.objects.get(user=world.user("A.reviewer")).pk,
            "teacher-logins": a1.teachers[0].pk,  # A1.teacher's login
            "notices": _notice(world).pk,  # /me/notices/{id}/read/: A1.teacher's own
            "trainees": trainees["A1"].running.pk,  # probation: the running trainee
            "deputies": a1.assignments[1].pk,  # the training-track deputy's post this year
            "reserve": _reserve_entry(world).pk,
            # studios: teams — A's district studio, members from A1 and A2
            "teams": studios_rows.district_team("A", world).pk,
            # backbone: teams — A's growth team (led from A1), A1's second teacher applying
            **_growth_team_ids(world),
        },
        attachment_id=own.attachment.pk,
    )


def _growth_team_ids(world: World) -> dict[str, int]:
    """backbone: teams — `/backbone/teams/{id}/` (aliased, "teams" is the studios') and
    `/backbone/team-admissions/{id}/` of district A and school A1."""
    a1, admin = world.schools["A1"], world.user("A.admin")
    team = make_growth_team(district=world.districts["A"], leader=a1.teachers[2], by=admin,
                            name="模糊测试培育室")  # fmt: skip
    member = make_growth_member(team=team, teacher=a1.teachers[1], by=admin, status="applied")
    return {"backbone-teams": team.pk, "team-admissions": member.pk}


def _notice(world: World) -> Notice:
    school = world.schools["A1"].school
    return Notice.objects.create(
        recipient=world.user("A1.teacher"), district_id=school.district_id, school=school,
        kind=NoticeKind.REVIEWED, title="已审定：区级培训", dedupe_key="fuzz-notice",
    )  # fmt: skip


def _school_import(key: str, world: World) -> SchoolImport:
    """A failed school-list import of the district, its file name and bad row marked."""
    marker = world.schools[f"{key}1"].marker
    return SchoolImport.objects.create(
        district=world.districts[key], created_by=world.user(f"{key}.admin"),
        file_name=f"{marker}学校名单.xlsx", file_data=b"x", state="failed",
        errors=[{"sheet": "学校", "row": 2, "column": "学校名称", "message": f"{marker}重复"}],
    )  # fmt: skip


def _cohort(key: str, world: World) -> Cohort:
    district = world.districts[key]
    cohort = Cohort.objects.create(
        district=district, programme="xuhang", school_year=current_school_year(),
        name=f"续航班{key}", required_hours=8,
    )  # fmt: skip
    CohortCourse.objects.create(cohort=cohort, title="工作室主持能力", hours=8)
    for school_key in SCHOOL_KEYS:
        if school_key.startswith(key):
            sd = world.schools[school_key]
            CohortMember.objects.create(
                cohort=cohort, teacher=sd.teachers[0], school=sd.school, district=district
            )
    return cohort


def _district_survey(key: str, world: World) -> Survey:
    return Survey.objects.create(
        district=world.districts[key], school=None, title=f"区级研修需求调研{key}",
        questions=QUESTIONS, created_by=world.user(f"{key}.admin"),
    )  # fmt: skip


def _school_survey(key: str, world: World) -> Survey:
    sd = world.schools[key]
    survey = Survey.objects.create(
        district_id=sd.school.district_id, school=sd.school, title=f"{sd.marker}研修需求调研",
        questions=QUESTIONS, created_by=sd.job.created_by,
    )  # fmt: skip
    SurveyResponse.objects.create(survey=survey, teacher=sd.teachers[0], answers=[[0, 1]])
    return survey


def _evaluation(key: str, world: World) -> EvaluationRecord:
    sd = world.schools[key]
    record = EvaluationRecord.objects.create(
        district_id=sd.school.district_id, school=sd.school, teacher=sd.teachers[0],
        school_year=current_school_year(), semester=1, kind="summary",
        title=f"{sd.marker}研修总结", file_name=f"{sd.marker}研修总结.pdf", file_type="pdf",
        created_by=sd.job.created_by,
    )  # fmt: skip
    EvaluationFile.objects.create(record=record, data=evidence_pdf(sd.marker))
    return record


def path_parameters(path: str, seeded: Seeded, world: World) -> dict[str, Any]:
    """The persona world's own rows for the parameters of `path` (district A, school A1)."""
    segments = path.strip("/").split("/")
    values: dict[str, Any] = {}
    for index, segment in enumerate(segments):
        if segment == "{school_id}":
            values["school_id"] = world.schools["A1"].school.pk
        elif segment == "{district_id}":
            values["district_id"] = world.districts["A"].pk
        elif segment == "{attachment_id}":
            values["attachment_id"] = seeded.attachment_id
        elif segment == "{id}":
            resource = segments[index - 1]
            if resource == "surveys" and "{district_id}" in segments:
                resource = "district-surveys"
            if resource == "teams" and "backbone" in segments:  # backbone: teams
                resource = "backbone-teams"
            if resource in seeded.own_ids:  # else generated (test_fuzz names such paths)
                values["id"] = seeded.own_ids[resource]
    return values


def unpinned(path: str, seeded: Seeded) -> bool:
    """Whether `path` names an object the seeded world has no row for."""
    segments = path.strip("/").split("/")
    return any(
        segment == "{id}" and segments[index - 1] not in seeded.own_ids
        and not (segments[index - 1] == "surveys" and "{district_id}" in segments)
        for index, segment in enumerate(segments)
    )  # fmt: skip
