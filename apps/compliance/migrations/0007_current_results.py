"""The current result per (district, school year, school, indicator code), filled from
the history's newest row of each key (ADR 0013); the history's DISTINCT ON index goes."""

import django.db.models.deletion
from django.db import migrations, models


BACKFILL = """
INSERT INTO compliance_currentresult
    (district_id, school_year, school_id, indicator_code, result_id, finished_at)
SELECT DISTINCT ON (district_id, school_year, school_id, indicator_code)
    district_id, school_year, school_id, indicator_code, id, finished_at
FROM compliance_complianceresult
ORDER BY district_id, school_year, school_id, indicator_code, finished_at DESC, id DESC
"""

# A run replaces a current row, nobody deletes one — but the schema owner, with the
# history row it points at (the synthetic generator replacing a district).
NO_DELETE = """
CREATE OR REPLACE FUNCTION compliance_current_no_delete() RETURNS trigger AS $$
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'current compliance results are replaced by runs, never deleted';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0006_results_immutable_for_the_app'),
        ('tenancy', '0004_row_security_scope'),
    ]

    operations = [
        migrations.CreateModel(
            name='CurrentResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('school_year', models.PositiveSmallIntegerField(verbose_name='学年')),
                ('indicator_code', models.CharField(max_length=40, verbose_name='指标编号')),
                ('finished_at', models.DateTimeField(verbose_name='评估时间')),
            ],
            options={
                'verbose_name': '当前评估结果',
                'verbose_name_plural': '当前评估结果',
            },
        ),
        migrations.AddField(
            model_name='currentresult',
            name='district',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.district'),
        ),
        migrations.AddField(
            model_name='currentresult',
            name='result',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='current', to='compliance.complianceresult'),
        ),
        migrations.AddField(
            model_name='currentresult',
            name='school',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.school'),
        ),
        migrations.AddConstraint(
            model_name='currentresult',
            constraint=models.UniqueConstraint(fields=('district', 'school_year', 'school', 'indicator_code'), name='current_result_unique', nulls_distinct=False),
        ),
        migrations.RunSQL(
            sql=[
                NO_DELETE,
                "CREATE TRIGGER compliance_current_no_delete BEFORE DELETE "
                "ON compliance_currentresult "
                "FOR EACH ROW EXECUTE FUNCTION compliance_current_no_delete()",
            ],
            reverse_sql=[
                "DROP TRIGGER compliance_current_no_delete ON compliance_currentresult",
                "DROP FUNCTION compliance_current_no_delete()",
            ],
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.RemoveIndex(
            model_name='complianceresult',
            name='result_latest_idx',
        ),
    ]
