"""The notifications API: my inbox with unread flags, and marking read."""

from workaloud.notifications.models import Notification
from workaloud.people.services import follow
from workaloud.testing.factories import make_response, make_update
from workaloud.tests.api_helpers import assert_error, call, snapshot
from workaloud.work.services import edit_update


def test_inbox_lists_what_happened_with_unread_flags(alice, bob, carol, client_for):
    update = make_update(alice, body="Need a reviewer")
    make_response(update, bob, kind="offer_of_help", body="Me")
    follow(carol, alice)
    client = client_for(alice)
    inbox = call(client, "get", "/api/notifications").json()
    assert inbox["unread_count"] == 2
    assert [(n["kind"], n["actor"]["username"], n["unread"]) for n in inbox["items"]] == [
        ("follow", "carol", True),
        ("offer_of_help", "bob", True),
    ]
    assert inbox["items"][1]["update_id"] == update.pk
    assert inbox["items"][1]["message"] == "Bob Baker offered help"
    assert call(client_for(bob), "get", "/api/notifications").json()["items"] == []


def test_mark_some_then_all_read(alice, bob, carol, client_for):
    update = make_update(alice)
    make_response(update, bob)
    make_response(update, carol)
    client = client_for(alice)
    first, second = call(client, "get", "/api/notifications").json()["items"]

    marked = call(client, "post", "/api/notifications/read", {"ids": [first["id"]]}).json()
    assert marked == {"marked": 1, "unread_count": 1}
    unread = call(client, "get", "/api/notifications", unread="true").json()["items"]
    assert [n["id"] for n in unread] == [second["id"]]

    everything = call(client, "post", "/api/notifications/read", raw="")
    assert everything.json() == {"marked": 1, "unread_count": 0}
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_cannot_mark_someone_elses_notifications(alice, bob, client_for):
    make_response(make_update(alice), bob)
    before = snapshot()
    marked = call(client_for(bob), "post", "/api/notifications/read", {"ids": None}).json()
    assert marked == {"marked": 0, "unread_count": 0}
    assert snapshot() == before
    assert_error(
        call(client_for(bob), "post", "/api/notifications/read", {"ids": "all"}), 422, "ids"
    )
    assert_error(call(client_for(bob), "post", "/api/notifications/read", {"ids": [0]}), 422)
    assert snapshot() == before


def test_notifications_about_updates_no_longer_visible_disappear(alice, bob, client_for):
    follow(bob, alice)
    update = make_update(alice, body="Hey @bob", audience="followers")
    assert len(call(client_for(bob), "get", "/api/notifications").json()["items"]) == 1
    edit_update(update, alice, audience="only_me")
    assert call(client_for(bob), "get", "/api/notifications").json() == {
        "items": [],
        "unread_count": 0,
    }
