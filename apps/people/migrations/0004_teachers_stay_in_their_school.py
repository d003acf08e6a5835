from django.db import migrations, models

from apps.tenancy.db import row_security_operations, same_school_operations


class Migration(migrations.Migration):
    """A homeroom assignment names a teacher of its own school (composite FK onto the
    teacher's (id, school)); teachers and their history rows have row-level security."""

    dependencies = [("people", "0003_audit_history"), ("tenancy", "0004_row_security_scope")]

    operations = [
        migrations.AddConstraint(
            model_name="teacher",
            constraint=models.UniqueConstraint(fields=("id", "school"), name="teacher_id_school"),
        ),
        *same_school_operations("people_homeroomassignment"),
        *row_security_operations("people_teacher"),
        *row_security_operations("people_teacherhistory"),
    ]
