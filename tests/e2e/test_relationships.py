"""My relationships and a relationship's story, in a real browser.

Ann and Ben have worked out loud together: the list shows the relationship with its figures,
filters narrow it, and its story tells how it deepened and what would deepen it next.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.people.services import follow
from workaloud.testing.factories import make_goal, make_person, make_response, make_update
from workaloud.work.services import resolve_ask

pytestmark = pytest.mark.e2e


def test_my_relationships_and_our_story(page, screenshot, transactional_db):
    ann = make_person("ann", display_name="Ann Amos", team="Platform")
    ben = make_person("ben", display_name="Ben Brook", team="Research")
    cat = make_person("cat", display_name="Cat Cole", team="Research")
    make_goal(ann, title="Faster onboarding for new engineers")
    make_goal(ben, title="Onboarding buddies in research")
    ask = make_update(ann, body="Drafting the onboarding checklist.", ask="Who has one?")
    follow(ben, ann)
    offer = make_response(ask, ben, kind="offer_of_help", body="I have one, sending it over.")
    resolve_ask(ask, ann, response_ids=[offer.pk])
    follow(cat, ann)
    make_update(ben, body="Pairing new starters with buddies.", ask="Who would be a buddy?")

    log_in(page, "ann")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Relationships").click()
    rows = page.get_by_test_id("relationship")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Ben Brook")
    expect(rows.first).to_contain_text("Stage 2 · Interacted")
    expect(rows.first).to_contain_text("received 3")
    expect(rows.nth(1)).to_contain_text("Cat Cole")
    screenshot(page, "ann-relationships")

    page.get_by_label("Stage").select_option("1")
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Cat Cole")
    page.get_by_role("link", name="Clear").click()
    page.get_by_label("Name").fill("ben")
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)

    rows.first.get_by_role("link", name="Our story →").click()
    expect(page.get_by_role("heading", name="You and Ben Brook")).to_be_visible()
    expect(page.get_by_test_id("moments")).to_contain_text("Stage 1 · Aware")
    expect(page.get_by_test_id("moments")).to_contain_text("Stage 2 · Interacted")
    expect(page.get_by_test_id("timeline")).to_contain_text("Help credited")
    expect(page.get_by_test_id("timeline")).to_contain_text("Drafting the onboarding checklist.")
    suggestion = page.get_by_test_id("suggestion")
    expect(suggestion).to_contain_text("Ben Brook asked for help today")
    expect(suggestion).to_contain_text("Who would be a buddy?")
    screenshot(page, "ann-story-with-ben")
    suggestion.get_by_role("link", name="Open it").click()
    expect(page.get_by_test_id("ask")).to_contain_text("Who would be a buddy?")
