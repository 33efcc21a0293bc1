"""One-click unsubscribe with no login: a signed link; a tampered or expired one changes
nothing."""

import pytest
from django.core import signing
from django.test import Client

from workaloud.digests.unsubscribe import SALT, make_token
from workaloud.notifications.preferences import digest_frequency, set_digest_frequency

pytestmark = pytest.mark.django_db


def url(token):
    return f"/digests/unsubscribe/{token}/"


def test_get_shows_one_button_and_changes_nothing_post_unsubscribes(alice):
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get(url(make_token(alice)))
    assert page.status_code == 200
    assert b"Unsubscribe</button>" in page.content and b"Alice Archer" in page.content
    assert digest_frequency(alice) == "weekly"
    done = anonymous.post(url(make_token(alice)))  # no CSRF token, no session: one click
    assert done.status_code == 200 and b"You are unsubscribed" in done.content
    assert digest_frequency(alice) == "off"
    again = anonymous.get(url(make_token(alice)))
    assert b"already off" in again.content


def test_rfc8058_one_click_post(alice):
    response = Client(enforce_csrf_checks=True).post(
        url(make_token(alice)),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert digest_frequency(alice) == "off"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature altered
        lambda t: t.replace(
            t.split(":")[0], signing.dumps({"p": 999, "l": "digest"}).split(":")[0]
        ),
        lambda t: signing.dumps({"p": 1, "l": "digest"}),  # signed without the salt
        lambda t: signing.dumps({"p": 1, "l": "other"}, salt=SALT),  # another list
        lambda t: signing.dumps(["not", "a", "dict"], salt=SALT),
        lambda t: "x",
        lambda t: "a" * 500,
    ],
)
def test_a_tampered_link_gets_a_clear_400_and_changes_nothing(alice, bob, mangle):
    set_digest_frequency(bob, "daily")
    token = mangle(make_token(alice))
    for method in ("get", "post"):
        response = getattr(Client(), method)(url(token))
        assert response.status_code == 400
        assert b"This link does not work" in response.content
        assert b"Nothing was changed" in response.content
    assert digest_frequency(alice) == "weekly" and digest_frequency(bob) == "daily"


def test_an_expired_link(alice, settings):
    settings.DIGEST_UNSUBSCRIBE_MAX_AGE = -1
    response = Client().post(url(make_token(alice)))
    assert response.status_code == 400 and b"expired" in response.content
    assert digest_frequency(alice) == "weekly"


def test_a_deactivated_account(alice):
    token = make_token(alice)
    alice.is_active = False
    alice.save()
    assert Client().post(url(token)).status_code == 400


def test_other_methods_are_refused(alice):
    assert Client().put(url(make_token(alice))).status_code == 405
    assert digest_frequency(alice) == "weekly"


def test_the_page_works_for_someone_else_logged_in(alice, bob, client_for):
    response = client_for(bob).post(url(make_token(alice)))
    assert response.status_code == 200
    assert digest_frequency(alice) == "off" and digest_frequency(bob) == "weekly"
