"""Logging in: wrong passwords, rate limiting, and what an anonymous visitor sees."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.testing import factories

pytestmark = pytest.mark.e2e

WRONG = "not my password at all"
MISMATCH = "Your username and password didn't match. Please try again."


def test_anonymous_visitor_of_home_is_sent_to_log_in(page, screenshot):
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_role("link", name="Create an account")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    screenshot(page, "anonymous-sent-to-login")


def test_wrong_password_shows_an_error_and_stays_logged_out(page, screenshot, transactional_db):
    factories.make_person("ada", display_name="Ada Lovelace")

    log_in(page, "ada", WRONG)

    expect(page.get_by_role("alert")).to_have_text(MISMATCH)
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_label("Username")).to_have_value("ada")
    screenshot(page, "wrong-password")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def test_repeated_failures_lock_the_username_out(page, screenshot, transactional_db, settings):
    factories.make_person("ada", display_name="Ada Lovelace")
    limit = settings.AXES_FAILURE_LIMIT

    for _ in range(limit - 1):
        log_in(page, "ada", WRONG)
        expect(page.get_by_role("alert")).to_have_text(MISMATCH)
    screenshot(page, "failures-before-the-limit")

    log_in(page, "ada", WRONG)
    expect(page.get_by_role("heading", name="Too many failed log-ins")).to_be_visible()
    expect(page.get_by_text("Please wait a few minutes and try again.")).to_be_visible()
    screenshot(page, "locked-out")

    # Even the right password is refused while the lockout lasts.
    log_in(page, "ada")
    expect(page.get_by_role("heading", name="Too many failed log-ins")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
