"""A member's preview of their own digest: the API and the page."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from workaloud.people.services import follow
from workaloud.testing.factories import make_update
from workaloud.work.models import WorkUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_week(alice, bob):
    follow(alice, bob)
    shared = make_update(bob, body="Shipped the search prototype.")
    private = make_update(bob, body="A private note of Bob's.", audience="only_me")
    WorkUpdate.objects.update(published_at=timezone.now() - dt.timedelta(days=7))
    return shared, private


def test_api_preview(alice, client_for, last_week):
    shared, private = last_week
    response = client_for(alice).get("/api/digests/preview")
    assert response.status_code == 200
    body = response.json()
    assert body["frequency"] == "weekly" and body["empty"] is False
    assert [i["update_id"] for i in body["updates"]] == [shared.pk]
    assert "Shipped the search prototype." in body["text"]
    assert "private note" not in body["text"]


def test_api_preview_needs_a_member():
    response = Client().get("/api/digests/preview")
    assert response.status_code == 401 and "detail" in response.json()


def test_preview_page(alice, client_for, last_week):
    page = client_for(alice).get("/digests/preview/")
    assert page.status_code == 200 and b"Shipped the search prototype." in page.content
    text = client_for(alice).get("/digests/preview/?part=text")
    assert text["Content-Type"].startswith("text/plain")
    assert b"Subject: Your Workaloud week" in text.content
    assert Client().get("/digests/preview/").status_code == 302  # to the login page
