from django.urls import path

from workaloud.notifications import views

urlpatterns = [
    path("", views.inbox, name="notifications"),
    path("read/", views.read, name="notifications_read"),
    path("email/", views.email_preferences, name="email_preferences"),
]
