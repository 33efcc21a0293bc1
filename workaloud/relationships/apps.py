from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "workaloud.relationships"
    label = "relationships"
