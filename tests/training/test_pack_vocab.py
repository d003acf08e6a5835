"""PT24-MODULES, PT24-TIERS, PT24-FORMS and LS15-LAYERS have no indicator of their own: they
are the vocabulary a school records its sessions in. The pack is the reference — the
activity form offers exactly the pack's lists, in the pack's order, so a session cannot be
filed under a module, tier or form the policy does not name (and the pack's words are the
ones the school reads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from apps.compliance.packs import PACK_DIR
from apps.training.forms.activities import ActivityForm
from apps.training.models import Layer, Module


def _parameter(pack: str, key: str) -> Any:
    data = yaml.safe_load((Path(PACK_DIR) / f"{pack}.yaml").read_text(encoding="utf-8"))
    return next(p["value"] for p in data["parameters"] if p["key"] == key)


def _labels(field: str) -> list[str]:
    choices = ActivityForm().fields[field].choices
    return [str(label) for value, label in choices if value != ""]


def test_pt24_modules_the_form_offers_the_packs_five_modules_and_other() -> None:
    """PT24-MODULES: 班集体管理、班级活动组织、学生发展指导、综合素质评价、沟通与合作 ("主要包括":
    the one extra choice is 其他, for a session outside the five)."""
    modules = _parameter("putuo-2024", "course_modules")
    assert _labels("module") == [*modules, str(Module.OTHER.label)]


def test_pt24_tiers_the_form_offers_the_packs_five_content_tiers() -> None:
    """PT24-TIERS: the five tiers by years in post, in the pack's order (or none)."""
    assert _labels("content_tier") == _parameter("putuo-2024", "content_tiers")
    assert ActivityForm().fields["content_tier"].choices[0][0] == ""  # 不区分 is allowed


def test_pt24_forms_the_form_offers_the_packs_eleven_training_forms() -> None:
    """PT24-FORMS: 专题讲座 … 学习观摩, exactly the pack's list."""
    assert _labels("form") == _parameter("putuo-2024", "training_forms")


def test_ls15_layers_the_form_offers_the_packs_three_layers() -> None:
    """LS15-LAYERS: 上岗培训、在岗培训、骨干培训 (and 未分层 for a session of no layer)."""
    assert _labels("layer") == [
        str(Layer.NONE.label),
        *_parameter("lishui-2015", "training_layers"),
    ]
