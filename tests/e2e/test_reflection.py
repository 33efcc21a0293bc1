"""Reflection in the browser: a member sees this week's prompt on the home page, answers it
in their private journal, finds the entry by search and exports the journal; then shares
another prompt as a work update."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.reflection import services
from workaloud.reflection.models import JournalEntry
from workaloud.testing import factories
from workaloud.work.models import WorkUpdate

pytestmark = pytest.mark.e2e


@pytest.fixture
def ada(transactional_db):
    return factories.make_person("ada", display_name="Ada Lovelace")


def test_answer_a_prompt_privately_then_share_one(page, screenshot, ada, tmp_path):
    prompt = services.current_prompt(ada).prompt
    log_in(page, "ada")
    card = page.get_by_test_id("home-prompt")
    expect(card).to_contain_text(prompt.text)
    expect(card).to_contain_text(f"Reflection · {prompt.theme_label}")
    screenshot(page, "home with this week's prompt", full_page=False)

    # Answer it privately.
    card.get_by_role("link", name="Answer in my journal").click()
    expect(page.get_by_test_id("entry-prompt")).to_contain_text(prompt.text)
    page.get_by_label("Your reflection").fill(
        "My work helps **new joiners** find their feet. Ask Grace about the mentoring pilot."
    )
    screenshot(page, "writing the answer")
    page.get_by_role("button", name="Save in my journal").click()
    expect(page).to_have_url(re.compile(r"/reflection/journal/$"))
    expect(page.get_by_text("Saved in your journal. Only you can see it.")).to_be_visible()
    entry = page.get_by_test_id("journal-entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(prompt.text)
    expect(entry.locator("strong", has_text="new joiners")).to_be_visible()

    # Answered: the home page no longer asks.
    page.goto("/")
    expect(page.get_by_test_id("home-prompt")).to_have_count(0)

    # A second entry, then search finds only the first.
    page.get_by_role("link", name="Journal").click()
    page.get_by_role("link", name="New entry").click()
    page.get_by_label("Your reflection").fill("Quiet week; planning the retrospective.")
    page.get_by_role("button", name="Save in my journal").click()
    expect(page.get_by_test_id("journal-entry")).to_have_count(2)
    page.get_by_label("Search my journal").fill("mentoring")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("journal-entry")).to_have_count(1)
    expect(page.get_by_test_id("journal-entry")).to_contain_text("mentoring pilot")
    expect(page.get_by_test_id("search-summary")).to_contain_text("1 entry with “mentoring”")
    screenshot(page, "journal search")

    # Export the whole journal.
    with page.expect_download() as download_info:
        page.get_by_test_id("export").click()
    download = download_info.value
    assert re.fullmatch(r"journal-ada-\d{4}-\d{2}-\d{2}\.md", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    exported = path.read_text(encoding="utf-8")
    assert exported.startswith("# Journal of Ada Lovelace")
    assert "mentoring pilot" in exported and "planning the retrospective" in exported
    assert f"> {prompt.text}" in exported

    # Share another prompt from the library as an update.
    page.get_by_role("link", name="All prompts").click()
    screenshot(page, "prompt library")
    generosity = page.get_by_test_id("theme").filter(has_text="Generosity")
    other = next(p for p in services.prompts.library() if p.key == "generosity-2")
    generosity.locator("li", has_text=other.text).get_by_role("link", name="Share").click()
    body = page.get_by_label("What are you working on?")
    expect(body).to_have_value(re.compile(re.escape(f"> {other.text}")))
    body.press("Control+End")
    body.type("Thanks to Grace: her pilot notes saved us a month.")
    screenshot(page, "sharing a prompt as an update")
    page.get_by_role("button", name="Share update").click()
    expect(page.get_by_text("Shared. Thanks for working out loud!")).to_be_visible()
    quote = page.locator("blockquote", has_text=other.text)
    expect(quote).to_be_visible()
    expect(quote).not_to_contain_text("Thanks to Grace")  # the answer follows the quote
    screenshot(page, "the shared update")

    update = WorkUpdate.objects.get()
    assert update.author == ada and update.published_at is not None
    assert JournalEntry.objects.filter(owner=ada).count() == 2

    # The rhythm: every two weeks instead of weekly.
    page.get_by_role("link", name="Journal").click()
    page.get_by_role("link", name="This period's prompt").click()
    expect(page.get_by_test_id("prompt-state")).to_contain_text("Answered in your journal")
    screenshot(page, "this period's prompt and the rhythm")
    page.get_by_label("Every two weeks").check()
    page.get_by_role("button", name="Save rhythm").click()
    expect(page.get_by_text("You'll get a reflection prompt every two weeks.")).to_be_visible()
    expect(page.get_by_label("Every two weeks")).to_be_checked()
