from django.urls import path

from workaloud.work import views

urlpatterns = [
    path("", views.home, name="home"),
    path("discover/", views.discover, name="discover"),
    path("asks/", views.asks, name="asks"),
    path("search/", views.search, name="search"),
    path("drafts/", views.drafts, name="drafts"),
    path("updates/circle/<int:circle_id>/", views.circle_updates, name="circle_updates"),
    path("updates/new/", views.update_create, name="update_create"),
    path("updates/<int:update_id>/", views.update_detail, name="update_detail"),
    path("updates/<int:update_id>/edit/", views.update_edit, name="update_edit"),
    path("updates/<int:update_id>/delete/", views.update_delete, name="update_delete"),
    path("updates/<int:update_id>/publish/", views.update_publish, name="update_publish"),
    path("updates/<int:update_id>/history/", views.update_history, name="update_history"),
    path("updates/<int:update_id>/respond/", views.update_respond, name="update_respond"),
    path("updates/<int:update_id>/resolve/", views.update_resolve, name="update_resolve"),
]
