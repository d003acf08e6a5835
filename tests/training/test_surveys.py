"""Needs surveys (PT24-NEEDS): a district or a school publishes a questionnaire, its
teachers answer once (and may change their answer until it closes), leaders see tallies."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.people.models import Teacher
from apps.training import selectors, services
from apps.training.models import Survey, SurveyResponse
from tests.personas import World

QUESTIONS = [
    {
        "text": "最需要的研修内容",
        "choices": ["班集体管理", "家校沟通", "学生心理"],
        "multiple": True,
    },
    {"text": "希望的研修时间", "choices": ["周三下午", "周五下午"], "multiple": False},
]


def _school_survey(world: World, key: str = "A1", **extra: Any) -> Survey:
    sd = world.schools[key]
    return services.survey_create(
        district=sd.school.district,
        school=sd.school,
        actor=world.user(f"{key}.leader"),
        title=f"{key}研修需求调研",
        questions=QUESTIONS,
        **extra,
    )


def _district_survey(world: World, key: str = "A") -> Survey:
    return services.survey_create(
        district=world.districts[key],
        school=None,
        actor=world.user(f"{key}.admin"),
        title=f"{key}区班主任研修需求调研",
        questions=QUESTIONS,
    )


def _linked(world: World, key: str) -> Teacher:
    """The teacher record linked to the school's teacher login (fresh from the database)."""
    return Teacher.objects.get(pk=world.schools[key].teachers[0].pk)


def _answer_url(survey: Survey) -> str:
    return reverse("training:my_survey_answer", args=[survey.pk])


def _question_rows(lines: list[tuple[str, bool]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "questions-TOTAL_FORMS": len(lines) + 1,
        "questions-INITIAL_FORMS": 0,
    }
    for index, (line, multiple) in enumerate([*lines, ("", False)]):
        data[f"questions-{index}-line"] = line
        if multiple:
            data[f"questions-{index}-multiple"] = "on"
    return data


# --------------------------------------------------------------------------- publishing


def test_pt24_needs_school_leader_publishes_a_survey_from_lines(
    world: World, client_for: Any
) -> None:
    school = world.schools["A1"].school
    response = client_for("A1.leader").post(
        reverse("training:school_survey_create", args=[school.pk]),
        {
            "title": "本学期研修需求",
            "is_open": "on",
            **_question_rows(
                [("最需要的内容|班集体管理|家校沟通", True), ("时间｜周三｜周五", False)]
            ),
        },
    )
    survey = Survey.objects.get(school=school)
    assert response.status_code == 302
    assert survey.questions == [
        {"text": "最需要的内容", "choices": ["班集体管理", "家校沟通"], "multiple": True},
        {"text": "时间", "choices": ["周三", "周五"], "multiple": False},
    ]
    assert (survey.district_id, survey.is_open, survey.created_by) == (
        school.district_id,
        True,
        world.user("A1.leader"),
    )


def test_pt24_needs_bad_question_lines_get_chinese_errors_on_their_row(
    world: World, client_for: Any
) -> None:
    school = world.schools["A1"].school
    response = client_for("A1.leader").post(
        reverse("training:school_survey_create", args=[school.pk]),
        {
            "title": "",
            **_question_rows([("只有一个选项|是", False), ("|甲|乙", False), ("重复|甲|甲", True)]),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "请填写问卷标题" in body
    assert "本题至少需要两个选项，选项之间用“|”分隔" in body
    assert "本题缺少题目文字" in body
    assert "本题有重复的选项" in body
    assert not Survey.objects.exists()

    empty = client_for("A1.leader").post(
        reverse("training:school_survey_create", args=[school.pk]),
        {"title": "空问卷", **_question_rows([])},
    )
    assert "请至少填写一道题目" in empty.content.decode()
    assert not Survey.objects.exists()


def test_pt24_needs_only_the_district_admin_publishes_a_district_survey(
    world: World, client_for: Any
) -> None:
    district = world.districts["A"]
    url = reverse("training:district_survey_create", args=[district.pk])
    payload = {"title": "区级需求调研", "is_open": "on", **_question_rows([("内容|甲|乙", False)])}
    assert client_for("A.reviewer").post(url, payload).status_code == 404
    assert client_for("A1.leader").post(url, payload).status_code == 404
    assert not Survey.objects.exists()
    assert client_for("A.admin").post(url, payload).status_code == 302
    survey = Survey.objects.get()
    assert (survey.district_id, survey.school_id) == (district.pk, None)
    with pytest.raises(PermissionDenied):
        services.survey_create(
            district=district,
            school=None,
            actor=world.user("A.reviewer"),
            title="x",
            questions=QUESTIONS,
        )


# --------------------------------------------------------------------------- answering


def test_pt24_needs_a_teacher_answers_once_and_may_change_until_closed(
    world: World, client_for: Any
) -> None:
    survey = _school_survey(world)
    client = client_for("A1.teacher")
    teacher = world.schools["A1"].teachers[0]

    listing = client.get(reverse("training:my_surveys")).content.decode()
    assert survey.title in listing
    assert "待回答" in listing

    first = client.post(_answer_url(survey), {"q1": ["0", "2"], "q2": "1"})
    assert first.status_code == 302
    second = client.post(_answer_url(survey), {"q1": ["1"], "q2": "0"})
    assert second.status_code == 302
    response = SurveyResponse.objects.get(survey=survey)
    assert (response.teacher_id, response.answers) == (teacher.pk, [[1], [0]])

    page = client.get(_answer_url(survey)).content.decode()
    assert "截止前可以修改" in page

    services.survey_set_open(survey=survey, is_open=False, actor=world.user("A1.leader"))
    closed = client.post(_answer_url(survey), {"q1": ["2"], "q2": "1"})
    assert closed.status_code == 200
    assert "该问卷已截止" in closed.content.decode()
    response.refresh_from_db()
    assert response.answers == [[1], [0]]


def test_pt24_needs_answers_must_answer_every_question_in_chinese(
    world: World, client_for: Any
) -> None:
    survey = _school_survey(world)
    response = client_for("A1.teacher").post(_answer_url(survey), {"q2": "7"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "请至少选择一项" in body
    assert "所选选项无效" in body
    assert not SurveyResponse.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.survey_answer(
            survey=survey,
            teacher=_linked(world, "A1"),
            actor=world.user("A1.teacher"),
            answers=[[0], [0, 1]],
        )
    assert "单选题" in error.value.message_dict["q2"][0]


def test_pt24_needs_a_teacher_of_another_school_cannot_answer_a_school_survey(
    world: World, client_for: Any
) -> None:
    """The school's survey is addressed to its teachers only: a teacher of a sibling school
    of the same district, or of another district, gets 404 on GET and POST."""
    survey = _school_survey(world, "A1")
    for persona in ("A2.teacher", "B1.teacher", "A1.leader", "A.admin"):
        client = client_for(persona)
        assert client.get(_answer_url(survey)).status_code == 404, persona
        assert client.post(_answer_url(survey), {"q1": ["0"], "q2": "0"}).status_code == 404
        assert survey.title not in client.get(reverse("training:my_surveys")).content.decode()
    assert not SurveyResponse.objects.exists()
    with pytest.raises(PermissionDenied):
        services.survey_answer(
            survey=survey,
            teacher=_linked(world, "A2"),
            actor=world.user("A2.teacher"),
            answers=[[0], [0]],
        )


def test_pt24_needs_a_district_survey_reaches_every_school_of_the_district(
    world: World, client_for: Any
) -> None:
    survey = _district_survey(world, "A")
    for persona in ("A1.teacher", "A2.teacher"):
        assert (
            client_for(persona).post(_answer_url(survey), {"q1": ["0"], "q2": "1"}).status_code
            == 302
        )
    assert client_for("B1.teacher").get(_answer_url(survey)).status_code == 404
    assert SurveyResponse.objects.filter(survey=survey).count() == 2
    assert selectors.survey_tallies(survey=survey).audience == 6  # A1 + A2, three each


def test_anonymous_is_sent_to_login(world: World, client_for: Any) -> None:
    survey = _school_survey(world)
    response = client_for("anon").get(_answer_url(survey))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --------------------------------------------------------------------------- tallies


def _respond(survey: Survey, teacher: Teacher, answers: list[list[int]]) -> None:
    SurveyResponse.objects.create(survey=survey, teacher=teacher, answers=answers)


def test_pt24_needs_tallies_count_each_choice_and_its_share(world: World, client_for: Any) -> None:
    survey = _school_survey(world)
    t1, t2, t3 = world.schools["A1"].teachers
    _respond(survey, t1, [[0, 2], [0]])
    _respond(survey, t2, [[0], [1]])
    _respond(survey, t3, [[1, 2], [1]])

    tallies = selectors.survey_tallies(survey=survey)

    assert (tallies.respondents, tallies.audience, tallies.response_rate) == (3, 3, 100)
    first, second = tallies.questions
    assert [(c.label, c.count, c.percent) for c in first.choices] == [
        ("班集体管理", 2, 67),
        ("家校沟通", 1, 33),
        ("学生心理", 2, 67),
    ]
    assert [(c.count, c.percent) for c in second.choices] == [(1, 33), (2, 67)]

    url = reverse("training:school_survey_detail", args=[world.schools["A1"].school.pk, survey.pk])
    for persona in ("A1.leader", "A.reviewer"):
        body = client_for(persona).get(url).content.decode()
        assert "2 人 · 67%" in body
        assert "1 人 · 33%" in body
    api = (
        client_for("A.admin")
        .get(f"/api/v1/schools/{world.schools['A1'].school.pk}/surveys/{survey.pk}/tallies/")
        .json()
    )
    assert api["respondents"] == 3
    assert api["questions"][0]["choices"][2] == {"label": "学生心理", "count": 2, "percent": 67}


def test_pt24_needs_tallies_page_queries_do_not_grow_with_responses(
    world: World, client_for: Any
) -> None:
    survey = _school_survey(world)
    school = world.schools["A1"].school
    url = reverse("training:school_survey_detail", args=[school.pk, survey.pk])
    api = f"/api/v1/schools/{school.pk}/surveys/{survey.pk}/tallies/"
    client = client_for("A1.leader")

    def grow(extra: int) -> None:
        base = Teacher.objects.filter(school=school).count()
        for i in range(extra):
            teacher = Teacher.objects.create(
                school=school, district_id=school.district_id, employee_no=f"S{base + i}",
                name=f"答{i}", gender="M",
            )  # fmt: skip
            _respond(survey, teacher, [[i % 3], [i % 2]])

    def count(target: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(target).status_code == 200
        return len(captured)

    count(url)
    grow(3)
    few, few_api = count(url), count(api)
    grow(40)
    assert (count(url), count(api)) == (few, few_api)


def test_leader_closes_and_reopens(world: World, client_for: Any) -> None:
    survey = _school_survey(world)
    url = reverse("training:school_survey_state", args=[world.schools["A1"].school.pk, survey.pk])
    assert client_for("A.admin").post(url, {"open": "0"}).status_code == 404
    client_for("A1.leader").post(url, {"open": "0"})
    survey.refresh_from_db()
    assert not survey.is_open
    client_for("A1.leader").post(url, {"open": "1"})
    survey.refresh_from_db()
    assert survey.is_open


# --------------------------------------------------------------------------- API


def test_survey_api_publish_and_list(world: World, client_for: Any) -> None:
    school = world.schools["A1"].school
    base = f"/api/v1/schools/{school.pk}/surveys/"
    created = client_for("A1.leader").post(
        base, {"title": "接口问卷", "questions": QUESTIONS}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["questions"] == QUESTIONS
    bad = client_for("A1.leader").post(
        base,
        {"title": "坏问卷", "questions": [{"text": "重复", "choices": ["甲", "甲"]}]},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "重复的选项" in bad.json()["questions"][0]
    listed = client_for("A.reviewer").get(f"{base}?is_open=true").json()["results"]
    assert [s["title"] for s in listed] == ["接口问卷"]
    district_base = f"/api/v1/districts/{world.districts['A'].pk}/surveys/"
    assert (
        client_for("A.reviewer")
        .post(
            district_base, {"title": "区", "questions": QUESTIONS}, content_type="application/json"
        )
        .status_code
        == 404
    )
    assert (
        client_for("A.admin")
        .post(
            district_base, {"title": "区", "questions": QUESTIONS}, content_type="application/json"
        )
        .status_code
        == 201
    )
    # the district's own list holds only district surveys, not the school's
    assert [s["title"] for s in client_for("A.admin").get(district_base).json()["results"]] == [
        "区"
    ]
