"""The probation's guards on people's assignments (people.guards), on every path — the
roster form, the API, the import — each answering for all the requests in a few queries:

* a teacher whose probation is open gets no homeroom post but by appointment
  (`services.trainee_appoint`) and is told what is missing, in the appointment's own
  words (one query for the trainees, three for their progress);
* XH26-DEPUTY: a training-track deputy is of the pack's age or younger;
* LS15-ELIGIBLE: a homeroom teacher meets the post's conditions or has an exception."""

from __future__ import annotations

from collections.abc import Sequence

from apps.people.guards import AssignmentRequest, register_assignment_guard
from apps.people.models import AssignmentRole
from apps.people.selectors import homeroom_shortfall
from apps.tenancy.models import School

from .models import OPEN_STATUSES, Trainee
from .selectors.deputies import age_at_year_start, deputy_age_limit
from .selectors.eligibility import eligibility_rules, excepted, judged_on
from .selectors.progress import probation_rules, progress_of
from .services.appointment import refusal_text


def probation_guard(school: School, requests: Sequence[AssignmentRequest]) -> dict[int, str]:
    homeroom = {
        index: request.teacher.pk
        for index, request in enumerate(requests)
        if request.role == AssignmentRole.HOMEROOM
    }
    if not homeroom:
        return {}
    trainees = {
        t.teacher_id: t
        for t in Trainee.objects.filter(
            teacher__in=set(homeroom.values()), status__in=OPEN_STATUSES
        ).select_related("teacher")
    }
    if not trainees:
        return {}
    progress = {
        p.trainee.teacher_id: p
        for p in progress_of(trainees.values(), probation_rules(district=school.district))
    }
    return {
        index: refusal_text(progress[teacher_id].trainee.teacher.name,
                            progress[teacher_id].missing or ["请在见习管理中办理正式聘任"])
        for index, teacher_id in homeroom.items()
        if teacher_id in progress
    }  # fmt: skip


register_assignment_guard("probation", probation_guard)


def deputy_age_guard(school: School, requests: Sequence[AssignmentRequest]) -> dict[int, str]:
    """XH26-DEPUTY: a training-track deputy is at most the pack's age on 1 September of
    the class's school year (the bound included); where no pack sets the age, no limit."""
    training = [
        (index, r) for index, r in enumerate(requests) if r.role == AssignmentRole.DEPUTY_TRAINING
    ]
    if not training:
        return {}
    limit = deputy_age_limit(district=school.district)
    if limit is None:
        return {}
    refused = {}
    for index, request in training:
        year = request.school_class.school_year
        age = age_at_year_start(request.teacher.birth_date, year)
        name = request.teacher.name
        if age is None:
            refused[index] = (
                f"{name}未填写出生日期，无法确认是否符合培养型副班主任的年龄要求"
                f"（{year}学年 9 月 1 日不超过 {limit} 周岁）。"
            )
        elif age > limit:
            refused[index] = (
                f"{name}在{year}学年 9 月 1 日已满 {age} 周岁，超过培养型副班主任的年龄上限"
                f"（{limit} 周岁及以下），可改任专家型副班主任。"
            )
    return refused


def eligibility_guard(school: School, requests: Sequence[AssignmentRequest]) -> dict[int, str]:
    """LS15-ELIGIBLE, only where the district's packs hold it: a homeroom teacher has the
    pack's years of teaching and the certificate's level, unless the school's leader
    recorded an exception (例外任用) for the teacher and the class's school year."""
    homeroom = [(index, r) for index, r in enumerate(requests) if r.role == AssignmentRole.HOMEROOM]
    if not homeroom:
        return {}
    rules = eligibility_rules(district=school.district)
    if rules is None:
        return {}
    exceptions = excepted(
        [r.teacher.pk for _i, r in homeroom], [r.school_class.school_year for _i, r in homeroom]
    )
    refused = {}
    for index, request in homeroom:
        year = request.school_class.school_year
        reasons = homeroom_shortfall(
            request.teacher, on=judged_on(year), min_years=rules.min_years,
            min_certificate=rules.min_certificate,
        )  # fmt: skip
        if reasons and (request.teacher.pk, year) not in exceptions:
            refused[index] = (
                f"{request.teacher.name}不符合班主任任职条件：" + "、".join(reasons)
                + "；如确需任用，请先在“例外任用”中登记原因。"
            )  # fmt: skip
    return refused


register_assignment_guard("probation.deputy_age", deputy_age_guard)
register_assignment_guard("probation.eligibility", eligibility_guard)
