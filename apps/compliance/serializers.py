"""API shapes of the compliance engine. Inputs never carry a district or a school: they
come from the URL, vetted by the tenancy base classes."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api import TextCheckedSerializerMixin

from .models import (
    ComplianceResult,
    ComplianceRun,
    Indicator,
    PackParameter,
    ParameterOverride,
    PolicyPack,
    ResultSemester,
)

# --------------------------------------------------------------------------- policy packs


class ParameterOutput(serializers.ModelSerializer[PackParameter]):
    value = serializers.JSONField(
        help_text="政策原值（区级调整不在此显示，见 parameter-overrides）"
    )

    class Meta:
        model = PackParameter
        fields = [
            "key",
            "value",
            "unit",
            "rule_id",
            "label_zh",
            "label_en",
            "interpretation",
            "note_zh",
        ]


class PolicyPackOutput(serializers.ModelSerializer[PolicyPack]):
    parameters = ParameterOutput(many=True, read_only=True)

    class Meta:
        model = PolicyPack
        fields = [
            "id",
            "code",
            "version",
            "title_zh",
            "title_en",
            "issuer",
            "document_no",
            "issued_on",
            "effective_from",
            "effective_to",
            "parameters",
        ]


class IndicatorOutput(serializers.ModelSerializer[Indicator]):
    pack_code = serializers.CharField(source="pack.code", read_only=True)
    params = serializers.JSONField(help_text="评估参数（$key 引用政策包参数）")
    applicability = serializers.JSONField(
        help_text="适用范围：all / featured_project / school_types"
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "pack_code",
            "code",
            "order",
            "category_zh",
            "category_en",
            "title_zh",
            "title_en",
            "source",
            "rule_ids",
            "responsible",
            "deadline",
            "deadline_text",
            "scope",
            "applicability",
            "kinds",
            "evaluator",
            "params",
            "next_step_zh",
        ]


# --------------------------------------------------------------------------- runs


class RunOutput(serializers.ModelSerializer[ComplianceRun]):
    percent = serializers.IntegerField(read_only=True)
    requested_by = serializers.CharField(
        source="requested_by.username", read_only=True, allow_null=True
    )
    summary = serializers.DictField(
        child=serializers.IntegerField(), read_only=True, help_text="各状态的结果条数"
    )
    pack_versions = serializers.DictField(
        child=serializers.IntegerField(), read_only=True, help_text="政策包代码 → 版本"
    )

    class Meta:
        model = ComplianceRun
        fields = [
            "id",
            "school",
            "school_year",
            "as_of",
            "trigger",
            "state",
            "progress",
            "total",
            "percent",
            "message",
            "summary",
            "pack_versions",
            "data_version",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
        ]


class RunInput(serializers.Serializer[Any]):
    school_year = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text="学年（以起始年份命名，如 2025）"
    )


# --------------------------------------------------------------------------- results


class PartOutput(serializers.Serializer[Any]):
    evaluator = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not the label
    status = serializers.CharField()
    value = serializers.CharField(allow_blank=True)
    target = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    missing = serializers.ListField(child=serializers.CharField(), default=list)


class ReadingOutput(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not the label
    value = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    overridden = serializers.BooleanField()


class ResultOutput(serializers.ModelSerializer[ComplianceResult]):
    pack_code = serializers.CharField(source="indicator.pack.code", read_only=True)
    category = serializers.CharField(source="indicator.category_zh", read_only=True)
    title = serializers.CharField(source="indicator.title_zh", read_only=True)
    rule_ids = serializers.ListField(
        source="indicator.rule_ids", child=serializers.CharField(), read_only=True
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True, allow_null=True)
    missing = serializers.ListField(child=serializers.CharField(), read_only=True)
    evidence = serializers.ListField(
        child=serializers.DictField(), read_only=True, help_text="{type, id, label[, status]}"
    )
    parts = PartOutput(many=True, read_only=True, help_text="由多个分项组成的指标：每个分项的结果")
    readings = serializers.SerializerMethodField(
        help_text="本指标采用的解释性参数（政策原文可有多种理解；区可调整）"
    )

    class Meta:
        model = ComplianceResult
        fields = [
            "id",
            "run",
            "school",
            "school_name",
            "school_year",
            "semester",
            "pack_code",
            "indicator_code",
            "category",
            "title",
            "rule_ids",
            "status",
            "status_display",
            "value",
            "target",
            "deadline",
            "missing",
            "evidence",
            "note",
            "parts",
            "readings",
            "finished_at",
        ]

    @extend_schema_field(ReadingOutput(many=True))
    def get_readings(self, result: ComplianceResult) -> list[dict[str, Any]]:
        found = self.context.get("readings", {}).get(result.indicator_code, [])
        return [ReadingOutput(r).data for r in found]


SEMESTER_ERROR = "semester 参数无效：请填写 1（第一学期）或 2（第二学期），不填或填 0 为全学年。"


class ResultQuery(serializers.Serializer[Any]):
    school_year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="学年（以起始年份命名）；缺省为当前学年",
    )
    semester = serializers.ChoiceField(
        choices=ResultSemester.choices,
        required=False,
        help_text="学期：1 第一学期（9月—次年1月）、2 第二学期（2月—8月），"
        "只有按学期评估的指标（如 PT24-CREDIT）有学期结果；缺省或 0 为全学年",
        allow_blank=True,
        error_messages={"invalid_choice": SEMESTER_ERROR},
    )


class PeriodOutput(serializers.Serializer[Any]):
    school_year = serializers.IntegerField(help_text="学年（以起始年份命名）")
    semester = serializers.IntegerField(help_text="0 全学年；1、2 学期")
    # The metaclass takes declared fields off the class, so `label` shadows no attribute
    # at run time; mypy sees only the class body.
    label = serializers.CharField(help_text="如 2025学年第一学期")  # type: ignore[assignment]


# --------------------------------------------------------------------------- overrides


class OverrideOutput(serializers.ModelSerializer[ParameterOverride]):
    value = serializers.JSONField(allow_null=True, read_only=True)
    set_by = serializers.CharField(source="set_by.username", read_only=True)

    class Meta:
        model = ParameterOverride
        fields = ["id", "pack_code", "key", "value", "cleared", "reason", "set_by", "set_at"]


class OverrideInput(serializers.Serializer[Any]):
    pack_code = serializers.CharField(max_length=40)
    key = serializers.CharField(max_length=60)
    value = serializers.JSONField(
        required=False, allow_null=True, help_text="新取值，类型须与政策原值一致"
    )
    reason = serializers.CharField(help_text="调整理由（记录在案）")
    clear = serializers.BooleanField(default=False, help_text="true：恢复政策原值")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["clear"]:
            return attrs
        if attrs.get("value") is None:
            raise serializers.ValidationError(
                {"value": "请填写取值；如要恢复政策原值，请将 clear 设为 true。"}
            )
        if isinstance(attrs["value"], bool):
            # No pack parameter is a yes/no; the service's type check lets a bool pass as
            # a number (bool is an int), and the evaluators then fail on every run.
            raise serializers.ValidationError({"value": "取值应为数字或文字，不能是 true/false。"})
        return attrs


# --------------------------------------------------------------------------- pack choice


class PackOption(serializers.Serializer[Any]):
    code = serializers.CharField()
    title = serializers.CharField(help_text="政策包名称（未加载的为空）")
    chosen = serializers.BooleanField(help_text="本区是否采用")


class PackChangeOutput(serializers.Serializer[Any]):
    at = serializers.DateTimeField(help_text="调整时间")
    packs = serializers.ListField(child=serializers.CharField(), help_text="调整后采用的政策包")
    reason = serializers.CharField(help_text="调整原因")
    actor = serializers.CharField(help_text="调整人姓名（命令调整时为空）")
    via = serializers.CharField(help_text="经由的命令（网页或接口调整时为空）")


class PackChoiceOutput(serializers.Serializer[Any]):
    packs = serializers.ListField(child=serializers.CharField(), help_text="本区现采用的政策包")
    available = PackOption(many=True, help_text="可选的政策包，已采用的在前")
    history = PackChangeOutput(many=True, help_text="历次调整，最新的在前（谁、何时、为何）")


class PackChoiceInput(TextCheckedSerializerMixin, serializers.Serializer[Any]):
    packs = serializers.ListField(
        child=serializers.CharField(max_length=40), max_length=20, help_text="采用的政策包代码"
    )
    reason = serializers.CharField(max_length=200, help_text="调整原因，与调整人、时间一起留存")
