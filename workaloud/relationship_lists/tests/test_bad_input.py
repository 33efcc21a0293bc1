"""Bad input through the list's forms: the page again with a clear error, and nothing changed.

Each test snapshots every row of Workaloud's tables before the request and compares after.
"""

import html

import pytest

from workaloud.relationship_lists import services
from workaloud.testing.db_state import snapshot as db_state
from workaloud.testing.factories import make_person

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def alice_client(alice, client_for):
    return client_for(alice)


@pytest.fixture
def listed(alice, bob, goal):
    """Bob and Sam Rivera are on the list already."""
    make_person("gone", is_active=False)
    services.add_person(alice, goal, outside_name="Sam Rivera")
    return services.add_person(alice, goal, bob, rating=2)


def assert_refused(client, url, data, message):
    before = db_state()
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code  # the form again
    assert message in text(response), message
    assert db_state() == before
    return response


MEMBER = {"kind": "member", "member-username": "carol", "member-rating": "2"}
OUTSIDE = {"kind": "outside", "outside-outside_name": "Jo Park", "outside-rating": "2"}


@pytest.mark.parametrize(
    "form, changes, message",
    [
        (MEMBER, {"member-rating": "6"}, "Choose a rating from 0 to 5."),
        (MEMBER, {"member-rating": "-1"}, "Choose a rating from 0 to 5."),
        (MEMBER, {"member-rating": "2.5"}, "Choose a rating from 0 to 5."),
        (MEMBER, {"member-rating": "three"}, "Choose a rating from 0 to 5."),
        (MEMBER, {"member-rating": ""}, "Choose how close you are, from 0 to 5."),
        (MEMBER, {"member-username": "@alice"}, "You can't put yourself on your own"),
        (MEMBER, {"member-username": "nobody"}, "There is no member called @nobody."),
        (MEMBER, {"member-username": "gone"}, "There is no member called @gone."),
        (MEMBER, {"member-username": "bob"}, "Bob Baker is already on this list."),
        (MEMBER, {"member-username": "@Bob"}, "Bob Baker is already on this list."),
        (MEMBER, {"member-username": ""}, "Type the member's username, for example @ann."),
        (MEMBER, {"member-username": "x" * 40}, "at most 31 characters (it has 40)"),
        (MEMBER, {"member-username": "bo\x00b"}, "Null characters are not allowed."),
        (MEMBER, {"member-note": "n" * 1001}, "at most 1000 characters (it has 1001)"),
        (MEMBER, {"member-direction": "upwards"}, "Select a valid choice."),
        (OUTSIDE, {"outside-outside_name": ""}, "Name the person you want to add."),
        (OUTSIDE, {"outside-outside_name": "   "}, "Name the person you want to add."),
        (OUTSIDE, {"outside-outside_name": "sam rivera"}, "Sam Rivera is already on this list."),
        (OUTSIDE, {"outside-outside_name": "x" * 101}, "at most 100 characters (it has 101)"),
        (OUTSIDE, {"outside-outside_about": "a" * 201}, "at most 200 characters (it has 201)"),
        (OUTSIDE, {"outside-rating": "9"}, "Choose a rating from 0 to 5."),
    ],
)
def test_add_form_refuses(alice_client, goal, listed, form, changes, message):
    url = f"/goals/{goal.pk}/relationship-list/add/"
    response = assert_refused(alice_client, url, {**form, **changes}, message)
    assert 'data-testid="list-entry"' in text(response)  # the list is still shown


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"value": "6"}, "Choose a rating from 0 to 5."),
        ({"value": "-1"}, "Choose a rating from 0 to 5."),
        ({"value": "1.5"}, "Choose a rating from 0 to 5."),
        ({"value": "x"}, "Choose a rating from 0 to 5."),
        ({"value": ""}, "Choose how close you are, from 0 to 5."),
        ({"value": "3", "note": "n" * 301}, "at most 300 characters (it has 301)"),
    ],
)
def test_rate_form_refuses(alice_client, goal, listed, changes, message):
    url = f"/goals/{goal.pk}/relationship-list/{listed.pk}/rate/"
    data = {f"rate-{listed.pk}-{name}": value for name, value in changes.items()}
    assert_refused(alice_client, url, data, message)


def test_edit_form_refuses(alice, alice_client, goal, listed):
    jo = services.add_person(alice, goal, outside_name="Jo")
    url = f"/goals/{goal.pk}/relationship-list/{jo.pk}/edit/"
    assert_refused(alice_client, url, {"outside_name": ""}, "This field is required.")
    assert_refused(
        alice_client, url, {"outside_name": "Sam Rivera"}, "Sam Rivera is already on this list."
    )
    assert_refused(alice_client, url, {"outside_name": "Jo", "note": "n" * 1001}, "at most 1000")
    assert_refused(
        alice_client, url, {"outside_name": "Jo", "direction": "sideways"}, "Select a valid"
    )


@pytest.mark.parametrize("bad_id", ["999999", "99999999999999999999999"])
def test_unknown_ids_are_not_found(alice_client, goal, listed, bad_id):
    before = db_state()
    base = f"/goals/{goal.pk}/relationship-list/"
    for method, url in [
        ("get", f"/goals/{bad_id}/relationship-list/"),
        ("post", f"/goals/{bad_id}/relationship-list/add/"),
        ("post", f"{base}{bad_id}/rate/"),
        ("get", f"{base}{bad_id}/edit/"),
        ("post", f"{base}{bad_id}/remove/"),
    ]:
        assert getattr(alice_client, method)(url).status_code == 404, url
    assert db_state() == before


def test_get_on_post_only_pages_is_405(alice_client, goal, listed):
    before = db_state()
    base = f"/goals/{goal.pk}/relationship-list/"
    for url in [f"{base}add/", f"{base}{listed.pk}/rate/"]:
        assert alice_client.get(url).status_code == 405
    assert db_state() == before
