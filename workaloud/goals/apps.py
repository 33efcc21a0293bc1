from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "workaloud.goals"
    label = "goals"
