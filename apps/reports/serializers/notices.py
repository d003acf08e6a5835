"""The notices' API shapes."""

from __future__ import annotations

from rest_framework import serializers

from apps.reports.models import Notice


class NoticeOutput(serializers.ModelSerializer[Notice]):
    is_read = serializers.SerializerMethodField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "body",
            "link",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields

    def get_is_read(self, notice: Notice) -> bool:
        return notice.read_at is not None
