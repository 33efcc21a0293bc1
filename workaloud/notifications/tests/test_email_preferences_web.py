"""The Email & reminders settings: the page and GET/PATCH /api/me/email-preferences. Bad input
gets a clear error and changes nothing."""

import datetime as dt

import pytest
from django.test import Client

from workaloud.notifications import preferences
from workaloud.notifications.models import EmailPreferences, KindDelivery, NotificationKind
from workaloud.notifications.services import notify
from workaloud.tests.api_helpers import assert_error, call, token_client

pytestmark = pytest.mark.django_db

URL = "/notifications/email/"
API = "/api/me/email-preferences"


def state(person):
    return (
        preferences.digest_frequency(person),
        preferences.deliveries(person),
        preferences.reminder(person),
    )


def form_data(person, **changes):
    data = {f"kind_{k}": v for k, v in preferences.deliveries(person).items()}
    data.update(digest_frequency="weekly", reminder_weekday="", reminder_time="")
    data.update(changes)
    return data


# --- The page ------------------------------------------------------------------------------


def test_the_page_shows_the_defaults(client_for, alice):
    page = client_for(alice).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Email &amp; reminders" in html and 'class="active">Email &amp; reminders' in html
    assert 'name="kind_offer_of_help" value="now" checked' in html
    assert 'name="kind_mention" value="digest" checked' in html
    assert 'name="digest_frequency" value="weekly" checked' in html
    assert "Someone offers help with your work" in html
    assert '<option value="" selected>No reminder</option>' in html
    assert "UTC" in html  # no zone in her profile


def test_the_settings_tabs_link_here(client_for, alice):
    html = client_for(alice).get("/settings/").content.decode()
    assert f'href="{URL}"' in html


def test_saving_the_page(client_for, alice):
    alice.timezone = "Europe/Berlin"
    alice.save()
    c = client_for(alice)
    data = form_data(
        alice,
        kind_mention="now",
        kind_follow="off",
        digest_frequency="daily",
        reminder_weekday="0",
        reminder_time="09:00",
    )
    response = c.post(URL, data, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Your email preferences are saved." in response.content.decode()
    assert preferences.delivery_for(alice, "mention") == "now"
    assert preferences.delivery_for(alice, "follow") == "off"
    assert preferences.digest_frequency(alice) == "daily"
    assert preferences.reminder(alice) == (0, dt.time(9, 0))
    html = response.content.decode()
    assert '<option value="0" selected>Monday</option>' in html
    assert 'value="09:00"' in html and "Europe/Berlin" in html
    # and clearing the reminder
    c.post(URL, form_data(alice, digest_frequency="daily"))
    assert preferences.reminder(alice) is None


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"kind_mention": "sometimes"}, "not a delivery"),
        ({"digest_frequency": "hourly"}, "not a digest frequency"),
        ({"reminder_weekday": "7", "reminder_time": "09:00"}, "not a weekday"),
        ({"reminder_weekday": "-1", "reminder_time": "09:00"}, "not a weekday"),
        ({"reminder_weekday": "1", "reminder_time": "9 o'clock"}, "not a time of day"),
        ({"reminder_weekday": "1", "reminder_time": "24:00"}, "not a time of day"),
        ({"reminder_weekday": "1"}, "Choose a time"),
        ({"reminder_time": "09:00"}, "Choose a weekday"),
    ],
)
def test_bad_input_on_the_page_changes_nothing(client_for, alice, changes, message):
    preferences.set_digest_frequency(alice, "daily")
    preferences.set_reminder(alice, 4, "16:00")
    before = state(alice)
    data = form_data(alice, kind_follow="off", digest_frequency="off")
    data.update(changes)
    response = client_for(alice).post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert state(alice) == before
    assert not KindDelivery.objects.exists()


def test_an_unknown_kind_posted_is_ignored_and_the_page_is_only_ones_own(client_for, alice, bob):
    preferences.set_digest_frequency(bob, "daily")
    data = form_data(alice, kind_gossip="now", username="bob")
    data["person"] = str(bob.pk)
    response = client_for(alice).post(URL, data)
    assert response.status_code == 302
    assert preferences.digest_frequency(bob) == "daily"  # only Alice's own changed
    assert not KindDelivery.objects.filter(person=bob).exists()


def test_the_page_needs_a_login():
    response = Client().get(URL)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_inbox_shows_the_reminder(client_for, alice):
    from workaloud.notifications.delivery import claim_reminder

    claim_reminder(alice, dt.date(2026, 1, 12), dt.datetime(2026, 1, 12, 8, tzinfo=dt.UTC))
    html = client_for(alice).get("/notifications/").content.decode()
    assert "Your time to work out loud" in html and 'href="/updates/new/"' in html


# --- The API -------------------------------------------------------------------------------


def test_get_the_defaults(alice):
    c, _ = token_client(alice)
    body = call(c, "GET", API).json()
    assert body["digest_frequency"] == "weekly"
    assert body["deliveries"]["offer_of_help"] == "now"
    assert body["deliveries"]["mention"] == "digest"
    assert body["reminder"] is None
    kinds = {k["kind"]: k for k in body["kinds"]}
    assert kinds["mention"] == {
        "kind": "mention",
        "label": "Someone mentions you",
        "delivery": "digest",
        "default": "digest",
    }
    assert "meeting_soon" not in kinds and "wol_reminder" not in kinds


def test_patch_some_and_keep_the_rest(alice):
    alice.timezone = "America/New_York"
    alice.save()
    c, _ = token_client(alice)
    body = call(
        c,
        "PATCH",
        API,
        {"deliveries": {"mention": "now"}, "reminder": {"weekday": 4, "time": "16:30"}},
    ).json()
    assert body["deliveries"]["mention"] == "now"
    assert body["deliveries"]["offer_of_help"] == "now"
    assert body["digest_frequency"] == "weekly"
    assert body["reminder"] == {"weekday": 4, "time": "16:30", "timezone": "America/New_York"}
    body = call(c, "PATCH", API, {"digest_frequency": "off"}).json()
    assert body["digest_frequency"] == "off" and body["reminder"]["weekday"] == 4
    body = call(c, "PATCH", API, {"reminder": None}).json()
    assert body["reminder"] is None and body["deliveries"]["mention"] == "now"


@pytest.mark.parametrize(
    "payload,status,field",
    [
        ({"deliveries": {"gossip": "now"}}, 400, "deliveries"),
        ({"deliveries": {"mention": "sometimes"}}, 400, "deliveries"),
        ({"deliveries": {"meeting_soon": "now"}}, 400, "deliveries"),
        ({"digest_frequency": "hourly"}, 400, "digest_frequency"),
        ({"digest_frequency": None}, 400, "digest_frequency"),
        ({"reminder": {"weekday": 7, "time": "09:00"}}, 400, "reminder_weekday"),
        ({"reminder": {"weekday": -1, "time": "09:00"}}, 400, "reminder_weekday"),
        ({"reminder": {"weekday": 1, "time": "9am"}}, 400, "reminder_time"),
        ({"reminder": {"weekday": 1, "time": "12:61"}}, 400, "reminder_time"),
        ({"reminder": {"weekday": "Monday", "time": "09:00"}}, 422, "reminder.weekday"),
        ({"reminder": {"weekday": 1}}, 422, "reminder.time"),
        ({"person": "bob", "digest_frequency": "off"}, 422, "person"),
        ({"deliveries": ["mention", "now"]}, 422, "deliveries"),
    ],
)
def test_bad_input_in_the_api_changes_nothing(alice, bob, payload, status, field):
    preferences.set_digest_frequency(alice, "daily")
    preferences.set_reminder(alice, 2, "08:15")
    before, bobs = state(alice), state(bob)
    c, _ = token_client(alice)
    # a valid change alongside the bad one must not be made either
    body = {"deliveries": {"follow": "off"}, **payload} if "deliveries" not in payload else payload
    assert_error(call(c, "PATCH", API, body), status, field)
    assert state(alice) == before and state(bob) == bobs
    assert not KindDelivery.objects.exists()


def test_malformed_json_is_refused(alice):
    c, _ = token_client(alice)
    assert_error(call(c, "PATCH", API, raw="{not json"), 400)
    assert not EmailPreferences.objects.exists()


def test_the_api_needs_authentication():
    assert_error(call(Client(), "GET", API), 401)
    assert_error(call(Client(), "PATCH", API, {"digest_frequency": "off"}), 401)


def test_a_change_in_the_api_decides_the_next_notification(alice, bob, settings):
    c, _ = token_client(alice)
    call(c, "PATCH", API, {"deliveries": {"follow": "now"}})
    n = notify(alice, bob, NotificationKind.FOLLOW)
    from workaloud.notifications.delivery import wants_now

    assert wants_now(n)
