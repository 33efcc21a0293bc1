"""The end of a circle in the browser: in its 12th week a member writes a retrospective and a
letter to her future self, and starts another 12 weeks, which a second member joins; an
organiser reads the round's health in figures, without a name."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.circles.models import Circle, Round
from workaloud.circles.tests.keeping_builders import check_in, make_circle, mark
from workaloud.testing import factories

pytestmark = pytest.mark.e2e

LETTER = "Dear Ada, a year from now I hope you still post your drafts on Fridays."


@pytest.fixture
def circle(transactional_db):
    ada = factories.make_person("ada", display_name="Ada Lovelace")
    grace = factories.make_person("grace", display_name="Grace Hopper")
    linus = factories.make_person("linus", display_name="Linus Pauling")
    mary = factories.make_person("mary", display_name="Mary Somerville")
    spring = Round.objects.create(title="Spring round", starts_on=dt.date(2026, 9, 1))
    c = make_circle(
        ada,
        [grace, linus, mary],
        week=12,
        started_ago=dt.timedelta(minutes=10),
        title="Curious engineers",
        round=spring,
    )
    for week in range(1, 12):
        absent = [linus] if week >= 10 else []
        mark(
            c,
            week,
            present=[p for p in (ada, grace, linus, mary) if p not in absent],
            absent=absent,
        )
        for person in (ada, grace, mary):
            check_in(c, week, person, did="Secret progress")
    return c


def test_the_end_of_a_circle(open_page, screenshot, circle):
    ada = open_page()
    log_in(ada, "ada")
    ada.goto(f"/circles/{circle.pk}/")
    ending = ada.get_by_test_id("circle-ending")
    expect(ending).to_contain_text("The end of the programme")
    health = ada.get_by_test_id("circle-health")
    expect(health.get_by_test_id("at-risk")).to_contain_text("Linus Pauling")
    expect(health.get_by_test_id("at-risk")).to_contain_text("Missed the last 2 meetings")
    ada.get_by_test_id("circle-health").scroll_into_view_if_needed()
    screenshot(ada, "circle-page-health-and-ending")
    ada.screenshot(path="/tmp/keeping-circle-page.png", full_page=True)

    # The health page, in full.
    health.get_by_role("link", name="Streaks and details →").click()
    expect(ada.get_by_role("heading", name="How the circle is going")).to_be_visible()
    expect(ada.get_by_test_id("health-member").filter(has_text="Ada Lovelace")).to_contain_text(
        "On track"
    )
    screenshot(ada, "health-page")
    ada.screenshot(path="/tmp/keeping-health.png", full_page=True)

    # The retrospective.
    ada.goto(f"/circles/{circle.pk}/")
    ending.get_by_role("link", name="Write your retrospective").click()
    expect(ada.get_by_role("heading", name="My retrospective")).to_be_visible()
    ada.get_by_label("What changed for you?").fill(
        "I ask for help early now, and I know people in four other teams."
    )
    ada.locator("label", has_text=re.compile(r"^9$")).click()
    ada.get_by_label("What next?").fill("Start a circle for new joiners.")
    screenshot(ada, "retrospective-form")
    ada.screenshot(path="/tmp/keeping-retrospective-form.png", full_page=True)
    ada.get_by_role("button", name="Save my retrospective").click()
    expect(ada).to_have_url(re.compile(rf"/circles/{circle.pk}/end/$"))
    expect(ada.get_by_text("Your retrospective is saved")).to_be_visible()
    mine = ada.get_by_test_id("retrospective").filter(has_text="Ada Lovelace")
    expect(mine).to_contain_text("I ask for help early now")
    expect(mine.locator(".retro-score")).to_have_text("9")

    # The letter, private.
    ada.get_by_test_id("letter-card").get_by_role("link", name="Write it").click()
    expect(ada.get_by_text("Only you will ever read this letter")).to_be_visible()
    ada.get_by_label("Dear future me,").fill(LETTER)
    ada.get_by_role("button", name="Save my letter").click()
    expect(ada.get_by_text("Your letter is saved. Only you can read it.")).to_be_visible()
    ada.get_by_test_id("letter-card").get_by_role("link", name="Read or edit").click()
    expect(ada.get_by_test_id("my-letter")).to_contain_text(LETTER)
    screenshot(ada, "letter")
    ada.screenshot(path="/tmp/keeping-letter.png", full_page=True)

    # Another 12 weeks.
    ada.goto(f"/circles/{circle.pk}/end/")
    ada.get_by_role("button", name="Start another 12 weeks").click()
    expect(ada.get_by_text("You are in: the next 12 weeks start")).to_be_visible()
    expect(ada.get_by_test_id("continuation")).to_contain_text("Curious engineers · weeks 13–24")
    next_circle = Circle.objects.get(previous=circle)
    assert next_circle.meetings.count() == 12 and next_circle.status == Circle.Status.CLOSED
    screenshot(ada, "end-page")
    ada.screenshot(path="/tmp/keeping-end.png", full_page=True)

    # Grace reads Ada's retrospective, never her letter, and joins the next 12 weeks.
    grace = open_page()
    log_in(grace, "grace")
    grace.goto(f"/circles/{circle.pk}/end/")
    expect(grace.get_by_test_id("retrospective")).to_contain_text("I ask for help early now")
    expect(grace.get_by_test_id("continuation")).to_contain_text(
        "Ada Lovelace is continuing for another 12 weeks"
    )
    assert LETTER not in grace.content()
    grace.get_by_role("button", name="Join them").click()
    expect(grace.get_by_text("You joined the next 12 weeks")).to_be_visible()
    grace.goto(f"/circles/{circle.pk}/end/letter/")
    assert LETTER not in grace.content()
    assert set(next_circle.memberships.values_list("person__username", flat=True)) == {
        "ada",
        "grace",
    }

    # The organiser: figures for the round, no names.
    olga = factories.make_person("olga", display_name="Olga Organiser")
    olga.user_permissions.add(Permission.objects.get(codename="organise_circles"))
    org = open_page()
    log_in(org, "olga")
    org.goto("/circles/organise/health/")
    row = org.get_by_test_id("organise-circle").filter(has_text="Curious engineers")
    expect(row.get_by_test_id("at-risk-count")).to_have_text("1")
    expect(org.get_by_test_id("retro-withheld")).to_contain_text("(1 so far)")
    content = org.content()
    for name in ("Ada Lovelace", "Grace Hopper", "Linus Pauling", "Secret progress", LETTER):
        assert name not in content
    screenshot(org, "organiser-health")
    org.screenshot(path="/tmp/keeping-organiser.png", full_page=True)
