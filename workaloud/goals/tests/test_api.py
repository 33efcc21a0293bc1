"""The goals API: my goals, a goal, changing it, following it, and its updates."""

from workaloud.goals.models import Goal, GoalFollow
from workaloud.testing.factories import make_goal, make_update
from workaloud.tests.api_helpers import assert_error, call, snapshot


def test_create_list_and_read_goals(alice, bob, client_for):
    client = client_for(alice)
    created = call(
        client,
        "post",
        "/api/goals",
        {"title": " Ship the guide ", "why": "New people get lost", "target_date": "2026-03-31"},
    )
    assert created.status_code == 201
    goal = created.json()
    assert goal["title"] == "Ship the guide"
    assert goal["status"] == "active" and goal["audience"] == "community"
    assert goal["owner"]["username"] == "alice" and goal["following"] is False
    make_goal(bob, title="Bob's goal")

    mine = call(client, "get", "/api/goals").json()
    assert [g["title"] for g in mine] == ["Ship the guide"]
    read = call(client_for(bob), "get", f"/api/goals/{goal['id']}").json()
    assert read["target_date"] == "2026-03-31"


def test_owner_changes_goal_others_cannot(alice, bob, client_for):
    goal = make_goal(alice, title="Before")
    response = call(client_for(alice), "patch", f"/api/goals/{goal.pk}", {"status": "achieved"})
    assert response.status_code == 200 and response.json()["status"] == "achieved"
    assert response.json()["title"] == "Before"

    before = snapshot()
    assert_error(call(client_for(bob), "patch", f"/api/goals/{goal.pk}", {"title": "Mine"}), 403)
    assert snapshot() == before


def test_bad_goal_input_changes_nothing(alice, client_for):
    client = client_for(alice)
    goal = make_goal(alice)
    before = snapshot()
    long_title = " ".join(["word"] * 30)
    assert_error(call(client, "post", "/api/goals", {"title": long_title}), 400, "title")
    assert_error(call(client, "post", "/api/goals", {"title": ""}), 400, "title")
    assert_error(call(client, "post", "/api/goals", {"title": "x" * 201}), 422, "title")
    assert_error(call(client, "post", "/api/goals", {"title": "x", "status": "won"}), 422, "status")
    assert_error(call(client, "post", "/api/goals", {"title": "x", "target_date": "soon"}), 422)
    assert_error(call(client, "patch", f"/api/goals/{goal.pk}", {"title": None}), 422, "title")
    assert snapshot() == before


def test_follow_a_goal_and_see_its_updates_at_home(alice, bob, client_for):
    goal = make_goal(alice)
    make_update(alice, body="On the goal", goal=goal)
    make_update(alice, body="Not on the goal")
    client = client_for(bob)
    assert call(client, "post", f"/api/goals/{goal.pk}/follow").json() == {"following": True}
    assert call(client, "get", f"/api/goals/{goal.pk}").json()["following"] is True
    assert GoalFollow.objects.filter(person=bob, goal=goal).exists()
    home = call(client, "get", "/api/feed/home").json()["items"]
    assert [u["body"] for u in home] == ["On the goal"]
    updates = call(client, "get", f"/api/goals/{goal.pk}/updates").json()
    assert [u["body"] for u in updates["items"]] == ["On the goal"]
    assert call(client, "delete", f"/api/goals/{goal.pk}/follow").json() == {"following": False}
    assert not GoalFollow.objects.exists()


def test_following_your_own_goal_is_400(alice, client_for):
    goal = make_goal(alice)
    before = snapshot()
    assert_error(call(client_for(alice), "post", f"/api/goals/{goal.pk}/follow"), 400)
    assert snapshot() == before


def test_private_goal_is_404_like_a_missing_one(alice, bob, client_for):
    goal = make_goal(alice, audience="only_me")
    make_update(alice, body="Private progress", goal=goal, audience="only_me")
    client = client_for(bob)
    before = snapshot()
    missing = call(client, "get", "/api/goals/999999").json()["detail"]
    for method, path in [
        ("get", f"/api/goals/{goal.pk}"),
        ("get", f"/api/goals/{goal.pk}/updates"),
        ("post", f"/api/goals/{goal.pk}/follow"),
        ("patch", f"/api/goals/{goal.pk}"),
    ]:
        body = assert_error(call(client, method, path, {} if method == "patch" else None), 404)
        assert body["detail"] == missing.replace("999999", str(goal.pk))
    assert snapshot() == before
    assert Goal.objects.get(pk=goal.pk).audience == "only_me"
