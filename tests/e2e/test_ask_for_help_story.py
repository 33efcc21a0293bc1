"""The core Working Out Loud story, end to end in a real browser.

Ada shares work with an ask; Grace, whom she does not know yet, offers help; Ada closes the
loop by crediting Grace; Grace hears about it and follows Ada.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in, log_out, sign_up

pytestmark = pytest.mark.e2e

PURPOSE = "I help small charities publish open data so that volunteers can reuse it."
GOAL = "Publish the volunteer dataset"
UPDATE = "Cleaned up the first volunteer dataset and wrote a data dictionary."
ASK = "Could someone review the data dictionary for jargon?"
OFFER = "Happy to review it this week, @ada. I write data dictionaries for a living."


def test_an_ask_for_help_is_answered_credited_and_closed(page, screenshot, transactional_db):
    update_card = page.get_by_test_id("update-card").filter(has_text=UPDATE)

    # Ada joins, says what her work is for, and sets a goal.
    sign_up(page, "Ada Lovelace", "ada")
    expect(page).to_have_url(re.compile(r"/settings/$"))
    expect(page.get_by_text("Welcome! Start by saying what your work is for.")).to_be_visible()
    page.get_by_label("Purpose statement").fill(PURPOSE)
    screenshot(page, "ada-signed-up-sets-purpose")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_test_id("purpose")).to_have_text(PURPOSE)
    screenshot(page, "ada-profile-with-purpose")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My goals").click()
    expect(page.get_by_text("No goals yet")).to_be_visible()
    page.get_by_role("link", name="+ New goal").click()
    page.get_by_label("Title").fill(GOAL)
    page.get_by_label("Why it matters").fill("Volunteers keep asking for it.")
    screenshot(page, "ada-new-goal-form")
    page.get_by_role("button", name="Create goal").click()
    expect(page.get_by_text("Goal created.")).to_be_visible()
    expect(page.get_by_role("heading", name=GOAL)).to_be_visible()
    screenshot(page, "ada-goal-created")

    # She shares an update on that goal, with an ask.
    page.get_by_role("link", name="+ Share update").click()
    page.get_by_label("What are you working on?").fill(UPDATE)
    page.get_by_label("Goal").select_option(label=GOAL)
    page.get_by_label("What would help? (your ask)").fill(ASK)
    screenshot(page, "ada-update-form")
    page.get_by_role("button", name="Share update").click()
    expect(page.get_by_text("Shared. Thanks for working out loud!")).to_be_visible()
    detail = page.get_by_test_id("update-detail")
    expect(detail).to_contain_text(UPDATE)
    expect(detail.get_by_role("link", name=GOAL)).to_be_visible()
    expect(page.get_by_test_id("ask")).to_contain_text("Ask · what would help")
    expect(page.get_by_test_id("ask")).to_contain_text(ASK)
    update_url = page.url
    screenshot(page, "ada-update-shared")
    log_out(page)

    # Grace joins; she does not follow Ada but finds her ask on Discover and on Asks.
    sign_up(page, "Grace Hopper", "grace")
    expect(page.get_by_text("Welcome! Start by saying what your work is for.")).to_be_visible()
    page.get_by_role("link", name="Asks", exact=True).click()
    expect(update_card).to_contain_text(ASK)
    page.get_by_role("link", name="Discover").click()
    expect(update_card).to_contain_text("Ada Lovelace")
    expect(update_card).to_contain_text(ASK)
    screenshot(page, "grace-discovers-ada")
    update_card.get_by_role("link", name="Respond").click()
    expect(page).to_have_url(re.compile(re.escape(update_url) + "#respond$"))
    expect(page.get_by_text("No responses yet.")).to_be_visible()

    respond = page.locator("#respond")
    respond.get_by_label("Offer of help").check()
    respond.locator("textarea[name=body]").fill(OFFER)
    screenshot(page, "grace-writes-offer")
    respond.get_by_role("button", name="Send response").click()
    response = page.get_by_test_id("response").filter(has_text="Happy to review it")
    expect(response).to_contain_text("Grace Hopper")
    expect(response).to_contain_text("Offer of help")
    expect(response.get_by_role("link", name="@ada")).to_be_visible()
    screenshot(page, "grace-offer-sent")
    log_out(page)

    # Ada sees the offer in her notifications and credits Grace.
    log_in(page, "ada")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    screenshot(page, "ada-home-with-badge")
    page.get_by_role("link", name="Notifications").click()
    note = page.get_by_test_id("notification").filter(has_text="Grace Hopper")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("offered help")
    expect(note).to_contain_text(UPDATE[:40])
    screenshot(page, "ada-notifications")
    note.get_by_role("link", name=re.compile("Cleaned up")).click()
    expect(page.get_by_test_id("response")).to_contain_text(OFFER)

    expect(page.get_by_test_id("unread-count")).to_have_count(0)  # opening it read the note
    page.get_by_role("link", name="Resolve ask and credit helpers").click()
    expect(page.get_by_role("heading", name="Close the loop on your ask")).to_be_visible()
    page.get_by_label("Grace Hopper").check()
    screenshot(page, "ada-resolves-ask")
    page.get_by_role("button", name="Mark resolved", exact=True).click()
    expect(page.get_by_text("Ask resolved. Credited: Grace Hopper.")).to_be_visible()
    expect(page.get_by_test_id("ask")).to_contain_text("Ask resolved")
    expect(page.get_by_test_id("credits")).to_have_text("Helped by Grace Hopper")
    expect(page.get_by_role("link", name="Resolve ask and credit helpers")).to_have_count(0)
    screenshot(page, "ada-ask-resolved")
    log_out(page)

    # Grace hears she was credited, follows Ada, and sees the resolved ask on her home feed.
    log_in(page, "grace")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    page.get_by_role("link", name="Notifications").click()
    credited = page.get_by_test_id("notification").filter(has_text="credited you with helping")
    expect(credited).to_contain_text("Ada Lovelace")
    screenshot(page, "grace-notified-of-credit")

    credited.get_by_role("link", name="Ada Lovelace").click()
    expect(page.get_by_test_id("purpose")).to_have_text(PURPOSE)
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("button", name="Following ✓")).to_be_visible()
    page.get_by_role("link", name="Home", exact=True).click()
    expect(update_card).to_contain_text("Ada Lovelace")
    expect(update_card).to_contain_text("✓ Ask resolved")
    expect(update_card).to_contain_text("1 offer of help")
    screenshot(page, "grace-home-feed")

    page.get_by_role("link", name="Asks", exact=True).click()
    expect(page.get_by_text("No open asks")).to_be_visible()
    expect(update_card).to_have_count(0)
    screenshot(page, "grace-asks-empty")
