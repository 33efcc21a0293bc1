from django.urls import path

from workaloud.discovery import views

urlpatterns = [
    path("people/", views.aligned, name="discovery_aligned"),
    path("people/panel/", views.aligned_panel, name="discovery_aligned_panel"),
    path("asks/", views.asks, name="discovery_asks"),
    path("beyond/", views.beyond, name="discovery_beyond"),
    path("updates/<int:update_id>/helpers/", views.helpers, name="discovery_helpers"),
    path("updates/<int:update_id>/ask/", views.ask_them, name="discovery_ask_them"),
    path("dismiss/person/", views.dismiss_person, name="discovery_dismiss_person"),
    path("dismiss/ask/", views.dismiss_ask, name="discovery_dismiss_ask"),
]
