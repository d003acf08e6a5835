"""API shapes of the needs surveys (PT24-NEEDS): a survey with its questions, and its
tallies per choice."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.training.models import Survey
from apps.training.services.surveys import MAX_CHOICE_CHARS, MAX_QUESTION_CHARS


class QuestionShape(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=MAX_QUESTION_CHARS)
    choices = serializers.ListField(
        child=serializers.CharField(max_length=MAX_CHOICE_CHARS), min_length=2
    )
    multiple = serializers.BooleanField(default=False)


class SurveyOutput(serializers.ModelSerializer[Survey]):
    questions = QuestionShape(many=True, read_only=True)
    response_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "district",
            "school",
            "title",
            "questions",
            "is_open",
            "response_count",
            "created_at",
        ]


class SurveyInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    questions = QuestionShape(many=True)
    is_open = serializers.BooleanField(default=True)


class ChoiceTallyOutput(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    count = serializers.IntegerField()
    percent = serializers.IntegerField()


class QuestionTallyOutput(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    text = serializers.CharField()
    multiple = serializers.BooleanField()
    answered = serializers.IntegerField()
    choices = ChoiceTallyOutput(many=True)


class TalliesOutput(serializers.Serializer[Any]):
    respondents = serializers.IntegerField()
    audience = serializers.IntegerField()
    response_rate = serializers.IntegerField()
    questions = QuestionTallyOutput(many=True)
