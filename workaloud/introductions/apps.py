from django.apps import AppConfig


class IntroductionsConfig(AppConfig):
    name = "workaloud.introductions"
    label = "introductions"
