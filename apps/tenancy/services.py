"""Writes of districts and schools: the operator creates a district; its admin creates,
edits, closes and reopens schools, imports the school list and sets a school's featured
projects with a reason.

Every write checks its actor itself (the district's own admin; `actor=None` only for the
operator's command) and raises `ValidationError({field: 中文})`. A closed school keeps
every row and its history; it leaves the lists and takes no new records
(`models.refuse_if_closed`, called where records are created).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from apps.core.audit import audit_context
from apps.core.jobs import ImportDone, RowsRejected, import_create, import_limits, import_runner

from .access import holds_district_role
from .models import (
    District,
    DistrictLevel,
    EducationGroup,
    FeaturedProject,
    Role,
    School,
    SchoolImport,
    SchoolType,
)
from .school_import import parse_school_list

if TYPE_CHECKING:
    from apps.accounts.models import User

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
SCHOOL_FIELDS = ("code", "name", "school_type", "is_rural", "education_group", "featured_projects")


def check_district_admin(actor: User, district: District) -> None:
    """The district's own admin, or 404 (the same answer as a district one cannot see)."""
    if not holds_district_role(actor, district.pk, (Role.DISTRICT_ADMIN,)):
        raise Http404


# --------------------------------------------------------------------------- districts


def district_create(
    *, code: str, name: str, packs: list[str], parent: District | None = None
) -> District:
    """A new district (the operator's `create_district`; the packs are checked there)."""
    errors: dict[str, str] = {}
    if not CODE_PATTERN.match(code):
        errors["code"] = "区代码须为 1–40 位字母、数字、- 或 _，例如 xuhui。"
    elif District.objects.filter(code=code).exists():
        errors["code"] = f"区代码 {code} 已被使用。"
    if not name.strip():
        errors["name"] = "请填写区名称。"
    if errors:
        raise ValidationError(errors)
    return District.objects.create(
        code=code,
        name=name.strip(),
        parent=parent,
        level=DistrictLevel.DISTRICT,
        policy_packs=packs,
    )


def city_get_or_create(*, code: str, name: str) -> District:
    city = District.objects.filter(code=code).first()
    if city is not None:
        if city.level != DistrictLevel.CITY:
            raise ValidationError({"city": f"代码 {code} 已是一个区，不是市。"})
        return city
    if not CODE_PATTERN.match(code) or not name.strip():
        raise ValidationError(
            {"city": "市的代码须为字母、数字、- 或 _，并请用 --city-name 给出名称。"}
        )
    return District.objects.create(code=code, name=name.strip(), level=DistrictLevel.CITY)


def district_packs_set(*, actor: User, district: District, packs: list[str], reason: str) -> None:
    """The district's choice of policy packs, with the reason kept on its history row.
    The caller (compliance, which knows the packs) has checked the codes."""
    check_district_admin(actor, district)
    if not reason.strip():
        raise ValidationError({"reason": "请填写调整原因，它会与修改人、时间一起留存。"})
    if not packs:
        raise ValidationError({"packs": "请至少选择一个政策包。"})
    with audit_context(reason=reason.strip()):
        district.policy_packs = packs
        district.save(update_fields=["policy_packs", "updated_at"])


# --------------------------------------------------------------------------- schools


def _group(district: District, name: str) -> EducationGroup | None:
    name = name.strip()
    if not name:
        return None
    group, _created = EducationGroup.objects.get_or_create(district=district, name=name)
    return group


def school_field_errors(
    district: District, fields: dict[str, Any], *, exclude_pk: int | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    code = str(fields.get("code", ""))
    if not CODE_PATTERN.match(code):
        errors["code"] = "学校代码须为 1–40 位字母、数字、- 或 _，例如 XH001。"
    else:
        clash = School.objects.filter(district=district, code=code)
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            errors["code"] = f"学校代码 {code} 已被本区其他学校使用。"
    if not str(fields.get("name", "")).strip():
        errors["name"] = "请填写学校名称。"
    elif len(str(fields["name"])) > 100:
        errors["name"] = "学校名称最多 100 字。"
    if fields.get("school_type") not in SchoolType.values:
        errors["school_type"] = "请选择学段类型：" + "、".join(str(x) for x in SchoolType.labels)
    unknown = set(fields.get("featured_projects") or ()) - set(FeaturedProject.values)
    if unknown:
        errors["featured_projects"] = "未知的特色项目：" + "、".join(sorted(unknown))
    return errors


def school_create(*, actor: User | None, district: District, **fields: Any) -> School:
    if actor is not None:
        check_district_admin(actor, district)
    errors = school_field_errors(district, fields)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return School.objects.create(
            district=district,
            code=fields["code"],
            name=str(fields["name"]).strip(),
            school_type=fields["school_type"],
            is_rural=bool(fields.get("is_rural")),
            education_group=_group(district, str(fields.get("education_group") or "")),
            featured_projects=list(fields.get("featured_projects") or []),
        )


def school_update(*, actor: User, school: School, **fields: Any) -> School:
    """Change the school's card; a change of its featured projects needs a `reason`."""
    check_district_admin(actor, school.district)
    current: dict[str, Any] = {
        "code": school.code,
        "name": school.name,
        "school_type": school.school_type,
        "is_rural": school.is_rural,
        "education_group": school.education_group.name if school.education_group else "",
        "featured_projects": list(school.featured_projects),
    }
    merged = current | {k: v for k, v in fields.items() if k in SCHOOL_FIELDS}
    errors = school_field_errors(school.district, merged, exclude_pk=school.pk)
    reason = str(fields.get("reason", "")).strip()
    if sorted(merged["featured_projects"]) != sorted(current["featured_projects"]) and not reason:
        errors["reason"] = "调整特色项目时请填写原因，它会与修改人、时间一起留存。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit_context(reason=reason) if reason else nullcontext():
        school.code = merged["code"]
        school.name = str(merged["name"]).strip()
        school.school_type = merged["school_type"]
        school.is_rural = bool(merged["is_rural"])
        school.education_group = _group(school.district, str(merged["education_group"] or ""))
        school.featured_projects = list(merged["featured_projects"])
        school.save()
    return school


def school_close(*, actor: User, school: School, reason: str) -> School:
    """Close a school: its rows and history stay, it leaves the lists, it takes no new
    records. The reason is kept on the history row."""
    check_district_admin(actor, school.district)
    if school.closed_at is not None:
        raise ValidationError({"reason": "该学校已经关闭。"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写关闭原因（如：撤并至某校）。"})
    with audit_context(reason=reason.strip()):
        school.closed_at = timezone.now()
        school.save(update_fields=["closed_at", "updated_at"])
    return school


def school_reopen(*, actor: User, school: School, reason: str) -> School:
    check_district_admin(actor, school.district)
    if school.closed_at is None:
        raise ValidationError({"reason": "该学校没有关闭。"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写恢复原因。"})
    with audit_context(reason=reason.strip()):
        school.closed_at = None
        school.save(update_fields=["closed_at", "updated_at"])
    return school


# --------------------------------------------------------------------------- import

IMPORT_SUCCESS = "导入成功：新增学校 {created} 所，新增教育集团 {groups} 个。"


def school_import_start(
    *, actor: User, district: District, file_name: str, data: bytes
) -> SchoolImport:
    check_district_admin(actor, district)
    return import_create(
        SchoolImport, file_name=file_name, data=data, district=district, created_by=actor
    )


@import_runner(SchoolImport, select_related=("district",))
def school_import_execute(job: SchoolImport) -> ImportDone:
    """Parse every row (`school_import`), then create all the schools or none."""
    district = job.district
    taken = set(School.objects.filter(district=district).values_list("code", flat=True))
    parsed = parse_school_list(
        bytes(job.file_data),
        taken_codes=taken,
        limits=import_limits(),
        progress=job.report_progress,
    )
    if parsed.errors:
        raise RowsRejected(parsed.errors)
    groups = _groups_for(district, (row.get("education_group", "") for _n, row in parsed.rows))
    School.objects.bulk_create(
        School(
            district=district,
            code=row["code"],
            name=row["name"],
            school_type=row["school_type"],
            is_rural=row.get("is_rural", False),
            education_group=groups.get(row.get("education_group", "")),
            featured_projects=row.get("featured_projects", []),
        )
        for _n, row in parsed.rows
    )
    summary = {"created": len(parsed.rows), "groups": groups.created}
    return ImportDone(summary, IMPORT_SUCCESS.format(**summary))


class _Groups(dict[str, EducationGroup]):
    created = 0


def _groups_for(district: District, names: Iterable[str]) -> _Groups:
    """The district's education groups by name, the missing ones created (set-based)."""
    wanted = {n for n in names if n}
    groups = _Groups(
        (g.name, g) for g in EducationGroup.objects.filter(district=district, name__in=wanted)
    )
    new = [EducationGroup(district=district, name=n) for n in sorted(wanted - set(groups))]
    for group in EducationGroup.objects.bulk_create(new):
        groups[group.name] = group
    groups.created = len(new)
    return groups
