"""XH26-A2P-4.1: the studio rules (选拔、考核办法及经费标准) — the district's, filed by
its admin, and each school's, filed by its leader — reviewed by the district's officers
through the kit (`core.review`: nobody reviews what they filed). The one writer of
`StudioRules`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.core.review import review_decide, review_submitted
from apps.core.text import model_text_errors
from apps.studios.models import StudioRules
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import District, Role, School, refuse_if_closed

if TYPE_CHECKING:
    from apps.accounts.models import User

REVIEW_ROLES = (Role.DISTRICT_ADMIN, Role.DISTRICT_REVIEWER)
REQUIRED = {
    "title": "标题",
    "selection": "选拔办法",
    "assessment": "考核办法",
    "funding": "经费标准",
}


def may_submit_rules(actor: User, district: District, school: School | None) -> bool:
    """The district's admin for the district's rules; a school's leader for the school's."""
    if school is None:
        return holds_district_role(actor, district.pk, (Role.DISTRICT_ADMIN,))
    return school.district_id == district.pk and school.pk in school_ids_led_by(actor)


@transaction.atomic
def rules_submit(
    *, district: District, school: School | None, actor: User, title: str, selection: str,
    assessment: str, funding: str,
) -> StudioRules:  # fmt: skip
    """File the rules for review (a new version each time; the latest accepted holds)."""
    if not may_submit_rules(actor, district, school):
        raise PermissionDenied("只有区管理员（区级办法）或本校负责人（校级办法）可以提交。")
    if school is not None:
        refuse_if_closed(school)
    values = {"title": title, "selection": selection, "assessment": assessment,
              "funding": funding}  # fmt: skip
    errors = model_text_errors(StudioRules, values)
    for key, label in REQUIRED.items():
        if not values[key].strip():
            errors.setdefault(key, f"请填写{label}。")
    if errors:
        raise ValidationError(errors)
    rules = StudioRules.objects.create(
        district=district, school=school, submitted_by=actor, title=title.strip(),
        selection=selection, assessment=assessment, funding=funding,
    )  # fmt: skip
    review_submitted(rules, actor=actor)
    return rules


def rules_review(
    *, rules: StudioRules, reviewer: User, accept: bool, comment: str = ""
) -> StudioRules:
    """Accept or return (with a comment): the district's admin or reviewer, never the
    person who filed them (the kit refuses)."""
    return review_decide(
        rules,
        reviewer=reviewer,
        accept=accept,
        comment=comment,
        allowed=holds_district_role(reviewer, rules.district_id, REVIEW_ROLES),
    )
