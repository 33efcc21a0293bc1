"""Working Out Loud Week in the browser: an organiser starts it from the template today, a
member finds today's prompt on her home page and shares an answer, and the campaign page
shows the answer, the week's prompts and the participation figures (numbers only, never a
group under five)."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from tests.e2e.steps import log_in, log_out
from workaloud.campaigns.models import Campaign
from workaloud.testing import factories

pytestmark = pytest.mark.e2e


@pytest.fixture
def olga(transactional_db):
    person = factories.make_person("olga", display_name="Olga Organiser")
    person.user_permissions.add(Permission.objects.get(codename="run_campaigns"))
    return person


@pytest.fixture
def maya(transactional_db):
    return factories.make_person("maya", display_name="Maya Patel")


def test_wol_week_from_template_to_answers_and_figures(page, screenshot, olga, maya):
    today = dt.datetime.now(dt.UTC).date()  # both have no time zone set: their day is UTC's

    # Olga starts Working Out Loud Week from the template, today.
    log_in(page, "olga")
    page.goto("/campaigns/")
    expect(page.get_by_text("No campaigns yet")).to_be_visible()
    page.get_by_role("link", name="New campaign").click()
    template = page.get_by_test_id("from-template")
    template.get_by_label("First day").fill(today.isoformat())
    screenshot(page, "new-campaign")
    page.screenshot(path="/tmp/campaigns-new.png", full_page=True)
    template.get_by_role("button", name="Create from the template").click()
    expect(page.get_by_text("“Working Out Loud Week” is ready: 5 prompts.")).to_be_visible()
    campaign = Campaign.objects.get()
    expect(page).to_have_url(re.compile(rf"/campaigns/{campaign.pk}/$"))
    expect(page.get_by_test_id("campaign-theme")).to_have_text(
        "Deepen relationships and create a legacy"
    )
    expect(page.get_by_test_id("campaign-day")).to_have_count(5)

    # Starting a second week over the first is refused, and nothing is created.
    page.goto("/campaigns/new/")
    template = page.get_by_test_id("from-template")
    template.get_by_label("First day").fill((today + dt.timedelta(days=2)).isoformat())
    template.get_by_role("button", name="Create from the template").click()
    expect(page.get_by_test_id("problem")).to_contain_text(
        "Nothing was saved. These dates overlap the campaign “Working Out Loud Week”"
    )
    assert Campaign.objects.count() == 1

    # A malformed campaign file is refused, naming the place of the problem.
    page.get_by_text("From a campaign file (TOML or JSON)").click()
    upload = page.get_by_test_id("from-file")
    upload.get_by_label("Campaign file").set_input_files(
        files=[
            {
                "name": "week.toml",
                "mimeType": "application/toml",
                "buffer": b"name = 'Our week'\ntheme = 'Sharing'\n[[days]]\nday = 1\n"
                b"title = 'Start'\n[[days]]\nday = 1\ntitle = 'Again'\nprompt = 'x'\n",
            }
        ]
    )
    upload.get_by_label("First day").fill((today + dt.timedelta(days=30)).isoformat())
    upload.get_by_role("button", name="Load the file").click()
    expect(page.get_by_test_id("problem")).to_contain_text(
        "Nothing was saved. days entry 1 prompt: is missing or empty."
    )
    screenshot(page, "bad-file-refused")
    page.screenshot(path="/tmp/campaigns-bad-file.png", full_page=True)
    assert Campaign.objects.count() == 1
    log_out(page)

    # Four colleagues answered already.
    for n in range(4):
        factories.make_update(
            factories.make_person(f"colleague{n}"), body=f"Answer {n}", campaign=campaign
        )

    # Maya sees day 1 on her home page and shares her answer.
    log_in(page, "maya")
    card = page.get_by_test_id("campaign-today")
    expect(card).to_contain_text("Working Out Loud Week · Day 1 of 5")
    expect(card.get_by_role("heading", name="Relationships at a distance")).to_be_visible()
    screenshot(page, "home-with-todays-prompt")
    page.screenshot(path="/tmp/campaigns-home.png", full_page=True)
    card.get_by_role("link", name="Share your answer").click()
    expect(page.get_by_test_id("campaign-tag")).to_contain_text(
        "Your answer to Working Out Loud Week · Day 1"
    )
    page.get_by_label("What are you working on?").fill(
        "Priya and I have never met, but her comments on my **draft plans** shaped the whole "
        "project. What keeps it alive: I share early, and she knows she can disagree."
    )
    screenshot(page, "share-form-tagged")
    page.screenshot(path="/tmp/campaigns-share.png", full_page=True)
    page.get_by_role("button", name="Share update").click()
    expect(page.get_by_text("Shared. Thanks for working out loud!")).to_be_visible()

    page.goto("/")
    expect(page.get_by_test_id("campaign-today")).to_contain_text("You answered today")

    # The campaign page: her answer in the feed, and five people have now shared.
    page.get_by_test_id("campaign-today").get_by_role("link", name="See what others shared").click()
    cards = page.get_by_test_id("update-card")
    expect(cards).to_have_count(5)
    expect(cards.first).to_contain_text("Priya and I have never met")
    expect(page.get_by_test_id("figure-shared")).to_contain_text("5")
    expect(page.get_by_test_id("figure-shared")).to_contain_text("people shared")
    expect(page.get_by_test_id("figure-responded")).to_contain_text("fewer than 5")
    expect(page.get_by_test_id("figure-connections")).to_contain_text("fewer than 5")
    screenshot(page, "campaign-page")
    page.screenshot(path="/tmp/campaigns-page.png", full_page=True)
