from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "workaloud.imports"
    label = "imports"
    verbose_name = "Imports"
