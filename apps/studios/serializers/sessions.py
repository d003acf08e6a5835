"""API shapes of the lead's teams and a team's sessions. A session's attendees are plain
teacher ids in the body, resolved against the team's active members by the service (a
non-member is a Chinese 400 naming them)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin
from apps.studios.models import Session, Team
from apps.training.models import Module, TrainingActivity


class MyTeamOutput(serializers.ModelSerializer[Team]):
    level = serializers.CharField(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "kind", "level", "name", "district", "school", "established_on"]


class SessionOutput(serializers.ModelSerializer[Session]):
    title = serializers.CharField(source="activity.title")
    topic = serializers.CharField(source="activity.topic")
    date = serializers.DateField(source="activity.date")
    hours = serializers.DecimalField(source="activity.hours", max_digits=5, decimal_places=1)
    module = serializers.CharField(source="activity.module")
    attendee_count = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id", "activity", "theme", "title", "topic", "date", "hours", "module",
            "attendee_count",
        ]  # fmt: skip

    def get_attendee_count(self, session: Any) -> int:
        count = getattr(session, "attendee_count", None)
        return int(count) if count is not None else session.activity.attendances.count()


class SessionInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    label_model = TrainingActivity

    title = serializers.CharField(max_length=200)
    topic = serializers.CharField(max_length=300)
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=Decimal("0.5"))
    module = serializers.ChoiceField(choices=Module.choices)
    minutes = serializers.CharField()
    theme = serializers.IntegerField(required=False, allow_null=True)
    teachers = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
