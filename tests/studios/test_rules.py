"""XH26-A2P-4.1: the studio rules (选拔、考核办法及经费标准) filed and reviewed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.studios.models import RulesStatus, StudioRules
from apps.studios.services import rules_review, rules_submit
from tests.personas import World

TEXT = {"title": "工作室办法", "selection": "择优推荐", "assessment": "年度考核",
        "funding": "每年一万元"}  # fmt: skip


def test_xh26_a2p_4_1_school_rules_reviewed_by_the_district(world: World) -> None:
    """XH26-A2P-4.1: the school's leader files the school's rules; the district's
    reviewer accepts them; a return needs a comment."""
    school = world.schools["A1"].school
    rules = rules_submit(district=school.district, school=school,
                         actor=world.user("A1.leader"), **TEXT)  # fmt: skip
    with pytest.raises(ValidationError):
        rules_review(rules=rules, reviewer=world.user("A.reviewer"), accept=False)
    rules_review(rules=rules, reviewer=world.user("A.reviewer"), accept=True)
    rules.refresh_from_db()
    assert rules.status == RulesStatus.ACCEPTED


def test_xh26_a2p_4_1_nobody_reviews_their_own_rules(world: World) -> None:
    """XH26-A2P-4.1: the district's admin files the district's rules and may not accept
    them; another district's officer may not either; the reviewer may."""
    district = world.districts["A"]
    rules = rules_submit(district=district, school=None, actor=world.user("A.admin"), **TEXT)
    with pytest.raises(PermissionDenied, match="不能审核本人提交"):
        rules_review(rules=rules, reviewer=world.user("A.admin"), accept=True)
    with pytest.raises(PermissionDenied):
        rules_review(rules=rules, reviewer=world.user("B.admin"), accept=True)
    rules_review(rules=rules, reviewer=world.user("A.reviewer"), accept=True)


def test_xh26_a2p_4_1_who_files_and_what_is_missing(world: World) -> None:
    """XH26-A2P-4.1: a school's leader files only the school's rules, the reviewer files
    none; an empty part is refused naming it."""
    district, school = world.districts["A"], world.schools["A1"].school
    with pytest.raises(PermissionDenied):
        rules_submit(district=district, school=None, actor=world.user("A1.leader"), **TEXT)
    with pytest.raises(PermissionDenied):
        rules_submit(district=district, school=school, actor=world.user("A2.leader"), **TEXT)
    with pytest.raises(ValidationError) as error:
        rules_submit(district=district, school=school, actor=world.user("A1.leader"),
                     **(TEXT | {"funding": " "}))  # fmt: skip
    assert error.value.message_dict["funding"] == ["请填写经费标准。"]
    assert not StudioRules.objects.exists()


def test_xh26_a2p_4_1_pages_file_and_review(world: World, client_for: Any) -> None:
    """The school files on its page; the district's page shows it and its reviewer
    accepts it there; the admin's own district rules show no review form to the admin."""
    school = world.schools["A1"].school
    client_for("A1.leader").post(reverse("studios:school_rules", args=[school.pk]), TEXT)
    rules = StudioRules.objects.get(school=school)
    district_url = reverse("studios:district_rules", args=[school.district_id])
    assert TEXT["title"] in client_for("A.reviewer").get(district_url).content.decode()
    review = reverse("studios:district_rules_review", args=[school.district_id, rules.pk])
    client_for("A.reviewer").post(review, {"decision": "accept", "comment": ""})
    rules.refresh_from_db()
    assert rules.status == RulesStatus.ACCEPTED
    assert client_for("B.reviewer").post(review, {"decision": "return"}).status_code == 404
