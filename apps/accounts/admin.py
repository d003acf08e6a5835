from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("平台", {"fields": ("full_name", "phone", "preferred_language")}),
    )
    list_display = ("username", "full_name", "is_active", "is_staff")
    search_fields = ("username", "full_name", "phone")
