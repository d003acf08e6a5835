from django.db import migrations

from apps.tenancy.db import tenant_consistency_operations


class Migration(migrations.Migration):
    """A membership at a school must name that school's district (NULL school: unchecked)."""

    dependencies = [("tenancy", "0001_initial")]

    operations = [*tenant_consistency_operations("tenancy_membership")]
