"""Introductions in a real browser.

Carol introduces Ada to Grace from Ada's profile, with a note. Ada finds it in her
notifications and accepts; Grace accepts; Carol sees that both accepted.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in, log_out
from workaloud.testing import factories

pytestmark = pytest.mark.e2e

NOTE = "You both teach data literacy to volunteers: compare notes on your workshops."


@pytest.fixture
def people(transactional_db):
    factories.make_person("ada", display_name="Ada Lovelace", team="Data")
    factories.make_person("grace", display_name="Grace Hopper", team="Volunteers")
    factories.make_person("carol", display_name="Carol Chen", team="People")


def test_introduce_two_people_and_both_accept(page, screenshot, people):
    log_in(page, "carol")
    page.goto("/people/ada/")
    page.get_by_test_id("introduce").click()
    expect(page).to_have_url(re.compile(r"/introductions/\?first=ada$"))
    form = page.get_by_test_id("introduce-form")
    expect(form.get_by_label("Introduce")).to_have_value("ada")
    form.get_by_label("to", exact=True).fill("grace")
    form.get_by_label("Why they should meet").fill(NOTE)
    screenshot(page, "carol-introduces-ada-to-grace")
    form.get_by_role("button", name="Introduce them").click()
    expect(page.get_by_text("You introduced Ada Lovelace and Grace Hopper.")).to_be_visible()
    made = page.get_by_test_id("made-introduction")
    expect(made).to_contain_text("Ada Lovelace and Grace Hopper")
    expect(made.get_by_test_id("status")).to_have_text("Waiting for answers")
    log_out(page)

    log_in(page, "ada")
    page.goto("/notifications/")
    page.get_by_role("link", name="see the introduction").click()
    pending = page.get_by_test_id("pending-introduction")
    expect(pending).to_contain_text("Carol Chen introduced you to Grace Hopper")
    expect(pending).to_contain_text(NOTE)
    screenshot(page, "ada-sees-the-introduction")
    pending.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted. Grace Hopper hasn't answered yet.")).to_be_visible()
    log_out(page)

    log_in(page, "grace")
    page.goto("/introductions/")
    page.get_by_test_id("pending-introduction").get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You and Ada Lovelace both accepted")).to_be_visible()
    expect(page.get_by_test_id("received-introduction").get_by_test_id("status")).to_have_text(
        "Both accepted"
    )
    log_out(page)

    log_in(page, "carol")
    page.goto("/introductions/")
    expect(page.get_by_test_id("made-introduction").get_by_test_id("status")).to_have_text(
        "Both accepted"
    )
    screenshot(page, "carol-sees-both-accepted")
