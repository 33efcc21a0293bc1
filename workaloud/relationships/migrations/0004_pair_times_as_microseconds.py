from django.db import migrations, models

def _us(column: str, vendor: str) -> str:
    """SQL for a datetime column as exact microseconds since the epoch."""
    if vendor == "postgresql":
        return f"(EXTRACT(EPOCH FROM {column}) * 1000000)::bigint"
    # SQLite's text 'YYYY-MM-DD HH:MM:SS[.ffffff]': whole seconds, then the fraction.
    return (
        f"CAST(strftime('%%s', substr({column}, 1, 19)) AS INTEGER) * 1000000"
        f" + CAST(substr({column} || '.000000', 21, 6) AS INTEGER)"
    )


def times_to_microseconds(apps, schema_editor):
    """One UPDATE for the whole table (a pair at a time took minutes on millions of pairs)."""
    vendor = schema_editor.connection.vendor
    fields = ("first", "last", "first_engaged", "last_engaged")
    assignments = ", ".join(f"{name}_us = {_us(name + '_at', vendor)}" for name in fields)
    schema_editor.execute(f"UPDATE relationships_relationship SET {assignments}")


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
