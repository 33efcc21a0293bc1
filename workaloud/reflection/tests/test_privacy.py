"""The journal appears nowhere but its owner's own pages: not in the admin, not in logs."""

from django.contrib import admin

from workaloud.reflection import services
from workaloud.reflection.models import JournalEntry
from workaloud.testing.factories import make_person

SECRET = "platypusconfession"


def test_no_admin_screen_shows_the_journal(alice, client_for):
    services.create_entry(alice, f"{SECRET} about my work")
    registered = {model._meta.app_label for model in admin.site._registry}
    assert "reflection" not in registered
    root = client_for(make_person("root", is_staff=True, is_superuser=True))
    index = root.get("/admin/").content.decode()
    assert "Journal" not in index and "reflection" not in index
    for url in (
        "/admin/reflection/",
        "/admin/reflection/journalentry/",
        f"/admin/reflection/journalentry/{JournalEntry.objects.get().pk}/change/",
    ):
        assert root.get(url).status_code == 404
    people = root.get(f"/admin/people/user/{alice.pk}/change/").content.decode()
    assert SECRET not in people


def test_an_entry_says_nothing_of_its_text(alice):
    entry = services.create_entry(alice, f"{SECRET} about my work", prompt_key="purpose-1")
    assert SECRET not in str(entry) and "purpose" not in str(entry)
