from django.db import migrations

from apps.tenancy.db import row_security_operations


class Migration(migrations.Migration):
    """The audit trail's snapshots of the development archive and of the training
    evaluations are personal data as the rows are: the same row-level security."""

    dependencies = [("training", "0016_external_training_withdrawn_and_corrected")]

    operations = [
        *row_security_operations("training_archiveentryhistory"),
        *row_security_operations("training_evaluationrecordhistory"),
    ]
