"""API shapes of development-archive entries (XH26-A3-1, PT24-ARCHIVE)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin
from apps.training.models import AchievementKind, AchievementLevel, ArchiveEntry


class ArchiveEntryOutput(serializers.ModelSerializer[ArchiveEntry]):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)

    class Meta:
        model = ArchiveEntry
        fields = [
            "id",
            "school",
            "teacher",
            "teacher_name",
            "kind",
            "level",
            "title",
            "date",
            "description",
            "file_name",
            "created_at",
        ]


class ArchiveEntryInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = ArchiveEntry

    teacher = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AchievementKind.choices)
    level = serializers.ChoiceField(choices=AchievementLevel.choices)
    title = serializers.CharField(max_length=200)
    date = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False)
