from django.db import migrations

from apps.tenancy.db import tenant_consistency_operations


class Migration(migrations.Migration):
    dependencies = [("training", "0003_programmes_surveys_evaluations_imports")]

    operations = [
        *tenant_consistency_operations("training_cohortmember"),
        *tenant_consistency_operations("training_survey"),
        *tenant_consistency_operations("training_evaluationrecord"),
        *tenant_consistency_operations("training_trainingimport"),
    ]
