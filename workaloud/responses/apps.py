from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "workaloud.responses"
    label = "responses"
