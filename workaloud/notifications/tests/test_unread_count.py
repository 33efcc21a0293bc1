"""The unread badge counts exactly the unread notifications the inbox shows."""

from django.utils import timezone

from workaloud.audience import Audience
from workaloud.goals.services import follow_goal, update_goal
from workaloud.notifications.services import notifications_for, unread_count
from workaloud.people.services import follow
from workaloud.testing.factories import make_goal, make_response, make_update
from workaloud.work.services import delete_update, edit_update


def _inbox_unread(viewer) -> int:
    return notifications_for(viewer).filter(read_at__isnull=True).count()


def test_badge_follows_visibility_of_what_it_is_about(alice, bob, carol):
    follow(bob, alice)  # alice is told bob follows her
    followers_update = make_update(bob, body="for followers, @alice", audience=Audience.FOLLOWERS)
    public_update = make_update(bob, body="hello @alice")
    goal = make_goal(bob, title="Write the handbook")
    follow_goal(alice, goal)  # bob is told
    own = make_update(alice, body="mine")
    make_response(own, bob, body="nice")
    make_response(own, carol, kind="offer_of_help", body="happy to help")
    # alice does not follow bob, so the followers-only mention never reached her
    assert unread_count(alice) == _inbox_unread(alice) == 4
    assert unread_count(bob) == _inbox_unread(bob) == 1

    delete_update(public_update, bob)  # the mention about it disappears
    assert unread_count(alice) == _inbox_unread(alice) == 3
    update_goal(goal, bob, audience=Audience.ONLY_ME)  # bob still sees his own goal
    assert unread_count(bob) == _inbox_unread(bob) == 1

    follow(alice, bob)
    edit_update(followers_update, bob, body="for followers again, @alice")  # now she is told
    assert unread_count(alice) == _inbox_unread(alice) == 4
    own.hidden_at = timezone.now()  # a moderator hides her update: its responses go quiet
    own.save()
    assert unread_count(alice) == _inbox_unread(alice) == 2
