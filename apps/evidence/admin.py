"""Read-only admin for evidence: staff can look up an item and its history, but decisions
are made in the district portal (through the services, which record events and schedule
the school's recompute) — never by editing rows here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from .models import EvidenceEvent, EvidenceItem

# The stubs' admin classes are generic; Django's are not subscriptable at runtime.
if TYPE_CHECKING:
    _EventInline = admin.TabularInline[EvidenceEvent, EvidenceItem]
    _ItemAdmin = admin.ModelAdmin[EvidenceItem]
else:
    _EventInline = admin.TabularInline
    _ItemAdmin = admin.ModelAdmin


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EvidenceEventInline(ReadOnlyMixin, _EventInline):
    model = EvidenceEvent
    fields = ("at", "action", "actor", "comment")
    readonly_fields = fields
    extra = 0


@admin.register(EvidenceItem)
class EvidenceItemAdmin(ReadOnlyMixin, _ItemAdmin):
    list_display = ("indicator_code", "title", "school", "school_year", "kind", "status")
    list_filter = ("status", "kind", "school_year", "district")
    search_fields = ("title", "indicator_code", "school__name")
    list_select_related = ("school",)
    inlines = (EvidenceEventInline,)
