from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "workaloud.people"
    label = "people"
