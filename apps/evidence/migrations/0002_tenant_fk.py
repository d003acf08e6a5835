from django.db import migrations

from apps.tenancy.db import tenant_consistency_operations


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial"), ("tenancy", "0002_membership_school_district_fk")]

    operations = [*tenant_consistency_operations("evidence_evidenceitem")]
