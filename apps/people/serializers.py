"""API input/output shapes. Inputs never carry a school: it comes from the URL, vetted."""

from typing import Any

from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin

from .models import (
    TEACHER_FIELDS,
    AssignmentRole,
    HomeroomAssignment,
    RosterImport,
    SchoolClass,
    Teacher,
)

TEACHER_OUTPUT_FIELDS = ["id", "school", *TEACHER_FIELDS]


class TeacherOutput(serializers.ModelSerializer[Teacher]):
    class Meta:
        model = Teacher
        # The stint (ADR 0012): 在岗 / 已调出 / 已离开 and its dates, changed by transfers only.
        fields = [*TEACHER_OUTPUT_FIELDS, "status", "started_on", "ended_on"]


class TeacherInput(TextCheckedSerializerMixin, serializers.ModelSerializer[Teacher]):
    class Meta:
        model = Teacher
        fields = [f for f in TEACHER_OUTPUT_FIELDS if f not in ("id", "school")]
        # Uniqueness of the employee number within the school is checked by the service.
        validators: list[object] = []


class ClassOutput(serializers.ModelSerializer[SchoolClass]):
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)

    class Meta:
        model = SchoolClass
        fields = ["id", "school", "school_year", "grade", "grade_display", "name", "student_count"]


class ClassInput(TextCheckedSerializerMixin, serializers.ModelSerializer[SchoolClass]):
    class Meta:
        model = SchoolClass
        fields = ["school_year", "grade", "name", "student_count"]
        validators: list[object] = []


class AssignmentOutput(serializers.ModelSerializer[HomeroomAssignment]):
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    class_name = serializers.CharField(source="school_class.__str__", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = HomeroomAssignment
        fields = [
            "id",
            "school",
            "school_year",
            "teacher",
            "teacher_name",
            "school_class",
            "class_name",
            "role",
            "role_display",
        ]


class AssignmentInput(serializers.Serializer[Any]):
    """Teacher and class by id; the view resolves them inside the URL's school only."""

    teacher = serializers.IntegerField()
    school_class = serializers.IntegerField()
    role = serializers.ChoiceField(choices=AssignmentRole.choices)


class RosterImportOutput(serializers.ModelSerializer[RosterImport]):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = RosterImport
        fields = [
            "id",
            "school",
            "file_name",
            "state",
            "progress",
            "total",
            "percent",
            "message",
            "errors",
            "summary",
            "created_at",
            "finished_at",
        ]


class RosterImportInput(serializers.Serializer[Any]):
    file = serializers.FileField()


class TransferInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    """A teacher taken in from another school, named by the source school's code (and
    district's, across districts), their 工号 and name there (ADR 0012)."""

    from_district_code = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )
    from_school_code = serializers.CharField(max_length=40)
    employee_no = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=40)
    on = serializers.DateField()
    new_employee_no = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default=""
    )


class DistrictTransferInput(TransferInput):
    to_school = serializers.IntegerField(help_text="调入学校（本区学校）的 id")


class LeaveInput(serializers.Serializer[Any]):
    on = serializers.DateField(help_text="离校日期")


# --------------------------------------------------------------------------- teacher logins


class TeacherLoginsInput(serializers.Serializer[Any]):
    teachers = serializers.ListField(
        child=serializers.IntegerField(),
        max_length=2000,
        help_text="本校在职、尚无登录账号的教师 id（一位或多位）",
    )


class TeacherLoginOutput(serializers.Serializer[Any]):
    """A teacher's login and its one-time password: in this answer only, never stored in
    clear; the first login must change it."""

    teacher = serializers.IntegerField(source="teacher.pk")
    employee_no = serializers.CharField(source="teacher.employee_no")
    name = serializers.CharField(source="teacher.name")
    username = serializers.CharField(source="issued.user.username")
    staff_no = serializers.CharField(
        source="issued.user.staff_no", help_text="可用于登录的工号；已被其他账号使用时为空"
    )
    password = serializers.CharField(
        source="issued.password", help_text="一次性密码：只在这次答复中出现，请转交本人"
    )


class TeacherLoginStateOutput(serializers.Serializer[Any]):
    teacher = serializers.IntegerField(source="pk")
    username = serializers.CharField(source="user.username")
    is_active = serializers.BooleanField(source="user.is_active", help_text="账号是否可登录")
