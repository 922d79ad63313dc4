import uuid

from django.db import migrations, models


def lineages_fill(apps, schema_editor):
    """Give each action the lineage of the first version it was carried from, or one of its own."""
    Action = apps.get_model("actions", "Action")
    carried_from = dict(Action.objects.order_by().values_list("pk", "carried_from_id"))
    lineages: dict[int, uuid.UUID] = {}

    def lineage_of(pk: int) -> uuid.UUID:
        # Iterative, as a chain is as long as a board has had revisions.
        chain = []
        while pk not in lineages and carried_from.get(pk) is not None and pk not in chain:
            chain.append(pk)
            pk = carried_from[pk]
        lineage = lineages.setdefault(pk, uuid.uuid4())
        for link in chain:
            lineages[link] = lineage
        return lineage

    actions = [Action(pk=pk, lineage=lineage_of(pk)) for pk in carried_from]
    Action.objects.bulk_update(actions, ["lineage"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0004_progress_update_recorded_at_index"),
    ]

    operations = [
        migrations.AddField(model_name="action", name="lineage", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(lineages_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="action",
            name="lineage",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
        ),
    ]
