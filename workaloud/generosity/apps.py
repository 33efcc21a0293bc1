from django.apps import AppConfig


class GenerosityConfig(AppConfig):
    name = "workaloud.generosity"
    label = "generosity"
