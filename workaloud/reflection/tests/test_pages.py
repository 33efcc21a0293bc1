"""Reflection pages: the home card and its three actions, the rhythm form, the journal."""

import html

import pytest

from workaloud.reflection import services
from workaloud.reflection.models import JournalEntry, PromptAction, PromptMark, ReflectionSettings
from workaloud.testing.db_state import snapshot
from workaloud.work.models import WorkUpdate


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def ann(alice, client_for):
    return client_for(alice)


def test_home_shows_this_periods_prompt_with_its_actions(alice, ann):
    prompt = services.current_prompt(alice).prompt
    page = text(ann.get("/"))
    assert prompt.text in page
    assert "Answer in my journal" in page and "Share as an update" in page and "Not now" in page
    assert f"/reflection/journal/new/?prompt={prompt.key}" in page
    assert f"/updates/new/?prompt={prompt.key}" in page or f"?prompt={prompt.key}" in page


def test_not_now_hides_the_card_until_the_next_period(alice, ann):
    prompt = services.current_prompt(alice).prompt
    response = ann.post("/reflection/prompt/dismiss/", {"prompt": prompt.key, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert prompt.text not in text(ann.get("/"))
    assert services.current_prompt(alice).dismissed


def test_not_now_for_an_unknown_prompt_changes_nothing(alice, ann):
    before = snapshot()
    response = ann.post("/reflection/prompt/dismiss/", {"prompt": "nope"}, follow=True)
    assert "There is no reflection prompt" in text(response)
    assert snapshot() == before


def test_a_dismissal_never_redirects_off_site(alice, ann):
    prompt = services.current_prompt(alice).prompt
    response = ann.post(
        "/reflection/prompt/dismiss/", {"prompt": prompt.key, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_answering_in_the_journal_marks_the_prompt_and_hides_the_card(alice, ann):
    prompt = services.current_prompt(alice).prompt
    form = ann.get(f"/reflection/journal/new/?prompt={prompt.key}")
    assert prompt.text in text(form)
    response = ann.post(
        "/reflection/journal/new/", {"text": "Helping people **grow**", "prompt": prompt.key}
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.owner == alice and entry.prompt_key == prompt.key
    assert services.current_prompt(alice).action == PromptAction.JOURNAL
    assert prompt.text not in text(ann.get("/"))
    journal = text(ann.get("/reflection/journal/"))
    assert "<strong>grow</strong>" in journal and prompt.text in journal


def test_sharing_as_an_update_prefills_the_form_and_marks_the_prompt_on_publish(alice, ann):
    prompt = services.current_prompt(alice).prompt
    form = text(ann.get(f"/updates/new/?prompt={prompt.key}"))
    assert f"&gt; {prompt.text}" in form or f"> {prompt.text}" in form
    response = ann.post(
        f"/updates/new/?prompt={prompt.key}",
        {
            "body": f"> {prompt.text}\n\nMy answer in public",
            "stage": "in_progress",
            "audience": "community",
            "action": "publish",
        },
    )
    assert response.status_code == 302, text(response)
    assert WorkUpdate.objects.get().author == alice
    assert services.current_prompt(alice).action == PromptAction.SHARED


def test_a_draft_does_not_mark_the_prompt(alice, ann):
    prompt = services.current_prompt(alice).prompt
    ann.post(
        f"/updates/new/?prompt={prompt.key}",
        {"body": "Not yet", "stage": "idea", "audience": "community", "action": "draft"},
    )
    assert services.current_prompt(alice).open


def test_the_rhythm_form_saves_and_refuses_unknown_rhythms(alice, ann):
    page = text(ann.get("/reflection/"))
    assert "Your rhythm" in page and services.current_prompt(alice).prompt.text in page
    response = ann.post("/reflection/settings/", {"rhythm": "daily"})
    assert response.status_code == 302
    assert ReflectionSettings.objects.get(person=alice).rhythm == "daily"
    before = snapshot()
    for bad in ({"rhythm": "hourly"}, {}):
        response = ann.post("/reflection/settings/", bad)
        assert response.status_code == 400
        assert "Choose a rhythm" in text(response)
    assert snapshot() == before
    ann.post("/reflection/settings/", {"rhythm": "off"})
    assert "Prompts are off" in text(ann.get("/reflection/"))
    assert 'data-testid="home-prompt"' not in text(ann.get("/"))


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": ""}, "empty"),
        ({"text": "   "}, "empty"),
        ({"text": "x" * 20001}, "at most 20,000"),
        ({"text": "ok", "written_on": "not a date"}, "YYYY-MM-DD"),
        ({"text": "ok", "written_on": "2999-01-01"}, "future"),
        ({"text": "ok", "prompt": "no-such-prompt"}, "no reflection prompt"),
    ],
)
def test_bad_journal_input_shows_an_error_and_changes_nothing(alice, ann, data, message):
    before = snapshot()
    response = ann.post("/reflection/journal/new/", data)
    assert response.status_code == 400
    assert message in text(response)
    assert snapshot() == before


def test_an_unknown_prompt_in_the_link_is_said_and_ignored(ann):
    response = ann.get("/reflection/journal/new/?prompt=nope", follow=True)
    assert "There is no such reflection prompt" in text(response)


def test_edit_delete_search_and_export(alice, ann):
    entry = services.create_entry(alice, "Spring mentoring plans")
    services.create_entry(alice, "Something else")
    assert ann.get(f"/reflection/journal/{entry.pk}/edit/").status_code == 200
    response = ann.post(f"/reflection/journal/{entry.pk}/edit/", {"text": "Autumn mentoring"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Autumn mentoring"
    before = snapshot()
    assert ann.post(f"/reflection/journal/{entry.pk}/edit/", {"text": ""}).status_code == 400
    assert snapshot() == before

    found = text(ann.get("/reflection/journal/?q=autumn"))
    assert "Autumn mentoring" in found and "Something else" not in found
    assert "Nothing found" in text(ann.get("/reflection/journal/?q=zebra"))

    export = ann.get("/reflection/journal/export/")
    assert export["Content-Type"].startswith("text/markdown")
    assert "attachment" in export["Content-Disposition"] and ".md" in export["Content-Disposition"]
    body = export.content.decode()
    assert "Autumn mentoring" in body and "Something else" in body

    assert "Delete this journal entry?" in text(ann.get(f"/reflection/journal/{entry.pk}/delete/"))
    assert ann.post(f"/reflection/journal/{entry.pk}/delete/").status_code == 302
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()


def test_someone_elses_entry_is_not_found(alice, bob, client_for):
    entry = services.create_entry(alice, "Alice's private thought")
    bobs = client_for(bob)
    before = snapshot()
    for url in (f"/reflection/journal/{entry.pk}/edit/", f"/reflection/journal/{entry.pk}/delete/"):
        assert bobs.get(url).status_code == 404
        assert bobs.post(url, {"text": "hijack"}).status_code == 404
    assert "Alice's private thought" not in text(bobs.get("/reflection/journal/?q=private"))
    assert "Alice's private thought" not in bobs.get("/reflection/journal/export/").content.decode()
    assert snapshot() == before


def test_the_library_lists_every_theme(ann):
    page = text(ann.get("/reflection/prompts/"))
    for theme in ("Purpose", "Context", "Vulnerability", "Generosity", "Relationships", "Legacy"):
        assert f"<h2>{theme}</h2>" in page


def test_pages_need_a_login(client, db):
    for url in ("/reflection/", "/reflection/journal/", "/reflection/journal/export/"):
        assert client.get(url).status_code == 302
    assert PromptMark.objects.count() == 0
