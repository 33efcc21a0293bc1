from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "workaloud.discovery"
    label = "discovery"

    def ready(self) -> None:
        from workaloud.discovery import signals  # noqa: F401  (connects the receivers)
