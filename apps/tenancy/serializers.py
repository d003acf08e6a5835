from typing import Any

from rest_framework import serializers

from apps.core.api import IMPORT_JOB_FIELDS, ImportJobOutput, TextCheckedSerializerMixin

from .models import FeaturedProject, Membership, School, SchoolImport, SchoolType


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


# --------------------------------------------------------------------------- the admin's schools


class DistrictSchoolOutput(SchoolOutput):
    """A school on the district admin's list, with the number of its active leaders."""

    leaders = serializers.IntegerField(read_only=True, default=None, allow_null=True)

    class Meta(SchoolOutput.Meta):
        fields = [*SchoolOutput.Meta.fields, "leaders"]


class SchoolListQuery(serializers.Serializer[Any]):
    closed = serializers.BooleanField(
        required=False, default=False, help_text="true：只列出已关闭的学校（默认只列出未关闭的）。"
    )


class SchoolInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    """A school's card (create: all of it; PATCH: the fields that change). A change of
    the featured projects needs a `reason`, kept with who and when."""

    label_model = School

    code = serializers.CharField(max_length=40, help_text="本区唯一，字母、数字、- 或 _，如 XH001")
    name = serializers.CharField(max_length=100)
    school_type = serializers.ChoiceField(choices=SchoolType.choices)
    is_rural = serializers.BooleanField(required=False, default=False)
    education_group = serializers.CharField(
        max_length=80,
        required=False,
        allow_blank=True,
        default="",
        help_text="集团名称；本区还没有的会自动新建，空白为不属于集团",
    )
    featured_projects = serializers.ListField(
        child=serializers.ChoiceField(choices=FeaturedProject.choices),
        required=False,
        default=list,
        max_length=len(FeaturedProject.choices),
    )
    reason = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="调整特色项目时必填；与修改人、时间一起留存",
    )


class ReasonInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=200, help_text="原因，与操作人、时间一起留存（如：撤并至某校）"
    )


class SchoolImportInput(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="填好的学校名单导入模板（.xlsx）")


class SchoolImportOutput(ImportJobOutput):
    class Meta:
        model = SchoolImport
        fields = ["id", "district", *IMPORT_JOB_FIELDS]
