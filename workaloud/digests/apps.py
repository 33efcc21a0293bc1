from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "workaloud.digests"
    label = "digests"
    verbose_name = "Digest emails"
