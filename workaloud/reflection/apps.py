from django.apps import AppConfig


class ReflectionConfig(AppConfig):
    name = "workaloud.reflection"
    label = "reflection"
    verbose_name = "Reflection"
