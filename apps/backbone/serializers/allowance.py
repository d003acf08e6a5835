"""XB23-ALLOWANCE API shapes: the school's ledger (members × months) and the district's
overview per school."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.backbone.selectors.allowance import Ledger, SchoolOverview


class LedgerRowOutput(serializers.Serializer[Any]):
    member_id = serializers.IntegerField(source="member.pk")
    teacher = serializers.CharField(source="member.teacher.name")
    category = serializers.CharField(source="member.category")
    rate = serializers.DecimalField(max_digits=10, decimal_places=2)
    paid = serializers.DecimalField(max_digits=12, decimal_places=2)
    due = serializers.DecimalField(max_digits=12, decimal_places=2)
    states = serializers.SerializerMethodField(
        help_text="每月：paid/due/suspended/not_member/future"
    )

    def get_states(self, row: Any) -> list[str]:
        return [state for state, _payment in row.cells]


class LedgerOutput(serializers.Serializer[Ledger]):
    year = serializers.IntegerField()
    months = serializers.ListField(child=serializers.DateField())
    rows = LedgerRowOutput(many=True)
    paid = serializers.DecimalField(max_digits=12, decimal_places=2)
    due = serializers.DecimalField(max_digits=12, decimal_places=2)


class OverviewOutput(serializers.Serializer[SchoolOverview]):
    school_id = serializers.IntegerField(source="school.pk")
    school = serializers.CharField(source="school.name")
    expected = serializers.ListField(
        child=serializers.DecimalField(max_digits=12, decimal_places=2)
    )
    paid = serializers.ListField(child=serializers.DecimalField(max_digits=12, decimal_places=2))
    expected_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    paid_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    suspended = serializers.SerializerMethodField()
    unpaid_bonuses = serializers.SerializerMethodField()

    def get_suspended(self, row: SchoolOverview) -> list[str]:
        return [m.teacher.name for m in row.suspended]

    def get_unpaid_bonuses(self, row: SchoolOverview) -> list[str]:
        return [
            f"{b.member.teacher.name} {b.school_year}学年 {b.amount}" for b in row.unpaid_bonuses
        ]
