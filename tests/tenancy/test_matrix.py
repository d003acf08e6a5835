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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.compliance import services as compliance_services
from apps.compliance.models import ComplianceResult, ComplianceRun, ParameterOverride, PolicyPack
from apps.compliance.packs import PACK_DIR, load_pack_file
from apps.core.schoolyear import current_school_year
from apps.evidence.models import EvidenceEvent, EvidenceItem
from apps.people.models import HomeroomAssignment, RosterImport, SchoolClass, Teacher
from apps.tenancy.models import Membership
from tests.personas import SCHOOL_KEYS, Persona, SchoolData, World, evidence_pdf
from tests.support.xlsx import roster_file, teacher_row

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


ROUTES: dict[str, Route] = {
    # portal routing and the person's own pages
    "tenancy:home": Route("self"),
    "tenancy:switch_role": Route("self", get=False),
    "accounts:login": Route("public"),
    "accounts:logout": Route("self", get=False),
    "accounts:profile": Route("self"),
    "accounts:password_change": Route("self"),
    "training:teacher_home": Route("self"),
    "set_language": Route("public", get=False),
    "healthz": Route("public"),
    "api-schema": Route("public"),
    "api-docs": Route("public"),
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


def snapshot() -> dict[str, Any]:
    """What a forbidden write must not change."""
    state: dict[str, Any] = {}
    for model in (Teacher, SchoolClass, HomeroomAssignment, RosterImport, EvidenceItem):
        manager = model._default_manager
        state[model.__name__] = (manager.count(), manager.aggregate(m=Max("updated_at"))["m"])
    state["EvidenceEvent"] = EvidenceEvent.objects.count()
    state["ComplianceRun"] = ComplianceRun.objects.count()
    state["ParameterOverride"] = ParameterOverride.objects.count()
    state["Membership"] = Membership.objects.count()
    state["User"] = get_user_model()._default_manager.count()
    return state


def markers_not_readable(world: World, persona: Persona) -> list[str]:
    own_teacher_school = persona.school_key if persona.role == "teacher" else None
    return [
        world.schools[key].marker
        for key in SCHOOL_KEYS
        if not persona.reads_school(key) and key != own_teacher_school
    ]


def assert_no_foreign_rows(world: World, persona: Persona, body: str, where: str) -> None:
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


@pytest.mark.parametrize("name", SCHOOL_ROUTES)
def test_school_route_against_every_persona(
    name: str, world: World, client_for: Any, request: pytest.FixtureRequest
) -> None:
    route = ROUTES[name]
    _prepare(route, request)
    for target_key in SCHOOL_KEYS:
        target = world.schools[target_key]
        url = reverse(name, kwargs=route.kwargs(target))
        for persona in world.personas.values():
            client = client_for(persona.key)
            where = f"{name} {url} as {persona.key}"
            may_read = persona.reads_school(target_key)
            may_write = persona.writes_school(target_key)
            if route.get:
                response = client.get(url)
                if may_write or (may_read and not route.get_needs_write):
                    assert response.status_code == 200, f"{where}: {response.status_code}"
                    body = response.content.decode("utf-8", errors="replace")
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
    for district_key in world.districts:
        url = _district_url(name, route, district_key, world)
        own_school = world.schools[f"{district_key}1"]
        for persona in world.personas.values():
            client = client_for(persona.key)
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
            if route.post is None or writes_district(persona, district_key, route):
                continue
            before = snapshot()
            response = send(client, "post", url, route, route.post(own_school))
            assert_refused(response, persona, route, f"POST {where}")
            assert snapshot() == before, f"POST {where} changed the database"
    _reviewer_write_succeeds(name, route, world, client_for)


def _reviewer_write_succeeds(name: str, route: Route, world: World, client_for: Any) -> None:
    """Control: the payload is real, the write of the district's reviewer (or, where only
    admins write, its admin) lands."""
    if route.post is None:
        return
    url = _district_url(name, route, "A", world)
    writer = "A.reviewer" if "district_reviewer" in route.writers else "A.admin"
    before = snapshot()
    response = send(client_for(writer), "post", url, route, route.post(world.schools["A1"]))
    assert response.status_code in (200, 201, 202, 302), (
        f"POST {name} as reviewer: {response.status_code} {response.content[:500]!r}"
    )
    assert snapshot() != before, f"POST {name} as {writer} wrote nothing"


@pytest.mark.parametrize(
    "name",
    [n for n in DISTRICT_OBJECT_ROUTES if ROUTES[n].district_kwargs is not _district],
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
            if route.post is not None:
                before = snapshot()
                response = send(client, "post", url, route, route.post(world.schools[f"{other}1"]))
                assert response.status_code == 404, f"POST {where}"
                assert snapshot() == before, f"POST {where} changed the database"


AUTHENTICATED_ROUTES = sorted(n for n, r in ROUTES.items() if r.scope == "authenticated")


@pytest.mark.parametrize("name", AUTHENTICATED_ROUTES)
def test_policy_text_is_for_signed_in_users_only(
    name: str, world: World, client_for: Any, policy_packs: None
) -> None:
    """Packs are public policy (the same for every tenant); they still need a login."""
    pack = PolicyPack.objects.get(code="xuhui-2026")
    url = reverse(name, kwargs={} if name.endswith("-list") else {"pk": pack.pk})
    for persona in world.personas.values():
        response = client_for(persona.key).get(url)
        if persona.user is None:
            assert response.status_code in (401, 403), url
        else:
            assert response.status_code == 200, f"{url} as {persona.key}"
            assert_no_foreign_rows(world, persona, response.content.decode(), url)


SELF_PAGES = [
    "tenancy:home",
    "accounts:profile",
    "accounts:password_change",
    "training:teacher_home",
]


@pytest.mark.parametrize("name", [*SELF_PAGES, "api:me", "api:school-list"])
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
