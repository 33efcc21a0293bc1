"""Included under /reflection/: the current prompt and rhythm, the library, and the journal."""

from django.urls import path

from workaloud.reflection import views

urlpatterns = [
    path("", views.reflection_home, name="reflection"),
    path("settings/", views.settings_page, name="reflection_settings"),
    path("prompt/dismiss/", views.dismiss_prompt, name="reflection_dismiss"),
    path("prompts/", views.library_page, name="reflection_library"),
    path("journal/", views.journal_page, name="journal"),
    path("journal/new/", views.entry_create, name="journal_new"),
    path("journal/export/", views.journal_export, name="journal_export"),
    path("journal/<int:entry_id>/edit/", views.entry_edit, name="journal_edit"),
    path("journal/<int:entry_id>/delete/", views.entry_delete, name="journal_delete"),
]
