"""Forming circles, the services: the pool, open circles, rounds and matching runs. Every
refusal says why and changes nothing."""

import datetime as dt
import threading
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from workaloud.circles import forming
from workaloud.circles.models import (
    Circle,
    MatchingRun,
    Meeting,
    Membership,
    PoolEntry,
    Programme,
    Round,
)
from workaloud.goals.models import Goal
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.testing import factories
from workaloud.testing.db_state import snapshot

TUE_17 = 1 * 24 + 17  # Tuesday 17:00, hour of the week
TUE_18 = 1 * 24 + 18


def today() -> dt.date:
    return timezone.localdate()


def organiser_named(username: str = "olga", **profile):
    person = factories.make_person(username, **profile)
    person.user_permissions.add(Permission.objects.get(codename="organise_circles"))
    return type(person).objects.get(pk=person.pk)  # a fresh permission cache


def make_round(organiser=None, **fields) -> Round:
    fields.setdefault("title", "Spring circles")
    fields.setdefault("starts_on", today() + dt.timedelta(days=21))
    return Round.objects.create(created_by=organiser, **fields)


def pool_fields(**over) -> dict:
    fields = {
        "goal_title": "Learn to give better feedback",
        "format": "virtual",
        "languages": ["English"],
        "timezone": "UTC",
        "availability": [TUE_17, TUE_18],
    }
    fields.update(over)
    return fields


def circle_fields(**over) -> dict:
    fields = {
        "title": "Tuesday builders",
        "description": "For people building things.",
        "format": "virtual",
        "language": "English",
        "timezone": "UTC",
        "starts_on": today() + dt.timedelta(days=7),
        "weekday": 1,
        "start_time": dt.time(17, 0),
        "size_limit": 5,
    }
    fields.update(over)
    return fields


def refused(fn, *args, match: str = "", **kwargs) -> ValidationError:
    """``fn`` refuses with a ValidationError mentioning ``match``, and changes nothing."""
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    assert snapshot() == before
    text = " ".join(info.value.messages)
    assert match in text, text
    return info.value


# --- The pool -------------------------------------------------------------------------------


def test_joining_the_pool_with_a_new_goal(alice, spring):
    alice.timezone = "Europe/Berlin"
    alice.save()
    entry = forming.join_pool(
        alice, spring, **pool_fields(languages=["english", "Deutsch"], timezone="")
    )
    assert entry.languages == ["English", "German"]
    assert entry.timezone == "Europe/Berlin"  # the profile's
    assert entry.goal.owner == alice and entry.goal.title == "Learn to give better feedback"
    assert entry.availability == [TUE_17, TUE_18]
    assert Goal.objects.filter(owner=alice).count() == 1


def test_joining_with_one_of_my_goals_and_people_to_avoid(alice, bob, carol, spring):
    goal = factories.make_goal(alice)
    entry = forming.join_pool(
        alice, spring, **pool_fields(goal_title="", goal=goal, avoid=["bob", "@carol"])
    )
    assert entry.goal == goal
    assert set(entry.avoid.all()) == {bob, carol}


@pytest.mark.parametrize(
    "over, field, message",
    [
        ({"languages": []}, "languages", "at least one language"),
        ({"languages": ["Klingon"]}, "languages", "“Klingon” is not a language"),
        ({"timezone": "Mars/Olympus"}, "timezone", "not a known time zone"),
        ({"availability": []}, "availability", "at least one hour"),
        ({"availability": [168]}, "availability", "0 (Monday 00:00) to 167"),
        ({"availability": [-1]}, "availability", "0 (Monday 00:00) to 167"),
        ({"availability": ["x"]}, "availability", "numbers from 0 to 167"),
        ({"format": "in_person"}, "location", "meet in person"),
        ({"format": "hybrid"}, "format", "virtual, in_person or either"),
        ({"goal_title": ""}, "goal", "Choose your goal"),
        ({"goal_title": "   "}, "goal", "Choose your goal"),
        ({"avoid": ["nobody-here"]}, "avoid", "No member named nobody-here"),
        ({"avoid": ["alice"]}, "avoid", "can't avoid yourself"),
        ({"colour": "blue"}, None, "Unknown pool entry field"),
    ],
)
def test_bad_pool_entries_are_refused_and_change_nothing(alice, spring, over, field, message):
    error = refused(forming.join_pool, alice, spring, match=message, **pool_fields(**over))
    if field:
        assert field in error.message_dict


def test_someone_elses_goal_is_refused(alice, bob, spring):
    goal = factories.make_goal(bob)
    refused(
        forming.join_pool,
        alice,
        spring,
        match="your own goals",
        **pool_fields(goal_title="", goal=goal),
    )
    refused(
        forming.join_pool,
        alice,
        spring,
        match="not both",
        **pool_fields(goal=factories.make_goal(alice, title="Mine")),
    )


def test_one_entry_per_person_per_round_and_withdraw_then_rejoin(alice, spring):
    entry = forming.join_pool(alice, spring, **pool_fields())
    refused(forming.join_pool, alice, spring, match="already in the pool", **pool_fields())
    forming.withdraw_from_pool(entry, alice)
    refused(forming.withdraw_from_pool, entry, alice, match="already withdrawn")
    again = forming.join_pool(alice, spring, **pool_fields(languages=["French"]))
    assert again.pk == entry.pk and again.withdrawn_at is None
    assert again.languages == ["French"]
    assert PoolEntry.objects.count() == 1


def test_editing_my_entry_and_only_mine(alice, bob, spring):
    entry = forming.join_pool(alice, spring, **pool_fields())
    forming.update_pool_entry(entry, alice, format="either", location="Lyon", availability=[3])
    entry.refresh_from_db()
    assert (entry.format, entry.location, entry.availability) == ("either", "Lyon", [3])
    before = snapshot()
    with pytest.raises(PermissionDenied):
        forming.update_pool_entry(entry, bob, availability=[4])
    with pytest.raises(PermissionDenied):
        forming.withdraw_from_pool(entry, bob)
    assert snapshot() == before
    refused(forming.update_pool_entry, entry, alice, match="0 to 167", availability=["many"])


def test_no_sign_up_once_the_round_is_closed_or_matched(alice, bob, olga):
    closed = make_round(olga, signup_closes_on=today() - dt.timedelta(days=1))
    refused(forming.join_pool, alice, closed, match="Sign-up for “Spring circles” closed")
    spring = make_round(olga, title="Later")
    entry = forming.join_pool(bob, spring, **pool_fields())
    Round.objects.filter(pk=spring.pk).update(status=Round.Status.MATCHED)
    entry.refresh_from_db()
    refused(forming.update_pool_entry, entry, bob, match="no longer open", availability=[1])
    refused(forming.withdraw_from_pool, entry, bob, match="no longer open")
    assert forming.open_rounds() == []


# --- Open circles ---------------------------------------------------------------------------


def test_creating_an_open_circle_forms_it_with_its_creator(alice):
    goal = factories.make_goal(alice)
    circle = forming.create_open_circle(alice, goal=goal, **circle_fields(language="deutsch"))
    assert circle.origin == Circle.Origin.OPEN and circle.status == Circle.Status.OPEN
    assert circle.language == "German"
    assert len(circle.feed_token) >= 40
    (membership,) = Membership.objects.filter(circle=circle)
    assert (membership.person, membership.goal) == (alice, goal)
    assert Meeting.objects.filter(circle=circle).count() == 12
    assert circle.programme is None


@pytest.mark.parametrize(
    "over, field, message",
    [
        ({"starts_on": dt.date(2020, 1, 1)}, "starts_on", "in the past"),
        ({"size_limit": 6}, "size_limit", "4 or 5"),
        ({"size_limit": 3}, "size_limit", "4 or 5"),
        ({"language": "Elvish"}, "language", "not a language"),
        ({"timezone": "Europe/Atlantis"}, "timezone", "not a known time zone"),
        ({"format": "in_person"}, "location", "needs a location"),
        ({"title": "  "}, "title", "title"),
        ({"weekday": 7}, "weekday", "0 (Monday) to 6"),
        ({"start_time": "soon"}, "start_time", "HH:MM"),
        ({"round": 999}, "round", "open for sign-up"),
    ],
)
def test_bad_open_circles_are_refused(alice, over, field, message):
    error = refused(forming.create_open_circle, alice, match=message, **circle_fields(**over))
    assert field in error.message_dict


def test_a_circle_closes_itself_when_full_and_refuses_a_sixth(alice, make_person):
    circle = forming.create_open_circle(alice, **circle_fields())
    people = [make_person() for _ in range(5)]
    for person in people[:4]:
        forming.join_circle(person, circle)
    circle.refresh_from_db()
    assert circle.status == Circle.Status.CLOSED
    refused(forming.join_circle, people[4], circle, match="is full: it has 5 of 5 members")
    assert circle.memberships.count() == 5


def test_a_size_limit_of_four(alice, bob, carol, make_person):
    circle = forming.create_open_circle(alice, **circle_fields(size_limit=4))
    forming.join_circle(bob, circle)
    forming.join_circle(carol, circle)
    forming.join_circle(make_person(), circle)
    refused(forming.join_circle, make_person(), circle, match="4 of 4")


def test_joining_tells_the_members_already_there(alice, bob, carol):
    circle = forming.create_open_circle(alice, **circle_fields())
    forming.join_circle(bob, circle)
    forming.join_circle(carol, circle)
    told = Notification.objects.filter(kind=NotificationKind.CIRCLE_JOINED, circle=circle)
    assert sorted((n.recipient.username, n.actor.username) for n in told) == [
        ("alice", "bob"),
        ("alice", "carol"),
        ("bob", "carol"),
    ]
    refused(forming.join_circle, bob, circle, match="already a member")


def test_no_two_circles_whose_twelve_weeks_overlap(alice, bob, carol):
    first = forming.create_open_circle(alice, **circle_fields())
    overlapping = forming.create_open_circle(
        bob, **circle_fields(title="Later", starts_on=today() + dt.timedelta(weeks=10))
    )
    refused(forming.join_circle, alice, overlapping, match="overlap")
    refused(
        forming.create_open_circle,
        alice,
        match="overlap",
        **circle_fields(title="Mine too", starts_on=today() + dt.timedelta(weeks=5)),
    )
    after = forming.create_open_circle(
        carol, **circle_fields(title="After", starts_on=today() + dt.timedelta(weeks=13))
    )
    forming.join_circle(alice, after)  # the first circle's 12 weeks are over by then
    assert set(Circle.objects.filter(memberships__person=alice)) == {first, after}


def test_one_circle_per_round(alice, bob, olga):
    spring = make_round(olga, starts_on=today() + dt.timedelta(days=7))
    forming.create_open_circle(alice, **circle_fields(round=spring))
    far = forming.create_open_circle(
        bob,
        **circle_fields(title="Far", round=spring, starts_on=today() + dt.timedelta(weeks=20)),
    )
    refused(forming.join_circle, alice, far, match="one circle per round")


def test_a_slot_outside_my_availability_in_that_round_is_refused(alice, bob, olga):
    spring = make_round(olga, starts_on=today() + dt.timedelta(days=7))
    circle = forming.create_open_circle(
        alice, **circle_fields(round=spring, timezone="Europe/London", start_time=dt.time(9))
    )
    forming.join_pool(bob, spring, **pool_fields(timezone="UTC", availability=[TUE_17]))
    refused(forming.join_circle, bob, circle, match="outside the availability you gave")
    entry = PoolEntry.objects.get(person=bob)
    # Tuesday 09:00 London is 08:00 or 09:00 UTC depending on the season: offer both.
    forming.update_pool_entry(entry, bob, availability=[TUE_17, 24 + 8, 24 + 9])
    membership = forming.join_circle(bob, circle)
    assert membership.goal == entry.goal  # the goal from the pool entry


def test_a_slot_with_minutes_needs_both_hours(alice, bob, olga):
    spring = make_round(olga, starts_on=today() + dt.timedelta(days=7))
    circle = forming.create_open_circle(
        alice, **circle_fields(round=spring, start_time=dt.time(17, 30))
    )
    forming.join_pool(bob, spring, **pool_fields(availability=[TUE_17]))
    refused(forming.join_circle, bob, circle, match="outside the availability")
    forming.update_pool_entry(PoolEntry.objects.get(person=bob), bob, availability=[TUE_17, TUE_18])
    forming.join_circle(bob, circle)


def test_leaving_before_the_start_reopens_a_full_circle(alice, make_person):
    circle = forming.create_open_circle(alice, **circle_fields(size_limit=4))
    people = [make_person() for _ in range(3)]
    for person in people:
        forming.join_circle(person, circle)
    circle.refresh_from_db()
    assert circle.status == Circle.Status.CLOSED
    forming.leave_circle(people[0], circle)
    circle.refresh_from_db()
    assert circle.status == Circle.Status.OPEN
    refused(forming.leave_circle, people[0], circle, match="not a member")
    forming.join_circle(people[0], circle)  # and back again
    assert circle.memberships.filter(left_at__isnull=True).count() == 4


def test_leaving_gives_the_circle_a_new_calendar_address(alice, bob, client):
    circle = forming.create_open_circle(alice, **circle_fields())
    forming.join_circle(bob, circle)
    old = circle.feed_token
    assert client.get(f"/circles/{circle.pk}/calendar/{old}.ics").status_code == 200
    forming.leave_circle(bob, circle)
    circle.refresh_from_db()
    assert circle.feed_token != old
    assert client.get(f"/circles/{circle.pk}/calendar/{old}.ics").status_code == 404
    assert client.get(f"/circles/{circle.pk}/calendar/{circle.feed_token}.ics").status_code == 200


def test_no_leaving_once_the_circle_has_started(alice, bob):
    circle = forming.create_open_circle(alice, **circle_fields(starts_on=today()))
    Circle.objects.filter(pk=circle.pk).update(
        starts_on=today() - dt.timedelta(days=7), weekday=today().weekday()
    )
    refused(forming.leave_circle, alice, circle, match="has started")
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.OPEN)
    refused(forming.join_circle, bob, circle, match="already started")


def test_finding_open_circles(alice, bob, carol, olga):
    spring = make_round(olga)
    english = forming.create_open_circle(alice, **circle_fields(title="Evening makers"))
    german = forming.create_open_circle(
        bob,
        **circle_fields(
            title="Berlin circle",
            language="German",
            format="in_person",
            location="Berlin",
            start_time=dt.time(9),
        ),
    )
    assert forming.open_circles(carol) == [english, german]
    assert forming.open_circles(alice) == [german]  # not my own
    assert forming.open_circles(carol, language="deutsch") == [german]
    assert forming.open_circles(carol, format="in_person") == [german]
    assert forming.open_circles(carol, q="makers") == [english]
    with pytest.raises(ValidationError, match="join a round's pool first"):
        forming.open_circles(carol, fits_me=True)
    forming.join_pool(carol, spring, **pool_fields(availability=[TUE_17]))
    assert forming.open_circles(carol, fits_me=True) == [english]
    with pytest.raises(ValidationError, match="not a language"):
        forming.open_circles(carol, language="Quenya")


@pytest.mark.django_db(transaction=True)
def test_two_joins_at_once_cannot_overfill_a_circle():
    """Six people join the last two places at once, each on its own connection."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "Needs a database two connections can share: PostgreSQL, or an SQLite file "
            "(TEST_DATABASE_NAME=/tmp/test.sqlite3)."
        )
    creator = factories.make_person("creator")
    circle = forming.create_open_circle(creator, **circle_fields(size_limit=4))
    for n in range(2):
        forming.join_circle(factories.make_person(f"early{n}"), circle)
    racers = [factories.make_person(f"racer{n}") for n in range(6)]
    start = threading.Barrier(len(racers))
    outcomes: list[str] = []

    def race(person):
        try:
            start.wait()
            forming.join_circle(person, Circle.objects.get(pk=circle.pk))
            outcomes.append("joined")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(p,)) for p in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("joined") == 1
    assert all("is full" in o or "not open" in o for o in outcomes if o != "joined"), outcomes
    assert Membership.objects.filter(circle=circle, left_at__isnull=True).count() == 4


# --- Rounds ---------------------------------------------------------------------------------


def test_only_organisers_run_rounds(alice, olga):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        forming.create_round(alice, title="Mine", starts_on=today())
    assert snapshot() == before
    programme = Programme.objects.create(name="Our own")
    spring = forming.create_round(
        olga, title="Spring", starts_on=today() + dt.timedelta(days=30), programme=programme
    )
    assert spring.programme == programme and spring.status == Round.Status.OPEN
    refused(
        forming.create_round,
        olga,
        match="on or before the start date",
        title="X",
        starts_on=today() + dt.timedelta(days=3),
        signup_closes_on=today() + dt.timedelta(days=9),
    )
    refused(
        forming.create_round, olga, match="in the past", title="X", starts_on=dt.date(2001, 1, 1)
    )
    refused(forming.update_round, spring, olga, match="title", title="")
    forming.update_round(spring, olga, title="Spring 2027")
    with pytest.raises(PermissionDenied):
        forming.update_round(spring, alice, title="Hijacked")


def test_pool_figures_are_aggregates_without_small_groups_or_avoid_lists(olga, alice, make_person):
    spring = make_round(olga)
    for n in range(6):
        forming.join_pool(
            make_person(),
            spring,
            **pool_fields(
                languages=["English"] + (["Japanese"] if n == 0 else []), avoid=["alice"]
            ),
        )
    figures = forming.pool_figures(spring, olga)
    assert figures["people"] == 6
    assert {"value": "English", "count": 6} in figures["languages"]
    assert {"value": "Japanese", "count": None} in figures["languages"]  # fewer than five
    assert "alice" not in repr(figures)
    with pytest.raises(PermissionDenied):
        forming.pool_figures(spring, alice)


# --- Matching -------------------------------------------------------------------------------


def fill_pool(spring, make_person, n=9, **over):
    people = []
    for i in range(n):
        person = make_person(f"p{i}", display_name=f"Person {i}", team=f"Team {i % 5}")
        forming.join_pool(person, spring, **pool_fields(goal_title=f"Goal number {i}", **over))
        people.append(person)
    return people


def test_matching_proposes_circles_and_explains_the_unmatched(olga, spring, make_person):
    fill_pool(spring, make_person, 9)
    loner = make_person("loner", display_name="Lone Ranger")
    forming.join_pool(loner, spring, **pool_fields(languages=["Japanese"]))
    run = forming.run_matching(spring, olga, time_limit=5)
    circles = run.proposal["circles"]
    assert sorted(len(c["members"]) for c in circles) == [4, 5]
    assert all(c["slot"] in (TUE_17, TUE_18) and c["language"] == "english" for c in circles)
    loner_entry = PoolEntry.objects.get(person=loner)
    assert (
        "Japanese" in run.proposal["unmatched"][str(loner_entry.pk)]
        or run.proposal["unmatched"][str(loner_entry.pk)]
    )
    assert run.figures["placed"] == 9 and run.figures["applicants"] == 10
    assert run.figures["matched_share"] == 0.9
    review = forming.review(run, olga)
    assert [u.person for u in review.unmatched] == [loner]
    member = review.circles[0].members[0]
    assert member.local_slot in ("Tue 17:00", "Tue 18:00") and member.team.startswith("Team")
    assert review.circles[0].title.startswith("Circle 1 · English · Tue 1")


def test_matching_mixes_departments_from_people_s_profiles(olga, spring, make_person):
    for i in range(10):
        person = make_person(f"d{i}", team=f"Team {i}", department=("Tech", "People")[i // 5])
        forming.join_pool(person, spring, **pool_fields(goal_title=f"Goal number {i}"))
    run = forming.run_matching(spring, olga, time_limit=5)
    assert sorted(len(c["members"]) for c in run.proposal["circles"]) == [5, 5]
    assert [c["figures"]["departments"] for c in run.proposal["circles"]] == [2, 2]


def test_running_matching_again_discards_the_earlier_proposal(olga, spring, make_person):
    fill_pool(spring, make_person, 8)
    first = forming.run_matching(spring, olga, time_limit=5)
    second = forming.run_matching(spring, olga, time_limit=5)
    first.refresh_from_db()
    assert first.status == MatchingRun.Status.DISCARDED
    assert second.status == MatchingRun.Status.PROPOSED
    refused(forming.confirm_run, first, olga, match="discarded")


def test_matching_needs_an_organiser_and_enough_people(alice, olga, spring, make_person):
    with pytest.raises(PermissionDenied):
        forming.run_matching(spring, alice)
    fill_pool(spring, make_person, 3)
    refused(forming.run_matching, spring, olga, match="at least 4")


def test_moves_are_checked_against_the_hard_rules(olga, spring, make_person):
    people = fill_pool(spring, make_person, 9)
    # One more person who can only meet on Wednesdays: unmatched.
    wed = make_person("wed", display_name="Wendy Wednesday")
    forming.join_pool(wed, spring, **pool_fields(availability=[2 * 24 + 10]))
    run = forming.run_matching(spring, olga, time_limit=5)
    five = next(c for c in run.proposal["circles"] if len(c["members"]) == 5)
    four = next(c for c in run.proposal["circles"] if len(c["members"]) == 4)
    wed_entry = PoolEntry.objects.get(person=wed).pk

    before = snapshot()
    with pytest.raises(ValidationError) as info:
        forming.move_in_run(run, olga, wed_entry, four["key"])
    assert "Wendy Wednesday can't join circle" in " ".join(info.value.messages)
    assert "Wendy Wednesday is not available" in " ".join(info.value.messages)
    with pytest.raises(ValidationError, match="would break circle"):
        forming.move_in_run(run, olga, four["members"][0], five["key"])  # leaves 3
    with pytest.raises(ValidationError, match="no proposed circle 99"):
        forming.move_in_run(run, olga, four["members"][0], 99)
    with pytest.raises(ValidationError, match="not in this proposal"):
        forming.move_in_run(run, olga, 10**9, None)
    assert snapshot() == before

    moved = five["members"][0]
    run = forming.move_in_run(run, olga, moved, four["key"])
    sizes = {c["key"]: len(c["members"]) for c in run.proposal["circles"]}
    assert sizes == {five["key"]: 4, four["key"]: 5}
    run = forming.move_in_run(run, olga, moved, None)
    assert run.proposal["unmatched"][str(moved)] == forming.UNMATCHED_BY_ORGANISER
    assert run.figures["placed"] == 8 and run.figures["unmatched"] == 2
    run.refresh_from_db()
    assert run.figures["placed"] == 8  # saved
    assert len(people) == 9


def test_confirming_forms_the_circles_once(olga, spring, make_person):
    people = fill_pool(spring, make_person, 9)
    run = forming.run_matching(spring, olga, time_limit=5)
    circles = forming.confirm_run(run, olga)
    assert len(circles) == 2
    for circle in circles:
        assert circle.origin == Circle.Origin.MATCHED and circle.status == Circle.Status.CLOSED
        assert circle.round == spring and circle.starts_on == spring.starts_on
        assert circle.timezone == "UTC" and circle.start_time in (dt.time(17), dt.time(18))
        assert circle.weekday == 1
        assert circle.title.startswith("Circle ") and "· English · Tue 1" in circle.title
        assert circle.meetings.count() == 12 and circle.feed_token
    memberships = Membership.objects.filter(circle__in=circles)
    assert memberships.count() == 9
    assert all(m.goal and m.goal.owner == m.person for m in memberships)
    formed = Notification.objects.filter(kind=NotificationKind.CIRCLE_FORMED)
    assert sorted(n.recipient_id for n in formed) == sorted(p.pk for p in people)
    spring.refresh_from_db()
    assert spring.status == Round.Status.MATCHED
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.CONFIRMED and run.confirmed_at
    refused(forming.confirm_run, run, olga, match="confirmed already")
    refused(forming.move_in_run, run, olga, 1, None, match="confirmed already")


def test_confirming_refuses_when_someone_withdrew_since(olga, spring, make_person):
    people = fill_pool(spring, make_person, 8)
    run = forming.run_matching(spring, olga, time_limit=5)
    forming.withdraw_from_pool(PoolEntry.objects.get(person=people[0]), people[0])
    refused(forming.confirm_run, run, olga, match="withdrew from the pool since")


def test_the_matched_circle_meets_in_the_zone_most_members_share(olga, make_person):
    spring = make_round(olga, starts_on=dt.date(2031, 3, 3))  # a Monday, in CET (UTC+1)
    for i in range(4):
        zone = "Europe/Berlin" if i < 3 else "Europe/London"
        hour = 18 if zone == "Europe/Berlin" else 17
        person = make_person(f"z{i}", team=f"T{i}")
        forming.join_pool(
            person, spring, **pool_fields(timezone=zone, availability=[1 * 24 + hour])
        )
    run = forming.run_matching(spring, olga, time_limit=5)
    (circle,) = forming.confirm_run(run, olga)
    assert (circle.timezone, circle.weekday, circle.start_time) == (
        "Europe/Berlin",
        1,
        dt.time(18),
    )
    assert circle.title == "Circle 1 · English · Tue 17:00 UTC"


def test_past_pairs_come_from_earlier_circles(alice, bob, carol, olga):
    circle = forming.create_open_circle(alice, **circle_fields())
    forming.join_circle(bob, circle)
    forming.join_circle(carol, circle)
    forming.leave_circle(carol, circle)
    assert forming.past_pairs({alice.pk, bob.pk, carol.pk}) == {frozenset((alice.pk, bob.pk))}


def test_avoid_lists_never_reach_the_organiser(olga, spring, make_person):
    people = fill_pool(spring, make_person, 8)
    secret = make_person("secret-person", display_name="Sekrit Name")
    forming.update_pool_entry(
        PoolEntry.objects.get(person=people[0]), people[0], avoid=["secret-person"]
    )
    run = forming.run_matching(spring, olga, time_limit=5)
    assert "secret" not in repr(run.proposal).lower() and "sekrit" not in repr(run.figures).lower()
    review = forming.review(run, olga)
    assert "secret" not in repr(review).lower() and str(secret.pk) not in repr(review.unmatched)
    assert "secret" not in repr(forming.pool_figures(spring, olga)).lower()


def test_goal_terms():
    assert forming.goal_terms("Learn to give better feedback to my team") == {
        "learn",
        "give",
        "better",
        "feedback",
        "team",
    }


def test_setting_aside_a_proposed_circle(olga, spring, make_person):
    fill_pool(spring, make_person, 9)
    run = forming.run_matching(spring, olga, time_limit=5)
    first, second = run.proposal["circles"]
    refused(forming.dissolve_in_run, run, olga, 7, match="no proposed circle 7")
    with pytest.raises(PermissionDenied):
        forming.dissolve_in_run(run, make_person("nobody"), 1)
    run = forming.dissolve_in_run(run, olga, 1)
    (left,) = run.proposal["circles"]
    assert left["key"] == 1 and left["members"] == second["members"]
    assert {int(k) for k in run.proposal["unmatched"]} == set(first["members"])
    assert set(run.proposal["unmatched"].values()) == {forming.DISSOLVED_BY_ORGANISER}
    assert run.figures["circles"] == 1 and run.figures["placed"] == len(second["members"])
    # Someone set aside can still be moved into the remaining circle if it has room.
    if len(left["members"]) == 4:
        run = forming.move_in_run(run, olga, first["members"][0], 1)
        assert len(run.proposal["circles"][0]["members"]) == 5
    (circle,) = forming.confirm_run(run, olga)
    assert circle.title.startswith("Circle 1 · English")


def test_my_circles_count_every_member_and_a_circle_i_left_is_open_to_me_again(alice, bob, carol):
    circle = forming.create_open_circle(alice, **circle_fields())
    forming.join_circle(bob, circle)
    forming.join_circle(carol, circle)
    (mine,), past = forming.my_circles(bob)
    assert mine.member_count == 3 and past == []
    forming.leave_circle(bob, circle)
    assert forming.my_circles(bob) == ([], [])
    (found,) = forming.open_circles(bob)
    assert found == circle and found.member_count == 2


def test_a_finished_circle_is_past(alice):
    circle = forming.create_open_circle(alice, **circle_fields())
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.FINISHED)
    assert forming.my_circles(alice) == ([], [circle])


def test_a_move_against_someones_wish_is_refused_without_saying_whose(olga, spring, make_person):
    people = fill_pool(spring, make_person, 9)
    run = forming.run_matching(spring, olga, time_limit=5)
    four = next(c for c in run.proposal["circles"] if len(c["members"]) == 4)
    five = next(c for c in run.proposal["circles"] if len(c["members"]) == 5)
    mover = PoolEntry.objects.get(pk=five["members"][0])
    wisher = PoolEntry.objects.get(pk=four["members"][0])
    Round.objects.filter(pk=spring.pk).update(signup_closes_on=None)
    wisher.avoid.add(mover.person)  # a wish made after the proposal
    error = refused(forming.move_in_run, run, olga, mover.pk, four["key"], match="privately")
    text = " ".join(error.messages)
    assert wisher.person.name not in text
    assert text.count(mover.person.name) == 1  # only as the one being moved
    assert len(people) == 9


def test_the_engines_entry_ids_read_as_names():
    people = {7: "Ann Lee", 9: "Bo Chen", 12: "Cy Diaz"}
    ctx = SimpleNamespace(
        entries={i: SimpleNamespace(person=SimpleNamespace(name=n)) for i, n in people.items()}
    )
    assert forming._named("Applicants 7, 9 and 12 share one team.", ctx) == (
        "Ann Lee, Bo Chen and Cy Diaz share one team."
    )
    assert forming._named("Applicant 9 is not available.", ctx) == "Bo Chen is not available."
    assert forming._named("Applicants 7 and 40 clash.", ctx) == "Ann Lee and #40 clash."
