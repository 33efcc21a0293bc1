"""The digest's unsubscribe link in the browser, logged out: one button turns the digest off;
a tampered link says so and changes nothing. And the email itself, as a member previews it."""

import datetime as dt
import shutil

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.digests.unsubscribe import make_token
from workaloud.notifications import preferences
from workaloud.people.services import follow
from workaloud.testing import factories
from workaloud.work.models import WorkUpdate

pytestmark = pytest.mark.e2e


@pytest.fixture
def ada(transactional_db):
    return factories.make_person("ada", display_name="Ada Lovelace", timezone="Europe/Berlin")


def test_unsubscribe_with_one_click_and_no_login(page, screenshot, ada):
    token = make_token(ada)
    page.goto(f"/digests/unsubscribe/{token}/")
    expect(page.get_by_role("heading", name="Stop the digest email?")).to_be_visible()
    expect(page.get_by_text("Ada Lovelace")).to_be_visible()
    shutil.copy(screenshot(page, "confirm"), "/tmp/digests-1-confirm.png")
    assert preferences.digest_frequency(ada) == "weekly"  # opening the link changes nothing
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    shutil.copy(screenshot(page, "done"), "/tmp/digests-2-done.png")
    assert preferences.digest_frequency(ada) == "off"


def test_a_tampered_link(page, screenshot, ada):
    response = page.goto(f"/digests/unsubscribe/{make_token(ada)[:-3]}xyz/")
    assert response.status == 400
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    expect(page.get_by_text("Nothing was changed.")).to_be_visible()
    shutil.copy(screenshot(page, "tampered"), "/tmp/digests-3-tampered.png")
    assert preferences.digest_frequency(ada) == "weekly"


def test_the_digest_as_a_member_previews_it(page, screenshot, ada):
    grace = factories.make_person("grace", display_name="Grace Hopper")
    linus = factories.make_person("linus", display_name="Linus Pauling")
    follow(ada, grace)
    ada.purpose = "Compilers and the history of programming languages."
    ada.save()
    factories.make_update(grace, body="Drafted the chapter on early compilers; two sections left.")
    factories.make_update(
        grace, body="Testing the new build.", ask="Who can review the compiler chapter?"
    )
    factories.make_update(
        linus, body="Reading group", ask="Anyone into the history of programming languages?"
    )
    WorkUpdate.objects.update(published_at=timezone.now() - dt.timedelta(days=7))
    log_in(page, "ada")
    page.goto("/digests/preview/")
    expect(page.get_by_text("New work from people and goals you follow")).to_be_visible()
    expect(page.get_by_text("Asks you could help with")).to_be_visible()
    shutil.copy(screenshot(page, "email"), "/tmp/digests-4-email.png")
