"""Included at the site root: the overview beside "My relationships", each goal's list
under its goal."""

from django.urls import path

from workaloud.relationship_lists import views

GOAL_LIST = "goals/<int:goal_id>/relationship-list/"

urlpatterns = [
    path("relationships/lists/", views.overview, name="relationship_lists"),
    path(GOAL_LIST, views.goal_relationship_list, name="relationship_list"),
    path(f"{GOAL_LIST}add/", views.add_entry, name="relationship_list_add"),
    path(f"{GOAL_LIST}<int:entry_id>/rate/", views.rate_entry, name="relationship_list_rate"),
    path(f"{GOAL_LIST}<int:entry_id>/edit/", views.edit_entry, name="relationship_list_edit"),
    path(f"{GOAL_LIST}<int:entry_id>/remove/", views.remove_entry, name="relationship_list_remove"),
]
