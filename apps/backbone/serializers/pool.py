"""API shapes of the talent pool (XB-POOL): an entry with its step, and an application."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.backbone.models import PoolEntry
from apps.core.api import TextCheckedSerializerMixin


class PoolEntryOutput(serializers.ModelSerializer[PoolEntry]):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = PoolEntry
        fields = [
            "id",
            "teacher",
            "teacher_name",
            "school",
            "school_name",
            "year",
            "level",
            "status",
            "comment",
            "recommended_at",
            "reviewed_at",
            "created_at",
        ]


class PoolApplyInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = PoolEntry

    teacher = serializers.IntegerField(label="教师")
    year = serializers.IntegerField(label="年度")
    level = serializers.CharField(label="申报级别", max_length=10)
    statement = serializers.CharField(label="申报材料")
