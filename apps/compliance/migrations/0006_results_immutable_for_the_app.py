from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION compliance_result_immutable() RETURNS trigger AS $$
BEGIN
    -- Deleting is for the schema owner only (the synthetic data generator replacing a
    -- district it made, apps.core.dbroles.as_schema_owner): the app role owns nothing.
    IF TG_OP = 'DELETE' AND current_user = (
        SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'compliance results are immutable snapshots (run a new evaluation)';
END;
$$ LANGUAGE plpgsql;
"""

PREVIOUS = """
CREATE OR REPLACE FUNCTION compliance_result_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'compliance results are immutable snapshots (run a new evaluation)';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    """Results are snapshots a trend and an explanation rely on: the database refuses to
    change one, and to delete one unless the schema owner asks (the app role cannot)."""

    dependencies = [("compliance", "0005_indicator_obligation")]

    operations = [
        migrations.RunSQL(
            sql=[
                FUNCTION,
                "DROP TRIGGER compliance_result_no_update ON compliance_complianceresult",
                "CREATE TRIGGER compliance_result_no_change BEFORE UPDATE OR DELETE "
                "ON compliance_complianceresult "
                "FOR EACH ROW EXECUTE FUNCTION compliance_result_immutable()",
            ],
            reverse_sql=[
                "DROP TRIGGER compliance_result_no_change ON compliance_complianceresult",
                PREVIOUS,
                "CREATE TRIGGER compliance_result_no_update BEFORE UPDATE "
                "ON compliance_complianceresult "
                "FOR EACH ROW EXECUTE FUNCTION compliance_result_immutable()",
            ],
        )
    ]
