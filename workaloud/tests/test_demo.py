"""``manage.py load_demo``: a living demo community, loaded once for this module.

The demo is loaded outside the per-test transactions (it takes a few seconds) and removed
when the module is done, so other test modules still start from an empty database.
"""

import re
import zoneinfo
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate, password_validation
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.test import RequestFactory
from django.utils import timezone

from workaloud.campaigns.models import Campaign
from workaloud.circles.models import Circle, Programme, Round
from workaloud.demo import content
from workaloud.demo.loader import DEMO_PASSWORD, DEMO_USERNAME
from workaloud.generosity.models import Thanks
from workaloud.goals.models import Goal, GoalFollow, validate_goal_title
from workaloud.markup import mentioned_usernames
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.people.models import Follow, User
from workaloud.relationship_lists.models import ListEntry
from workaloud.relationships.models import Community
from workaloud.responses.models import HelpCredit, Mention, Response, ResponseKind
from workaloud.work.models import AskStatus, Stage, WorkUpdate

DEMO_NAMES = {p.username for p in content.PEOPLE}


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        User.objects.all().delete()  # cascades to what people made…
        # …but not to what outlives its creator, which a later test loading the demo would meet.
        for model in (Campaign, Circle, Round, Programme, Community):
            model.objects.all().delete()


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def _counts() -> dict[str, int]:
    models = [User, Follow, Goal, GoalFollow, WorkUpdate, Response, HelpCredit, Mention]
    return {m.__name__: m.objects.count() for m in models + [Notification]}


# --- the content itself, without a database ----------------------------------------------------


def _flat_updates():
    for p in content.PEOPLE:
        for g in p.goals:
            for u in g.updates:
                yield p, g, u
        for u in p.updates:
            yield p, None, u


def test_every_name_in_the_content_is_a_demo_person():
    for p, _goal, u in _flat_updates():
        assert mentioned_usernames(u.body) <= DEMO_NAMES, u.body
        for r in u.responses:
            assert r.who in DEMO_NAMES and r.who != p.username, r
            assert mentioned_usernames(r.body) <= DEMO_NAMES, r.body


def test_content_is_well_formed():
    assert len({p.username for p in content.PEOPLE}) == len(content.PEOPLE)
    assert len({p.purpose for p in content.PEOPLE}) == len(content.PEOPLE)
    for p in content.PEOPLE:
        zoneinfo.ZoneInfo(p.timezone)  # a real IANA zone
        assert 1 <= len(p.goals) <= 3, p.username
        for g in p.goals:
            validate_goal_title(g.title)
    for _p, goal, u in _flat_updates():
        assert u.stage in Stage.values
        assert all(r.kind in ResponseKind.values for r in u.responses)
        assert not u.resolved or u.ask, "only an ask can be resolved"
        if goal is not None and goal.audience != "community":
            assert u.audience in (goal.audience, "only_me")


# --- the loaded community -------------------------------------------------------------------------


def test_people_have_real_profiles(demo):
    people = User.objects.filter(username__in=DEMO_NAMES)
    assert people.count() >= 30
    assert not people.filter(Q(is_staff=True) | Q(is_superuser=True)).exists()
    assert people.values("team").distinct().count() >= 6
    for person in people:
        assert person.purpose and person.bio and person.display_name and person.languages
        zoneinfo.ZoneInfo(person.timezone)
    assert len({p.purpose for p in people}) == people.count()


def test_goals(demo):
    per_person = User.objects.annotate(n=Count("goals")).values_list("n", flat=True)
    assert all(1 <= n <= 3 for n in per_person)
    statuses = Counter(Goal.objects.values_list("status", flat=True))
    assert statuses["active"] > statuses["achieved"] > 0
    audiences = set(Goal.objects.values_list("audience", flat=True))
    assert {"community", "followers", "only_me"} <= audiences
    assert not Goal.objects.filter(target_date__isnull=True).exists()
    assert GoalFollow.objects.count() >= 20
    assert not GoalFollow.objects.filter(goal__audience="only_me").exists()


def test_work_updates_span_weeks_with_every_stage(demo):
    published = WorkUpdate.objects.filter(published_at__isnull=False)
    assert published.count() >= 150
    assert set(published.values_list("stage", flat=True)) == set(Stage.values)
    times = sorted(published.values_list("published_at", flat=True))
    assert times[-1] - times[0] >= timedelta(weeks=3)
    assert WorkUpdate.objects.filter(published_at__isnull=True).exists()  # a draft
    assert published.filter(audience="followers").count() >= 3
    with_context = published.exclude(why_it_matters="", who_for="", whats_next="")
    assert with_context.count() >= published.count() // 2
    bodies = "\n".join(published.values_list("body_html", flat=True))
    assert "<ul>" in bodies and "<code>" in bodies and 'href="/people/' in bodies


def test_asks_open_and_resolved_with_credited_helpers(demo):
    asks = WorkUpdate.objects.exclude(ask="")
    assert asks.count() >= 35
    assert asks.filter(ask_status=AskStatus.OPEN).exists()
    resolved = asks.filter(ask_status=AskStatus.RESOLVED)
    assert resolved.count() >= 10
    for update in resolved:
        credits = list(update.help_credits.all())
        assert credits, update
        assert all(c.helper_id != update.author_id for c in credits)
        assert update.ask_resolved_at >= update.published_at
    assert Notification.objects.filter(kind=NotificationKind.CREDITED).count() == (
        HelpCredit.objects.count()
    )


def test_responses_of_every_kind_with_replies_and_mentions(demo):
    kinds = Counter(Response.objects.values_list("kind", flat=True))
    assert set(kinds) == set(ResponseKind.values)
    assert Response.objects.filter(parent__isnull=False).count() >= 30
    assert Mention.objects.filter(response__isnull=False).exists()
    assert Mention.objects.filter(response__isnull=True).exists()


def test_follows(demo):
    following = User.objects.annotate(n=Count("following")).values_list("n", flat=True)
    assert all(4 <= n <= 12 for n in following)
    cross_team = Follow.objects.exclude(follower__team=F("followed__team"))
    assert cross_team.count() >= 50


def test_every_timestamp_is_in_the_past_and_in_order(demo):
    now = timezone.now()
    checks = {
        WorkUpdate: ["created_at", "published_at", "ask_resolved_at"],
        Response: ["created_at"],
        Notification: ["created_at", "read_at"],
        Mention: ["created_at"],
        Follow: ["created_at"],
        GoalFollow: ["created_at"],
        HelpCredit: ["created_at"],
        Goal: ["created_at", "updated_at"],
        User: ["date_joined"],
    }
    for model, fields in checks.items():
        for field in fields:
            assert not model.objects.filter(**{f"{field}__gt": now}).exists(), (model, field)
    assert not Response.objects.filter(created_at__lt=F("update__published_at")).exists()
    assert not Response.objects.filter(created_at__lt=F("parent__created_at")).exists()
    assert not WorkUpdate.objects.filter(created_at__lt=F("goal__created_at")).exists()
    # Activity reaches into the last few days, so the demo feels alive today.
    assert WorkUpdate.objects.filter(published_at__gte=now - timedelta(days=4)).exists()


def test_notifications_are_dated_by_what_caused_them(demo):
    for note in Notification.objects.filter(response__isnull=False).exclude(
        kind__in=[NotificationKind.CREDITED, NotificationKind.THANKS]
    )[:200]:
        assert note.created_at == note.response.created_at
    thanked = Notification.objects.filter(kind=NotificationKind.THANKS)
    assert thanked.exists()
    for note in thanked:
        thanks = Thanks.objects.get(giver=note.actor, response=note.response)
        assert note.created_at == thanks.created_at > note.response.created_at
    for note in Notification.objects.filter(kind=NotificationKind.FOLLOW)[:100]:
        follow = Follow.objects.get(follower=note.actor, followed=note.recipient)
        assert note.created_at == follow.created_at
    maya = User.objects.get(username=DEMO_USERNAME)
    assert Notification.objects.filter(recipient=maya, read_at__isnull=True).count() > 0


def test_rendered_text_has_no_script(demo):
    for html in WorkUpdate.objects.values_list("body_html", flat=True):
        assert not re.search(r"<\s*script", html, re.I)
    for html in Response.objects.values_list("body_html", flat=True):
        assert not re.search(r"<\s*script", html, re.I)


def test_printed_login_authenticates(demo, client):
    match = re.search(r"Demo login: username `([^`]+)` password `([^`]+)`", demo)
    assert match, demo
    username, password = match.groups()
    assert (username, password) == (DEMO_USERNAME, DEMO_PASSWORD)
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username=username, password=password)
    assert user is not None and user.username == DEMO_USERNAME
    password_validation.validate_password(password, user)
    other = User.objects.get(username="kwame")
    assert authenticate(request, username="kwame", password=password) == other


def test_maya_keeps_a_relationship_list_that_deepened(demo, client):
    maya = User.objects.get(username=DEMO_USERNAME)
    entries = ListEntry.objects.filter(goal__owner=maya).prefetch_related("ratings")
    assert {e.person.username if e.person else e.outside_name for e in entries} == {
        "lena",
        "ruth",
        "devraj",
        "Sam Whitfield",
    }
    lena = next(e for e in entries if e.person and e.person.username == "lena")
    ratings = list(lena.ratings.all())
    assert [r.value for r in ratings] == [2, 3, 4]  # rated over the weeks, oldest first
    assert all(r.rated_at < timezone.now() for r in ratings)
    client.force_login(maya)
    page = client.get(f"/goals/{lena.goal_id}/relationship-list/")
    assert page.status_code == 200 and "Sam Whitfield" in page.content.decode()


def test_second_run_without_force_changes_nothing(demo):
    before = _counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    people = User.objects.count()
    assert out.getvalue().strip() == (
        f"The database already has {people} people; not loading demo data "
        "(use --force to add it anyway)."
    )
    assert _counts() == before


def test_force_refuses_to_load_the_demo_twice(demo):
    before = _counts()
    with pytest.raises(CommandError, match="Demo people already exist"):
        call_command("load_demo", "--force", stdout=StringIO())
    assert _counts() == before
