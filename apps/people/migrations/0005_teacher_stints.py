
import apps.core.audit
import django.contrib.postgres.functions
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

from apps.tenancy.db import earlier_stint_function_operations, earlier_stint_read_operations


class Migration(migrations.Migration):
    """Teacher stints (ADR 0012): a person key shared by a person's records at each
    school, the stint's status and dates, one open stint per person; the school a
    person moved to reads their earlier stints' teacher rows (read only)."""

    dependencies = [
        ('accounts', '__first__'),
        ('people', '0004_teachers_stay_in_their_school'),
        ('tenancy', '0004_row_security_scope'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='teacher',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='teacher',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='teacher',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='teacher',
            name='ended_on',
            field=models.DateField(blank=True, null=True, verbose_name='离岗日期'),
        ),
        migrations.AddField(
            model_name='teacher',
            name='person_key',
            field=models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), editable=False, verbose_name='人员标识'),
        ),
        migrations.AddField(
            model_name='teacher',
            name='started_on',
            field=models.DateField(blank=True, null=True, verbose_name='到岗日期'),
        ),
        migrations.AddField(
            model_name='teacher',
            name='status',
            field=models.CharField(choices=[('active', '在岗'), ('transferred', '已调出'), ('left', '已离开')], default='active', max_length=12, verbose_name='在岗状态'),
        ),
        migrations.AddField(
            model_name='teacherhistory',
            name='ended_on',
            field=models.DateField(blank=True, null=True, verbose_name='离岗日期'),
        ),
        migrations.AddField(
            model_name='teacherhistory',
            name='person_key',
            field=models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), editable=False, verbose_name='人员标识'),
        ),
        migrations.AddField(
            model_name='teacherhistory',
            name='started_on',
            field=models.DateField(blank=True, null=True, verbose_name='到岗日期'),
        ),
        migrations.AddField(
            model_name='teacherhistory',
            name='status',
            field=models.CharField(choices=[('active', '在岗'), ('transferred', '已调出'), ('left', '已离开')], default='active', max_length=12, verbose_name='在岗状态'),
        ),
        migrations.AddIndex(
            model_name='teacher',
            index=models.Index(fields=['person_key'], name='teacher_person'),
        ),
        migrations.AddConstraint(
            model_name='teacher',
            constraint=models.UniqueConstraint(condition=models.Q(('ended_on__isnull', True)), fields=('person_key',), name='teacher_one_open_stint'),
        ),
        migrations.AddConstraint(
            model_name='teacher',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('ended_on__isnull', True), ('status', 'active')), models.Q(models.Q(('status', 'active'), _negated=True), ('ended_on__isnull', False)), _connector='OR'), name='teacher_stint_status_matches_end'),
        ),
        apps.core.audit.InstallTriggers(
            operations=[pgtrigger.migrations.AddTrigger(
                model_name='teacher',
                trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "people_teacherhistory" ("birth_date", "created_at", "district_id", "employee_no", "ended_on", "gender", "highest_education", "homeroom_since", "id", "is_active", "is_moral_cadre", "name", "person_key", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "professional_title", "psych_certificate", "school_id", "started_on", "status", "teaching_since", "updated_at", "user_id") VALUES (NEW."birth_date", NEW."created_at", NEW."district_id", NEW."employee_no", NEW."ended_on", NEW."gender", NEW."highest_education", NEW."homeroom_since", NEW."id", NEW."is_active", NEW."is_moral_cadre", NEW."name", NEW."person_key", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'insert\', NEW."id", NEW."professional_title", NEW."psych_certificate", NEW."school_id", NEW."started_on", NEW."status", NEW."teaching_since", NEW."updated_at", NEW."user_id"); RETURN NULL;', hash='2447c0c2699ee2c7f9f613dcb5aed3985264125a', operation='INSERT', pgid='pgtrigger_insert_insert_87f28', table='people_teacher', when='AFTER')),
            ), pgtrigger.migrations.AddTrigger(
                model_name='teacher',
                trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."birth_date" IS DISTINCT FROM (NEW."birth_date") OR OLD."district_id" IS DISTINCT FROM (NEW."district_id") OR OLD."employee_no" IS DISTINCT FROM (NEW."employee_no") OR OLD."ended_on" IS DISTINCT FROM (NEW."ended_on") OR OLD."gender" IS DISTINCT FROM (NEW."gender") OR OLD."highest_education" IS DISTINCT FROM (NEW."highest_education") OR OLD."homeroom_since" IS DISTINCT FROM (NEW."homeroom_since") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."is_active" IS DISTINCT FROM (NEW."is_active") OR OLD."is_moral_cadre" IS DISTINCT FROM (NEW."is_moral_cadre") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."person_key" IS DISTINCT FROM (NEW."person_key") OR OLD."professional_title" IS DISTINCT FROM (NEW."professional_title") OR OLD."psych_certificate" IS DISTINCT FROM (NEW."psych_certificate") OR OLD."school_id" IS DISTINCT FROM (NEW."school_id") OR OLD."started_on" IS DISTINCT FROM (NEW."started_on") OR OLD."status" IS DISTINCT FROM (NEW."status") OR OLD."teaching_since" IS DISTINCT FROM (NEW."teaching_since") OR OLD."user_id" IS DISTINCT FROM (NEW."user_id"))', func='INSERT INTO "people_teacherhistory" ("birth_date", "created_at", "district_id", "employee_no", "ended_on", "gender", "highest_education", "homeroom_since", "id", "is_active", "is_moral_cadre", "name", "person_key", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "professional_title", "psych_certificate", "school_id", "started_on", "status", "teaching_since", "updated_at", "user_id") VALUES (NEW."birth_date", NEW."created_at", NEW."district_id", NEW."employee_no", NEW."ended_on", NEW."gender", NEW."highest_education", NEW."homeroom_since", NEW."id", NEW."is_active", NEW."is_moral_cadre", NEW."name", NEW."person_key", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'update\', NEW."id", NEW."professional_title", NEW."psych_certificate", NEW."school_id", NEW."started_on", NEW."status", NEW."teaching_since", NEW."updated_at", NEW."user_id"); RETURN NULL;', hash='e55b965b9bbf7f9eb00c769f1a6854d84164f3c6', operation='UPDATE', pgid='pgtrigger_update_update_91667', table='people_teacher', when='AFTER')),
            ), pgtrigger.migrations.AddTrigger(
                model_name='teacher',
                trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "people_teacherhistory" ("birth_date", "created_at", "district_id", "employee_no", "ended_on", "gender", "highest_education", "homeroom_since", "id", "is_active", "is_moral_cadre", "name", "person_key", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "professional_title", "psych_certificate", "school_id", "started_on", "status", "teaching_since", "updated_at", "user_id") VALUES (OLD."birth_date", OLD."created_at", OLD."district_id", OLD."employee_no", OLD."ended_on", OLD."gender", OLD."highest_education", OLD."homeroom_since", OLD."id", OLD."is_active", OLD."is_moral_cadre", OLD."name", OLD."person_key", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, NOW(), \'delete\', OLD."id", OLD."professional_title", OLD."psych_certificate", OLD."school_id", OLD."started_on", OLD."status", OLD."teaching_since", OLD."updated_at", OLD."user_id"); RETURN NULL;', hash='2e1424f60f930d1243519dc5c281505382056239', operation='DELETE', pgid='pgtrigger_delete_delete_523c1', table='people_teacher', when='AFTER')),
            )],
        ),
        *earlier_stint_function_operations(),
        *earlier_stint_read_operations(
            "people_teacher", check="ended_on IS NOT NULL AND app_earlier_stint_visible(person_key, ended_on)"
        ),
    ]
