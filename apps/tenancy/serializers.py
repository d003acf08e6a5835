from typing import Any

from rest_framework import serializers

from .models import Membership, School


class SchoolOutput(serializers.ModelSerializer[School]):
    district_name = serializers.CharField(source="district.name", read_only=True)
    school_type_display = serializers.CharField(source="get_school_type_display", read_only=True)
    education_group_name = serializers.CharField(
        source="education_group.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = School
        fields = [
            "id",
            "code",
            "name",
            "district",
            "district_name",
            "school_type",
            "school_type_display",
            "is_rural",
            "education_group",
            "education_group_name",
            "featured_projects",
            "closed_at",
        ]


class MembershipOutput(serializers.ModelSerializer[Membership]):
    district_name = serializers.CharField(source="district.name", read_only=True)
    school_name = serializers.CharField(
        source="school.name", read_only=True, default=None, allow_null=True
    )
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "district",
            "district_name",
            "school",
            "school_name",
            "role",
            "role_display",
        ]


class MeOutput(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    memberships = MembershipOutput(many=True)
