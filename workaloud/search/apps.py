from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "workaloud.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from workaloud.search import index

        # On SQLite, a later migration of another app may rebuild a table (create, copy, drop,
        # rename), which drops the triggers that keep the index current: put them back.
        post_migrate.connect(index.ensure_after_migrate, dispatch_uid="search_index_ensure")
