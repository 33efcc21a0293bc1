from django.urls import path

from workaloud.goals import views

urlpatterns = [
    path("", views.goal_list, name="goal_list"),
    path("new/", views.goal_create, name="goal_create"),
    path("<int:goal_id>/", views.goal_detail, name="goal_detail"),
    path("<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("<int:goal_id>/follow/", views.goal_follow, name="goal_follow"),
]
