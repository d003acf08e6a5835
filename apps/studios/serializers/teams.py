"""API shapes of teams (工作室 / 工作坊) and their members. Rows the body names (a host,
teachers) are plain ids resolved inside the URL's district."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin
from apps.studios.models import HostKind, Team, TeamKind, WorkshopType


class TeamOutput(serializers.ModelSerializer[Team]):
    level = serializers.CharField(read_only=True)
    host_display = serializers.CharField(read_only=True)
    school_name = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(read_only=True, default=0)
    session_count = serializers.IntegerField(read_only=True, default=0)
    outcome_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Team
        fields = ["id", "kind", "level", "name", "school", "school_name", "host", "host_display",
                  "host_kind", "workshop_type", "established_on", "ended_on", "description",
                  "member_count", "session_count", "outcome_count"]  # fmt: skip

    def get_school_name(self, team: Team) -> str:
        return team.school.name if team.school_id and team.school else ""


class TeamInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = Team

    kind = serializers.ChoiceField(choices=TeamKind.choices)
    school = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="学校 id；区级团队留空"
    )
    name = serializers.CharField(max_length=100)
    host = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="主持人（本区教师）id"
    )
    host_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    host_kind = serializers.ChoiceField(choices=HostKind.choices)
    workshop_type = serializers.ChoiceField(
        choices=WorkshopType.choices, required=False, allow_blank=True, default=""
    )
    established_on = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


class TeamUpdate(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = Team

    name = serializers.CharField(max_length=100, required=False)
    host = serializers.IntegerField(required=False, allow_null=True)
    host_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    host_kind = serializers.ChoiceField(choices=HostKind.choices, required=False)
    workshop_type = serializers.ChoiceField(
        choices=WorkshopType.choices, required=False, allow_blank=True
    )
    established_on = serializers.DateField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class TeamMemberOutput(serializers.Serializer[Any]):
    """A member as the team shows them: name, school, role, joined — nothing else."""

    id = serializers.IntegerField()
    teacher = serializers.IntegerField(source="teacher_id")
    name = serializers.CharField()
    school = serializers.IntegerField(source="school_id")
    school_name = serializers.CharField()
    role = serializers.CharField()
    joined_on = serializers.DateField()


class TeamMembersInput(serializers.Serializer[Any]):
    teachers = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    joined_on = serializers.DateField()
