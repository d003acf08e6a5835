# XB23-CREDIT: the offset names the district training category it counts in (知识与技能类).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0013_database_guarantees"),
    ]

    operations = [
        migrations.AddField(
            model_name="creditoffset",
            name="category",
            field=models.CharField(blank=True, max_length=40, verbose_name="冲抵的培训类别"),
        ),
    ]
