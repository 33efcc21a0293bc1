from django.urls import path

from workaloud.generosity import views

urlpatterns = [
    path("", views.ledger_page, name="generosity"),
    path("thanks/", views.say_thanks, name="say_thanks"),
]
