"""The search index: FTS5 tables and triggers on SQLite, generated tsvector columns and GIN
indexes on PostgreSQL (see workaloud/search/index.py). Builds the index for existing rows."""

from django.db import migrations


def create_index(apps, schema_editor):
    from workaloud.search import index

    index.install(schema_editor.connection)


def drop_index(apps, schema_editor):
    from workaloud.search import index

    index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_department"),
        ("goals", "0003_alter_goal_why"),
        ("work", "0005_update_campaign"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
