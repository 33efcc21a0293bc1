from django.urls import path

from workaloud.introductions import views

urlpatterns = [
    path("", views.introductions_page, name="introductions"),
    path("<int:introduction_id>/answer/", views.answer, name="introduction_answer"),
]
