"""Reads of the needs surveys (PT24-NEEDS): a school's or the district's surveys with their
answer counts, the tallies per choice, and the surveys a teacher answers.

A survey is addressed to the active teachers of its school, or of its whole district; a
teacher reaches it through their own teacher records only, so another school's survey is a
404 like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.core.web import int_or_404
from apps.people import selectors as people_selectors
from apps.people.models import Teacher
from apps.tenancy.models import District, School
from apps.training.models import Survey, SurveyResponse

if TYPE_CHECKING:
    from apps.accounts.models import User


def survey_list(
    *, district: District | None = None, school: School | None = None
) -> QuerySet[Survey]:
    """A school's surveys (school=), or the district's own (district=, school null), with
    the number of answers."""
    if school is not None:
        queryset = Survey.objects.filter(school=school, district_id=school.district_id)
    elif district is not None:
        queryset = Survey.objects.filter(district=district, school__isnull=True)
    else:
        raise TypeError("survey_list needs school= or district=")
    return (
        queryset.select_related("created_by")
        .annotate(response_count=Count("responses"))
        .order_by("-created_at", "-pk")
    )


def survey_get(
    *, survey_id: int | str, district: District | None = None, school: School | None = None
) -> Survey:
    return get_object_or_404(
        survey_list(district=district, school=school), pk=int_or_404(survey_id)
    )


def survey_audience(*, survey: Survey) -> QuerySet[Teacher]:
    """Who answers: active teachers of the survey's school, or of its whole district."""
    if survey.school_id is not None:
        return Teacher.objects.filter(school_id=survey.school_id, is_active=True)
    return Teacher.objects.filter(district_id=survey.district_id, is_active=True)


@dataclass
class ChoiceTally:
    label: str
    count: int = 0
    percent: int = 0


@dataclass
class QuestionTally:
    number: int
    text: str
    multiple: bool
    answered: int = 0
    choices: list[ChoiceTally] = field(default_factory=list)


@dataclass
class SurveyTallies:
    respondents: int
    audience: int
    questions: list[QuestionTally]

    @property
    def response_rate(self) -> int:
        return round(self.respondents * 100 / self.audience) if self.audience else 0


def survey_tallies(*, survey: Survey) -> SurveyTallies:
    """Counts per choice and their share of the respondents, from one pass over the
    answers (one query for the answers, one for the audience size).

    For a multiple-choice question the shares add up to more than 100%: each is the share
    of respondents who ticked that choice.
    """
    questions = [
        QuestionTally(
            number=index + 1,
            text=question["text"],
            multiple=bool(question.get("multiple")),
            choices=[ChoiceTally(label=label) for label in question["choices"]],
        )
        for index, question in enumerate(survey.questions)
    ]
    respondents = 0
    for answers in SurveyResponse.objects.filter(survey=survey).values_list("answers", flat=True):
        respondents += 1
        for tally, picked in zip(questions, answers or [], strict=False):
            chosen = {i for i in picked if isinstance(i, int) and 0 <= i < len(tally.choices)}
            if chosen:
                tally.answered += 1
            for i in chosen:
                tally.choices[i].count += 1
    for tally in questions:
        for choice in tally.choices:
            choice.percent = round(choice.count * 100 / respondents) if respondents else 0
    return SurveyTallies(
        respondents=respondents,
        audience=survey_audience(survey=survey).count(),
        questions=questions,
    )


@dataclass(frozen=True)
class TeacherSurvey:
    survey: Survey
    teacher: Teacher
    response: SurveyResponse | None


def own_teacher_records(*, user: User) -> list[Teacher]:
    """The user's active teacher records (those their teacher memberships reach)."""
    return [t for t in people_selectors.teacher_records_of(user=user) if t.is_active]


def _survey_for(survey: Survey, records: list[Teacher]) -> Teacher | None:
    """The user's teacher record that answers this survey (its school's; for a district
    survey, the first record in that district)."""
    for teacher in sorted(records, key=lambda t: t.pk):
        if survey.school_id is not None and teacher.school_id == survey.school_id:
            return teacher
        if survey.school_id is None and teacher.district_id == survey.district_id:
            return teacher
    return None


def surveys_for_teacher(*, user: User) -> list[TeacherSurvey]:
    """Surveys the user answers as a teacher: their district's and their school's, with
    their answer if any (three queries in all)."""
    records = own_teacher_records(user=user)
    if not records:
        return []
    surveys = Survey.objects.filter(
        Q(school__isnull=True, district_id__in={t.district_id for t in records})
        | Q(school_id__in={t.school_id for t in records})
    ).order_by("-is_open", "-created_at", "-pk")
    pairs = [(s, t) for s in surveys if (t := _survey_for(s, records)) is not None]
    responses = {
        (r.survey_id, r.teacher_id): r
        for r in SurveyResponse.objects.filter(
            survey_id__in=[s.pk for s, _ in pairs], teacher_id__in=[t.pk for t in records]
        )
    }
    return [TeacherSurvey(s, t, responses.get((s.pk, t.pk))) for s, t in pairs]


def survey_for_teacher(*, user: User, survey_id: int | str) -> TeacherSurvey:
    """One survey the user answers as a teacher; 404 when it is not theirs to answer."""
    records = own_teacher_records(user=user)
    wanted = int_or_404(survey_id)
    survey = (
        Survey.objects.filter(
            Q(school__isnull=True, district_id__in={t.district_id for t in records})
            | Q(school_id__in={t.school_id for t in records}),
            pk=wanted,
        )
        .select_related("school", "district")
        .first()
    )
    teacher = _survey_for(survey, records) if survey is not None else None
    if survey is None or teacher is None:
        raise Http404
    response = SurveyResponse.objects.filter(survey=survey, teacher=teacher).first()
    return TeacherSurvey(survey, teacher, response)
