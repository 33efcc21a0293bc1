from django.apps import AppConfig


class RelationshipListsConfig(AppConfig):
    name = "workaloud.relationship_lists"
    label = "relationship_lists"
    verbose_name = "Relationship lists"
