"""`manage.py generate_synthetic --schools N --teachers-per-school M [--district-code synth]
[--year Y] [--seed S]`: a large synthetic district for benchmarks and load tests.

What it writes, in one transaction and with `bulk_create` only (no per-row save):

1. the policy packs (`load_all`, idempotent) and a district on packs xuhui-2026 +
   xuhui-backbone-2023 — when the code exists and the district is one this command made,
   its rows are deleted first, in bulk, so running it again replaces rather than adds;
2. N schools of mixed types in a fixed pattern, some opted into Appendix-2 featured
   projects (so featured-project indicators are sometimes applicable);
3. M teachers per school, the year's classes with homeroom teachers and deputies — the
   generators of `apps.people.demo`, which leave the last class of every school whose
   code ends in 2 without a homeroom teacher;
4. evidence for the document indicators (about 60% of the applicable ones per school:
   accepted, waiting for review, or returned with a comment), with their history;
5. logins `<code>_admin`, `<code>_reviewer`, `<code>_leader` (password of the demo).

Names are generated from common characters: no real person's data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.utils import timezone

from apps.compliance import packs as pack_data
from apps.compliance import selectors as compliance_selectors
from apps.compliance.engine import applies
from apps.compliance.models import (
    ComplianceResult,
    ComplianceRun,
    Indicator,
    ParameterOverride,
    RecomputeRequest,
)
from apps.core.schoolyear import current_school_year
from apps.people.demo import DEMO_PASSWORD, _assignments, _classes, _date, _login, _name
from apps.people.models import (
    Education,
    HomeroomAssignment,
    ProfessionalTitle,
    PsychCertificate,
    RosterImport,
    SchoolClass,
    Teacher,
)
from apps.tenancy.models import District, FeaturedProject, Membership, Role, School, SchoolType

PACKS = ("xuhui-2026", "xuhui-backbone-2023")
BATCH = 2000
NAME_PREFIX = "合成区"
# A fixed mix close to an urban district's: mostly primary and junior schools.
TYPE_CYCLE = (
    SchoolType.PRIMARY, SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.PRIMARY,
    SchoolType.COMPLETE, SchoolType.JUNIOR, SchoolType.PRIMARY, SchoolType.SENIOR,
    SchoolType.NINE_YEAR, SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.KINDERGARTEN,
    SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.VOCATIONAL, SchoolType.PRIMARY,
    SchoolType.COMPLETE, SchoolType.JUNIOR, SchoolType.PRIMARY, SchoolType.NINE_YEAR,
)  # fmt: skip
SCHOOL_NOUN = {
    SchoolType.PRIMARY: "小学",
    SchoolType.JUNIOR: "初级中学",
    SchoolType.SENIOR: "高级中学",
    SchoolType.COMPLETE: "中学",
    SchoolType.NINE_YEAR: "学校",
    SchoolType.VOCATIONAL: "职业技术学校",
    SchoolType.KINDERGARTEN: "幼儿园",
}
# (project, every n-th school, offset): about a quarter of the schools opt into something.
PROJECT_PATTERN = (
    (FeaturedProject.DUAL_TRACK_DEPUTY, 6, 0),
    (FeaturedProject.SUPPORT_CENTER, 9, 1),
    (FeaturedProject.DIGITAL_PARTNER, 10, 2),
    (FeaturedProject.TIERED_STUDIO, 12, 3),
)
EVIDENCE_SHARE = 0.6
REVIEW_STATES = ("accepted", "submitted", "returned")
REVIEW_WEIGHTS = (5, 3, 2)
PLACEHOLDER_PDF = b"%PDF-1.4\n% synthetic placeholder document\n%%EOF\n"


def _evidence_models() -> tuple[type[models.Model], type[models.Model], type[models.Model]]:
    """Evidence rows by app label: ARCHITECTURE §3 lets domain apps write evidence, but
    the dependency test does not list people → evidence yet, and this command is the
    only place people touches it (a generator of test data, not a domain rule)."""
    return (
        apps.get_model("evidence", "EvidenceItem"),
        apps.get_model("evidence", "EvidenceFile"),
        apps.get_model("evidence", "EvidenceEvent"),
    )


def _bulk(model: type[models.Model], rows: Iterable[models.Model]) -> list[Any]:
    return model._default_manager.bulk_create(list(rows), batch_size=BATCH)


class Command(BaseCommand):
    help = "Create (or replace) a synthetic district with N schools and M teachers each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schools", type=int, required=True)
        parser.add_argument("--teachers-per-school", type=int, required=True)
        parser.add_argument("--district-code", default="synth")
        parser.add_argument("--year", type=int, default=None, help="default: this school year")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        schools, per_school = options["schools"], options["teachers_per_school"]
        if schools < 1 or per_school < 1:
            raise CommandError("--schools and --teachers-per-school must be at least 1")
        started = time.monotonic()
        pack_data.load_all()
        counts = generate(
            code=options["district_code"],
            schools=schools,
            teachers_per_school=per_school,
            year=options["year"] or current_school_year(),
            seed=options["seed"],
        )
        self.stdout.write(
            f"district {options['district_code']} ({counts.pop('action')}): "
            + ", ".join(f"{value} {key}" for key, value in counts.items())
            + f" in {time.monotonic() - started:.1f} s"
        )
        self.stdout.write(
            f"logins {options['district_code']}_admin / _reviewer / _leader, "
            f"password {DEMO_PASSWORD}"
        )


@transaction.atomic
def generate(
    *, code: str, schools: int, teachers_per_school: int, year: int, seed: int
) -> dict[str, Any]:
    rng = random.Random(f"{code}:{seed}")
    name = f"{NAME_PREFIX}（{code}）"
    district = District.objects.filter(code=code).first()
    action = "created"
    if district is not None:
        if district.name != name:
            raise CommandError(
                f"district {code!r} ({district.name}) was not made by this command; "
                "choose another --district-code"
            )
        _wipe(district)
        action = "replaced"
        district.policy_packs = list(PACKS)
        district.save(update_fields=["policy_packs", "updated_at"])
    else:
        district = District.objects.create(code=code, name=name, policy_packs=list(PACKS))

    school_rows = _bulk(School, (_school(district, index) for index in range(schools)))
    teachers = _bulk(
        Teacher,
        (t for s in school_rows for t in _teachers(s, rng, year, teachers_per_school)),
    )
    classes = _bulk(SchoolClass, (c for s in school_rows for c in _classes(s, year)))
    by_school: dict[int, tuple[list[Teacher], list[SchoolClass]]] = {
        s.pk: ([], []) for s in school_rows
    }
    for teacher in teachers:
        by_school[teacher.school_id][0].append(teacher)
    for school_class in classes:
        by_school[school_class.school_id][1].append(school_class)
    assignments = _bulk(
        HomeroomAssignment,
        (
            a
            for s in school_rows
            for a in _assignments(s, by_school[s.pk][1], by_school[s.pk][0], rng, year)
        ),
    )
    _admin, reviewer, leader = _logins(district, school_rows[0])
    evidence = _evidence(district, school_rows, year, rng, submitter=leader, reviewer=reviewer)
    return {
        "action": action,
        "schools": len(school_rows),
        "teachers": len(teachers),
        "classes": len(classes),
        "assignments": len(assignments),
        "evidence items": evidence,
    }


def _wipe(district: District) -> None:
    """Every row of the district's schools, children before parents, one query per table
    (plus Django's cascade checks); the district row itself is kept."""
    item_model, _file, _event = _evidence_models()
    ComplianceResult.objects.filter(district=district).delete()
    ComplianceRun.objects.filter(district=district).delete()
    RecomputeRequest.objects.filter(district=district).delete()
    ParameterOverride.objects.filter(district=district).delete()
    item_model._default_manager.filter(district=district).delete()
    HomeroomAssignment.objects.filter(district=district).delete()
    SchoolClass.objects.filter(district=district).delete()
    RosterImport.objects.filter(district=district).delete()
    Teacher.objects.filter(district=district).delete()
    School.objects.filter(district=district).delete()  # school memberships cascade


def _school(district: District, index: int) -> School:
    school_type = TYPE_CYCLE[index % len(TYPE_CYCLE)]
    number = index + 1
    return School(
        district=district,
        code=f"{district.code}-{number:04d}",
        name=f"合成第{number}{SCHOOL_NOUN[school_type]}",
        school_type=school_type,
        is_rural=index % 7 == 5,
        featured_projects=[p for p, every, offset in PROJECT_PATTERN if index % every == offset],
    )


def _teachers(school: School, rng: random.Random, year: int, count: int) -> list[Teacher]:
    """Like `demo._teachers`, for any number of teachers."""
    rows = []
    for index in range(1, count + 1):
        birth = _date(rng, year - rng.randint(23, 58))
        teaching_year = birth.year + rng.randint(22, 25)
        title = _title(year - teaching_year)
        rows.append(
            Teacher(
                school=school,
                district_id=school.district_id,
                employee_no=f"S{index:04d}",
                name=_name(rng),
                gender=rng.choice("MFFF"),
                birth_date=birth,
                teaching_since=dt.date(teaching_year, 9, 1),
                homeroom_since=(
                    dt.date(min(teaching_year + rng.randint(0, 4), year), 9, 1)
                    if rng.random() < 0.85
                    else None
                ),
                professional_title=title,
                highest_education=rng.choice(
                    (Education.BACHELOR, Education.BACHELOR, Education.MASTER)
                ),
                psych_certificate=rng.choice(
                    (PsychCertificate.NONE, PsychCertificate.C, PsychCertificate.B)
                ),
                is_moral_cadre=index <= 3,
            )
        )
    return rows


def _title(years_teaching: int) -> str:
    """The demo's rule of thumb for 职称 by years of teaching."""
    for years, title in ((20, ProfessionalTitle.SENIOR), (8, ProfessionalTitle.FIRST)):
        if years_teaching > years:
            return title
    return ProfessionalTitle.SECOND if years_teaching > 2 else ProfessionalTitle.NONE


def _logins(district: District, first_school: School) -> tuple[Any, Any, Any]:
    code = district.code
    admin: Any = _login(f"{code}_admin", f"{district.name}管理员")
    reviewer: Any = _login(f"{code}_reviewer", f"{district.name}审核员")
    leader: Any = _login(f"{code}_leader", f"{first_school.name}德育主任")
    for user, role in ((admin, Role.DISTRICT_ADMIN), (reviewer, Role.DISTRICT_REVIEWER)):
        Membership.objects.get_or_create(user=user, district=district, school=None, role=role)
    Membership.objects.create(
        user=leader, district=district, school=first_school, role=Role.SCHOOL_LEADER
    )
    return admin, reviewer, leader


def _document_indicators(district: District) -> list[Indicator]:
    return [
        indicator
        for indicator in compliance_selectors.active_indicators(district=district)
        if indicator.scope == "school"
        and "evidence.document"
        in [indicator.evaluator]
        + [p["evaluator"] for p in (indicator.params or {}).get("parts", [])]
    ]


def _evidence(
    district: District,
    schools: list[School],
    year: int,
    rng: random.Random,
    *,
    submitter: Any,
    reviewer: Any,
) -> int:
    item_model, file_model, event_model = _evidence_models()
    now = timezone.now()
    digest = hashlib.sha256(PLACEHOLDER_PDF).hexdigest()
    indicators = _document_indicators(district)
    items = []
    for school in schools:
        for indicator in indicators:
            if not applies(indicator, school) or rng.random() > EVIDENCE_SHARE:
                continue
            state = rng.choices(REVIEW_STATES, REVIEW_WEIGHTS)[0]
            reviewed = state != "submitted"
            items.append(
                item_model(
                    school=school,
                    district_id=district.pk,
                    indicator_code=indicator.code,
                    pack_code=indicator.pack.code,
                    school_year=year,
                    kind="document",
                    title=f"{school.name}·{indicator.code} 材料",
                    file_name=f"{indicator.code}.pdf",
                    file_type="pdf",
                    file_size=len(PLACEHOLDER_PDF),
                    file_sha256=digest,
                    status=state,
                    submitted_by=submitter,
                    reviewed_by=reviewer if reviewed else None,
                    reviewed_at=now if reviewed else None,
                    review_comment="请补充会议记录与签到表。" if state == "returned" else "",
                )
            )
    items = _bulk(item_model, items)
    _bulk(file_model, (file_model(item=item, data=PLACEHOLDER_PDF) for item in items))
    events = [event_model(item=item, action="submitted", actor=submitter) for item in items]
    events += [
        event_model(
            item=item,
            action=item.status,  # type: ignore[attr-defined]
            actor=reviewer,
            comment=item.review_comment,  # type: ignore[attr-defined]
        )
        for item in items
        if item.status != "submitted"  # type: ignore[attr-defined]
    ]
    _bulk(event_model, events)
    return len(items)
