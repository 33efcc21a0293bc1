"""The services: adding people, rating them over time, changing and removing entries, the
calibration against the computed stage, and ``listed_people`` for other pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from workaloud.relationship_lists import services
from workaloud.relationship_lists.closeness import DISAGREEMENT_GAP, SCALE, calibrate
from workaloud.relationship_lists.models import ListEntry, Rating
from workaloud.testing.db_state import snapshot as db_state
from workaloud.testing.factories import make_goal, make_update

pytestmark = pytest.mark.django_db


def test_a_list_deepens_over_the_weeks(alice, bob, goal):
    """Alice lists Bob and Sam for her goal and rates them week after week: every rating is
    kept, and the list shows the movement since the first one."""
    bobs = services.add_person(alice, goal, bob, direction="they_help_me", rating=1)
    sam = services.add_person(
        alice, goal, outside_name="  Sam Rivera ", outside_about="ex-colleague at Acme", rating=2
    )
    assert sam.outside_name == "Sam Rivera" and not sam.is_member
    services.rate(alice, bobs, 2, "We talked at the demo day")
    services.rate(alice, bobs, 3)
    three_weeks_ago = timezone.now() - timedelta(days=21)
    Rating.objects.filter(entry=bobs).update(rated_at=F("rated_at") - timedelta(days=21))
    services.rate(alice, bobs, 3, "Reviewed my plan")  # the same value again: still a row

    bob_view, sam_view = services.goal_list(alice, goal)
    assert [r.value for r in bob_view.ratings] == [1, 2, 3, 3]
    assert bob_view.current.value == 3 and bob_view.current_label == SCALE[3]
    since = three_weeks_ago.strftime("%-d %b")
    if three_weeks_ago.year != timezone.now().year:
        since += three_weeks_ago.strftime(" %Y")
    assert bob_view.change == f"1 → 3 since {since}"
    assert [h["value"] for h in bob_view.history] == [1, 2, 3, 3]
    assert bob_view.history[1]["note"] == "We talked at the demo day"
    assert sam_view.change.startswith("first rated ")
    assert sam_view.calibration.verdict == "no_stage"
    assert "outside the community" in sam_view.calibration.message


def test_a_rating_is_never_overwritten(alice, bob, goal):
    entry = services.add_person(alice, goal, bob, rating=2)
    first = Rating.objects.get(entry=entry)
    services.rate(alice, entry, 4)
    first.refresh_from_db()
    assert first.value == 2
    assert list(entry.ratings.values_list("value", flat=True)) == [2, 4]


def test_a_rating_can_keep_the_day_it_was_given(alice, bob, goal):
    """For imports: the day a rating was really given, rather than today."""
    entry = services.add_person(alice, goal, bob)
    services.rate(alice, entry, 1, rated_at=timezone.now() - timedelta(days=400))
    services.rate(alice, entry, 2)
    (view,) = services.goal_list(alice, goal)
    assert view.change.startswith("1 → 2 since ") and view.change[-4:].isdigit()  # with a year


def test_a_deactivated_member_stays_on_the_list_unlinked(alice, bob, goal, client_for):
    services.add_person(alice, goal, bob, rating=2)
    bob.is_active = False
    bob.save()
    page = client_for(alice).get(f"/goals/{goal.pk}/relationship-list/").content.decode()
    assert "Bob Baker" in page and "no longer active" in page
    assert 'href="/people/bob/"' not in page


def test_unchanged_rating_says_so(alice, bob, goal):
    entry = services.add_person(alice, goal, bob, rating=3)
    services.rate(alice, entry, 3)
    (view,) = services.goal_list(alice, goal)
    assert view.change.startswith("3, unchanged since ")


def test_not_rated_yet(alice, bob, goal):
    services.add_person(alice, goal, bob)
    (view,) = services.goal_list(alice, goal)
    assert view.current is None and view.change == "" and view.history == []
    assert view.calibration.verdict == "not_rated"


def test_update_entry(alice, bob, goal):
    sam = services.add_person(alice, goal, outside_name="Sam")
    services.update_entry(
        alice, sam, outside_name="Sam Rivera", outside_about="Runs the Acme guild", note="Call"
    )
    sam.refresh_from_db()
    assert (sam.outside_name, sam.outside_about, sam.note) == (
        "Sam Rivera",
        "Runs the Acme guild",
        "Call",
    )
    member = services.add_person(alice, goal, bob)
    services.update_entry(alice, member, direction="both", note="Ask about mentoring")
    member.refresh_from_db()
    assert member.direction == "both" and member.get_direction_display() == "Both ways"


def test_remove_entry_deletes_it_and_its_ratings(alice, bob, goal):
    entry = services.add_person(alice, goal, bob, rating=2)
    services.rate(alice, entry, 3)
    services.remove_entry(alice, entry)
    assert not ListEntry.objects.exists() and not Rating.objects.exists()
    again = services.add_person(alice, goal, bob)  # adding again starts afresh
    assert again.ratings.count() == 0


def test_a_goal_removed_takes_its_list_with_it(alice, bob, goal):
    services.add_person(alice, goal, bob, rating=2)
    goal.delete()
    assert not ListEntry.objects.exists() and not Rating.objects.exists()


def test_the_same_member_on_two_goals(alice, bob, goal):
    other = make_goal(alice, title="Write the handbook")
    services.add_person(alice, goal, bob)
    services.add_person(alice, other, bob)
    assert ListEntry.objects.filter(person=bob).count() == 2


def test_lists_overview(alice, bob, carol, goal, django_assert_num_queries):
    later = make_goal(alice, title="Write the handbook")
    dropped = make_goal(alice, title="An old idea", status="dropped")
    make_goal(bob, title="Bob's goal")
    services.add_person(alice, goal, bob, rating=2)
    services.add_person(alice, goal, carol)
    services.add_person(alice, later, outside_name="Sam", rating=4)
    with django_assert_num_queries(3):
        lists = services.lists_overview(alice)
        titles = [(summary.goal, len(summary.entries), summary.rated) for summary in lists]
    assert titles == [(later, 1, 1), (goal, 2, 1), (dropped, 0, 0)]
    assert lists[0].last_rated_at is not None and lists[2].last_rated_at is None


# --- listed_people -------------------------------------------------------------------------


def test_listed_people_most_recently_rated_first(alice, bob, carol, make_person, goal):
    dave, erin, fay = make_person("dave"), make_person("erin"), make_person("fay")
    other = make_goal(alice, title="Write the handbook")
    b = services.add_person(alice, goal, bob, rating=1)
    c = services.add_person(alice, goal, carol, rating=2)
    services.add_person(alice, other, bob, rating=3)  # Bob twice: listed once
    services.add_person(alice, goal, dave)  # never rated
    services.add_person(alice, other, erin)  # never rated, added last
    services.add_person(alice, goal, outside_name="Sam", rating=5)  # not a member
    services.add_person(bob, make_goal(bob, title="Bob's"), fay, rating=5)  # not Alice's list
    now = timezone.now()
    Rating.objects.filter(entry=c).update(rated_at=now - timedelta(days=1))
    Rating.objects.filter(entry=b).update(rated_at=now - timedelta(days=3))
    Rating.objects.filter(entry__person=bob, entry__goal=other).update(
        rated_at=now - timedelta(days=2)
    )
    assert services.listed_people(alice) == [carol, bob, erin, dave]
    assert services.listed_people(bob) == [fay]
    assert services.listed_people(carol) == []


def test_listed_people_leaves_out_deactivated_members(alice, bob, carol, goal):
    services.add_person(alice, goal, bob, rating=1)
    services.add_person(alice, goal, carol, rating=1)
    carol.is_active = False
    carol.save()
    assert services.listed_people(alice) == [bob]


# --- calibration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rating, stage, verdict",
    [
        (0, 0, "agree"),
        (1, 0, "agree"),
        (2, 0, "rated_higher"),
        (4, 2, "rated_higher"),
        (5, 4, "agree"),
        (3, 4, "agree"),
        (2, 4, "rated_lower"),
        (0, 5, "rated_lower"),
        (None, 3, "not_rated"),
        (3, None, "no_stage"),
    ],
)
def test_calibration_rule(rating, stage, verdict):
    result = calibrate("Bob", rating, stage)
    assert result.verdict == verdict
    assert result.disagrees == (verdict in {"rated_higher", "rated_lower"})
    if result.disagrees:
        assert abs(rating - stage) >= DISAGREEMENT_GAP


def test_calibration_says_which_way(alice, bob, carol, goal, record):
    """Bob only follows Alice (stage 1) but she rates him 4; Carol and Alice collaborate
    (stage 4) but she rates Carol 1. The list says which way each disagrees."""
    record(bob, alice, "follow")
    collaborate(record, alice, carol)
    services.add_person(alice, goal, bob, rating=4)
    services.add_person(alice, goal, carol, rating=1)
    bob_view, carol_view = services.goal_list(alice, goal)

    assert (bob_view.calibration.verdict, bob_view.calibration.stage) == ("rated_higher", 1)
    assert bob_view.calibration.message.startswith(
        "You rate Bob Baker 4, but your interactions here show only awareness"
    )
    assert "(stage 1, aware)" in bob_view.calibration.message

    assert (carol_view.calibration.verdict, carol_view.calibration.stage) == ("rated_lower", 4)
    assert carol_view.calibration.message == (
        "Your interactions show collaboration (stage 4, collaborating), but you rated Carol Chen "
        "1 — maybe you are closer than you think."
    )

    # Alice rates Carol again, closer to what their interactions show: they agree now.
    services.rate(alice, ListEntry.objects.get(person=carol), 3)
    carol_view = services.goal_list(alice, goal)[1]
    assert carol_view.calibration.verdict == "agree" and not carol_view.calibration.disagrees


def collaborate(record, a, b):
    """Two exchanges on two updates, eight days apart: stage 4 (collaborating)."""
    start = timezone.now() - timedelta(days=10)
    first, second = make_update(a, body="Plan"), make_update(b, body="Pilot")
    record(b, a, "question", occurred_at=start, update_id=first.pk)
    record(a, b, "reply", occurred_at=start + timedelta(hours=1), update_id=first.pk)
    record(a, b, "question", occurred_at=start + timedelta(days=8), update_id=second.pk)
    record(b, a, "reply", occurred_at=start + timedelta(days=8, hours=1), update_id=second.pk)


# --- refused input changes nothing ---------------------------------------------------------


def refused(call, field=None, words=""):
    """``call`` raises a ValidationError (on ``field``, if given) whose text has ``words``."""
    with pytest.raises(ValidationError) as info:
        call()
    error = info.value
    if field is not None:
        assert field in error.message_dict, error
    assert words in " ".join(error.messages), error.messages
    return error


@pytest.mark.parametrize(
    "value", [-1, 6, 100, 2.5, "3", None, True, [3]], ids=lambda v: f"value={v!r}"
)
def test_rate_refuses_values_outside_the_scale(alice, bob, goal, value):
    entry = services.add_person(alice, goal, bob, rating=2)
    before = db_state()
    refused(lambda: services.rate(alice, entry, value), "value", "whole number from 0")
    assert db_state() == before


def test_rate_refuses_an_over_long_note(alice, bob, goal):
    entry = services.add_person(alice, goal, bob)
    before = db_state()
    refused(lambda: services.rate(alice, entry, 3, "n" * 301), "note", "at most 300")
    assert db_state() == before


def test_add_refuses_bad_input(alice, bob, make_person, goal):
    gone, zed = make_person("gone", is_active=False), make_person("zed")
    services.add_person(alice, goal, bob)
    services.add_person(alice, goal, outside_name="Sam Rivera")
    before = db_state()

    def add(person=None, **fields):
        return lambda: services.add_person(alice, goal, person, **fields)

    jo = {"outside_name": "Jo"}
    cases = [
        (add(alice), "person", "yourself"),
        (add(bob), "person", "Bob Baker is already on this list."),
        (add(gone), "person", "no such member"),
        (add(), "outside_name", "Name the person"),
        (add(outside_name="   "), "outside_name", "Name the person"),
        (add(outside_name="sam rivera"), "outside_name", "already on this list"),
        (add(outside_name="x" * 101), "outside_name", "at most 100 characters"),
        (add(**jo, outside_about="y" * 201), "outside_about", "at most 200 characters"),
        (add(**jo, note="n" * 1001), "note", "at most 1000 characters"),
        (add(**jo, direction="upwards"), "direction", "not a valid choice"),
        (add(**jo, rating=6), "rating", "whole number from 0"),
        (add(**jo, rating=-1), "rating", "whole number from 0"),
        (add(**jo, rating="2"), "rating", "whole number from 0"),
        (add(**jo, rating=2, rating_note="r" * 301), "rating_note", "at most 300"),
        (add(zed, outside_about="Acme"), "outside_about", "only for people outside"),
        (add(zed, outside_name="Zed"), None, "not both"),
    ]
    for call, field, words in cases:
        refused(call, field, words)
    assert db_state() == before


def test_someone_elses_goal_or_entry_is_not_found(alice, bob, carol, goal):
    entry = services.add_person(alice, goal, carol, rating=2)
    other = make_goal(alice, title="Other goal")
    before = db_state()
    for call in [
        lambda: services.my_goal(bob, goal.pk),
        lambda: services.add_person(bob, goal, carol),
        lambda: services.add_person(bob, goal, outside_name="Sam"),
        lambda: services.rate(bob, entry, 3),
        lambda: services.update_entry(bob, entry, note="mine"),
        lambda: services.remove_entry(bob, entry),
        lambda: services.goal_list(bob, goal),
        lambda: services.entry_view(bob, entry),
        lambda: services.my_entry(bob, goal, entry.pk),
        lambda: services.my_entry(alice, other, entry.pk),  # an entry of another of my goals
    ]:
        with pytest.raises(Http404):
            call()
    assert db_state() == before


def test_update_entry_refuses(alice, bob, goal):
    member = services.add_person(alice, goal, bob)
    sam = services.add_person(alice, goal, outside_name="Sam")
    services.add_person(alice, goal, outside_name="Jo")
    before = db_state()
    refused(lambda: services.update_entry(alice, member, outside_name="Bobby"), None, "not both")
    refused(lambda: services.update_entry(alice, sam, outside_name=" "), "outside_name", "Name")
    refused(lambda: services.update_entry(alice, sam, outside_name="jo"), "outside_name", "already")
    refused(lambda: services.update_entry(alice, sam, person=bob), None, "Unknown entry field")
    refused(lambda: services.update_entry(alice, sam, note="n" * 1001), "note", "at most 1000")
    assert db_state() == before


def test_find_member(alice, bob, make_person):
    make_person("gone", is_active=False)
    assert services.find_member(alice, "bob") == bob
    assert services.find_member(alice, " @Bob ") == bob
    for unknown in ["nobody", "gone", "", "@", "bo\x00b"]:
        with pytest.raises(ValidationError) as info:
            services.find_member(alice, unknown)
        assert "person" in info.value.message_dict
