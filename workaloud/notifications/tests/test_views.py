"""HTML views of notifications: the inbox, the unread badge, marking read."""

import html
import re

import pytest

from workaloud.notifications.models import Notification, NotificationKind
from workaloud.people.services import follow
from workaloud.testing.factories import make_response, make_update


def text(response) -> str:
    """The page as a reader sees it: no tags, single spaces."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode())))


@pytest.fixture
def alices_inbox(alice, bob, carol):
    """Three notifications for alice: a follow, a response and a mention."""
    follow(bob, alice)
    update = make_update(alice, body="The survey draft is ready for review")
    response = make_response(update, carol, kind="question", body="Who is it for?")
    make_update(bob, body="Pairing with @alice on the survey")
    return update, response


def test_inbox_lists_what_happened(alice, client_for, alices_inbox):
    update, response = alices_inbox
    page = client_for(alice).get("/notifications/")
    assert page.status_code == 200
    body = text(page)
    assert "Bob Baker started following you" in body
    assert "Carol Chen responded to your update: The survey draft is ready for review" in body
    assert f'href="/updates/{update.pk}/#response-{response.pk}"' in page.content.decode()
    assert "Bob Baker mentioned you: Pairing with @alice on the survey" in body
    assert page.content.decode().count('data-testid="notification"') == 3
    assert 'data-testid="unread-count">3<' in page.content.decode()


def test_inbox_needs_login(db):
    from django.test import Client

    assert Client().get("/notifications/")["Location"].startswith("/accounts/login/")


def test_empty_inbox(alice, client_for):
    assert "All quiet" in text(client_for(alice).get("/notifications/"))


def test_mark_one_read(alice, client_for, alices_inbox):
    client = client_for(alice)
    note = Notification.objects.get(recipient=alice, kind=NotificationKind.FOLLOW)
    response = client.post("/notifications/read/", {"id": note.pk})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert Notification.objects.filter(recipient=alice, read_at__isnull=True).count() == 2
    assert 'data-testid="unread-count">2<' in client.get("/notifications/").content.decode()


def test_mark_several_read(alice, client_for, alices_inbox):
    ids = list(Notification.objects.filter(recipient=alice).values_list("pk", flat=True)[:2])
    client_for(alice).post("/notifications/read/", {"id": ids})
    assert Notification.objects.filter(recipient=alice, read_at__isnull=True).count() == 1


def test_mark_all_read(alice, bob, client_for, alices_inbox):
    make_update(alice, body="hello @bob")  # bob's notification stays unread
    client = client_for(alice)
    response = client.post("/notifications/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=bob, read_at__isnull=True).exists()
    page = client.get("/notifications/").content.decode()
    assert 'data-testid="unread-count"' not in page
    assert "Mark all read" not in page


def test_credit_and_offer_of_help_notifications(alice, bob, client_for):
    update = make_update(alice, body="Stuck on the export", ask="Who knows CSV quirks?")
    client_for(bob).post(
        f"/updates/{update.pk}/respond/", {"kind": "offer_of_help", "body": "I can pair on it"}
    )
    assert "Bob Baker offered help: Stuck on the export" in text(
        client_for(alice).get("/notifications/")
    )
    client_for(alice).post(f"/updates/{update.pk}/resolve/", {"helpers": [bob.pk]})
    assert "Alice Archer credited you with helping: Stuck on the export" in text(
        client_for(bob).get("/notifications/")
    )
