"""Forming circles in the browser: a member joins a round's pool; another starts an open circle
and a third joins it; the organiser runs matching on the pool, moves someone and confirms."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.circles import forming
from workaloud.circles.models import Circle, Membership, PoolEntry, Round
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.testing import factories

pytestmark = pytest.mark.e2e

TUE_17_UTC, TUE_18_UTC = 24 + 17, 24 + 18


@pytest.fixture
def spring(transactional_db):
    olga = factories.make_person("olga", display_name="Olga Organiser")
    olga.user_permissions.add(Permission.objects.get(codename="organise_circles"))
    # A Monday in winter, when Berlin is UTC+1.
    starts = timezone.localdate() + dt.timedelta(days=21)
    starts += dt.timedelta(days=-starts.weekday())
    spring = Round.objects.create(title="Spring circles", starts_on=starts, created_by=olga)
    teams = ["Platform", "Research", "People", "Finance", "Design"]
    for n in range(8):
        person = factories.make_person(f"member{n}", display_name=f"Member {n}", team=teams[n % 5])
        forming.join_pool(
            person,
            spring,
            goal_title=f"Goal of member {n}",
            format="virtual",
            languages=["English"],
            timezone="UTC",
            availability=[TUE_17_UTC, TUE_18_UTC],
        )
    return spring


def shot(page, screenshot, name):
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, name)
    page.screenshot(path=f"/tmp/forming-{name}.png", full_page=True)


def test_joining_the_pool(page, screenshot, spring):
    factories.make_person("ada", display_name="Ada Lovelace", team="Research")
    log_in(page, "ada")
    page.goto("/circles/")
    expect(page.get_by_role("heading", name="Circles", exact=True)).to_be_visible()
    shot(page, screenshot, "circles-home")
    page.get_by_test_id("round").get_by_role("link", name="Join the pool").click()
    expect(page.get_by_role("heading", name="Join the pool of Spring circles")).to_be_visible()

    form = page.get_by_test_id("pool-form")
    form.get_by_label("…or a new goal").fill("Run a monthly demo day")
    form.get_by_text("Virtual", exact=True).click()
    form.get_by_label("Languages").fill("English, French")
    form.get_by_label("Your time zone").select_option("Europe/Berlin")
    # Nothing ticked yet: a clear error, nothing saved.
    form.get_by_role("button", name="Join the pool").click()
    expect(page.get_by_text("Choose at least one hour in the week")).to_be_visible()
    assert not PoolEntry.objects.filter(person__username="ada").exists()

    form.get_by_label("Tuesday 18:00").check()
    form.get_by_label("Tuesday 19:00").check()
    form.get_by_role("button", name="Weekday evenings 18–21").click()
    shot(page, screenshot, "pool-form")
    form.get_by_role("button", name="Join the pool").click()
    expect(page.get_by_text("You are in the pool of “Spring circles”.")).to_be_visible()
    expect(page.get_by_test_id("round")).to_contain_text("Run a monthly demo day")
    entry = PoolEntry.objects.get(person__username="ada")
    assert entry.timezone == "Europe/Berlin" and entry.languages == ["English", "French"]
    assert {24 + 18, 24 + 19, 0 * 24 + 18, 4 * 24 + 20} <= set(entry.availability)
    shot(page, screenshot, "in-the-pool")


def test_an_open_circle_is_started_and_joined(open_page, screenshot, spring):
    factories.make_person("grace", display_name="Grace Hopper", timezone="Europe/London")
    factories.make_person("hal", display_name="Hal Abelson")
    grace = open_page()
    log_in(grace, "grace")
    grace.goto("/circles/")
    grace.get_by_role("link", name="Start an open circle").click()
    form = grace.get_by_test_id("circle-form")
    form.get_by_label("Title").fill("Writers at lunch")
    form.get_by_label("Description").fill("For anyone writing a guide, a talk or a book.")
    form.get_by_text("Virtual", exact=True).click()
    form.get_by_label("Language").fill("English")
    form.get_by_label("Weekday").select_option(label="Thursday")
    form.get_by_label("Start time").fill("12:30")
    form.get_by_label("Start date").fill("2020-01-01")
    form.get_by_label("Size limit").select_option(label="4 people")
    form.get_by_role("button", name="Start the circle").click()
    expect(grace.get_by_text("The start date is in the past")).to_be_visible()
    assert not Circle.objects.exists()
    start = (timezone.localdate() + dt.timedelta(days=120)).isoformat()
    grace.get_by_test_id("circle-form").get_by_label("Start date").fill(start)
    shot(grace, screenshot, "circle-new")
    grace.get_by_test_id("circle-form").get_by_role("button", name="Start the circle").click()
    expect(grace.get_by_text("“Writers at lunch” is open")).to_be_visible()
    circle = Circle.objects.get(title="Writers at lunch")
    assert circle.timezone == "Europe/London" and circle.size_limit == 4
    shot(grace, screenshot, "circle-started")

    hal = open_page()
    log_in(hal, "hal")
    hal.goto("/circles/")
    card = hal.get_by_test_id("open-circle").filter(has_text="Writers at lunch")
    expect(card).to_contain_text("1 of 4")
    expect(card).to_contain_text("Thursdays 12:30 (Europe/London)")
    hal.get_by_label("Language").fill("German")
    hal.get_by_role("button", name="Filter").click()
    expect(hal.get_by_test_id("open-circle")).to_have_count(0)
    hal.get_by_label("Language").fill("English")
    hal.get_by_role("button", name="Filter").click()
    shot(hal, screenshot, "open-circles")
    hal.get_by_role("button", name="Join Writers at lunch").click()
    expect(hal.get_by_text("You joined “Writers at lunch”.")).to_be_visible()
    expect(hal).to_have_url(re.compile(rf"/circles/{circle.pk}/$"))
    assert Membership.objects.filter(circle=circle, person__username="hal").exists()
    assert Notification.objects.filter(
        recipient__username="grace", kind=NotificationKind.CIRCLE_JOINED
    ).exists()
    shot(hal, screenshot, "joined-circle")
    hal.goto("/circles/")
    mine = hal.get_by_test_id("my-circle")
    expect(mine).to_contain_text("Writers at lunch")
    expect(mine).to_contain_text("2 of 4 members")
    shot(hal, screenshot, "my-circles")


def test_an_organiser_matches_moves_and_confirms(page, screenshot, spring):
    ada = factories.make_person("ada", display_name="Ada Lovelace", team="Research")
    forming.join_pool(
        ada,
        spring,
        goal_title="Run a monthly demo day",
        format="virtual",
        languages=["English"],
        timezone="Europe/Berlin",
        availability=[24 + 18, 24 + 19],
    )
    loner = factories.make_person("yuki", display_name="Yuki Tanaka", team="Platform")
    forming.join_pool(
        loner,
        spring,
        goal_title="Learn to sketch",
        format="virtual",
        languages=["Japanese"],
        timezone="Asia/Tokyo",
        availability=[10],
    )
    log_in(page, "olga")
    page.goto("/circles/")
    page.get_by_role("link", name="Rounds and matching").click()
    page.get_by_role("link", name="Spring circles").click()
    expect(page.get_by_test_id("pool-count")).to_contain_text("10")
    expect(page.get_by_test_id("pool-figures")).to_contain_text("English")
    expect(page.get_by_test_id("pool-figures")).to_contain_text("fewer than 5")
    shot(page, screenshot, "round")
    page.get_by_role("button", name="Run matching").click()
    expect(page.get_by_role("heading", name="Proposed circles")).to_be_visible()
    circles = page.get_by_test_id("proposed-circle")
    expect(circles).to_have_count(2)
    expect(page.get_by_test_id("figures")).to_contain_text("90%")
    expect(page.get_by_test_id("unmatched")).to_contain_text("Yuki Tanaka")
    ada_row = page.get_by_test_id("member").filter(has_text="Ada Lovelace")
    expect(ada_row).to_contain_text("Tue 18:00")  # her own time, Berlin
    expect(ada_row).to_contain_text("Run a monthly demo day")
    shot(page, screenshot, "proposal")

    # Yuki speaks no English: moving her in is refused, with the reason.
    yuki = page.get_by_test_id("unmatched-person").filter(has_text="Yuki Tanaka")
    yuki.get_by_role("button", name="Move").click()
    expect(page.get_by_text("Yuki Tanaka can't join circle")).to_be_visible()
    expect(page.get_by_text("Yuki Tanaka is not available")).to_be_visible()
    shot(page, screenshot, "move-refused")

    # Someone from the circle of five moves to the circle of four.
    sizes = [circles.nth(i).get_by_test_id("member").count() for i in range(2)]
    big = circles.nth(sizes.index(5))
    small_key = 2 - sizes.index(5)  # circles are numbered 1 and 2
    row = big.get_by_test_id("member").first
    name = row.locator("td").first.inner_text()
    row.get_by_role("combobox").select_option(str(small_key))
    row.get_by_role("button", name="Move").click()
    expect(page.get_by_text(f"Moved to circle {small_key}.")).to_be_visible()
    moved_to = page.locator(f"#circle-{small_key}")
    expect(moved_to.get_by_test_id("member")).to_have_count(5)
    expect(moved_to).to_contain_text(name)
    shot(page, screenshot, "after-move")

    page.get_by_role("button", name=re.compile(r"Confirm and form 2 circles")).click()
    expect(page.get_by_text("2 circles formed; their members have been told.")).to_be_visible()
    shot(page, screenshot, "confirmed")
    assert Circle.objects.filter(round=spring, origin=Circle.Origin.MATCHED).count() == 2
    assert Notification.objects.filter(kind=NotificationKind.CIRCLE_FORMED).count() == 9
    spring.refresh_from_db()
    assert spring.status == Round.Status.MATCHED
