from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "workaloud.work"
    label = "work"
