"""XB23-ASSESS API shapes: a member's results and consequences (read only)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.backbone.models import Assessment, BackboneMember, Consequence


class ResultOutput(serializers.ModelSerializer[Assessment]):
    class Meta:
        model = Assessment
        fields = ["kind", "school_year", "project_result", "comprehensive_result", "result",
                  "assessed_on"]  # fmt: skip


class ConsequenceOutput(serializers.ModelSerializer[Consequence]):
    class Meta:
        model = Consequence
        fields = ["id", "kind", "school_year", "due_on", "amount", "reason", "decided_on"]


class MemberResultsOutput(serializers.ModelSerializer[BackboneMember]):
    teacher = serializers.CharField(source="teacher.name")
    school = serializers.CharField(source="school.name")
    cohort = serializers.CharField(source="cohort.name")
    results = serializers.SerializerMethodField()
    consequences = serializers.SerializerMethodField()

    class Meta:
        model = BackboneMember
        fields = ["id", "cohort", "teacher", "school", "category", "joined_on", "left_on",
                  "results", "consequences"]  # fmt: skip

    def get_results(self, member: BackboneMember) -> list[dict[str, Any]]:
        return list(ResultOutput(member.assessments.all(), many=True).data)

    def get_consequences(self, member: BackboneMember) -> list[dict[str, Any]]:
        return list(ConsequenceOutput(member.consequences.all(), many=True).data)
