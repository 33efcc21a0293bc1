"""Interaction personas: each persona at and around its thresholds, and what it takes to move.

Pure functions: no database.
"""

import itertools
import time

import pytest

from workaloud.relationships import personas
from workaloud.relationships.personas import (
    BROADCASTER,
    BROADCASTER_MIN_POSTS,
    CATALYST,
    ENGAGER,
    IMBALANCE_RATIO,
    MIN_ACTIVITY,
    OBSERVER,
    RESPONDER,
    classify,
    steps_to_neighbours,
    what_it_takes,
)


def test_the_documented_thresholds():
    assert (personas.WINDOW_DAYS, MIN_ACTIVITY, BROADCASTER_MIN_POSTS, IMBALANCE_RATIO) == (
        90,
        5,
        3,
        2,
    )
    assert set(personas.PERSONAS) == {ENGAGER, CATALYST, RESPONDER, BROADCASTER, OBSERVER}
    assert [p for p, _ in personas.RULES] == [OBSERVER, BROADCASTER, CATALYST, RESPONDER, ENGAGER]


# --- observer: fewer than MIN_ACTIVITY acts (given + received + posts) --------------------


@pytest.mark.parametrize("counts", [(0, 0, 0), (2, 2, 0), (1, 1, 2), (0, 0, 4), (4, 0, 0)])
def test_observer_below_the_minimum_activity(counts):
    assert sum(counts) < MIN_ACTIVITY
    assert classify(*counts) == OBSERVER


@pytest.mark.parametrize(
    "counts, persona",
    [((3, 2, 0), ENGAGER), ((5, 0, 0), RESPONDER), ((0, 5, 0), CATALYST), ((0, 0, 5), BROADCASTER)],
)
def test_at_the_minimum_activity_no_longer_an_observer(counts, persona):
    assert sum(counts) == MIN_ACTIVITY
    assert classify(*counts) == persona


# --- broadcaster: at least BROADCASTER_MIN_POSTS posts, fewer interactions than posts -------


def test_broadcaster_at_and_around_its_thresholds():
    assert classify(1, 1, 3) == BROADCASTER  # 3 posts, 2 interactions
    assert classify(2, 1, 3) != BROADCASTER  # interactions == posts: not "rarely"
    assert classify(2, 2, 3) == ENGAGER
    assert classify(3, 2, 2) == ENGAGER  # two posts are too few to broadcast
    assert classify(0, 0, 2) == OBSERVER
    assert classify(4, 5, 10) == BROADCASTER
    assert classify(5, 5, 10) == ENGAGER


# --- catalyst and responder: one side more than IMBALANCE_RATIO times the other ------------


@pytest.mark.parametrize("given", [2, 3, 10])
def test_catalyst_just_beyond_the_ratio_engager_at_it(given):
    at = IMBALANCE_RATIO * given
    assert classify(given, at + 1, 0) == CATALYST
    assert classify(given, at, 0) == ENGAGER


@pytest.mark.parametrize("received", [2, 3, 10])
def test_responder_just_beyond_the_ratio_engager_at_it(received):
    at = IMBALANCE_RATIO * received
    assert classify(at + 1, received, 0) == RESPONDER
    assert classify(at, received, 0) == ENGAGER


def test_one_sided_activity():
    assert classify(0, 7, 1) == CATALYST
    assert classify(7, 0, 0) == RESPONDER
    assert classify(0, 7, 20) == BROADCASTER  # 20 posts, 7 interactions: posts win


def test_engager_balanced_two_way():
    assert classify(5, 5, 0) == ENGAGER
    assert classify(10, 5, 3) == ENGAGER
    assert classify(5, 10, 3) == ENGAGER


def test_classify_always_names_a_persona():
    for counts in itertools.product(range(0, 25), repeat=3):
        assert classify(*counts) in personas.PERSONAS


# --- what it takes ----------------------------------------------------------------------


def test_examples_read_concretely():
    assert what_it_takes(1, 5, 0) == ("2 more responses to others' work would make you an engager.")
    assert what_it_takes(7, 1, 0) == (
        "3 more responses from others to your work would make you an engager: "
        "an ask in your next update invites them."
    )
    assert what_it_takes(1, 1, 5) == "3 more responses to others' work would make you a responder."
    assert what_it_takes(0, 0, 3) == (
        "2 more updates about your work would make you a broadcaster; "
        "3 more responses to others' work would make you a responder."
    )
    assert what_it_takes(1, 3, 0).endswith(
        "1 more response to others' work would make you an engager."
    )
    assert what_it_takes(1, 2, 1) == (
        "1 more update about your work, or 1 more response to others' work, would make you "
        "an engager."
    )
    assert what_it_takes(2, 3, 0) == (
        "You give and receive in balance: 5 more responses to others' work with nothing back "
        "would make you a responder; 2 more responses from others to your work with nothing "
        "given would make you a catalyst."
    )


def _after(counts, side, k):
    given, received, posts = counts
    return classify(
        given + (k if side == "given" else 0),
        received + (k if side == "received" else 0),
        posts + (k if side == "posts" else 0),
    )


def test_each_step_is_the_smallest_that_moves():
    """Every suggested move lands where it says, and one less would not get there. Responding
    out of observer skips past broadcaster (a person who responds is not a broadcaster);
    every other move is the first step out of the current persona."""
    for counts in itertools.product(range(0, 13), repeat=3):
        now = classify(*counts)
        for side, k, lands_on in steps_to_neighbours(*counts):
            assert k >= 1
            assert lands_on not in {now, BROADCASTER} or side == "posts", (counts, side)
            assert _after(counts, side, k) == lands_on
            assert _after(counts, side, k - 1) != lands_on, (counts, side, k)
            if not (now == OBSERVER and side == "given"):
                assert _after(counts, side, k - 1) == now, (counts, side, k)
            assert f"{k} more" in what_it_takes(*counts)


def test_classify_is_cheap_enough_for_a_whole_community():
    people = [(i % 17, (i * 7) % 23, i % 5) for i in range(100_000)]
    start = time.perf_counter()
    found = [classify(g, r, p) for g, r, p in people]
    assert time.perf_counter() - start < 1.0
    assert len(set(found)) == 5
