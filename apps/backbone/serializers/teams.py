"""API shapes of the growth teams ("2+N", XB-TEAMS … XB-MEMBER): a team as the board
shows it (composition against the pack's numbers, the leader's term, each check with its
rule), a team's admissions and members, a teacher's own, and the admission steps' input."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.backbone.models import GrowthMember
from apps.backbone.selectors.teams import TeamRow
from apps.core.api import TextCheckedSerializerMixin


class CheckOutput(serializers.Serializer[Any]):
    rule = serializers.CharField()
    ok = serializers.BooleanField()
    text = serializers.CharField()


class TeamRowOutput(serializers.Serializer[TeamRow]):
    """One board row: the numbers of XB-TEAM-SIZE and XB-LEADER and their checks."""

    id = serializers.IntegerField(source="team.pk")
    name = serializers.CharField(source="team.name")
    tier = serializers.CharField(source="team.tier")
    tier_label = serializers.CharField(source="team.get_tier_display")
    leader = serializers.CharField(source="team.leader.name")
    leader_school = serializers.CharField(source="team.leader_school.name")
    leader_elected_on = serializers.DateField(source="team.leader_elected_on")
    term_ends = serializers.DateField()
    members = serializers.IntegerField(source="comp.members")
    largest_school = serializers.SerializerMethodField()
    largest_school_members = serializers.SerializerMethodField()
    rural_members = serializers.IntegerField(source="comp.rural")
    mentors = serializers.IntegerField(source="comp.mentors")
    exception_reason = serializers.CharField(source="team.exception_reason")
    checks = serializers.SerializerMethodField()

    def get_largest_school(self, row: TeamRow) -> str:
        return row.comp.largest_school[0]

    def get_largest_school_members(self, row: TeamRow) -> int:
        return row.comp.largest_school[1]

    def get_checks(self, row: TeamRow) -> list[dict[str, Any]]:
        rows = [{"rule": rule, "ok": ok, "text": text} for rule, ok, text in row.checks]
        return list(CheckOutput(rows, many=True).data)


class TierOutput(serializers.Serializer[Any]):
    tier = serializers.CharField()
    tier_label = serializers.CharField(source="label")
    count = serializers.IntegerField()
    min = serializers.IntegerField()
    max = serializers.IntegerField()
    ok = serializers.BooleanField()
    text = serializers.CharField()


class TeamBoardOutput(serializers.Serializer[Any]):
    """`applies` false (with `note`) when the district's packs hold no growth teams."""

    applies = serializers.BooleanField()
    note = serializers.CharField()
    members_max = serializers.IntegerField(allow_null=True)
    same_school_members_max = serializers.IntegerField(allow_null=True)
    rural_members_min = serializers.IntegerField(allow_null=True)
    mentors_max = serializers.IntegerField(allow_null=True)
    tiers = TierOutput(many=True)
    teams = TeamRowOutput(many=True)


class GrowthMemberOutput(serializers.ModelSerializer[GrowthMember]):
    """An admission or a member of a team, with its step."""

    team_name = serializers.CharField(source="team.name", read_only=True)
    tier = serializers.CharField(source="team.tier", read_only=True)
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = GrowthMember
        fields = ["id", "team", "team_name", "tier", "teacher", "teacher_name", "school",
                  "school_name", "status", "status_label", "applied_on", "confirmed_on",
                  "left_on", "leave_reason"]  # fmt: skip


class AdmissionStepInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    """学校推荐 / 组织遴选 / 行政审核: passed (`accept`) or declined with a comment."""

    accept = serializers.BooleanField(label="是否通过")
    comment = serializers.CharField(label="意见", required=False, allow_blank=True, default="")


class AdmissionConfirmInput(serializers.Serializer[Any]):
    on = serializers.DateField(label="确定日期", required=False, allow_null=True, default=None)
