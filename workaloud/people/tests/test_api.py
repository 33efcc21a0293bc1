"""The people API: my profile, finding people, profiles, their work and goals, following."""

from workaloud.people.models import Follow
from workaloud.testing.factories import make_goal, make_update
from workaloud.tests.api_helpers import assert_error, call, snapshot


def test_get_and_patch_my_profile(alice, client_for):
    client = client_for(alice)
    me = call(client, "get", "/api/me").json()
    assert me["username"] == "alice" and me["team"] == "Platform" and me["email"]

    changes = {
        "display_name": " Alice A. ",
        "bio": "Builds the platform.",
        "location": "Lisbon",
        "timezone": "Europe/Lisbon",
        "languages": "English, Português",
        "purpose": "Make onboarding kind.",
    }
    response = call(client, "patch", "/api/me", changes)
    assert response.status_code == 200
    assert response.json()["display_name"] == "Alice A."
    alice.refresh_from_db()
    assert alice.timezone == "Europe/Lisbon" and alice.team == "Platform"  # unsent: unchanged
    assert alice.language_list == ["English", "Português"]


def test_search_people(alice, bob, carol, client_for, make_person):
    client = client_for(alice)
    found = call(client, "get", "/api/people", q="research").json()
    assert [p["username"] for p in found] == ["bob"]
    assert set(found[0]) >= {"username", "display_name", "team", "purpose"}
    assert call(client, "get", "/api/people", q="").json() == []
    make_person("pedro", team="Peripherals")
    assert len(call(client, "get", "/api/people", q="pe", limit=1).json()) == 1  # two match


def test_profile_updates_and_goals_respect_audience(alice, bob, carol, client_for):
    make_goal(alice, title="Public goal")
    make_goal(alice, title="Secret goal", audience="only_me")
    make_update(alice, body="For everyone")
    make_update(alice, body="For followers", audience="followers")
    make_update(alice, body="Journal", audience="only_me")
    call(client_for(bob), "post", "/api/people/alice/follow")

    def seen(person):
        client = client_for(person)
        profile = call(client, "get", "/api/people/alice").json()
        updates = call(client, "get", "/api/people/alice/updates").json()["items"]
        goals = call(client, "get", "/api/people/alice/goals").json()
        return profile["following"], {u["body"] for u in updates}, {g["title"] for g in goals}

    assert seen(alice) == (
        False,
        {"For everyone", "For followers", "Journal"},
        {"Public goal", "Secret goal"},
    )
    assert seen(bob) == (True, {"For everyone", "For followers"}, {"Public goal"})
    assert seen(carol) == (False, {"For everyone"}, {"Public goal"})


def test_person_updates_page_by_cursor(alice, client_for):
    for i in range(5):
        make_update(alice, body=f"update {i}")
    client = client_for(alice)
    first = call(client, "get", "/api/people/alice/updates", limit=3).json()
    assert [u["body"] for u in first["items"]] == ["update 4", "update 3", "update 2"]
    second = call(
        client, "get", "/api/people/alice/updates", limit=3, cursor=first["next_cursor"]
    ).json()
    assert [u["body"] for u in second["items"]] == ["update 1", "update 0"]
    assert second["next_cursor"] is None


def test_follow_and_unfollow(alice, bob, client_for):
    client = client_for(bob)
    assert call(client, "post", "/api/people/alice/follow").json() == {"following": True}
    assert call(client, "post", "/api/people/alice/follow").status_code == 200  # idempotent
    assert Follow.objects.filter(follower=bob, followed=alice).count() == 1
    assert alice.notifications.filter(kind="follow").count() == 1
    assert call(client, "delete", "/api/people/alice/follow").json() == {"following": False}
    assert not Follow.objects.exists()


def test_cannot_follow_yourself_or_nobody(alice, bob, client_for):
    inactive = bob
    inactive.is_active = False
    inactive.save()
    client = client_for(alice)
    before = snapshot()
    body = assert_error(call(client, "post", "/api/people/alice/follow"), 400)
    assert "yourself" in body["detail"]
    assert_error(call(client, "post", "/api/people/nobody/follow"), 404)
    assert_error(call(client, "post", "/api/people/bob/follow"), 404)  # deactivated: not shown
    assert snapshot() == before
