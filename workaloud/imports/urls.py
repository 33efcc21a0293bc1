from django.urls import path

from workaloud.imports import views

urlpatterns = [
    path("", views.home, name="imports_home"),
    path("<int:pk>/", views.run_page, name="imports_run"),
    path("<int:pk>/progress", views.progress, name="imports_progress"),
    path("<int:pk>/start", views.start, name="imports_start"),
    path("people/", views.people, name="imports_people"),
    path("people/<int:pk>/invite", views.invite, name="imports_invite"),
    path("people/<int:pk>/merge", views.merge, name="imports_merge"),
    path("mine/", views.my_texts, name="imports_my_texts"),
]

claim_urlpatterns = [path("<str:token>/", views.claim, name="imports_claim")]
