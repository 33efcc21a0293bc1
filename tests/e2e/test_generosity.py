"""Saying thanks, and the contribution ledger, in a real browser.

Grace offered help on Ada's ask. Ada says thanks on Grace's response, with a note, and sees
it in her contribution ledger with her persona; Grace is told, and finds the thanks in hers.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in, log_out
from workaloud.testing import factories

pytestmark = pytest.mark.e2e

UPDATE = "Cleaned up the volunteer dataset and wrote a data dictionary."
OFFER = "Happy to review the data dictionary this week."
NOTE = "Your review caught three confusing names."


@pytest.fixture
def ask(transactional_db):
    ada = factories.make_person("ada", display_name="Ada Lovelace")
    grace = factories.make_person("grace", display_name="Grace Hopper")
    update = factories.make_update(ada, body=UPDATE, ask="Could someone review it for jargon?")
    factories.make_response(update, grace, kind="offer_of_help", body=OFFER)
    factories.make_response(update, grace, kind="encouragement", body="Lovely work, Ada!")
    return update


def test_say_thanks_then_see_it_in_the_ledger(page, screenshot, ask):
    log_in(page, "ada")
    page.goto(ask.get_absolute_url())
    offer = page.get_by_test_id("response").filter(has_text=OFFER)
    expect(offer).to_contain_text("Grace Hopper")
    expect(page.get_by_test_id("update-detail").get_by_text("Say thanks")).to_have_count(0)

    offer.get_by_text("Say thanks").click()
    offer.get_by_label("A note for Grace Hopper (optional)").fill(NOTE)
    screenshot(page, "ada-writes-a-thank-you")
    offer.get_by_role("button", name="Send thanks").click()
    expect(offer.get_by_test_id("thanked")).to_have_text("♥ You thanked Grace Hopper")
    expect(offer.get_by_text("Say thanks")).to_have_count(0)
    # htmx swapped the control in place: no page load, so no flash message.
    expect(page.get_by_text("Only they will see it.")).to_have_count(0)
    screenshot(page, "ada-thanked-grace")

    # Reloaded, the page still says so.
    page.reload()
    expect(offer.get_by_test_id("thanked")).to_have_text("♥ You thanked Grace Hopper")

    # Her ledger, from the relationships page.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Relationships").click()
    screenshot(page, "relationships-page-links-the-ledger", full_page=False)
    page.get_by_role("link", name="My contribution ledger").first.click()
    expect(page).to_have_url(re.compile(r"/relationships/generosity/$"))
    expect(page.get_by_role("heading", name="My contribution ledger")).to_be_visible()
    entries = page.get_by_test_id("ledger-entry")
    thanks = entries.filter(has_text="Thanks")
    expect(thanks).to_contain_text("Given")
    expect(thanks).to_contain_text("to Grace Hopper")
    expect(thanks).to_contain_text(NOTE)
    expect(thanks.get_by_role("link", name=re.compile("Cleaned up"))).to_be_visible()
    expect(page.get_by_test_id("count-thanks")).to_contain_text("1")
    # One act given, two received, one update: 4 acts, fewer than the 5 that make a persona.
    persona = page.get_by_test_id("persona")
    expect(persona.get_by_role("heading")).to_have_text("You are an Observer")
    expect(persona.get_by_test_id("what-it-takes")).to_have_text(
        "1 more update about your work, or 1 more response to others' work, would make you "
        "an engager."
    )
    persona.get_by_text("How personas are worked out").click()
    expect(persona).to_contain_text("fewer than 5 acts in 90 days")
    prompt = page.get_by_test_id("offer-prompt")
    expect(prompt).to_contain_text("What could you offer Grace Hopper?")
    screenshot(page, "ada-contribution-ledger")

    page.get_by_role("link", name="Monthly").click()
    expect(page.get_by_role("link", name="Monthly")).to_have_attribute("aria-current", "true")
    expect(page.get_by_test_id("balance-given")).to_have_text("1")
    expect(page.get_by_test_id("balance-received")).to_have_text("2")
    log_out(page)

    # Grace is told, and the thanks is in her ledger as received.
    log_in(page, "grace")
    page.get_by_role("link", name="Notifications").click()
    note = page.get_by_test_id("notification").filter(has_text="thanked you")
    expect(note).to_contain_text("Ada Lovelace")
    page.goto("/relationships/generosity/")
    received = page.get_by_test_id("ledger-entry").filter(has_text="Thanks")
    expect(received).to_contain_text("Received")
    expect(received).to_contain_text("from Ada Lovelace")
    expect(received).to_contain_text(NOTE)
    screenshot(page, "grace-contribution-ledger")
    page.goto(ask.get_absolute_url())
    expect(page.get_by_test_id("thanked-by")).to_contain_text("Ada Lovelace thanked you")
    screenshot(page, "grace-sees-the-thanks-on-her-response")


def test_say_thanks_works_without_javascript(browser, live_server, ask, screenshot):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, "ada")
        page.goto(ask.get_absolute_url())
        offer = page.get_by_test_id("response").filter(has_text=OFFER)
        offer.get_by_text("Say thanks").click()
        offer.get_by_role("button", name="Send thanks").click()
        expect(page.get_by_text("You thanked Grace Hopper. Only they will see it.")).to_be_visible()
        expect(offer.get_by_test_id("thanked")).to_have_text("♥ You thanked Grace Hopper")
        screenshot(page, "thanked-without-javascript")
    finally:
        context.close()
