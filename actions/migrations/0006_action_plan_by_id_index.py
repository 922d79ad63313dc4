from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0005_action_lineage"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["id"], include=("plan",), name="action_plan_by_id"),
        ),
    ]
