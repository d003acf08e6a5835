"""Every POLICY rule checked where it is checked (issue #11 §11):

* rules whose module is not built yet (incentives, load relief) — their
  indicator honestly reports 暂无数据 and names the module that will provide the data, a
  module that really is missing;
* rules measured by a document or a statement the district reviews — nothing submitted is
  named as missing, a submission waits for review, an accepted one is met, and a featured
  project's indicator does not apply to a school that did not choose the project;
* rules without an indicator yet (POLICY §5b, and the title waiver) — recorded in their
  pack with the seed's own sentence and their numbers on the parameters page, claimed by
  no indicator, so no dashboard cell pretends to judge them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from apps.compliance import engine
from apps.compliance.evaluators import MODULE_NAMES
from apps.compliance.models import Indicator, PolicyPack, PolicyRule
from apps.compliance.registry import Outcome
from apps.core.schoolyear import current_school_year
from apps.evidence import services as evidence_services
from apps.evidence.demo import DEMO_PDF
from apps.tenancy.models import FeaturedProject, School
from tests.evidence.helpers import A1_2_PARTS
from tests.personas import World

SOURCES = Path(__file__).resolve().parents[2] / "docs" / "policy-sources"
YEAR = current_school_year()


def _on(world: World, packs: list[str], district_key: str = "A") -> None:
    district = world.districts[district_key]
    district.policy_packs = packs
    district.save(update_fields=["policy_packs"])


def _result(world: World, code: str, school_key: str = "A1") -> Outcome:
    """The outcome of `code` for the school (or the district, for a district-scope one)."""
    district = world.districts[school_key[0]]
    schools = list(School.objects.filter(district=district).order_by("code"))
    rows = engine.evaluate(
        district=district, school_year=YEAR, schools=schools, as_of=engine.as_of_for(YEAR)
    )
    school = world.schools[school_key].school.pk
    return next(
        r.outcome for r in rows if r.indicator.code == code and r.school_id in (school, None)
    )


# --------------------------------------------------------------------------- modules not built


@pytest.mark.parametrize(
    ("pack", "code", "rules", "module"),
    [
        ("xuhui-2026", "XH26-A3-4", ["XH26-WORKLOAD"], "incentives"),
        ("xuhui-2026", "XH26-A4-3", ["XH26-EXCELLENT-SHARE"], "incentives"),
        ("lishui-2015", "LS15-WORKLOAD", ["LS15-WORKLOAD"], "incentives"),
    ],
)
def test_a_rule_whose_module_is_not_built_reports_no_data_naming_that_module(
    world: World, packs: None, *, pack: str, code: str, rules: list[str], module: str
) -> None:
    """The indicator is 暂无数据 — never 未达标 for data nobody can record yet — and its
    note names the module that will provide the data, which is really not installed."""
    _on(world, [pack])
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    assert indicator is not None and set(rules) <= set(indicator.rule_ids) | {code}
    result = _result(world, code)
    assert result.status == "no_data"
    assert result.note == (
        f"该指标的数据将由“{MODULE_NAMES[module]}”（{module}）提供，模块上线后自动评估。"
    )
    assert not django_apps.is_installed(f"apps.{module}")


# --------------------------------------------------------------------------- documents, statements


@pytest.mark.parametrize(
    ("code", "rules", "project"),
    [
        ("XH26-A3-2", ["XH26-LADDER"], None),
        ("XH26-A3-3", ["XH26-SHOWCASE"], None),
        ("XH26-A3-5", ["XH26-LADDER"], None),
        ("XH26-A4-2", ["XH26-WORKLOAD"], None),
        ("XH26-A4-4", ["XH26-SHOWCASE"], None),
        ("XH26-A4-5", ["XH26-CARE"], None),
        ("XH26-A2P-2.2", [], FeaturedProject.SUPPORT_CENTER),
        ("XH26-A2P-2.3", [], FeaturedProject.SUPPORT_CENTER),
        ("XH26-A2P-3.2", [], FeaturedProject.DIGITAL_PARTNER),
        ("XH26-A2P-3.3", ["XH26-LOAD"], FeaturedProject.DIGITAL_PARTNER),
        ("LS15-CONTESTS", ["LS15-CONTESTS"], None),
    ],
)
def test_a_reviewed_document_or_statement_is_missing_then_waiting_then_met(
    world: World, packs: None, code: str, rules: list[str], project: str | None
) -> None:
    """Nothing submitted names what is missing; the leader's submission waits for the
    district's review; accepted, the indicator is met. A featured project's indicator is
    not applicable (never unmet) to a school that did not choose the project."""
    key = "B1" if code.startswith("LS15") else "A1"
    _on(world, ["lishui-2015" if key == "B1" else "xuhui-2026"], key[0])
    sd = world.schools[key]
    if project:
        sd.school.featured_projects = [project]
        sd.school.save(update_fields=["featured_projects"])
    indicator = Indicator.objects.filter(code=code).order_by("-pack__version").first()
    assert indicator is not None and set(rules) <= set(indicator.rule_ids)
    kind = "attestation" if indicator.evaluator == "evidence.attestation" else "document"
    before = _result(world, code, key)
    assert before.status in ("not_met", "not_yet_due")  # not yet due before its deadline
    assert before.missing[0].startswith("尚未提交：")
    item = evidence_services.evidence_submit(
        school=sd.school,
        actor=world.user(f"{key}.leader"),
        indicator_code=code,
        school_year=YEAR,
        kind=kind,
        title=f"{indicator.title_zh[:40]}（材料）",
        statement="本校已按要求落实，相关记录留存备查。" if kind == "attestation" else "",
        file_name="材料.pdf" if kind == "document" else "",
        data=DEMO_PDF if kind == "document" else None,
    )
    assert _result(world, code, key).status == "pending_review"
    evidence_services.evidence_review(
        item=item, reviewer=world.user(f"{key[0]}.reviewer"), accept=True,
        checked_parts=A1_2_PARTS,
    )  # fmt: skip
    assert _result(world, code, key).status == "met"
    if project:
        other = _result(world, code, f"{key[0]}2")
        assert other.status == "not_applicable"
        assert "未选报该特色项目" in other.note


# --------------------------------------------------------------------------- no indicator yet


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("pack", "rule"),
    [
        ("xuhui-2026", "XH26-RESEARCH"),
        ("xuhui-2026", "XH26-VISITS"),
        ("xuhui-2026", "XH26-HONOUR"),
        ("xuhui-2026", "XH26-ORG"),
        ("xuhui-2026", "XH26-LIBRARY"),
        ("xuhui-2026", "XH26-TITLE-WAIVER"),
        ("putuo-2024", "PT24-COMMUNITY"),
        ("putuo-2024", "PT24-LINK"),
        ("xuhui-backbone-2023", "XB23-PLAN"),
        ("lishui-2015", "LS15-NEWTEACHER"),
        ("lishui-2015", "LS15-AWARDS"),
        ("xinbei-2023", "XB-PLAN"),
        ("xinbei-2023", "XB-RADIATE"),
    ],
)
def test_a_rule_without_an_indicator_is_recorded_with_its_sentence_and_judged_by_no_cell(
    packs: None, pack: str, rule: str
) -> None:
    """The rule is in its pack with the seed's own sentence (so a reader can find it),
    and no indicator of the pack claims it: the dashboard does not pretend to judge it."""
    newest = PolicyPack.objects.filter(code=pack).order_by("-version").first()
    assert newest is not None
    recorded = PolicyRule.objects.get(pack=newest, rule_id=rule)
    seed = (SOURCES / newest.seed).read_text(encoding="utf-8")
    assert recorded.source and _squash(recorded.source) in _squash(seed)
    claims = [
        i.code for i in Indicator.objects.filter(pack=newest) if rule in [i.code, *i.rule_ids]
    ]
    assert claims == []


@pytest.mark.parametrize(
    ("rule", "numbers"),
    [("XH26-TITLE-WAIVER", ["30", "20", "5"]), ("XH26-RESEARCH", ["0.1"])],
)
def test_the_numbers_of_a_rule_without_an_indicator_are_on_the_parameters_page(
    world: World, packs: None, client_for: Any, rule: str, numbers: list[str]
) -> None:
    """XH26-TITLE-WAIVER (30 years teaching, 20 as homeroom teacher, 5-year lookback) and
    XH26-RESEARCH (the homeroom share of projects, an interpretation): their numbers are
    data, shown under the rule's ID for the district to read and adjust."""
    district = world.districts["A"]
    body = client_for("A.admin").get(reverse("compliance:parameters", args=[district.pk]))
    rows = [
        row
        for row in re.findall(r"<tr>(.*?)</tr>", body.content.decode(), flags=re.S)
        if f">{rule}<" in row
    ]
    assert rows, f"{rule} has no row on the parameters page"
    shown = " ".join(re.sub(r"<[^>]+>", " ", row) for row in rows)
    for number in numbers:
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", shown), (rule, number)
