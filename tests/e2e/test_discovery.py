"""Discovery in a real browser: who could help with my ask, "ask them", and the asks I could
help with.

Ada asks about onboarding checklists for new engineers. Grace, from another team, has written
about exactly that. Ada sees Grace among the people who could help, with the reason and the
evidence, and asks her; Grace is told, and finds Ada's ask among the asks she could help with.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in, log_out
from workaloud.discovery import store
from workaloud.testing import factories

pytestmark = pytest.mark.e2e

ASK = "Examples of onboarding checklists or buddy programmes for new engineers?"


@pytest.fixture
def ask(transactional_db):
    ada = factories.make_person("ada", display_name="Ada Lovelace", team="Platform")
    grace = factories.make_person("grace", display_name="Grace Hopper", team="Research")
    factories.make_person("carl", display_name="Carl Gauss", team="Finance")
    grace.purpose = "Research how engineers learn a codebase in their first month."
    grace.save()
    buddy = factories.make_goal(grace, title="Run an onboarding buddy programme for engineers")
    factories.make_update(
        grace,
        body="Our onboarding buddy programme paired every engineer with a mentor; the "
        "checklist halved the questions in week one.",
        goal=buddy,
    )
    update = factories.make_update(
        ada, body="Drafting the onboarding checklist for engineers joining Platform.", ask=ASK
    )
    store.refresh_all()  # the job that builds profiles runs every minute; here, at once
    return update


def test_who_could_help_then_ask_them(page, screenshot, ask):
    log_in(page, "ada")
    page.goto(ask.get_absolute_url())
    panel = page.get_by_test_id("helpers-panel")
    grace = panel.get_by_test_id("suggestion").filter(has_text="Grace Hopper")
    expect(grace).to_be_visible()
    expect(grace.get_by_test_id("reason")).to_contain_text("checklist")
    expect(grace.get_by_test_id("evidence").first).to_contain_text("buddy programme")
    expect(grace.get_by_test_id("fact").filter(has_text="other team")).to_be_visible()
    screenshot(page, "ada-sees-who-could-help")
    panel.get_by_role("button", name="Ask Grace Hopper").click()
    expect(page.get_by_text("We asked Grace Hopper whether they could help.")).to_be_visible()
    log_out(page)

    log_in(page, "grace")
    page.goto("/notifications/")
    expect(page.get_by_text("asked whether you could help")).to_be_visible()
    page.goto("/asks/")
    page.get_by_test_id("asks-i-could-help").click()
    expect(page).to_have_url(re.compile(r"/discovery/asks/$"))
    expect(page.get_by_text(ASK)).to_be_visible()
    screenshot(page, "grace-sees-asks-she-could-help-with")
    log_out(page)

    # Nobody else is shown Ada's candidates.
    log_in(page, "carl")
    page.goto(ask.get_absolute_url())
    expect(page.get_by_test_id("helpers-panel")).to_have_count(0)
