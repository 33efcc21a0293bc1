"""Search in the browser: from the top bar to highlighted results, kind tabs with counts,
filters, and help when nothing is found. Only what the viewer may see is ever found."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.audience import Audience
from workaloud.testing import factories

pytestmark = pytest.mark.e2e


@pytest.fixture
def community(transactional_db):
    ada = factories.make_person("ada", display_name="Ada Lovelace", team="Platform")
    ben = factories.make_person(
        "ben", display_name="Ben Kafka", team="Data", purpose="I keep the event pipeline healthy."
    )
    cleo = factories.make_person("cleo", display_name="Cleo Chen", team="Platform")
    factories.make_goal(
        cleo, title="Upgrade the Kafka cluster", why="The old brokers are out of support."
    )
    factories.make_update(
        ben,
        body="Benchmarking the **Kafka** consumer: lag is down to 2 seconds.",
        stage="stuck",
        ask="Who has tuned Kafka partitions before?",
    )
    factories.make_update(cleo, body="Kafka upgrade rehearsal done on staging.", stage="done")
    factories.make_update(
        ben, body="Kafka costs for my followers only.", audience=Audience.FOLLOWERS
    )
    return ada


def test_search_finds_highlights_and_filters(page, screenshot, community):
    log_in(page, "ada")
    # At 1280 px the top bar's search is an icon; it opens the search page.
    page.get_by_role("link", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/$"))
    # The search page's own box (the top bar's, hidden at this width, is also a search form).
    search_box = page.get_by_role("searchbox", name="Search words")
    search_box.fill("kafka")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=kafka"))

    # One person, one goal, two updates: not the followers-only one.
    expect(page.get_by_test_id("tab-all")).to_contain_text("4")
    expect(page.get_by_test_id("tab-updates")).to_contain_text("2")
    expect(page.get_by_test_id("tab-goals")).to_contain_text("1")
    expect(page.get_by_test_id("tab-people")).to_contain_text("1")
    expect(page.get_by_test_id("update-card")).to_have_count(2)
    expect(page.get_by_test_id("goal-hit")).to_contain_text("Upgrade the Kafka cluster")
    expect(page.get_by_test_id("person-hit")).to_contain_text("Ben Kafka")
    expect(page.locator("mark", has_text=re.compile("^Kafka$", re.I)).first).to_be_visible()
    expect(page.get_by_text("Kafka costs")).to_have_count(0)
    screenshot(page, "results for kafka")

    # Updates only, then stuck ones with an open ask.
    page.get_by_test_id("tab-updates").click()
    expect(page.get_by_test_id("update-card")).to_have_count(2)
    expect(page.get_by_test_id("goal-hit")).to_have_count(0)
    page.get_by_text("Filters").click()
    page.get_by_label("Stage").select_option("stuck")
    page.get_by_label("Has an open ask").check()
    screenshot(page, "filters")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("update-card")).to_have_count(1)
    expect(page.get_by_test_id("update-card")).to_contain_text("Open ask")
    expect(page.get_by_test_id("update-card")).to_contain_text("Benchmarking the")
    screenshot(page, "stuck updates with an open ask")

    # Nothing found: help, and a way back to everything.
    page.goto("/search/?q=zeppelin&kind=updates")
    expect(page.get_by_test_id("no-results")).to_contain_text("Nothing found for “zeppelin”")
    page.get_by_role("link", name="Search everything").click()
    expect(page.get_by_test_id("tab-all")).to_have_class(re.compile("active"))
    screenshot(page, "nothing found")

    # As you type: results follow the box, the word being typed matching as a beginning.
    page.goto("/search/")
    expect(page.get_by_text("Find people, goals and work updates.")).to_be_visible()
    page.get_by_label("Search words").press_sequentially("kaf", delay=60)
    expect(page.get_by_test_id("update-card")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"/search/\?q=kaf"))
    screenshot(page, "as you type")
