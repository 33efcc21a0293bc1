"""On a phone's screen every page fits its width: the top bar's links scroll within their own
row, tabs and wide tables scroll within their cards, and nothing pushes the page sideways."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.circles.models import Circle, Round
from workaloud.demo.loader import DEMO_PASSWORD, DEMO_USERNAME, load_demo
from workaloud.goals.models import Goal

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}


def test_pages_fit_a_phone_screen(page, screenshot, transactional_db):
    load_demo()
    goal = Goal.objects.filter(owner__username=DEMO_USERNAME).first()
    circle = Circle.objects.filter(memberships__person__username=DEMO_USERNAME).first()
    open_round = Round.objects.get()
    page.set_viewport_size(PHONE)
    log_in(page, DEMO_USERNAME, DEMO_PASSWORD)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto("/")  # waits for the stylesheets, which the sizes below depend on
    share = page.get_by_role("link", name="+ Share update")  # its name, though "update" is hidden
    expect(share).to_be_visible()
    assert share.locator(".wide-only").bounding_box()["width"] <= 1  # reads "+ Share"
    paths = [
        "/",
        "/relationships/",
        "/relationships/with/lena/",
        "/relationships/lists/",
        f"/goals/{goal.pk}/relationship-list/",
        "/relationships/generosity/",
        f"/circles/{circle.pk}/",
        f"/circles/{circle.pk}/health/",
        f"/circles/rounds/{open_round.pk}/pool/",  # the week × hours availability grid
        "/discovery/people/",
        "/reflection/",
    ]
    for path in paths:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide"
    screenshot(page, "reflection-on-a-phone", full_page=False)

    # The links beyond the screen's edge are a sideways scroll away.
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Circles").click()
    expect(page).to_have_url(re.compile(r"/circles/$"))
