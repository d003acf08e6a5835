"""API shapes of the quarterly briefs (XB23-BRIEF): a brief with its due moment and
state, the lead's filing, and the district's board (team × quarters)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin
from apps.studios.models import Brief
from apps.studios.selectors.briefs import BriefState


class BriefOutput(serializers.ModelSerializer[Brief]):
    files = serializers.SerializerMethodField()

    class Meta:
        model = Brief
        fields = ["id", "team", "year", "quarter", "title", "body", "filed_at", "status",
                  "review_comment", "files"]  # fmt: skip

    def get_files(self, brief: Brief) -> list[str]:
        return [f.file_name for f in brief.files.all()]


class BriefInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = Brief

    year = serializers.IntegerField(label="年度")
    quarter = serializers.IntegerField(label="季度")
    title = serializers.CharField(label="标题", max_length=200)
    body = serializers.CharField(label="项目实施与进展")
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, label="附件"
    )


class BoardCellOutput(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    due = serializers.DateTimeField(help_text="按时提交的最后时刻（北京时间当日 24:00 前）")
    state = serializers.ChoiceField(choices=BriefState.choices)
    state_label = serializers.CharField(source="label")
    brief = serializers.SerializerMethodField()

    def get_brief(self, cell: Any) -> int | None:
        return cell.brief.pk if cell.brief else None


class BoardRowOutput(serializers.Serializer[Any]):
    team = serializers.IntegerField(source="team.pk")
    name = serializers.CharField(source="team.name")
    kind = serializers.CharField(source="team.kind")
    level = serializers.CharField(source="team.level")
    host = serializers.CharField(source="team.host_display")
    cells = BoardCellOutput(many=True)


class BoardOutput(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    applies = serializers.BooleanField(help_text="本区政策包是否规定季度简报（XB23-BRIEF）")
    due_day = serializers.IntegerField(allow_null=True)
    rows = BoardRowOutput(many=True)
