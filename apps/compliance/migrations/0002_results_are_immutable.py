from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION compliance_result_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'compliance results are immutable snapshots (run a new evaluation)';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    """Results are snapshots a trend and an explanation rely on: the database refuses to
    change one. (Deleting a whole run with its results stays possible for clean-up.)"""

    dependencies = [("compliance", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql=[
                FUNCTION,
                "CREATE TRIGGER compliance_result_no_update BEFORE UPDATE ON compliance_complianceresult "
                "FOR EACH ROW EXECUTE FUNCTION compliance_result_immutable();",
            ],
            reverse_sql=[
                "DROP TRIGGER IF EXISTS compliance_result_no_update ON compliance_complianceresult;",
                "DROP FUNCTION IF EXISTS compliance_result_immutable();",
            ],
        )
    ]
