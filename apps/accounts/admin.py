from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User

# The stubs' UserAdmin is generic; Django's is not subscriptable at runtime.
if TYPE_CHECKING:
    _BaseUserAdmin = BaseUserAdmin[User]
else:
    _BaseUserAdmin = BaseUserAdmin


@admin.register(User)
class UserAdmin(_BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("平台", {"fields": ("full_name", "phone", "preferred_language")}),
    )
    list_display = ("username", "full_name", "is_active", "is_staff")
    search_fields = ("username", "full_name", "phone")
