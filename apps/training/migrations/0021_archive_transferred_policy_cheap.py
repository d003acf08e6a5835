from django.db import migrations

OLD = "app_earlier_stint_of(teacher_id)"
# The same rows (A OR (A IS NOT TRUE AND B) is A OR B; the scope check is NULL, not false,
# for a scope without districts), but a row the scope already reaches is
# never passed to the SECURITY DEFINER function, which PostgreSQL calls row by row and
# evaluates before the scope policy: a worker's read of a city's 70k archive entries took
# 14 s in that function alone (issue 9, the run's data fingerprint).
NEW = "app_scope_allows(school_id, district_id) IS NOT TRUE AND app_earlier_stint_of(teacher_id)"
ALTER = 'ALTER POLICY "training_archiveentry_transferred" ON "training_archiveentry" USING ({})'


class Migration(migrations.Migration):
    dependencies = [("training", "0020_ledger_district_newest")]

    operations = [
        migrations.RunSQL(sql=ALTER.format(NEW), reverse_sql=ALTER.format(OLD)),
    ]
