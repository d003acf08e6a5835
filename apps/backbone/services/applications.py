"""XB23-ASSESS applications to a cohort (CohortApplication): the teacher, or their school's
leader on their behalf, applies to a cohort accepting applications; the service refuses
a teacher barred by a failed term-end or a termination in an earlier cohort, across the
person's stints, with the reason; the district admits (→ member_add) or declines. The
one writer of `CohortApplication`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.backbone.models import ApplicationStatus, Category, Cohort, CohortApplication
from apps.backbone.selectors.assessments import barring_reason
from apps.backbone.services.cohort import member_add
from apps.core.text import text_errors
from apps.people.models import Teacher
from apps.tenancy.access import holds_district_role, school_ids_led_by
from apps.tenancy.models import DISTRICT_ROLES


def may_apply_for(user: Any, teacher: Teacher) -> bool:
    return user.pk == teacher.user_id or teacher.school_id in school_ids_led_by(user)


@transaction.atomic
def application_submit(
    *, actor: Any, cohort: Cohort, teacher: Teacher, category: str, statement: str = ""
) -> CohortApplication:
    teacher = Teacher.objects.get(pk=teacher.pk)
    if not may_apply_for(actor, teacher):
        raise PermissionDenied("只有教师本人或其学校负责人可以申报。")
    errors = text_errors({"statement": statement}, {"statement": "申报说明"})
    if teacher.district_id != cohort.district_id:
        errors["cohort"] = "只能申报本区的骨干培养。"
    elif not cohort.accepting_applications:
        errors["cohort"] = f"{cohort.name}目前不接受申报。"
    if category not in Category.values:
        errors["category"] = "请选择申报类别（学科（班主任）带头人或中青年骨干）。"
    if reason := barring_reason(teacher=teacher, cohort=cohort):
        errors["teacher"] = reason
    elif CohortApplication.objects.filter(cohort=cohort, teacher=teacher).exists():
        errors["teacher"] = "该教师已申报本届骨干。"
    if errors:
        raise ValidationError(errors)
    return CohortApplication.objects.create(
        cohort=cohort, teacher=teacher, district_id=teacher.district_id,
        school_id=teacher.school_id, category=category, statement=statement.strip(),
        submitted_by=actor,
    )  # fmt: skip


@transaction.atomic
def application_decide(
    *, actor: Any, application: CohortApplication, admit: bool, joined_on: dt.date | None = None
) -> CohortApplication:
    """The district admits (the teacher joins the cohort, on `joined_on` or its start) or
    declines an application still pending."""
    if not holds_district_role(actor, application.district_id, DISTRICT_ROLES):
        raise PermissionDenied("只有区教育局管理人员可以评审骨干申报。")
    locked = (
        CohortApplication.objects.select_for_update()
        .select_related("cohort", "teacher")
        .get(pk=application.pk)
    )
    if locked.status != ApplicationStatus.APPLIED:
        raise ValidationError(
            {"decision": f"该申报已{locked.get_status_display()}，不能再次评审。"}
        )
    if admit:
        if reason := barring_reason(teacher=locked.teacher, cohort=locked.cohort):
            raise ValidationError({"decision": reason})
        joined = joined_on or locked.cohort.starts_on
        member_add(actor=actor, cohort=locked.cohort, teacher=locked.teacher,
                   category=locked.category, joined_on=joined)  # fmt: skip
    locked.status = ApplicationStatus.ADMITTED if admit else ApplicationStatus.DECLINED
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return locked
