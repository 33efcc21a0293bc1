"""Participation figures: counts only, and never a figure for fewer than 5 people."""

import datetime as dt
from itertools import count

import pytest
from django.utils import timezone

from workaloud.audience import Audience
from workaloud.campaigns.figures import campaign_figures
from workaloud.campaigns.services import window
from workaloud.relationships.services import record_interaction
from workaloud.testing.factories import make_person, make_response, make_update

pytestmark = pytest.mark.django_db

_keys = count(1)


def by_key(campaign) -> dict:
    return {f.key: f for f in campaign_figures(campaign)}


def answer(person, campaign, **fields):
    fields.setdefault("body", f"{person.username} answers")
    return make_update(person, campaign=campaign, **fields)


def test_under_five_people_nothing_is_shown(wol_week):
    people = [make_person() for _ in range(4)]
    updates = [answer(p, wol_week) for p in people]
    for update in updates:
        for other in people:
            if other != update.author:
                make_response(update, other)
    figures = by_key(wol_week)
    assert all(not f.shown for f in figures.values())
    assert {f.display for f in figures.values()} == {"fewer than 5"}
    # 12 responses exist, but only 4 people wrote them: the count stays hidden.
    assert figures["responses"].value is None


def test_five_people_and_more_are_counted(wol_week):
    people = [make_person() for _ in range(6)]
    updates = [answer(p, wol_week) for p in people[:5]]
    answer(people[0], wol_week, body="A second answer")
    for update in updates:
        make_response(update, people[5])
        make_response(update, update.author, body="My own reply")  # the author's: not counted
    for responder in people[1:5]:
        make_response(updates[0], responder)
    figures = by_key(wol_week)
    assert figures["shared"].value == 5
    assert figures["answers"].value == 6
    assert figures["responded"].value == 5  # people[5] and people[1..4]
    assert figures["responses"].value == 9
    assert figures["shared"].display == "5"
    assert all(f.explanation.endswith(".") for f in figures.values())


def test_what_counts_as_shared(wol_week, alice, bob, carol):
    """Answers to the community or followers count, as numbers; never a draft, an only-me or a
    circle update, a deleted or a hidden one; answers to other campaigns or none never count."""
    from workaloud.tests.test_visibility_matrix import make_circle

    people = [make_person() for _ in range(4)]
    answer(people[0], wol_week, audience=Audience.FOLLOWERS)
    answer(people[1], wol_week)
    answer(people[2], wol_week)
    answer(people[3], wol_week)
    answer(alice, wol_week, publish=False)
    answer(bob, wol_week, audience=Audience.ONLY_ME)
    insider = make_person()
    answer(insider, wol_week, audience=Audience.CIRCLE, circle=make_circle([insider, bob]))
    gone = answer(carol, wol_week)
    gone.deleted_at = timezone.now()
    gone.save()
    make_update(make_person(), body="Not an answer")
    assert by_key(wol_week)["shared"].value is None  # four people shared
    answer(make_person(), wol_week, audience=Audience.FOLLOWERS)
    assert by_key(wol_week)["shared"].value == 5


def record(a, b, when):
    record_interaction(a.pk, b.pk, "comment", occurred_at=when, source_key=f"fig:{next(_keys)}")


def test_new_connections_during_the_campaign(wol_week):
    start, end = window(wol_week)
    people = [make_person() for _ in range(6)]
    before = start - dt.timedelta(days=3)
    record(people[0], people[1], before)  # an old pair, active again during the week
    record(people[0], people[1], start + dt.timedelta(hours=5))
    record(people[4], people[5], end + dt.timedelta(hours=1))  # after the week
    during = start + dt.timedelta(hours=30)
    for a, b in [(0, 2), (0, 3), (1, 2), (1, 3)]:
        record(people[a], people[b], during)
    figures = by_key(wol_week)
    assert figures["connections"].value is None  # 4 pairs, among 4 people
    record(people[2], people[4], during)
    assert by_key(wol_week)["connections"].value == 5  # 5 pairs among 5 people
