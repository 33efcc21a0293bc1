"""A relationship list is its owner's alone: every page and API operation answers anyone else
— another member, the person listed, an administrator — exactly as for a goal that does not
exist (404), and anonymous visitors are sent to log in (401 in the API). Nothing is changed."""

import json

import pytest
from django.contrib import admin
from django.test import Client

from workaloud.notifications.models import Notification
from workaloud.relationship_lists import services
from workaloud.relationship_lists.models import ListEntry, Rating
from workaloud.testing.db_state import snapshot as db_state

pytestmark = pytest.mark.django_db

SECRET = "quetzalnote"


@pytest.fixture
def world(alice, bob, carol, make_person, goal):
    """Alice's list for her goal: Carol (with a private note) and someone outside."""
    entry = services.add_person(alice, goal, carol, note=f"{SECRET} about Carol", rating=2)
    services.add_person(alice, goal, outside_name="Sam Quetzal", outside_about=SECRET, rating=4)
    return {
        "goal": goal,
        "entry": entry,
        "viewers": {
            "alice": alice,
            "member": bob,
            "listed": carol,  # the person on the list
            "admin": make_person("root", is_staff=True, is_superuser=True),
            "staff": make_person("moderator", is_staff=True),
        },
    }


def page_requests(goal, entry):
    base = f"/goals/{goal.pk}/relationship-list/"
    r = f"rate-{entry.pk}"
    return [
        ("get", base, None),
        ("post", f"{base}add/", {"kind": "member", "member-username": "bob", "member-rating": "1"}),
        (
            "post",
            f"{base}add/",
            {"kind": "outside", "outside-outside_name": "Z", "outside-rating": "1"},
        ),
        ("post", f"{base}{entry.pk}/rate/", {f"{r}-value": "5"}),
        ("get", f"{base}{entry.pk}/edit/", None),
        ("post", f"{base}{entry.pk}/edit/", {"direction": "both", "note": "changed"}),
        ("get", f"{base}{entry.pk}/remove/", None),
        ("post", f"{base}{entry.pk}/remove/", {}),
    ]


def api_requests(goal, entry):
    base = f"/api/goals/{goal.pk}/relationship-list"
    return [
        ("get", base, None),
        ("post", base, {"username": "bob", "rating": 1}),
        ("post", base, {"outside_name": "Z"}),
        ("patch", f"{base}/{entry.pk}", {"note": "changed"}),
        ("post", f"{base}/{entry.pk}/ratings", {"value": 5}),
        ("delete", f"{base}/{entry.pk}", None),
    ]


def send(client, method, url, data):
    if url.startswith("/api/"):
        body = {"data": json.dumps(data), "content_type": "application/json"} if data else {}
        return getattr(client, method)(url, **body)
    return getattr(client, method)(url, data or {})


@pytest.mark.parametrize("who", ["member", "listed", "admin", "staff"])
def test_nobody_but_the_owner_reaches_a_list(world, who, client_for):
    client = client_for(world["viewers"][who])
    goal, entry = world["goal"], world["entry"]
    before = db_state()
    for method, url, data in page_requests(goal, entry) + api_requests(goal, entry):
        response = send(client, method, url, data)
        assert response.status_code == 404, (who, method, url, response.status_code)
        assert (
            SECRET not in response.content.decode()
            and "Sam Quetzal" not in response.content.decode()
        )
    assert db_state() == before


@pytest.mark.parametrize("public", [False, True])
def test_anonymous_visitors_are_sent_to_log_in(world, settings, public):
    settings.COMMUNITY_PUBLIC = public
    goal, entry = world["goal"], world["entry"]
    client = Client()
    before = db_state()
    for method, url, data in page_requests(goal, entry) + [("get", "/relationships/lists/", None)]:
        response = send(client, method, url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for method, url, data in api_requests(goal, entry):
        assert send(client, method, url, data).status_code == 401, url
    assert db_state() == before


@pytest.mark.parametrize("who", ["member", "listed", "admin"])
def test_the_overview_shows_only_my_own_lists(world, who, client_for):
    page = client_for(world["viewers"][who]).get("/relationships/lists/").content.decode()
    assert "Launch the mentoring programme" not in page
    assert SECRET not in page and "Sam Quetzal" not in page and "Carol Chen" not in page


def test_a_missing_goal_and_someone_elses_answer_alike(world, client_for):
    bob = client_for(world["viewers"]["member"])
    goal = world["goal"]
    mine = bob.get(f"/api/goals/{goal.pk}/relationship-list").json()
    missing = bob.get("/api/goals/999999/relationship-list").json()
    assert mine["detail"] == missing["detail"].replace("999999", str(goal.pk))


def test_the_listed_person_is_never_told(world, client_for):
    """No notification, and nothing on Carol's pages or API answers, shows Alice's list."""
    assert not Notification.objects.exists()
    carol = client_for(world["viewers"]["listed"])
    for url in [
        "/",
        "/notifications/",
        "/people/alice/",
        "/relationships/",
        "/relationships/lists/",
        f"/goals/{world['goal'].pk}/",
        "/api/notifications",
        "/api/people/alice",
    ]:
        response = carol.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SECRET not in body and "Sam Quetzal" not in body, url
        assert "relationship-list" not in body, url


def test_no_admin_screen_shows_lists(world, client_for):
    registered = {model._meta.app_label for model in admin.site._registry}
    assert "relationship_lists" not in registered
    root = client_for(world["viewers"]["admin"])
    index = root.get("/admin/").content.decode()
    assert "Relationship list" not in index and "relationship_lists" not in index
    for url in ["/admin/relationship_lists/", "/admin/relationship_lists/listentry/"]:
        assert root.get(url).status_code == 404


def test_entries_do_not_say_what_they_hold(world):
    """Even a model's text form (logs, error reports) gives nothing away."""
    assert SECRET not in str(world["entry"])
    assert "Carol" not in str(world["entry"])
    assert str(Rating.objects.first()).startswith("Rating ")
    assert ListEntry.objects.count() == 2
