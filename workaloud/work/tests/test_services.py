import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from workaloud.audience import Audience, can_view_update
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.people.services import follow
from workaloud.responses.models import HelpCredit
from workaloud.testing.factories import make_goal, make_response, make_update
from workaloud.work.feeds import asks_feed, home_feed
from workaloud.work.models import AskStatus
from workaloud.work.services import delete_update, edit_update, publish_draft, resolve_ask


def test_markdown_is_sanitised_and_mentions_link(alice, bob):
    update = make_update(
        alice, body="Hi @bob <script>alert(1)</script> **bold** [x](javascript:alert(1))"
    )
    assert "<script>" not in update.body_html
    assert "javascript:" not in update.body_html
    assert '<a href="/people/bob/"' in update.body_html
    assert "<strong>bold</strong>" in update.body_html
    assert Notification.objects.filter(recipient=bob, kind=NotificationKind.MENTION).count() == 1


def test_edit_keeps_history_and_delete_hides(alice, bob):
    update = make_update(alice, body="first")
    edit_update(update, alice, body="second")
    assert update.revisions.get().body == "first"
    with pytest.raises(PermissionDenied):
        edit_update(update, bob, body="hijack")
    update.refresh_from_db()
    assert update.body == "second"
    delete_update(update, alice)
    assert not can_view_update(alice, update)


def test_draft_is_private_until_published(alice, bob):
    draft = make_update(alice, body="thinking", publish=False)
    assert not can_view_update(bob, draft)
    assert draft not in home_feed(alice).items
    publish_draft(draft, alice)
    assert can_view_update(bob, draft)


def test_update_cannot_be_wider_than_its_goal(alice):
    goal = make_goal(alice, audience=Audience.ONLY_ME)
    with pytest.raises(ValidationError):
        make_update(alice, goal=goal, audience=Audience.COMMUNITY)


def test_ask_loop_credits_helper(alice, bob):
    update = make_update(
        alice, body="Stuck on the schema", ask="Who knows PostgreSQL partitioning?"
    )
    assert update.ask_status == AskStatus.OPEN
    assert update in asks_feed(bob).items
    offer = make_response(update, bob, kind="offer_of_help", body="I can pair on it")
    assert Notification.objects.filter(
        recipient=alice, kind=NotificationKind.OFFER_OF_HELP
    ).exists()
    resolve_ask(update, alice, response_ids=[offer.pk])
    update.refresh_from_db()
    assert update.ask_status == AskStatus.RESOLVED
    assert HelpCredit.objects.get(update=update).helper == bob
    assert Notification.objects.filter(recipient=bob, kind=NotificationKind.CREDITED).exists()
    assert update not in asks_feed(bob).items


def test_home_feed_has_followed_and_pages_by_cursor(alice, bob, carol):
    follow(alice, bob)
    updates = [make_update(bob, body=f"update {i}") for i in range(5)]
    make_update(carol, body="not followed")
    page = home_feed(alice, limit=3)
    assert [u.body for u in page.items] == ["update 4", "update 3", "update 2"]
    rest = home_feed(alice, cursor=page.next_cursor, limit=3)
    assert [u.body for u in rest.items] == ["update 1", "update 0"]
    assert rest.next_cursor is None
    make_response(updates[4], carol, kind="question", body="why?")
    assert home_feed(alice, limit=1).items[0].response_summary["total"] == 1


def test_followers_audience(alice, bob, carol):
    update = make_update(bob, body="for followers", audience=Audience.FOLLOWERS)
    follow(alice, bob)
    assert can_view_update(alice, update)
    assert not can_view_update(carol, update)


def test_services_refuse_over_long_text_whoever_calls_them(alice, bob):
    from workaloud.people.services import update_profile
    from workaloud.responses.models import Response
    from workaloud.work.models import WorkUpdate

    with pytest.raises(ValidationError) as error:
        make_update(alice, body="x" * 10001)
    assert "body" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_update(alice, body="fine", ask="?" * 1001)
    assert not WorkUpdate.objects.exists()
    update = make_update(alice, body="fine")
    with pytest.raises(ValidationError):
        make_response(update, bob, body="y" * 5001)
    assert not Response.objects.exists()
    with pytest.raises(ValidationError):
        update_profile(alice, purpose="p" * 1001)
    alice.refresh_from_db()
    assert alice.purpose == ""
