from django.urls import path

from workaloud.digests import views

urlpatterns = [
    path("preview/", views.preview, name="digest_preview"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="digest_unsubscribe"),
]
