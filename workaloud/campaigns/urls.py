"""Included at /campaigns/."""

from django.urls import path

from workaloud.campaigns import views

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_new, name="campaign_new"),
    path("wol-week.toml", views.template_download, name="campaign_template"),
    path("<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("<int:campaign_id>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:campaign_id>/campaign.toml", views.campaign_download, name="campaign_download"),
    path("<int:campaign_id>/days/new/", views.day_edit, name="campaign_day_add"),
    path("<int:campaign_id>/days/<str:day>/", views.day_edit, name="campaign_day_edit"),
    path("<int:campaign_id>/days/<str:day>/remove/", views.day_remove, name="campaign_day_remove"),
]
