"""Forming circles, the pages: the circles home, the pool form, open circles, and the
organiser's rounds and matching review (403 for anyone else)."""

import datetime as dt

import pytest
from django.urls import reverse

from workaloud.circles import forming
from workaloud.circles.models import Circle, MatchingRun, PoolEntry, Round
from workaloud.circles.tests.test_forming import (
    TUE_17,
    TUE_18,
    circle_fields,
    fill_pool,
    make_round,
    pool_fields,
    today,
)
from workaloud.testing.db_state import snapshot


def pool_post(**over) -> dict:
    data = {
        "goal_title": "Speak at a conference",
        "format": "virtual",
        "location": "",
        "languages": "English, German",
        "timezone": "Europe/Berlin",
        "availability": [str(TUE_17), str(TUE_18)],
        "avoid": "",
    }
    data.update(over)
    return data


def test_the_circles_home(client_for, alice, bob, spring):
    mine = forming.create_open_circle(alice, **circle_fields(title="Alice's circle"))
    theirs = forming.create_open_circle(bob, **circle_fields(title="Bob's evening circle"))
    page = client_for(alice).get(reverse("circles_home"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Alice&#x27;s circle" in text and "Bob&#x27;s evening circle" in text
    assert reverse("pool_join", args=[spring.pk]) in text
    assert reverse("circle_join", args=[theirs.pk]) in text
    assert reverse("circle_join", args=[mine.pk]) not in text  # mine, not to join
    assert "Rounds and matching" not in text  # organisers only


def test_the_circles_home_filters_and_explains_a_filter_it_cannot_apply(client_for, alice, bob):
    forming.create_open_circle(bob, **circle_fields(title="Makers"))
    c = client_for(alice)
    assert "Makers" in c.get(reverse("circles_home"), {"q": "make"}).content.decode()
    assert "Makers" not in c.get(reverse("circles_home"), {"q": "zzz"}).content.decode()
    page = c.get(reverse("circles_home"), {"fits_me": "on"})
    assert page.status_code == 200
    assert "join a round&#x27;s pool first" in page.content.decode()
    page = c.get(reverse("circles_home"), {"language": "Quenya"})
    assert page.status_code == 200 and "not a language" in page.content.decode()


def test_joining_editing_and_withdrawing_from_the_pool(client_for, alice, spring):
    c = client_for(alice)
    url = reverse("pool_join", args=[spring.pk])
    page = c.get(url)
    assert page.status_code == 200
    assert 'aria-label="Tuesday 17:00"' in page.content.decode()
    assert c.post(url, pool_post()).status_code == 302
    entry = PoolEntry.objects.get(person=alice)
    assert entry.languages == ["English", "German"]
    assert entry.goal.title == "Speak at a conference"
    page = c.get(url)
    assert "Save my entry" in page.content.decode()
    assert (
        c.post(url, pool_post(goal_title="", goal=entry.goal.pk, availability=["5"])).status_code
        == 302
    )
    entry.refresh_from_db()
    assert entry.availability == [5]
    assert c.post(reverse("pool_withdraw", args=[spring.pk])).status_code == 302
    entry.refresh_from_db()
    assert entry.withdrawn_at is not None


@pytest.mark.parametrize(
    "over, message",
    [
        ({"availability": []}, "Choose at least one hour"),
        ({"languages": "Klingon"}, "not a language"),
        ({"languages": ""}, "This field is required"),
        ({"format": "in_person"}, "meet in person"),
        ({"goal_title": ""}, "Choose your goal"),
        ({"avoid": "ghost"}, "No member named ghost"),
        ({"availability": ["999"]}, "Select a valid choice"),
        ({"timezone": "Nowhere/Land"}, "Select a valid choice"),
    ],
)
def test_pool_form_errors_are_shown_and_change_nothing(client_for, alice, spring, over, message):
    before = snapshot()
    page = client_for(alice).post(reverse("pool_join", args=[spring.pk]), pool_post(**over))
    assert page.status_code == 200
    assert message in page.content.decode()
    assert snapshot() == before


def test_the_pool_form_of_a_closed_round_or_no_round(client_for, alice, olga):
    closed = make_round(olga, status=Round.Status.MATCHED)
    assert client_for(alice).get(reverse("pool_join", args=[closed.pk])).status_code == 302
    assert client_for(alice).get(reverse("pool_join", args=[99999])).status_code == 404


def test_my_avoid_list_shows_to_me_only(client_for, alice, bob, olga, spring, make_person):
    fill_pool(spring, make_person, 8)
    forming.join_pool(alice, spring, **pool_fields(avoid=["bob"]))
    mine = client_for(alice).get(reverse("pool_join", args=[spring.pk])).content.decode()
    assert 'value="bob"' in mine
    run = forming.run_matching(spring, olga, time_limit=5)
    for url in (
        reverse("round_detail", args=[spring.pk]),
        reverse("matching_review", args=[run.pk]),
    ):
        text = client_for(olga).get(url).content.decode()
        assert "Bob Baker" not in text and "bob" not in text.lower().replace("bobby", "")


def test_starting_and_joining_an_open_circle(client_for, alice, bob):
    c = client_for(alice)
    assert c.get(reverse("circle_new")).status_code == 200
    starts = (today() + dt.timedelta(days=10)).isoformat()
    data = {
        "title": "Writers",
        "format": "virtual",
        "language": "English",
        "timezone": "UTC",
        "starts_on": starts,
        "weekday": "2",
        "start_time": "18:00",
        "size_limit": "4",
    }
    assert c.post(reverse("circle_new"), data).status_code == 302
    circle = Circle.objects.get(title="Writers")
    assert circle.memberships.get().person == alice
    answer = client_for(bob).post(reverse("circle_join", args=[circle.pk]))
    assert answer.status_code == 302
    assert circle.memberships.filter(person=bob).exists()
    answer = client_for(bob).post(reverse("circle_join", args=[circle.pk]), follow=True)
    assert "Nothing was changed. You are already a member" in answer.content.decode()
    assert client_for(bob).post(reverse("circle_leave", args=[circle.pk])).status_code == 302
    assert not circle.memberships.filter(person=bob, left_at__isnull=True).exists()
    assert client_for(bob).get(reverse("circle_join", args=[circle.pk])).status_code == 405
    assert client_for(bob).post(reverse("circle_join", args=[424242])).status_code == 404


@pytest.mark.parametrize(
    "over, message",
    [
        ({"starts_on": "2001-01-01"}, "in the past"),
        ({"size_limit": "6"}, "Select a valid choice"),
        ({"language": "Elvish"}, "not a language"),
        ({"format": "in_person"}, "needs a location"),
        ({"start_time": "25:99"}, "Enter a valid time"),
    ],
)
def test_open_circle_form_errors(client_for, alice, over, message):
    data = {
        "title": "Writers",
        "format": "virtual",
        "language": "English",
        "timezone": "UTC",
        "starts_on": (today() + dt.timedelta(days=10)).isoformat(),
        "weekday": "2",
        "start_time": "18:00",
        "size_limit": "5",
        **over,
    }
    before = snapshot()
    page = client_for(alice).post(reverse("circle_new"), data)
    assert page.status_code == 200 and message in page.content.decode()
    assert snapshot() == before


def test_the_join_box(client_for, alice, bob):
    from django.template import Context, Template
    from django.test import RequestFactory

    circle = forming.create_open_circle(alice, **circle_fields())
    request = RequestFactory().get("/")
    for person, expected in ((alice, "Leave this circle"), (bob, "Join this circle")):
        request.user = person
        html = Template('{% include "circles/_join.html" %}').render(
            Context({"circle": circle, "request": request})
        )
        assert expected in html


ORGANISER_PAGES = ["organise_rounds", "round_new"]


def test_organiser_pages_are_403_for_everyone_else(client_for, alice, spring, olga, make_person):
    fill_pool(spring, make_person, 8)
    run = forming.run_matching(spring, olga, time_limit=5)
    c = client_for(alice)
    for name in ORGANISER_PAGES:
        assert c.get(reverse(name)).status_code == 403
    for name in ("round_detail", "round_edit"):
        assert c.get(reverse(name, args=[spring.pk])).status_code == 403
    assert c.get(reverse("matching_review", args=[run.pk])).status_code == 403
    before = snapshot()
    assert c.post(reverse("round_match", args=[spring.pk])).status_code == 403
    for name in ("matching_move", "matching_confirm", "matching_discard", "matching_dissolve"):
        assert c.post(reverse(name, args=[run.pk]), {"entry": 1, "to": "1"}).status_code == 403
    assert snapshot() == before


def test_an_organiser_opens_a_round_runs_matching_moves_and_confirms(client_for, olga, make_person):
    c = client_for(olga)
    assert c.get(reverse("organise_rounds")).status_code == 200
    page = c.post(
        reverse("round_new"),
        {"title": "Autumn", "starts_on": (today() + dt.timedelta(days=14)).isoformat()},
    )
    spring = Round.objects.get(title="Autumn")
    assert page.status_code == 302
    assert c.get(reverse("round_edit", args=[spring.pk])).status_code == 200
    fill_pool(spring, make_person, 9)
    page = c.get(reverse("round_detail", args=[spring.pk]))
    assert page.status_code == 200 and "9" in page.content.decode()
    answer = c.post(reverse("round_match", args=[spring.pk]))
    run = MatchingRun.objects.get()
    assert answer.url == reverse("matching_review", args=[run.pk])
    page = c.get(answer.url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Circle 1 · English" in text and "Person 0" in text and "matched" in text
    five = next(x for x in run.proposal["circles"] if len(x["members"]) == 5)
    four = next(x for x in run.proposal["circles"] if len(x["members"]) == 4)
    moved = c.post(
        reverse("matching_move", args=[run.pk]),
        {"entry": four["members"][0], "to": str(five["key"])},
        follow=True,
    )
    assert "Nothing was changed." in moved.content.decode()
    assert "would break circle" in moved.content.decode()
    moved = c.post(
        reverse("matching_move", args=[run.pk]),
        {"entry": five["members"][0], "to": "unmatched"},
        follow=True,
    )
    assert "Moved to unmatched." in moved.content.decode()
    bad = c.post(reverse("matching_move", args=[run.pk]), {"entry": "x", "to": ""}, follow=True)
    assert "Choose a person" in bad.content.decode()
    bad = c.post(reverse("matching_dissolve", args=[run.pk]), {"key": "first"}, follow=True)
    assert "Choose a proposed circle" in bad.content.decode()
    bad = c.post(reverse("matching_dissolve", args=[run.pk]), {"key": "9"}, follow=True)
    assert "There is no proposed circle 9" in bad.content.decode()
    done = c.post(reverse("matching_confirm", args=[run.pk]), follow=True)
    assert "2 circles formed" in done.content.decode()
    again = c.post(reverse("matching_confirm", args=[run.pk]), follow=True)
    assert "confirmed already" in again.content.decode()
    assert Circle.objects.filter(round=spring).count() == 2


def test_round_form_errors(client_for, olga):
    before = snapshot()
    page = client_for(olga).post(
        reverse("round_new"),
        {
            "title": "X",
            "starts_on": (today() + dt.timedelta(days=3)).isoformat(),
            "signup_closes_on": (today() + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert page.status_code == 200 and "on or before the start date" in page.content.decode()
    page = client_for(olga).post(reverse("round_new"), {"title": "", "starts_on": "soon"})
    assert "This field is required" in page.content.decode()
    assert snapshot() == before


def test_the_circles_home_reads_the_same_number_of_queries_for_more_circles(
    client_for, alice, olga, make_person
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(alice)
    spring = make_round(olga)
    forming.join_pool(alice, spring, **pool_fields())

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("circles_home")).status_code == 200
        return len(ctx.captured_queries)

    forming.create_open_circle(make_person(), **circle_fields(round=spring))
    few = count()
    for n in range(6):
        forming.create_open_circle(make_person(), **circle_fields(title=f"Circle {n}"))
    assert count() == few
