"""Output of the cohort API: a member with their task progress (plain values)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class CellOutput(serializers.Serializer[Any]):
    task = serializers.CharField()
    task_label = serializers.CharField(source="label")
    year = serializers.IntegerField(allow_null=True)
    where = serializers.CharField()
    have = serializers.CharField()
    need = serializers.CharField()
    met = serializers.BooleanField()
    due = serializers.BooleanField()


class MemberProgressOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="member.pk")
    cohort = serializers.CharField(source="member.cohort.name")
    teacher = serializers.CharField(source="member.teacher.name")
    school = serializers.CharField(source="member.school.name")
    category = serializers.CharField(source="member.category")
    category_label = serializers.CharField(source="member.get_category_display")
    joined_on = serializers.DateField(source="member.joined_on")
    left_on = serializers.DateField(source="member.left_on", allow_null=True)
    cells = CellOutput(many=True)
