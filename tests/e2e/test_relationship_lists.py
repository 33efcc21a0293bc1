"""A goal's relationship list in the browser: list a member and someone outside, rate them,
rate again, and read the history and the calibration against the computed stage."""

import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.relationship_lists.models import Rating
from workaloud.relationships.services import record_interaction
from workaloud.testing import factories

pytestmark = pytest.mark.e2e

GOAL = "Launch the mentoring programme"


@pytest.fixture
def ada(transactional_db):
    return factories.make_person("ada", display_name="Ada Lovelace")


@pytest.fixture
def grace(transactional_db):
    return factories.make_person("grace", display_name="Grace Hopper")


def test_a_relationship_list_deepens_and_is_calibrated(page, screenshot, ada, grace):
    goal = factories.make_goal(ada, title=GOAL, why="New joiners need a guide.")
    # Grace offered Ada help and Ada thanked her: engagement both ways (stage 3).
    now = timezone.now()
    record_interaction(grace.pk, ada.pk, "offer_of_help", occurred_at=now, source_key="e2e:1")
    record_interaction(ada.pk, grace.pk, "thanks", occurred_at=now, source_key="e2e:2")

    log_in(page, "ada")
    page.goto(f"/goals/{goal.pk}/")
    page.get_by_role("link", name="Relationship list").click()
    expect(page).to_have_url(re.compile(rf"/goals/{goal.pk}/relationship-list/$"))
    expect(page.get_by_role("heading", name="Relationship list")).to_be_visible()
    expect(page.get_by_text("No one on this list yet")).to_be_visible()

    # Ada adds Grace, a member, and rates her 1: "knows who I am".
    member_form = page.get_by_test_id("add-member")
    member_form.get_by_label("Member's username").fill("grace")
    member_form.get_by_label("Who could help whom?").select_option(label="They could help me")
    member_form.get_by_label("How close are you now?").select_option("1")
    member_form.get_by_label("Private note").fill("Ran the last mentoring pilot.")
    member_form.get_by_role("button", name="Add member").click()
    expect(page.get_by_text("Added Grace Hopper to the list.")).to_be_visible()
    graces = page.get_by_test_id("list-entry").filter(has_text="Grace Hopper")
    expect(graces).to_contain_text("Your rating 1 · Knows who I am")
    expect(graces).to_contain_text("Computed stage 3 · Reciprocal exchange")
    expect(graces.get_by_test_id("calibration")).to_contain_text(
        "Your interactions show a reciprocal exchange (stage 3, reciprocal exchange), but you "
        "rated Grace Hopper 1 — maybe you are closer than you think."
    )

    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "grace-rated-lower-than-the-interactions-show")
    page.screenshot(path="/tmp/relationship-list-disagreement.png", full_page=True)

    # ... and Sam, someone outside the community.
    outside_form = page.get_by_test_id("add-outside")
    outside_form.get_by_label("Name").fill("Sam Rivera")
    outside_form.get_by_label("Who they are").fill("ex-colleague at Acme")
    outside_form.get_by_label("Who could help whom?").select_option(label="Both ways")
    outside_form.get_by_label("How close are you now?").select_option("2")
    outside_form.get_by_role("button", name="Add person").click()
    expect(page.get_by_text("Added Sam Rivera to the list.")).to_be_visible()
    sams = page.get_by_test_id("list-entry").filter(has_text="Sam Rivera")
    expect(sams).to_contain_text("ex-colleague at Acme")
    expect(sams).to_contain_text("Outside the community")
    expect(sams.get_by_test_id("calibration")).to_contain_text("no computed stage")

    # Grace is on the list already: a clear refusal, and the list unchanged.
    page.get_by_test_id("add-member").get_by_label("Member's username").fill("@grace")
    page.get_by_test_id("add-member").get_by_label("How close are you now?").select_option("2")
    page.get_by_test_id("add-member").get_by_role("button", name="Add member").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "Nothing was saved. Grace Hopper is already on this list."
    )
    expect(page.get_by_test_id("list-entry")).to_have_count(2)
    page.screenshot(path="/tmp/relationship-list-refused.png", full_page=True)

    # Two weeks on (moved into the past), Ada rates Grace again: they paired on the plan.
    Rating.objects.update(rated_at=F("rated_at") - timedelta(days=14))
    page.reload()
    graces.get_by_label("New rating for Grace Hopper").select_option("3")
    graces.get_by_label("What changed with Grace Hopper (optional)").fill("Paired on the plan")
    graces.get_by_role("button", name="Rate again").click()
    expect(page.get_by_text("Rated Grace Hopper 3: We have helped each other.")).to_be_visible()
    first_day = (now - timedelta(days=14)).strftime("%-d %b")
    if (now - timedelta(days=14)).year != now.year:
        first_day += (now - timedelta(days=14)).strftime(" %Y")
    expect(graces.get_by_test_id("change")).to_have_text(f"1 → 3 since {first_day}")
    history = graces.get_by_test_id("history")
    expect(history.get_by_role("listitem")).to_have_count(2)
    expect(history).to_contain_text(f"{first_day}1")
    expect(graces.get_by_test_id("calibration")).to_have_text(
        "Your rating and your interactions here roughly agree (stage 3, reciprocal exchange)."
    )
    expect(graces).to_contain_text("Latest rating: “Paired on the plan”")

    # Sam too: a closer rating than the first.
    sams.get_by_label("New rating for Sam Rivera").select_option("4")
    sams.get_by_role("button", name="Rate again").click()
    expect(sams.get_by_test_id("change")).to_have_text(f"2 → 4 since {first_day}")
    expect(page.get_by_text("0 where your rating and your interactions disagree")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "list-after-rating-again")
    page.screenshot(path="/tmp/relationship-list.png", full_page=True)

    # All of Ada's lists on one page.
    page.get_by_role("link", name="All my relationship lists →").click()
    card = page.get_by_test_id("goal-list").filter(has_text=GOAL)
    expect(card).to_contain_text("2 people")
    expect(card).to_contain_text("Grace Hopper")
    screenshot(page, "overview")
    page.screenshot(path="/tmp/relationship-lists-overview.png", full_page=True)
