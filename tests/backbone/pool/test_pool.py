"""XB-POOL's election through its services and pages: 个人申报 → 学校推荐 → 区级评审, each
step by its own people, refused out of order or twice in a year, with Chinese messages
naming the field; honours (XB-LEADER's ranks as data) and their list export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from apps.backbone.models import FamousLevel, HomeroomHonour, Honour, PoolEntry, PoolStatus
from apps.backbone.selectors.honours import honours_of, title_at_least
from apps.backbone.services.honours import honour_record
from apps.backbone.services.pool import pool_apply, pool_recommend, pool_review
from apps.compliance import packs as pack_data
from apps.core.schoolyear import current_school_year
from apps.people.models import Teacher
from apps.tenancy.models import Membership, Role
from tests.backbone.factories import make_honour
from tests.backbone.pool.rows import on_xinbei
from tests.personas import World

pytestmark = pytest.mark.django_db
YEAR = current_school_year()


def _errors(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, Any]:
    return {k: " ".join(v) for k, v in error.value.message_dict.items()}


def _own(world: World) -> Teacher:
    """A1's first teacher, linked to the A1.teacher login (fresh from the database)."""
    return Teacher.objects.get(pk=world.schools["A1"].teachers[0].pk)


def test_xb_pool_three_steps_by_their_own_people_elects_the_teacher(world: World) -> None:
    teacher = _own(world)
    entry = pool_apply(
        actor=world.user("A1.teacher"),
        teacher=teacher,
        year=YEAR,
        level=FamousLevel.CITY,
        statement="十年带班经验",
    )
    assert entry.status == PoolStatus.APPLIED
    with pytest.raises(ValidationError) as early:
        pool_review(actor=world.user("A.reviewer"), entry=entry, elect=True)
    assert "须先经学校推荐" in _errors(early)["status"]
    entry = pool_recommend(
        actor=world.user("A1.leader"), entry=entry, recommend=True, comment="师德优秀"
    )
    with pytest.raises(ValidationError) as twice:
        pool_recommend(actor=world.user("A1.leader"), entry=entry, recommend=True)
    assert "不在待学校推荐" in _errors(twice)["status"]
    entry = pool_review(actor=world.user("A.reviewer"), entry=entry, elect=True)
    entry.refresh_from_db()
    assert (entry.status, entry.recommended_by, entry.reviewed_by) == (
        PoolStatus.ELECTED,
        world.user("A1.leader"),
        world.user("A.reviewer"),
    )
    assert entry.comment == "学校推荐：师德优秀"


def test_xb_pool_a_second_application_in_the_same_year_is_refused(world: World) -> None:
    teacher = world.schools["A1"].teachers[1]
    pool_apply(
        actor=world.user("A1.leader"),
        teacher=teacher,
        year=YEAR,
        level=FamousLevel.DISTRICT,
        statement="申报",
    )
    with pytest.raises(ValidationError) as again:
        pool_apply(
            actor=world.user("A1.leader"),
            teacher=teacher,
            year=YEAR,
            level=FamousLevel.CITY,
            statement="再次申报",
        )
    assert "同一年度只能申报一次" in _errors(again)["year"]
    assert PoolEntry.objects.filter(teacher=teacher).count() == 1


def test_xb_pool_bad_application_names_each_field_and_saves_nothing(world: World) -> None:
    with pytest.raises(ValidationError) as bad:
        pool_apply(
            actor=world.user("A1.leader"),
            teacher=world.schools["A1"].teachers[1],
            year=YEAR + 1,
            level="province",
            statement="  ",
        )
    errors = _errors(bad)
    assert "尚未开始" in errors["year"] and "申报级别" in errors["level"]
    assert "申报材料" in errors["statement"]
    assert not PoolEntry.objects.exists()


def test_xb_pool_nobody_recommends_their_own_application_nor_reviews_one_they_touched(
    world: World,
) -> None:
    leader = world.user("A1.leader")
    own = world.schools["A1"].teachers[2]
    Teacher.objects.filter(pk=own.pk).update(user=leader)  # the leader is a homeroom teacher
    own.refresh_from_db()
    entry = pool_apply(
        actor=leader, teacher=own, year=YEAR, level=FamousLevel.DISTRICT, statement="本人申报"
    )
    with pytest.raises(ValidationError) as mine:
        pool_recommend(actor=leader, entry=entry, recommend=True)
    assert "不能推荐本人的申报" in _errors(mine)["status"]
    other = pool_apply(
        actor=leader,
        teacher=world.schools["A1"].teachers[1],
        year=YEAR,
        level=FamousLevel.DISTRICT,
        statement="代为申报",
    )
    with pytest.raises(PermissionDenied):  # another school's leader
        pool_recommend(actor=world.user("A2.leader"), entry=other, recommend=True)
    other = pool_recommend(actor=leader, entry=other, recommend=True)
    with pytest.raises(PermissionDenied):  # another district's reviewer
        pool_review(actor=world.user("B.reviewer"), entry=other, elect=True)
    with pytest.raises(PermissionDenied):  # a teacher for a colleague
        pool_apply(
            actor=world.user("A1.teacher"),
            teacher=own,
            year=YEAR - 1,
            level=FamousLevel.DISTRICT,
            statement="x",
        )
    # a district admin who is also the school's leader recommended it: they may not review
    Membership.objects.create(user=leader, district=world.districts["A"], role=Role.DISTRICT_ADMIN)
    fresh = type(leader).objects.get(pk=leader.pk)  # memberships are cached per user object
    with pytest.raises(ValidationError) as touched:
        pool_review(actor=fresh, entry=other, elect=True)
    assert "推荐人" in _errors(touched)["status"]
    entry.refresh_from_db()
    other.refresh_from_db()
    assert (entry.status, other.status) == (PoolStatus.APPLIED, PoolStatus.RECOMMENDED)


def test_xb_pool_declining_needs_a_comment_and_ends_the_entry(world: World) -> None:
    teacher = _own(world)
    entry = pool_apply(
        actor=world.user("A1.teacher"),
        teacher=teacher,
        year=YEAR,
        level=FamousLevel.DISTRICT,
        statement="申报",
    )
    with pytest.raises(ValidationError) as bare:
        pool_recommend(actor=world.user("A1.leader"), entry=entry, recommend=False)
    assert "请填写意见" in _errors(bare)["comment"]
    entry = pool_recommend(
        actor=world.user("A1.leader"), entry=entry, recommend=False, comment="材料不足"
    )
    assert entry.status == PoolStatus.NOT_RECOMMENDED
    with pytest.raises(ValidationError):
        pool_review(actor=world.user("A.admin"), entry=entry, elect=True)


def test_xb_leader_title_ranks_are_pack_data_and_or_above_reads_them(world: World) -> None:
    on_xinbei(world)
    district = world.districts["A"]
    values = pack_data.resolved_parameters(district, pack_data.active_packs(district))
    ranks = values["xinbei-2023"]["homeroom_title_ranks"]
    assert ranks == ["区高级班主任", "市高级班主任", "市特级班主任"]
    t1, t2, t3 = world.schools["A1"].teachers[:3]
    by = world.user("A1.leader")
    make_honour(teacher=t1, honour=Honour.CITY_SPECIAL, by=by, on=dt.date(2024, 9, 10))
    make_honour(teacher=t2, honour=Honour.DISTRICT_SENIOR, by=by, on=dt.date(2024, 9, 10))
    make_honour(teacher=t3, honour=Honour.CITY_SENIOR, by=by, on=dt.date(2025, 9, 10))
    held = honours_of([t1.pk, t2.pk, t3.pk], on=dt.date(2025, 9, 9))
    assert held == {t1.pk: {Honour.CITY_SPECIAL}, t2.pk: {Honour.DISTRICT_SENIOR}}
    assert title_at_least(held[t1.pk], "市高级班主任", ranks)
    assert not title_at_least(held[t2.pk], "市高级班主任", ranks)
    assert title_at_least({Honour.CITY_SENIOR}, "市高级班主任", ranks)


def test_honours_are_recorded_by_leader_or_district_once_and_not_in_the_future(
    world: World,
) -> None:
    teacher = world.schools["A1"].teachers[1]
    honour_record(
        actor=world.user("A.admin"),
        teacher=teacher,
        honour=Honour.CITY_EXCELLENT,
        awarded_on=dt.date(2025, 5, 1),
    )
    with pytest.raises(ValidationError) as twice:
        honour_record(
            actor=world.user("A1.leader"),
            teacher=teacher,
            honour=Honour.CITY_EXCELLENT,
            awarded_on=dt.date(2025, 6, 1),
        )
    assert "不能重复登记" in _errors(twice)["honour"]
    with pytest.raises(ValidationError) as future:
        honour_record(
            actor=world.user("A1.leader"),
            teacher=teacher,
            honour=Honour.CITY_SENIOR,
            awarded_on=dt.date(2099, 1, 1),
        )
    assert "不能晚于今天" in _errors(future)["awarded_on"]
    with pytest.raises(PermissionDenied):
        honour_record(
            actor=world.user("A2.leader"),
            teacher=teacher,
            honour=Honour.CITY_SENIOR,
            awarded_on=dt.date(2025, 1, 1),
        )
    assert HomeroomHonour.objects.filter(teacher=teacher).count() == 1


def test_honour_page_records_lists_and_exports_only_its_school(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    make_honour(
        teacher=world.schools["A2"].teachers[0],
        honour=Honour.CITY_SENIOR,
        by=world.user("A2.leader"),
        on=dt.date(2024, 1, 1),
    )
    url = reverse("backbone:pool_honours", kwargs={"school_id": sd.school.pk})
    client = client_for("A1.leader")
    bad = client.post(
        url, {"teacher": sd.teachers[1].pk, "honour": "city_senior", "awarded_on": "2025-02-30"}
    )
    assert "获得日期格式不正确" in bad.content.decode()
    assert not HomeroomHonour.objects.filter(school=sd.school).exists()
    done = client.post(
        url,
        {
            "teacher": sd.teachers[1].pk,
            "honour": "city_senior",
            "awarded_on": "2025-02-28",
            "issuer": "市教育局",
        },
    )
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert sd.teachers[1].name in page and "市高级班主任" in page
    sheet = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("工号", "教师", "称号或奖项")
    assert [r[1] for r in rows[1:]] == [sd.teachers[1].name]


def test_xb_pool_pages_walk_an_application_to_the_talent_pool(
    world: World, client_for: Any
) -> None:
    sd = world.schools["A1"]
    me = client_for("A1.teacher")
    answer = me.post(
        reverse("backbone:pool_me"), {"year": YEAR, "level": "city", "statement": "带班成果"}
    )
    assert answer.status_code == 302
    entry = PoolEntry.objects.get(teacher=sd.teachers[0])
    recommend = reverse(
        "backbone:pool_recommend", kwargs={"school_id": sd.school.pk, "entry_id": entry.pk}
    )
    assert client_for("A1.leader").post(recommend, {"decision": "yes"}).status_code == 302
    district = world.districts["A"].pk
    board = client_for("A.reviewer").get(
        reverse("backbone:pool_board", kwargs={"district_id": district}) + f"?year={YEAR}"
    )
    assert sd.teachers[0].name in board.content.decode()
    review = reverse("backbone:pool_review", kwargs={"district_id": district, "entry_id": entry.pk})
    assert client_for("B.reviewer").post(review, {"decision": "yes"}).status_code == 404
    assert client_for("A.reviewer").post(review, {"decision": "yes"}).status_code == 302
    talent = client_for("A.admin").get(
        reverse("backbone:pool_talent", kwargs={"district_id": district}) + "?level=city"
    )
    assert f"elected-{entry.pk}" in talent.content.decode()
    mine = me.get(reverse("backbone:pool_me")).content.decode()
    assert "已入选人才库" in mine
