"""Results per semester (ADR 0015): the history and the current table key a result by
its semester too (0 the whole year, as every row so far; 1 or 2 a semester of a rule
judged per semester). Adding the column with its default rewrites no row, so the
history's refusal of UPDATE is untouched."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0008_run_chunks'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='complianceresult',
            name='result_unique_per_run',
        ),
        migrations.RemoveConstraint(
            model_name='currentresult',
            name='current_result_unique',
        ),
        migrations.AddField(
            model_name='complianceresult',
            name='semester',
            field=models.PositiveSmallIntegerField(choices=[(0, '全学年'), (1, '第一学期'), (2, '第二学期')], default=0, verbose_name='学期'),
        ),
        migrations.AddField(
            model_name='currentresult',
            name='semester',
            field=models.PositiveSmallIntegerField(choices=[(0, '全学年'), (1, '第一学期'), (2, '第二学期')], default=0, verbose_name='学期'),
        ),
        migrations.AddConstraint(
            model_name='complianceresult',
            constraint=models.UniqueConstraint(fields=('run', 'school', 'indicator', 'semester'), name='result_unique_per_run', nulls_distinct=False),
        ),
        migrations.AddConstraint(
            model_name='currentresult',
            constraint=models.UniqueConstraint(fields=('district', 'school_year', 'semester', 'school', 'indicator_code'), name='current_result_unique', nulls_distinct=False),
        ),
    ]
