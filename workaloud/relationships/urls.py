from django.urls import path

from workaloud.relationships import views

urlpatterns = [
    path("", views.relationship_list, name="relationships"),
    path("with/<str:username>/", views.relationship_story, name="relationship_story"),
]
