from datetime import UTC, datetime

from django.db import migrations, models

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_us(moment):
    if moment is None:
        return None
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def times_to_microseconds(apps, schema_editor):
    Relationship = apps.get_model("relationships", "Relationship")
    fields = ("first_at", "last_at", "first_engaged_at", "last_engaged_at")
    for rel in Relationship.objects.only("id", *fields).iterator():
        Relationship.objects.filter(pk=rel.pk).update(
            **{name.replace("_at", "_us"): to_us(getattr(rel, name)) for name in fields}
        )


class Migration(migrations.Migration):
    dependencies = [("relationships", "0003_pair_rows_without_own_constraints")]

    operations = [
        migrations.AddField(
            model_name="relationship",
            name="first_us",
            field=models.BigIntegerField(
                default=0, help_text="The first interaction (µs since the epoch)."
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="relationship",
            name="last_us",
            field=models.BigIntegerField(
                default=0, help_text="The latest interaction (µs since the epoch)."
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="relationship",
            name="first_engaged_us",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="relationship",
            name="last_engaged_us",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(times_to_microseconds, migrations.RunPython.noop),
        migrations.RemoveField(model_name="relationship", name="first_at"),
        migrations.RemoveField(model_name="relationship", name="last_at"),
        migrations.RemoveField(model_name="relationship", name="first_engaged_at"),
        migrations.RemoveField(model_name="relationship", name="last_engaged_at"),
    ]
