"""Work updates in the browser: drafts, edit history, audiences and feed paging."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.people.services import follow
from workaloud.testing import factories

pytestmark = pytest.mark.e2e


@pytest.fixture
def ada(transactional_db):
    return factories.make_person("ada", display_name="Ada Lovelace")


@pytest.fixture
def grace(transactional_db):
    return factories.make_person("grace", display_name="Grace Hopper")


def test_a_draft_stays_private_until_published(page, open_page, screenshot, ada, grace):
    follow(grace, ada)
    body = "Half-written notes on the survey results."
    graces_page = open_page()
    log_in(graces_page, "grace")

    log_in(page, "ada")
    page.get_by_role("link", name="+ Share update").click()
    page.get_by_label("What are you working on?").fill(body)
    page.get_by_role("button", name="Save as draft").click()
    expect(page).to_have_url(re.compile(r"/drafts/$"))
    expect(page.get_by_text("Saved as a draft; only you can see it.")).to_be_visible()
    expect(page.get_by_text(body)).to_be_visible()
    screenshot(page, "ada-drafts")

    graces_page.reload()
    expect(graces_page.get_by_role("heading", name="Home")).to_be_visible()
    expect(graces_page.get_by_text("Your feed is quiet")).to_be_visible()
    expect(graces_page.get_by_text(body)).to_have_count(0)
    screenshot(graces_page, "grace-home-without-draft")

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    expect(page.get_by_test_id("update-detail")).to_contain_text(body)
    page.goto("/drafts/")  # nothing in the pages links to Drafts yet
    expect(page.get_by_text("No drafts")).to_be_visible()

    graces_page.reload()
    card = graces_page.get_by_test_id("update-card").filter(has_text=body)
    expect(card).to_contain_text("Ada Lovelace")
    screenshot(graces_page, "grace-home-with-published-update")


def test_editing_keeps_the_earlier_version_in_history(page, screenshot, ada):
    update = factories.make_update(ada, body="Version one of the onboarding guide.")

    log_in(page, "ada")
    page.goto(f"/updates/{update.pk}/")
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", name="Edit your update")).to_be_visible()
    page.get_by_label("What are you working on?").fill("Version two, with a glossary.")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_text("Saved. The earlier version is kept in the history.")).to_be_visible()
    detail = page.get_by_test_id("update-detail")
    expect(detail).to_contain_text("Version two, with a glossary.")
    expect(detail).not_to_contain_text("Version one")
    screenshot(page, "edited-update")

    detail.get_by_role("link", name="history").click()
    expect(page.get_by_role("heading", name="Earlier versions")).to_be_visible()
    now = page.locator(".card").filter(has=page.get_by_role("heading", name="Now"))
    expect(now).to_contain_text("Version two, with a glossary.")
    before_heading = page.get_by_role("heading", name=re.compile("^Before"))
    before = page.locator(".card").filter(has=before_heading)
    expect(before).to_have_count(1)
    expect(before).to_contain_text("Version one of the onboarding guide.")
    screenshot(page, "history")


def test_followers_only_update_is_hidden_from_non_followers(
    page, open_page, screenshot, ada, grace
):
    factories.make_person("carol", display_name="Carol Chen")
    follow(grace, ada)
    body = "Early numbers from the pilot, for my followers only."
    update = factories.make_update(ada, body=body, audience="followers")

    # Carol does not follow Ada: the update does not exist for her.
    log_in(page, "carol")
    page.goto(f"/updates/{update.pk}/")
    expect(page.get_by_text("Not found")).to_be_visible()
    not_shared = "This page does not exist, or it is not shared with you."
    expect(page.get_by_text(not_shared)).to_be_visible()
    expect(page.get_by_text(body)).to_have_count(0)
    screenshot(page, "carol-gets-not-found")
    page.goto("/people/ada/")
    expect(page.get_by_text("No updates shared with you yet.")).to_be_visible()

    graces_page = open_page()
    log_in(graces_page, "grace")
    graces_page.goto(f"/updates/{update.pk}/")
    detail = graces_page.get_by_test_id("update-detail")
    expect(detail).to_contain_text(body)
    expect(detail).to_contain_text("My followers")
    screenshot(graces_page, "grace-sees-followers-only-update")


def test_load_more_fetches_the_next_page_in_place(page, screenshot, ada, settings):
    total = settings.FEED_PAGE_SIZE + 5
    for n in range(1, total + 1):
        factories.make_update(ada, body=f"Update number {n} on the guide.")
    cards = page.get_by_test_id("update-card")

    log_in(page, "ada")
    expect(cards).to_have_count(settings.FEED_PAGE_SIZE)
    expect(cards.first).to_contain_text(f"Update number {total} on")
    page.evaluate("window.__loadedOnce = true")
    page.get_by_role("link", name="Load more").scroll_into_view_if_needed()
    screenshot(page, "first-page-ends-with-load-more", full_page=False)

    with page.expect_response(lambda r: "cursor=" in r.url) as more:
        page.get_by_role("link", name="Load more").click()
    assert more.value.request.headers.get("hx-request") == "true"
    expect(cards).to_have_count(total)
    expect(cards.last).to_contain_text("Update number 1 on")
    expect(page.get_by_role("link", name="Load more")).to_have_count(0)
    # Same document, same address: htmx swapped the items in, the page did not reload.
    assert page.evaluate("window.__loadedOnce") is True
    assert "cursor" not in page.url
    screenshot(page, "next-page-loaded-in-place", full_page=False)
