"""SQLite: prefix indexes (2 and 3 characters) for the word being typed; the FTS5 tables are
created again with them and rebuilt from the rows. Nothing changes on PostgreSQL."""

from django.db import migrations


def recreate(apps, schema_editor):
    from workaloud.search import index

    index.recreate(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index")]

    operations = [migrations.RunPython(recreate, migrations.RunPython.noop)]
