"""The circle's confidential space in the browser: share with the circle from its page, a
fellow member reads and answers, someone outside the circle sees nothing of it."""

import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.testing import factories
from workaloud.tests.test_visibility_matrix import make_circle

pytestmark = pytest.mark.e2e

BODY = "Sketched the survey for new joiners; the third question feels leading."


@pytest.fixture
def people(transactional_db):
    return {
        name: factories.make_person(name, display_name=display)
        for name, display in [
            ("ada", "Ada Lovelace"),
            ("grace", "Grace Hopper"),
            ("carol", "Carol Chen"),
        ]
    }


def keep(path, name: str) -> None:
    shutil.copy(path, f"/tmp/confidential-{name}.png")


def test_sharing_with_the_circle_stays_in_the_circle(open_page, screenshot, people):
    circle = make_circle([people["ada"], people["grace"]], title="Wednesday circle")

    ada = open_page()
    log_in(ada, "ada")
    ada.goto(f"/circles/{circle.pk}/")
    updates = ada.get_by_test_id("circle-updates")
    expect(updates).to_contain_text("Nothing shared with the circle yet")
    updates.get_by_test_id("share-with-circle").click()
    expect(ada).to_have_url(re.compile(r"/updates/new/\?audience=circle&circle=\d+$"))
    audience = ada.get_by_label("Who can see it")
    expect(audience.locator("option:checked")).to_have_text("My circle: Wednesday circle")
    ada.get_by_label("What are you working on?").fill(BODY)
    ada.get_by_label("What would help? (your ask)").fill("Which question would you cut?")
    keep(screenshot(ada, "share form with the circle chosen"), "share-form")
    ada.get_by_role("button", name="Share update").click()
    expect(ada.get_by_test_id("update-detail")).to_contain_text("My circle")
    expect(ada.get_by_test_id("update-circle")).to_have_text("Wednesday circle")

    grace = open_page()
    log_in(grace, "grace")
    grace.goto(f"/circles/{circle.pk}/")
    card = grace.get_by_test_id("circle-updates").get_by_test_id("update-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(BODY)
    keep(screenshot(grace, "circle page with the update"), "circle-page")
    card.get_by_role("link", name="Respond").click()
    grace.get_by_label("Your response").fill("Cut the third; ask what they expected instead.")
    grace.get_by_role("button", name="Send response").click()
    expect(grace.get_by_test_id("responses")).to_contain_text("Cut the third")
    grace.goto("/")
    expect(grace.get_by_test_id("update-card").first).to_contain_text(BODY)

    carol = open_page()
    log_in(carol, "carol")
    for path in ("/", "/discover/", "/asks/", "/search/?q=survey"):
        carol.goto(path)
        expect(carol.locator("main")).not_to_contain_text("third question")
    update_url = ada.url
    response = carol.goto(update_url)
    assert response.status == 404
    carol.goto("/updates/new/")
    expect(carol.get_by_label("Who can see it")).not_to_contain_text("My circle")
    keep(screenshot(carol, "outsider's share form without a circle"), "outsider-form")
