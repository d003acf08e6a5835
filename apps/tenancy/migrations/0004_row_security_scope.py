from django.db import migrations

from apps.tenancy.db import scope_function_operations


class Migration(migrations.Migration):
    """`app_scope_allows(school, district)`, which the row-level security policies of the
    personal-data tables call (apps/core/dbscope.py, docs/operations.md 数据库角色)."""

    dependencies = [("tenancy", "0003_audit_history")]

    operations = [*scope_function_operations()]
