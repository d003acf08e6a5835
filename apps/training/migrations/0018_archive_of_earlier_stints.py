from django.db import migrations

from apps.tenancy.db import earlier_stint_read_operations


class Migration(migrations.Migration):
    """A teacher's archive entries of an earlier stint are read (never changed) by the
    school the teacher moved to: the archive lists them as earned there (ADR 0012)."""

    dependencies = [
        ("training", "0017_row_security_on_history"),
        ("people", "0005_teacher_stints"),
    ]

    operations = [
        *earlier_stint_read_operations(
            "training_archiveentry", check="app_earlier_stint_of(teacher_id)"
        ),
    ]
