"""The ledger's covering index widened to what a run's one pass reads (issue 9 §2): an
index-only scan over one district's year, whatever the other districts hold."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('training', '0018_archive_of_earlier_stints'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='ledgerentry',
            name='ledger_year_teacher',
        ),
        migrations.AddIndex(
            model_name='ledgerentry',
            index=models.Index(fields=['district', 'school_year', 'teacher'], include=('school', 'semester', 'credit_class', 'hours', 'layer', 'kind', 'activity', 'reverses'), name='ledger_district_year'),
        ),
    ]
