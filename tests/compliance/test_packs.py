"""Policy packs as data (ARCHITECTURE §5; issue #3 §1): every rule of POLICY.md is in a
pack, every quoted source sentence is really in its seed, loading is idempotent and a
pack that names an unknown evaluator or parameter is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from apps.compliance.models import Indicator, PolicyPack, PolicyRule
from apps.compliance.packs import PACK_DIR, PackError, load_pack_file, validate

SOURCES = Path(__file__).resolve().parents[2] / "docs" / "policy-sources"
SHARED = Path(__file__).resolve().parents[3] / "shared"
POLICY = (SOURCES / "POLICY.md").read_text(encoding="utf-8")
PACK_FILES = sorted(PACK_DIR.glob("*.yaml"))
RULE_ID = re.compile(r"\*\*((?:XH26|PT24|XB23|LS15|XB)-[A-Z0-9.\-]+?)\*\*")


def _section(start: str, end: str) -> str:
    return POLICY[POLICY.index(start) : POLICY.index(end)]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_xh26_appendix_indicator_of_policy_md_is_in_the_loaded_pack(packs: None) -> None:
    """XH26-A1-* (§1.4, 18) and XH26-A2P-* (§1.5, 12), read from POLICY.md and the pack."""
    tables = _section("### 1.4 Appendix 1", "## 2. putuo-2024")
    expected = set(re.findall(r"^\| (XH26-A[0-9P.\-]+) \|", tables, flags=re.M))
    assert len(expected) == 30
    newest = PolicyPack.objects.filter(code="xuhui-2026").order_by("-version").first()
    loaded = set(Indicator.objects.filter(pack=newest).values_list("code", flat=True))
    assert expected <= loaded
    # … plus the §1.2 rule evaluated per school since the training module (pack v2)
    assert loaded - expected == {"XH26-CADRE"}


def test_every_rule_id_of_policy_md_is_a_rule_of_some_pack(packs: None) -> None:
    expected = set(RULE_ID.findall(POLICY))
    # 50 in §1.1–1.3, §2, §3, §4, §5 of POLICY.md, and 12 in §5b (further measures)
    assert len(expected) == 62
    assert len(set(RULE_ID.findall(_section("## 5b.", "## 6.")))) == 12
    loaded = set(PolicyRule.objects.values_list("rule_id", flat=True))
    assert expected - loaded == set()


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.stem)
def test_every_source_sentence_is_quoted_from_its_seed(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    seed = _squash((SOURCES / data["seed"]).read_text(encoding="utf-8"))
    for item in [*data["rules"], *data["indicators"]]:
        assert _squash(item["source"]) in seed, f"{path.stem} {item['id']}: not in the seed"


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: p.stem)
def test_packs_are_valid(path: Path) -> None:
    assert validate(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_the_copies_of_the_sources_match_shared() -> None:
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    for name in ["POLICY.md", *(p.name for p in (SHARED / "seeds").glob("*.txt"))]:
        original = SHARED / name if name == "POLICY.md" else SHARED / "seeds" / name
        assert (SOURCES / name).read_bytes() == original.read_bytes(), name


def test_loading_is_idempotent(packs: None) -> None:
    count = PolicyPack.objects.count()
    _pack, created = load_pack_file(PACK_DIR / "xuhui-2026.yaml")
    assert created is False
    assert PolicyPack.objects.count() == count


def test_same_version_with_other_content_is_refused(packs: None, tmp_path: Path) -> None:
    text = (PACK_DIR / "putuo-2024.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "putuo-2024.yaml"
    changed.write_text(text.replace("value: 40", "value: 41", 1), encoding="utf-8")
    with pytest.raises(PackError, match="raise `version`"):
        load_pack_file(changed)


def test_a_new_version_is_loaded_beside_the_old(packs: None, tmp_path: Path) -> None:
    data = yaml.safe_load((PACK_DIR / "putuo-2024.yaml").read_text(encoding="utf-8"))
    data["version"] += 1
    newer = tmp_path / "putuo-2024.yaml"
    newer.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    pack, created = load_pack_file(newer)
    assert created is True
    versions = set(PolicyPack.objects.filter(code="putuo-2024").values_list("version", flat=True))
    assert versions == {data["version"] - 1, data["version"]}
    assert pack.indicators.count() == 6


def test_unknown_evaluator_and_parameter_are_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((PACK_DIR / "lishui-2015.yaml").read_text(encoding="utf-8"))
    data["indicators"][0]["evaluator"] = "training.hours_typo"
    data["indicators"][1]["params"] = {"hours": "$no_such_parameter"}
    problems = validate(data)
    assert any("unknown evaluator 'training.hours_typo'" in p for p in problems)
    assert any("unknown parameter $no_such_parameter" in p for p in problems)


def test_policy_numbers_are_parameters_of_the_pack(packs: None) -> None:
    """A spot check of POLICY.md's bold numbers: they are data, with their rule."""
    from apps.compliance.models import PackParameter

    values = {
        (p.pack.code, p.rule_id, str(p.value)) for p in PackParameter.objects.select_related("pack")
    }
    for expected in [
        ("xuhui-2026", "XH26-PROB-HOURS", "8"),
        ("xuhui-2026", "XH26-PROB-HOURS", "32"),
        ("xuhui-2026", "XH26-EXCELLENT-SHARE", "0.3"),
        ("putuo-2024", "PT24-HOURS", "40"),
        ("putuo-2024", "PT24-CREDIT", "10"),
        ("putuo-2024", "PT24-CREDIT", "20"),
        ("xuhui-backbone-2023", "XB23-ASSESS", "5000"),
        ("lishui-2015", "LS15-YEAR-HOURS", "12"),
        ("xinbei-2023", "XB-TEAM-SIZE", "15"),
    ]:
        assert expected in values, expected
