from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "workaloud.notifications"
    label = "notifications"
