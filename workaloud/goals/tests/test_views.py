"""HTML views of goals: create, edit, list, follow, and the goal page."""

import html

from workaloud.audience import Audience
from workaloud.goals.models import Goal, GoalFollow
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.testing.factories import make_goal, make_update


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_create_goal(alice, client_for):
    client = client_for(alice)
    assert client.get("/goals/new/").status_code == 200
    response = client.post(
        "/goals/new/",
        {
            "title": "  Run a monthly demo day ",
            "why": "So teams see each other's work.",
            "target_date": "2031-03-31",
            "status": "active",
            "audience": "followers",
        },
    )
    goal = Goal.objects.get(owner=alice)
    assert response.status_code == 302 and response["Location"] == f"/goals/{goal.pk}/"
    assert goal.title == "Run a monthly demo day"
    assert goal.audience == Audience.FOLLOWERS
    assert str(goal.target_date) == "2031-03-31"
    page = text(client.get(response["Location"]))
    assert "Run a monthly demo day" in page
    assert "So teams see each other's work." in page
    assert "Goal created." in page
    assert "+ Share an update on this goal" in page


def test_edit_goal(alice, client_for):
    goal = make_goal(alice, title="Draft the guide")
    client = client_for(alice)
    assert client.get(f"/goals/{goal.pk}/edit/").status_code == 200
    response = client.post(
        f"/goals/{goal.pk}/edit/",
        {"title": "Publish the guide", "why": "", "status": "achieved", "audience": "only_me"},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.status, goal.audience) == ("Publish the guide", "achieved", "only_me")
    assert "Goal saved." in text(client.get(f"/goals/{goal.pk}/"))


def test_goal_list_shows_my_goals_only(alice, bob, client_for):
    make_goal(alice, title="Alice's first goal")
    make_goal(alice, title="Alice's quiet goal", audience=Audience.ONLY_ME)
    make_goal(bob, title="Bob's goal")
    page = text(client_for(alice).get("/goals/"))
    assert "Alice's first goal" in page and "Alice's quiet goal" in page
    assert "Bob's goal" not in page


def test_follow_and_unfollow_a_goal(alice, bob, client_for):
    goal = make_goal(alice, title="Ship the guide")
    client = client_for(bob)
    page = text(client.get(f"/goals/{goal.pk}/"))
    assert "Follow goal" in page

    response = client.post(f"/goals/{goal.pk}/follow/", {"action": "follow"})
    assert response.status_code == 302 and response["Location"] == f"/goals/{goal.pk}/"
    assert GoalFollow.objects.filter(person=bob, goal=goal).exists()
    note = Notification.objects.get(recipient=alice)
    assert (note.kind, note.actor, note.goal) == (NotificationKind.GOAL_FOLLOW, bob, goal)
    page = text(client.get(f"/goals/{goal.pk}/"))
    assert "Following goal ✓" in page and "<strong>1</strong> following this goal" in page

    client.post(f"/goals/{goal.pk}/follow/", {"action": "follow"})  # twice is still once
    assert GoalFollow.objects.filter(person=bob, goal=goal).count() == 1

    client.post(f"/goals/{goal.pk}/follow/", {"action": "unfollow"})
    assert not GoalFollow.objects.filter(person=bob, goal=goal).exists()


def test_following_a_goal_brings_its_updates_home(alice, bob, client_for):
    goal = make_goal(alice, title="Ship the guide")
    make_update(alice, body="Chapter two is drafted", goal=goal)
    make_update(alice, body="Unrelated lunch thoughts")
    client = client_for(bob)
    client.post(f"/goals/{goal.pk}/follow/")
    page = text(client.get("/"))
    assert "Chapter two is drafted" in page
    assert "Unrelated lunch thoughts" not in page  # bob follows the goal, not alice


def test_goal_page_lists_its_updates(alice, bob, client_for):
    goal = make_goal(alice, title="Ship the guide")
    make_update(alice, body="On the goal", goal=goal)
    make_update(alice, body="Not on the goal")
    page = text(client_for(bob).get(f"/goals/{goal.pk}/"))
    assert "On the goal" in page and "Not on the goal" not in page


def test_share_an_update_on_a_goal_starts_with_it_chosen(alice, client_for):
    goal = make_goal(alice, title="Ship the guide")
    response = client_for(alice).get(f"/updates/new/?goal={goal.pk}")
    assert response.context["form"].initial["goal"] == str(goal.pk)
    assert f'<option value="{goal.pk}" selected>' in response.content.decode()
