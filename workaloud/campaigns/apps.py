from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "workaloud.campaigns"
    label = "campaigns"
    verbose_name = "Campaigns"
