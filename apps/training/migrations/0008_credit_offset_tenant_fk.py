from django.db import migrations

from apps.tenancy.db import tenant_consistency_operations


class Migration(migrations.Migration):
    dependencies = [("training", "0007_credit_offsets")]

    operations = [*tenant_consistency_operations("training_creditoffset")]
