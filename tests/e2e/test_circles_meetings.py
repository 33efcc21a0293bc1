"""A circle's member in the browser: the circle page, this week's meeting, attendance, shared
notes and a check-in; and the programme pages."""

import re
import shutil

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.circles import programme
from workaloud.circles.models import Attendance, CheckIn, Circle
from workaloud.circles.tests.meetings_builders import make_circle
from workaloud.relationships.services import stage
from workaloud.testing import factories

pytestmark = pytest.mark.e2e


def keep(path, name):
    """Also keep the screenshot under /tmp, to look at."""
    shutil.copy(path, f"/tmp/circles-meetings-{name}.png")


@pytest.fixture
def people(transactional_db):
    ada = factories.make_person("ada", display_name="Ada Lovelace", timezone="Europe/London")
    grace = factories.make_person("grace", display_name="Grace Hopper")
    linus = factories.make_person("linus", display_name="Linus Pauling")
    return ada, grace, linus


def test_a_member_runs_this_weeks_meeting(page, screenshot, people):
    ada, grace, linus = people
    goal = factories.make_goal(ada, title="Write the onboarding guide")
    programme.default_programme()
    circle = make_circle(
        [ada, grace, linus], weeks_ago=1.002, title="Platform pathfinders", goals={"ada": goal}
    )
    log_in(page, "ada")
    page.goto(f"/circles/{circle.pk}/")
    expect(page.get_by_role("heading", name="Platform pathfinders")).to_be_visible()
    expect(page.get_by_test_id("members")).to_contain_text("Grace Hopper")
    expect(page.get_by_test_id("members")).to_contain_text("Write the onboarding guide")
    expect(page.get_by_test_id("slot")).to_contain_text("(Europe/London)")
    expect(page.get_by_test_id("slot-circle")).to_contain_text("(Europe/Berlin)")
    expect(page.get_by_test_id("this-week")).to_contain_text("Week 2 · Who could help")
    expect(page.get_by_test_id("schedule").locator("tbody tr")).to_have_count(12)
    keep(screenshot(page, "circle page"), "circle")

    page.get_by_role("link", name="Open week 2 →").click()
    expect(page).to_have_url(re.compile(rf"/circles/{circle.pk}/meetings/2/$"))
    expect(
        page.get_by_role("heading", name="Who could help: your relationship list")
    ).to_be_visible()

    attendance = page.get_by_test_id("attendance")
    attendance.get_by_label("Ada Lovelace").check()
    attendance.get_by_label("Grace Hopper").check()
    attendance.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved: 2 people present.")).to_be_visible()
    assert Attendance.objects.filter(present=True).count() == 2
    assert stage(ada.pk, grace.pk) == 3

    notes = page.get_by_test_id("notes")
    notes.get_by_text("Write notes").click()
    notes.get_by_label("Shared notes").fill(
        "## Agenda\n\n- Relationship lists: **ten names** each\n- Grace shares her list first"
    )
    notes.get_by_role("button", name="Save notes").click()
    expect(page.get_by_text("Notes saved.")).to_be_visible()
    expect(page.get_by_test_id("notes-text").locator("strong")).to_have_text("ten names")
    expect(page.get_by_test_id("notes-edited")).to_contain_text("Ada Lovelace")

    form = page.get_by_test_id("check-in-form")
    form.get_by_label("What I did since last week").fill("Wrote my goal sentence and shared it.")
    form.get_by_label("Progress on my goal (0–10)").select_option("3")
    form.get_by_label("What I will do next").fill("List ten people who know onboarding.")
    form.get_by_label("What help I need").fill("Who ran the last onboarding survey?")
    form.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    mine = page.get_by_test_id("check-in").filter(has_text="Ada Lovelace")
    expect(mine).to_contain_text("3/10")
    expect(mine).to_contain_text("Who ran the last onboarding survey?")
    assert CheckIn.objects.get().progress == 3
    keep(screenshot(page, "meeting page"), "meeting")

    # Changing attendance later: Linus joined after all.
    attendance = page.get_by_test_id("attendance")
    attendance.get_by_label("Linus Pauling").check()
    attendance.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved: 3 people present.")).to_be_visible()
    assert stage(linus.pk, grace.pk) == 3

    # Grace sees the notes and Ada's check-in; there is nothing for her to edit of Ada's.
    other = page.context.browser.new_context(base_url=page.url.split("/circles")[0])
    grace_page = other.new_page()
    log_in(grace_page, "grace")
    grace_page.goto(f"/circles/{circle.pk}/meetings/2/")
    expect(grace_page.get_by_test_id("notes-text")).to_contain_text("Grace shares her list first")
    expect(grace_page.get_by_test_id("check-in").filter(has_text="Ada Lovelace")).to_contain_text(
        "Wrote my goal sentence"
    )
    expect(grace_page.get_by_test_id("check-in-form")).to_have_count(1)  # her own only
    other.close()


def test_an_organiser_loads_a_programme(page, screenshot, people):
    ada = people[0]
    ada.user_permissions.add(Permission.objects.get(codename="organise_circles"))
    log_in(page, "ada")
    page.goto("/circles/programmes/")
    expect(page.get_by_test_id("programme")).to_have_count(1)
    page.get_by_role("link", name="Workaloud circle: twelve weeks").click()
    expect(page.get_by_test_id("programme-week")).to_have_count(12)
    keep(screenshot(page, "programme"), "programme")

    page.goto("/circles/programmes/upload/")
    page.get_by_label("…or paste the file's text").fill(
        'name = "Ours"\n[[weeks]]\nnumber = 13\ntitle = "Extra"\nprompt = "x"\n'
    )
    page.get_by_role("button", name="Load programme").click()
    expect(page.get_by_text("weeks entry 1: week 13 is outside the programme")).to_be_visible()
    keep(screenshot(page, "upload refused"), "upload-refused")


def test_an_open_circle_shows_outsiders_its_outline_only(page, screenshot, people):
    ada, grace, linus = people
    circle = make_circle(
        [grace, linus], weeks_ago=-1, title="Curious builders", status=Circle.Status.OPEN
    )
    log_in(page, "ada")
    page.goto(f"/circles/{circle.pk}/")
    expect(page.get_by_role("heading", name="Curious builders")).to_be_visible()
    expect(page.get_by_test_id("member-count")).to_have_text("2 of 5")
    expect(page.get_by_test_id("outline-note")).to_be_visible()
    expect(page.get_by_text("Grace Hopper")).to_have_count(0)
    expect(page.get_by_test_id("schedule")).to_have_count(0)
    keep(screenshot(page, "outline"), "outline")
