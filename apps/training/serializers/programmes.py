"""API shapes of the tiered programmes (XH26-TIER): cohorts with their courses and
counts, members with their programme hours, enrolment."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.training.models import Cohort, CohortCourse, MemberStatus, Programme


class CourseShape(serializers.ModelSerializer[CohortCourse]):
    class Meta:
        model = CohortCourse
        fields = ["title", "hours"]


class CohortOutput(serializers.ModelSerializer[Cohort]):
    programme_display = serializers.CharField(source="get_programme_display", read_only=True)
    courses = CourseShape(many=True, read_only=True)
    enrolled_count = serializers.IntegerField(read_only=True)
    completed_count = serializers.IntegerField(read_only=True)
    withdrawn_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Cohort
        fields = [
            "id",
            "district",
            "programme",
            "programme_display",
            "school_year",
            "name",
            "required_hours",
            "courses",
            "enrolled_count",
            "completed_count",
            "withdrawn_count",
        ]


class CourseInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)


class CohortInput(serializers.Serializer[Any]):
    # All of the vocabulary (one enum in the schema); the service refuses "none".
    programme = serializers.ChoiceField(choices=Programme.choices)
    school_year = serializers.IntegerField(min_value=2000, max_value=2100)
    name = serializers.CharField(max_length=100)
    required_hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    courses = CourseInput(many=True)


class MemberOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="member.pk")
    teacher = serializers.IntegerField(source="member.teacher_id")
    teacher_name = serializers.CharField(source="member.teacher.name")
    employee_no = serializers.CharField(source="member.teacher.employee_no")
    school = serializers.IntegerField(source="member.school_id")
    school_name = serializers.CharField(source="member.school.name")
    status = serializers.ChoiceField(source="member.status", choices=MemberStatus.choices)
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    can_complete = serializers.BooleanField()


class EnrolInput(serializers.Serializer[Any]):
    teachers = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
