"""The portal menus' backbone entries: 骨干教师 where the membership's district holds
xuhui-backbone-2023, 名班主任 where it holds xinbei-2023 (the district's chosen codes, read
once per request and kept on it)."""

from __future__ import annotations

from typing import Any

from django import template

from apps.backbone.selectors.reports import XINBEI, XUHUI
from apps.tenancy.models import District

register = template.Library()
_ATTR = "_backbone_nav_packs"


@register.simple_tag(takes_context=True)
def backbone_menus(context: Any, membership: Any) -> dict[str, bool]:
    request = context.get("request")
    district_id = getattr(membership, "district_id", None)
    if request is None or district_id is None:
        return {"cohort": False, "famous": False}
    held = getattr(request, _ATTR, None)
    if held is None:
        # the codes the district chose (its row, which the membership has loaded already)
        district = getattr(membership, "district", None)
        if district is None:
            district = District.objects.filter(pk=district_id).first()
        held = set(district.policy_packs) if district is not None else set()
        setattr(request, _ATTR, held)
    return {"cohort": XUHUI in held, "famous": XINBEI in held}
