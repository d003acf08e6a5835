from typing import TYPE_CHECKING

from django.contrib import admin

from .models import Department, District, EducationGroup, Membership, School

# The stubs' ModelAdmin is generic; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _DistrictAdmin = admin.ModelAdmin[District]
    _SchoolAdmin = admin.ModelAdmin[School]
    _MembershipAdmin = admin.ModelAdmin[Membership]
else:
    _DistrictAdmin = _SchoolAdmin = _MembershipAdmin = admin.ModelAdmin


@admin.register(District)
class DistrictAdmin(_DistrictAdmin):
    list_display = ("code", "name", "level", "parent", "policy_packs")
    search_fields = ("code", "name")


@admin.register(School)
class SchoolAdmin(_SchoolAdmin):
    list_display = ("code", "name", "district", "school_type", "is_rural")
    list_filter = ("district", "school_type", "is_rural")
    search_fields = ("code", "name")
    list_select_related = ("district",)


@admin.register(Membership)
class MembershipAdmin(_MembershipAdmin):
    list_display = ("user", "district", "school", "role", "is_active")
    list_filter = ("role", "district", "is_active")
    search_fields = ("user__username", "user__full_name")
    list_select_related = ("user", "district", "school")
    autocomplete_fields = ("user",)


admin.site.register(Department)
admin.site.register(EducationGroup)
