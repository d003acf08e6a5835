"""Shapes of the research-session spot-check API (XH26-A2-1)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.training.models import SessionSpotCheck, TrainingActivity


class SpotCheckOutput(serializers.ModelSerializer[SessionSpotCheck]):
    checked_by = serializers.CharField(source="checked_by.display_name", read_only=True)

    class Meta:
        model = SessionSpotCheck
        fields = ["verdict", "reason", "checked_by", "updated_at"]


class ResearchSessionOutput(serializers.ModelSerializer[TrainingActivity]):
    school_name = serializers.CharField(source="school.name", read_only=True)
    homerooms = serializers.IntegerField(read_only=True)
    spot_check = serializers.SerializerMethodField()

    class Meta:
        model = TrainingActivity
        fields = [
            "id", "school", "school_name", "date", "title", "topic", "module", "minutes",
            "homerooms", "spot_check",
        ]  # fmt: skip

    def get_spot_check(self, activity: TrainingActivity) -> dict[str, Any] | None:
        check = getattr(activity, "spot_check", None)
        return SpotCheckOutput(check).data if check else None


class SpotCheckInput(serializers.Serializer[Any]):
    counts = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
