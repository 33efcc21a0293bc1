"""The Email & reminders settings tab in the browser: choose what comes by email at once, the
digest's frequency and a weekly time to work out loud; a bad time is refused and changes
nothing; the reminder then shows in the inbox."""

import datetime as dt
import shutil

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.notifications import preferences
from workaloud.notifications.delivery import send_due_reminders
from workaloud.testing import factories

pytestmark = pytest.mark.e2e


@pytest.fixture
def ada(transactional_db):
    return factories.make_person("ada", display_name="Ada Lovelace", timezone="Europe/Berlin")


def test_email_and_reminder_settings(page, screenshot, ada):
    log_in(page, "ada")
    page.goto("/settings/")
    page.get_by_role("navigation", name="Settings").get_by_role(
        "link", name="Email & reminders"
    ).click()
    expect(page.get_by_role("heading", name="Notifications by email")).to_be_visible()
    expect(
        page.get_by_label("Someone offers help with your work: By email at once")
    ).to_be_checked()
    expect(page.get_by_label("Someone mentions you: In my digest")).to_be_checked()
    expect(page.get_by_text("Europe/Berlin")).to_be_visible()
    shot = screenshot(page, "defaults")
    shutil.copy(shot, "/tmp/emailprefs-1-defaults.png")

    # Mentions at once, new followers not by email, a daily digest, Mondays at 09:00.
    page.get_by_label("Someone mentions you: By email at once").check()
    page.get_by_label("Someone starts following you: Not by email").check()
    page.get_by_role("radiogroup", name="Digest frequency").get_by_label("Daily").check()
    page.get_by_label("Day").select_option(label="Monday")
    page.get_by_label("Time").fill("09:00")
    page.get_by_role("button", name="Save email preferences").click()
    expect(page.get_by_text("Your email preferences are saved.")).to_be_visible()
    expect(page.get_by_label("Someone mentions you: By email at once")).to_be_checked()
    assert preferences.delivery_for(ada, "mention") == "now"
    assert preferences.delivery_for(ada, "follow") == "off"
    assert preferences.digest_frequency(ada) == "daily"
    assert preferences.reminder(ada) == (0, dt.time(9, 0))

    # A day without a time is refused, and nothing changes.
    page.get_by_label("Someone offers help with your work: In my digest").check()
    page.get_by_label("Day").select_option(label="Friday")
    page.get_by_label("Time").fill("")
    page.get_by_role("button", name="Save email preferences").click()
    expect(page.get_by_text("Choose a time for the reminder")).to_be_visible()
    shot = screenshot(page, "refused")
    shutil.copy(shot, "/tmp/emailprefs-2-refused.png")
    assert preferences.delivery_for(ada, "offer_of_help") == "now"
    assert preferences.reminder(ada) == (0, dt.time(9, 0))

    # Monday 09:00 in Berlin is 08:00 UTC in winter: the reminder shows in the inbox.
    preferences.set_reminder(ada, 0, "09:00")
    from workaloud.notifications.models import EmailPreferences

    EmailPreferences.objects.filter(person=ada).update(
        reminder_set_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    assert send_due_reminders(dt.datetime(2026, 1, 12, 8, 0, tzinfo=dt.UTC)).reminded == 1
    page.goto("/notifications/")
    expect(page.get_by_text("Your time to work out loud")).to_be_visible()
    page.get_by_role("link", name="share an update").click()
    expect(page).to_have_url(page.url.split("/updates/")[0] + "/updates/new/")
    page.goto("/notifications/")
    shot = screenshot(page, "inbox")
    shutil.copy(shot, "/tmp/emailprefs-3-inbox.png")
