from django.db import migrations

from apps.tenancy.db import tenant_consistency_operations

FUNCTION = """
CREATE OR REPLACE FUNCTION training_ledger_immutable() RETURNS trigger AS $$
BEGIN
    -- Deleting is possible only for a deliberate purge of a whole synthetic or demo
    -- district (`SET LOCAL app.ledger_purge = 'on'` inside that transaction).
    IF TG_OP = 'DELETE' AND current_setting('app.ledger_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'ledger rows are immutable: correct them with a reversal entry';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    """The hours ledger is append-only (a correction is a reversal row), enforced by the
    database; tenant rows keep their district equal to their school's."""

    dependencies = [("training", "0001_initial"), ("tenancy", "0002_membership_school_district_fk")]

    operations = [
        migrations.RunSQL(
            sql=[
                FUNCTION,
                "CREATE TRIGGER training_ledger_no_change BEFORE UPDATE OR DELETE ON training_ledgerentry "
                "FOR EACH ROW EXECUTE FUNCTION training_ledger_immutable();",
            ],
            reverse_sql=[
                "DROP TRIGGER IF EXISTS training_ledger_no_change ON training_ledgerentry;",
                "DROP FUNCTION IF EXISTS training_ledger_immutable();",
            ],
        ),
        *tenant_consistency_operations("training_trainingactivity"),
        *tenant_consistency_operations("training_externaltraining"),
        *tenant_consistency_operations("training_ledgerentry"),
        *tenant_consistency_operations("training_archiveentry"),
        *tenant_consistency_operations("training_creditassignment"),
    ]
