"""API shapes of the growth teams' work (xinbei-2023): a school's or a teacher's five ones
with what is missing (XB-FIVE), the district's character projects (XB-PROJECT), showcases
with their teams (XB-SHOWCASE) and the "三名" column's posts (XB-RADIATE)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.backbone.models import CharacterProject, GrowthTeam, RadiatePost, Showcase
from apps.backbone.selectors.five import FIVE_ITEMS, FiveRow


class FiveItemOutput(serializers.Serializer[Any]):
    kind = serializers.CharField()
    name = serializers.CharField(help_text="项目名称，如“德育公开课”")
    needed = serializers.IntegerField(help_text="学年内须完成的次数（政策包参数）")


class FiveRowOutput(serializers.Serializer[FiveRow]):
    teacher_id = serializers.IntegerField()
    name = serializers.CharField()
    school_id = serializers.IntegerField()
    school_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField(), help_text="名班主任级别或所在团队")
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="每项已完成次数")
    missing = serializers.ListField(child=serializers.CharField(), help_text="缺项（含差几次）")
    complete = serializers.BooleanField()


class FiveOutput(serializers.Serializer[Any]):
    """The five ones of a school year; `applies` is false where no pack of the district
    sets XB-FIVE (then `rows` is empty)."""

    year = serializers.IntegerField()
    applies = serializers.BooleanField()
    open_lesson_reading = serializers.CharField(
        help_text="“德育公开课”的口径（解释性参数 five_open_lesson_any）"
    )
    items = FiveItemOutput(many=True)
    rows = FiveRowOutput(many=True)


def five_payload(*, year: int, rules: Any, rows: list[FiveRow]) -> dict[str, Any]:
    """The FiveOutput's data: the items with the pack's numbers and how 德育公开课 is read."""
    if rules is None:
        reading = "本区未适用“五个一”要求"
    elif rules.any_open_lesson:
        reading = "解释：任何公开课或展示均计为德育公开课"
    else:
        reading = "解释：仅题目含“德育”或“班会”的公开课计为德育公开课"
    items = [
        {"kind": kind, "name": label, "needed": rules.needed[kind] if rules else 0}
        for kind, _key, label in FIVE_ITEMS
    ]
    return {"year": year, "applies": rules is not None, "open_lesson_reading": reading,
            "items": items, "rows": rows}  # fmt: skip


class TeamBriefOutput(serializers.ModelSerializer[GrowthTeam]):
    class Meta:
        model = GrowthTeam
        fields = ["id", "name", "tier"]


class ShowcaseOutput(serializers.ModelSerializer[Showcase]):
    teams = TeamBriefOutput(many=True, read_only=True)

    class Meta:
        model = Showcase
        fields = ["id", "title", "held_on", "summary", "teams", "created_at"]


class ProjectOutput(serializers.ModelSerializer[CharacterProject]):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)
    scope_label = serializers.CharField(source="get_scope_display", read_only=True)

    class Meta:
        model = CharacterProject
        fields = [
            "id",
            "title",
            "teacher",
            "teacher_name",
            "school",
            "school_name",
            "team",
            "team_name",
            "scope",
            "scope_label",
            "started_on",
            "ended_on",
        ]


class RadiatePostOutput(serializers.ModelSerializer[RadiatePost]):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    reach_label = serializers.CharField(source="get_reach_display", read_only=True)

    class Meta:
        model = RadiatePost
        fields = [
            "id",
            "teacher",
            "teacher_name",
            "school",
            "school_name",
            "reach",
            "reach_label",
            "title",
            "body",
            "posted_on",
        ]
