from django.db import migrations

from apps.tenancy.db import (
    row_security_operations,
    same_school_operations,
    teacher_within_parent_operations,
)

LEDGER_FUNCTION = """
CREATE OR REPLACE FUNCTION training_ledger_immutable() RETURNS trigger AS $$
BEGIN
    -- Deleting is for the schema owner only: the synthetic data generator replacing a
    -- district it made (apps.core.dbroles.as_schema_owner). The app role owns nothing,
    -- so it can neither delete nor switch this trigger off.
    IF TG_OP = 'DELETE' AND current_user = (
        SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'ledger rows are immutable: correct them with a reversal entry';
END;
$$ LANGUAGE plpgsql;
"""

LEDGER_FUNCTION_WITH_FLAG = """
CREATE OR REPLACE FUNCTION training_ledger_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('app.ledger_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'ledger rows are immutable: correct them with a reversal entry';
END;
$$ LANGUAGE plpgsql;
"""

# Every training row that names a teacher and has a school of its own.
SAME_SCHOOL = (
    "training_ledgerentry",
    "training_externaltraining",
    "training_archiveentry",
    "training_creditassignment",
    "training_creditoffset",
    "training_cohortmember",
    "training_evaluationrecord",
)


class Migration(migrations.Migration):
    """What the app role cannot get round (docs/operations.md, 数据库角色):

    1. the ledger's purge flag (`app.ledger_purge`, which any session could set) is gone:
       only the schema owner may delete ledger rows;
    2. a training row that names a teacher names one of its own school (composite FKs
       onto the teacher's (id, school)); an attendance or a survey answer, which have no
       school, a teacher of their activity's or survey's school — or district, for a
       district's;
    3. the development archive and the training evaluations have row-level security.
    """

    dependencies = [
        ("training", "0012_session_spot_checks"),
        ("people", "0004_teachers_stay_in_their_school"),
    ]

    operations = [
        migrations.RunSQL(sql=LEDGER_FUNCTION, reverse_sql=LEDGER_FUNCTION_WITH_FLAG),
        *[op for table in SAME_SCHOOL for op in same_school_operations(table)],
        *teacher_within_parent_operations(
            "training_attendance",
            parent_column="activity_id",
            parent_table="training_trainingactivity",
        ),
        *teacher_within_parent_operations(
            "training_surveyresponse", parent_column="survey_id", parent_table="training_survey"
        ),
        *row_security_operations("training_archiveentry"),
        *row_security_operations("training_evaluationrecord"),
    ]
