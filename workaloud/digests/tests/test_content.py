"""What a digest holds, and what it never holds."""

import datetime as dt

import pytest
from django.utils import timezone

from workaloud.audience import visible_updates
from workaloud.circles.tests.keeping_builders import make_circle
from workaloud.digests.building import WindowBuilder
from workaloud.digests.periods import period_containing, zone_of
from workaloud.digests.rendering import render
from workaloud.goals.models import GoalFollow
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.notifications.services import notify
from workaloud.people.services import follow
from workaloud.relationships.models import Interaction
from workaloud.testing.factories import make_goal, make_person, make_response, make_update
from workaloud.testing.smtp import SITE
from workaloud.work.models import AskStatus, WorkUpdate

pytestmark = pytest.mark.django_db


def build(person, now=None):
    """The person's digest for their week containing ``now`` (so far)."""
    now = now or timezone.now()
    period = period_containing(now, zone_of(person), "weekly")
    builder = WindowBuilder(period.start, period.end, SITE)
    (digest,) = builder.build([person], lambda p: period)
    return digest


def ids(items):
    return {i.update.pk for i in items}


@pytest.fixture
def world(alice, bob, carol):
    """Alice follows Bob; Carol is someone she doesn't follow; Dave is in a circle with her."""
    dave = make_person("dave", display_name="Dave Diaz")
    follow(alice, bob)
    follow(alice, dave)
    return alice, bob, carol, dave


def test_followed_work_and_asks_are_in_and_the_rest_is_not(world):
    alice, bob, carol, dave = world
    circle = make_circle(alice, [dave], title="Our circle")
    seen = make_update(bob, body="Shipped the search page prototype.")
    followers = make_update(bob, body="For my followers only.", audience="followers")
    ask = make_update(bob, body="Testing the queue.", ask="Who knows Kubernetes autoscaling?")
    private = make_update(bob, body="Only me: a private note.", audience="only_me")
    draft = make_update(bob, body="A draft, unfinished.", publish=False)
    deleted = make_update(bob, body="Deleted later.")
    WorkUpdate.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    hidden = make_update(bob, body="Hidden by a moderator.")
    WorkUpdate.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    in_circle = make_update(
        dave, body="Circle secret: leaving soon.", audience="circle", circle=circle
    )
    carols_followers = make_update(carol, body="Carol to her followers.", audience="followers")
    carols = make_update(carol, body="Carol's community update.")
    mine = make_update(alice, body="My own update.")

    digest = build(alice)
    assert ids(digest.updates) == {seen.pk, followers.pk}
    assert ids(digest.asks) == {ask.pk}
    assert digest.updates_total == 2 and digest.asks_total == 1
    subject, text, html = render(digest, SITE)
    for absent in (private, draft, deleted, hidden, in_circle, carols_followers, carols, mine):
        assert absent.body not in text and absent.body not in html
    assert f"{SITE}/updates/{seen.pk}/" in text and f'href="{SITE}/updates/{seen.pk}/"' in html
    assert "Who knows Kubernetes autoscaling?" in text


def test_followed_goal_brings_its_community_updates_only(world):
    alice, bob, carol, dave = world
    goal = make_goal(carol, title="Retire the legacy reporting API")
    GoalFollow.objects.create(person=alice, goal=goal)
    on_goal = make_update(carol, body="Mapped who depends on it.", goal=goal)
    followers_on_goal = make_update(
        carol, body="Followers-only on the goal.", goal=goal, audience="followers"
    )
    digest = build(alice)
    assert ids(digest.updates) == {on_goal.pk}
    item = digest.updates[0]
    assert item.via_goal and item.goal_title == "Retire the legacy reporting API"
    assert followers_on_goal.pk not in ids(digest.updates)


def test_builder_matches_visible_updates(world, make_person):
    """Over every audience and author, the digest's followed items are exactly the ORM's
    visible updates of followed people and goals, less circles."""
    alice, bob, carol, dave = world
    circle = make_circle(bob, [alice], title="Bob's circle")
    goal = make_goal(carol, title="A goal Alice follows")
    GoalFollow.objects.create(person=alice, goal=goal)
    for author in (bob, carol, dave, alice):
        for audience in ("community", "followers", "only_me"):
            make_update(author, body=f"{author} {audience}", audience=audience)
    make_update(bob, body="circle", audience="circle", circle=circle)
    make_update(carol, body="goal community", goal=goal)
    make_update(carol, body="goal followers", goal=goal, audience="followers")
    expected = set(
        visible_updates(alice)
        .filter(author__followers__follower=alice)
        .exclude(audience="circle")
        .values_list("pk", flat=True)
    ) | set(
        visible_updates(alice)
        .filter(goal__follows__person=alice)
        .exclude(audience="circle")
        .values_list("pk", flat=True)
    )
    import workaloud.digests.building as building

    saved = building.UPDATES_SHOWN
    building.UPDATES_SHOWN = 100
    try:
        digest = build(alice)
    finally:
        building.UPDATES_SHOWN = saved
    assert ids(digest.updates) == expected  # none has an open ask
    assert digest.updates_total == len(expected)


def test_asks_she_could_help_with_say_which_words_matched(world):
    alice, bob, carol, dave = world
    alice.purpose = "Making our Kubernetes platform reliable for every team."
    alice.save()
    make_update(alice, body="Tuned the autoscaling of the ingestion cluster.")
    match = make_update(
        carol,
        body="Load test",
        ask="Could someone with Kubernetes experience look at our autoscaling config?",
    )
    make_update(carol, body="Other", ask="Any tips for interviewing churned customers?")
    followers_only = make_update(
        carol, body="x", ask="Kubernetes autoscaling, followers only", audience="followers"
    )
    resolved = make_update(carol, body="y", ask="Kubernetes autoscaling solved")
    WorkUpdate.objects.filter(pk=resolved.pk).update(ask_status=AskStatus.RESOLVED)
    digest = build(alice)
    assert ids(digest.could_help) == {match.pk}
    assert set(digest.could_help[0].matched) == {"kubernetes", "autoscaling"}
    _, text, _ = render(digest, SITE)
    assert "it mentions" in text and "kubernetes" in text
    assert followers_only.pk not in ids(digest.could_help)


def test_unread_responses_and_digest_notifications_only_her_own(world):
    alice, bob, carol, dave = world
    mine = make_update(alice, body="My draft plan for onboarding.")
    make_response(mine, bob, kind="question", body="How will you measure it?")
    read = make_response(mine, carol, body="Already seen this one.")
    Notification.objects.filter(response=read).update(read_at=timezone.now())
    bobs = make_update(bob, body="Bob's own work.")
    make_response(bobs, carol, body="Carol answers Bob.")  # Bob's notification, not Alice's
    notify(alice, carol, NotificationKind.FOLLOW)
    circle = make_circle(bob, [alice], title="Quiet circle")
    notify(alice, bob, NotificationKind.CIRCLE_JOINED, circle=circle)
    digest = build(alice)
    assert digest.responses_total == 1
    assert "How will you measure it?" in digest.responses[0].snippet
    assert [n.notification.kind for n in digest.notes] == [NotificationKind.FOLLOW]
    _, text, html = render(digest, SITE)
    assert "Carol answers Bob." not in text and "Already seen this one." not in text
    assert "Quiet circle" not in text and "Quiet circle" not in html


def test_one_line_view_counts_the_ledger_of_the_period(world):
    alice, bob, carol, dave = world
    now = timezone.now()
    Interaction.objects.create(
        actor=alice, target=bob, kind="comment", occurred_at=now, source_key="t:1"
    )
    Interaction.objects.create(
        actor=alice, target=carol, kind="thanks", occurred_at=now, source_key="t:2"
    )
    Interaction.objects.create(
        actor=bob, target=alice, kind="comment", occurred_at=now, source_key="t:3"
    )
    Interaction.objects.create(
        actor=carol, target=alice, kind="comment", occurred_at=now, source_key="t:4", voided_at=now
    )
    Interaction.objects.create(
        actor=carol,
        target=alice,
        kind="comment",
        occurred_at=now - dt.timedelta(days=8),
        source_key="t:5",
    )
    digest = build(alice)
    # Given: her two follows (the fixture) and the two acts above; the voided act and last
    # week's do not count.
    assert (digest.given, digest.received) == (4, 1)
    _, text, _ = render(digest, SITE)
    assert "you gave 4 and received 1 interaction." in text


def test_an_empty_week_is_empty(world):
    alice, *_ = world
    digest = build(alice)
    assert digest.is_empty


def test_the_reflection_prompt_is_included(world):
    alice, bob, *_ = world
    make_update(bob, body="Something to read.")
    digest = build(alice)
    _, text, html = render(digest, SITE)
    assert digest.prompt is not None  # weekly prompts by default
    assert digest.prompt.text in text and "TO REFLECT ON" in text
    assert digest.prompt.text.replace("'", "&#39;").split()[0] in html


def test_digest_notifications_match_the_preferences_rule(world):
    """The batch form gives what ``preferences.digest_notifications`` gives (unread, other than
    responses, nothing about a circle), for chosen and default kinds."""
    from workaloud.notifications.preferences import digest_notifications, set_deliveries

    alice, bob, carol, dave = world
    set_deliveries(alice, {"offer_of_help": "digest", "thanks": "off"})
    bobs_private = make_update(bob, body="Bob's own note.", audience="only_me")
    carols_followers = make_update(carol, body="Carol to her followers.", audience="followers")
    shared = make_update(bob, body="Shared with all.")
    goal = make_goal(carol, title="Carol's private goal", audience="only_me")
    circle = make_circle(bob, [alice], title="Bob's circle")
    for kind in ("mention", "offer_of_help", "thanks", "follow", "credited"):
        notify(alice, bob, kind, update=shared)
    notify(alice, bob, "mention", update=bobs_private)
    notify(alice, carol, "mention", update=carols_followers)
    notify(alice, carol, "goal_follow", goal=goal)
    notify(alice, bob, "circle_joined", circle=circle)
    read = notify(alice, carol, "follow")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    digest = build(alice)
    period = digest.period
    expected = [
        n.pk
        for n in digest_notifications(alice, period.start, period.end)
        if n.read_at is None and n.kind not in ("response", "reply") and n.circle_id is None
    ]
    assert [n.notification.pk for n in digest.notes] == expected
    kinds = sorted(n.notification.kind for n in digest.notes)
    # Not: thanks (off), the mentions on private and followers-only items, the private goal,
    # the circle, the read one.
    assert kinds == ["credited", "follow", "mention", "offer_of_help"]
