from django.apps import AppConfig


class CirclesConfig(AppConfig):
    name = "workaloud.circles"
    label = "circles"
