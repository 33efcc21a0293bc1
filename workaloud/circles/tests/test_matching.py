"""Circle matching on small pools whose right answer is known, the UTC conversion of weekly
availability, the hard-constraint check of one circle, and a randomised pool checked circle by
circle. Pure Python: no database."""

import datetime as dt
import random

import pytest

from workaloud.circles.matching import (
    Applicant,
    Proposal,
    check_circle,
    matchable,
    propose,
    utc_slots,
)

MONDAY_18 = 18  # Monday 18:00 UTC
TUESDAY_12 = 24 + 12


def person(
    n: int,
    *,
    team: str | None = None,
    department: str = "",
    languages=("english",),
    format: str = "virtual",
    location: str = "",
    slots=(MONDAY_18,),
    avoid=(),
    goal_terms=(),
) -> Applicant:
    """Applicant ``n``: entry id 100+n, person id n."""
    return Applicant(
        id=100 + n,
        person_id=n,
        team=f"team-{n}" if team is None else team,
        department=department,
        languages=frozenset(languages),
        format=format,
        location=location,
        slots=frozenset(slots),
        avoid=frozenset(avoid),
        goal_terms=frozenset(goal_terms),
    )


def assert_valid(proposal: Proposal, pool, past_pairs=frozenset()):
    by_id = {a.id: a for a in pool}
    placed = [m for c in proposal.circles for m in c.members]
    assert len(placed) == len(set(placed)), "someone is in two circles"
    assert set(placed) | set(proposal.unmatched) == set(by_id)
    assert not set(placed) & set(proposal.unmatched)
    for c in proposal.circles:
        members = [by_id[m] for m in c.members]
        assert check_circle(members, c.slot, c.language, c.format, c.location, past_pairs) == []
    for why in proposal.unmatched.values():
        assert why.endswith(".") and len(why) > 10


# --- UTC slots ----------------------------------------------------------------------------------


def test_berlin_slots_follow_daylight_saving_time():
    monday_18_local = [18]
    # the week of 22 March 2027: Berlin is on winter time (UTC+1)
    assert utc_slots(monday_18_local, "Europe/Berlin", dt.date(2027, 3, 22)) == {17}
    # the week of 5 April 2027: summer time (UTC+2)
    assert utc_slots(monday_18_local, "Europe/Berlin", dt.date(2027, 4, 5)) == {16}


def test_berlin_change_day_is_read_on_its_own_date():
    on = dt.date(2027, 3, 22)  # the clocks go forward on Sunday 28 March at 02:00
    monday_10, sunday_10, sunday_02 = 10, 6 * 24 + 10, 6 * 24 + 2
    assert utc_slots([monday_10], "Europe/Berlin", on) == {9}  # UTC+1 on Monday
    assert utc_slots([sunday_10], "Europe/Berlin", on) == {6 * 24 + 8}  # UTC+2 on Sunday
    assert utc_slots([sunday_02], "Europe/Berlin", on) == set()  # 02:00 does not exist


def test_slots_wrap_around_the_week():
    # Monday 00:00 in Berlin (winter) is Sunday 23:00 UTC, the last hour of the week
    assert utc_slots([0], "Europe/Berlin", dt.date(2027, 1, 11)) == {167}
    # Sunday 20:00 in New York (winter, UTC-5) is Monday 01:00 UTC
    assert utc_slots([6 * 24 + 20], "America/New_York", dt.date(2027, 1, 11)) == {1}


def test_half_hour_zones_keep_only_whole_utc_hours_inside_the_availability():
    on = dt.date(2027, 1, 11)
    # Kolkata is UTC+5:30: 18:00–19:00 there is 12:30–13:30 UTC, which holds no whole UTC hour
    assert utc_slots([18], "Asia/Kolkata", on) == set()
    # 18:00–20:00 there is 12:30–14:30 UTC: 13:00 UTC (18:30–19:30 in Kolkata) fits
    assert utc_slots([18, 19], "Asia/Kolkata", on) == {13}
    assert utc_slots([18, 19, 20], "Asia/Kolkata", on) == {13, 14}
    # Kathmandu is UTC+5:45: 18:00–20:00 there is 12:15–14:15 UTC
    assert utc_slots([18, 19], "Asia/Kathmandu", on) == {13}
    # whole-hour zones convert hour for hour
    assert utc_slots([18, 19], "Asia/Tokyo", on) == {9, 10}


def test_utc_slots_refuses_hours_outside_the_week():
    with pytest.raises(ValueError, match="not an hour of the week"):
        utc_slots([168], "Europe/Berlin", dt.date(2027, 1, 11))


# --- proposals on known pools -----------------------------------------------------------------


def test_nine_people_become_a_five_and_a_four():
    pool = [person(n) for n in range(1, 10)]
    proposal = propose(pool)
    assert sorted(len(c.members) for c in proposal.circles) == [4, 5]
    assert proposal.unmatched == {}
    assert_valid(proposal, pool)
    assert proposal.figures["placed"] == 9 and proposal.figures["placed_share"] == 1.0
    for c in proposal.circles:
        assert (c.slot, c.language, c.format, c.location) == (MONDAY_18, "english", "virtual", "")
        assert c.team_diversity == 1.0 and c.common_slots == 1 and c.repeat_pairs == 0


def test_people_without_a_common_hour_are_unmatched_with_the_reason():
    together = [person(n, slots=(MONDAY_18, TUESDAY_12)) for n in range(1, 5)]
    apart = [person(5, slots=(100,)), person(6, slots=(101,))]
    pool = together + apart
    proposal = propose(pool)
    assert [c.members for c in proposal.circles] == [[101, 102, 103, 104]]
    assert proposal.circles[0].common_slots == 2
    reason = "No group of 4 shares an hour in which they are available."
    assert proposal.unmatched == {105: reason, 106: reason}
    assert matchable(pool) == {101, 102, 103, 104}
    assert proposal.figures["matchable"] == 4 and proposal.figures["placed_share"] == 1.0


def test_avoid_lists_are_respected_in_either_direction():
    # 1 avoids 2; 6 is avoided by 3 (the list is 3's): each pair ends up apart
    pool = [person(1, avoid=(2,)), person(3, avoid=(6,))]
    pool += [person(n) for n in (2, 4, 5, 6, 7, 8)]
    proposal = propose(pool)
    assert len(proposal.circles) == 2 and proposal.unmatched == {}
    assert_valid(proposal, pool)
    circle_of = {m: i for i, c in enumerate(proposal.circles) for m in c.members}
    assert circle_of[101] != circle_of[102]
    assert circle_of[103] != circle_of[106]


def test_a_pool_that_only_works_with_an_avoided_pair_is_not_matchable():
    pool = [person(1, avoid=(2,))] + [person(n) for n in (2, 3, 4)]
    assert matchable(pool) == set()
    proposal = propose(pool)
    assert proposal.circles == []
    assert set(proposal.unmatched) == {101, 102, 103, 104}
    assert "asked not to be grouped" in proposal.unmatched[101]


def test_at_most_one_pair_who_met_before():
    pool = [person(n) for n in range(1, 6)]
    one = {frozenset((1, 2))}
    proposal = propose(pool, one)
    assert [len(c.members) for c in proposal.circles] == [5]
    assert proposal.circles[0].repeat_pairs == 1
    two = {frozenset((1, 2)), frozenset((3, 4))}
    proposal = propose(pool, two)
    assert [len(c.members) for c in proposal.circles] == [4]  # the fifth would bring a 2nd pair
    assert proposal.circles[0].repeat_pairs == 1
    assert_valid(proposal, pool, two)
    (left,) = proposal.unmatched.values()
    assert left.startswith("Every compatible circle was full")


def test_repeat_pairs_are_kept_apart_when_there_is_room():
    pool = [person(n) for n in range(1, 11)]
    past = {frozenset((1, 2)), frozenset((3, 4))}
    proposal = propose(pool, past)
    assert proposal.unmatched == {} and proposal.figures["repeat_pairs"] == 0


def test_in_person_circles_are_by_location():
    paris = [person(n, format="in_person", location="paris") for n in range(1, 5)]
    lyon = [person(n, format="in_person", location="lyon") for n in range(5, 8)]
    lyon.append(person(8, format="either", location="lyon"))
    reykjavik = [person(n, format="in_person", location="reykjavik") for n in (9, 10)]
    online = [person(n, format="virtual") for n in range(11, 14)]  # 3: too few alone
    pool = paris + lyon + reykjavik + online
    proposal = propose(pool)
    assert_valid(proposal, pool)
    found = {(c.format, c.location): c.members for c in proposal.circles}
    assert found == {
        ("in_person", "paris"): [101, 102, 103, 104],
        ("in_person", "lyon"): [105, 106, 107, 108],
    }
    assert proposal.unmatched[109] == "Only 2 people can meet in person in Reykjavik."
    assert proposal.unmatched[110] == "Only 2 people can meet in person in Reykjavik."
    # the three virtual people: the one "either" in Lyon is needed in person there
    assert proposal.unmatched[111].startswith("Every compatible circle was full")


def test_language_reasons():
    pool = [person(n) for n in range(1, 5)]
    pool.append(person(5, languages=("icelandic",)))
    pool += [person(n, languages=("faroese",)) for n in (6, 7)]
    proposal = propose(pool)
    assert proposal.unmatched[105] == "Nobody else in the pool speaks Icelandic."
    assert proposal.unmatched[106] == "Only 1 other person in the pool speaks Faroese."


def test_other_reasons():
    pool = [person(n) for n in range(1, 5)]
    pool.append(person(5, format="in_person", location=""))
    pool.append(person(6, slots=()))
    proposal = propose(pool)
    assert proposal.unmatched[105] == "They chose to meet in person but gave no location."
    assert (
        proposal.unmatched[106] == "They gave no available hour in which a one-hour meeting fits."
    )


def test_circles_mix_teams_and_departments():
    # 10 people, two per team; each circle should hold five different teams
    pool = [
        person(n, team=f"team-{(n - 1) // 2}", department=f"dept-{(n - 1) // 4}")
        for n in range(1, 11)
    ]
    proposal = propose(pool)
    assert [c.team_diversity for c in proposal.circles] == [1.0, 1.0]
    assert proposal.figures["mean_team_diversity"] == 1.0


def test_related_goals_come_together_when_teams_allow():
    terms = {
        n: ("writing", "public") if n <= 5 else ("budget", "forecasting") for n in range(1, 11)
    }
    pool = [person(n, goal_terms=terms[n]) for n in range(1, 11)]
    proposal = propose(pool)
    assert sorted(c.members for c in proposal.circles) == [
        [101, 102, 103, 104, 105],
        [106, 107, 108, 109, 110],
    ]
    assert all(c.goal_relatedness == 1.0 for c in proposal.circles)


def test_an_empty_pool():
    proposal = propose([])
    assert proposal.circles == [] and proposal.unmatched == {}
    assert proposal.figures["placed"] == 0


def test_duplicate_applicant_ids_are_refused():
    with pytest.raises(ValueError, match="unique"):
        propose([person(1), person(1)])


# --- check_circle --------------------------------------------------------------------------------


def test_check_circle_accepts_a_valid_circle():
    members = [person(n) for n in range(1, 6)]
    assert check_circle(members, MONDAY_18, "english", "virtual", "", set()) == []


def test_check_circle_messages():
    a, b, c = person(1), person(2, slots=(TUESDAY_12,)), person(3, languages=("german",))
    assert check_circle([a, person(4), person(5)], MONDAY_18, "english", "virtual", "") == [
        "A circle needs 4 or 5 members; this one would have 3."
    ]
    members = [a, b, c, person(4), person(5), person(6)]
    problems = check_circle(members, MONDAY_18, "English", "virtual", "", set())
    assert problems == [
        "A circle needs 4 or 5 members; this one would have 6.",
        "Applicant 102 is not available at Monday 18:00 UTC.",
        "Applicant 103 does not speak English.",
    ]
    assert check_circle([a, a, person(4), person(5)], MONDAY_18, "english", "virtual", "") == [
        "Applicant 101 is listed twice."
    ]
    assert check_circle([a, person(4), person(5), person(6)], 170, "english", "virtual", "") == [
        "170 is not an hour of the week (0–167)."
    ]


def test_check_circle_format_and_location():
    online = [person(n) for n in range(1, 4)]
    in_paris = person(4, format="in_person", location="paris")
    assert check_circle(online + [in_paris], MONDAY_18, "english", "virtual", "") == [
        "Applicant 104 only wants to meet in person."
    ]
    paris = [person(n, format="either", location="paris") for n in range(5, 8)]
    lyon = person(8, format="in_person", location="lyon")
    assert check_circle(paris + [lyon], MONDAY_18, "english", "in_person", "Paris") == [
        "Applicant 108 is in Lyon, not Paris."
    ]
    assert check_circle(paris + [online[0]], MONDAY_18, "english", "in_person", "paris") == [
        "Applicant 101 only wants to meet virtually."
    ]
    assert "An in-person circle needs a location." in check_circle(
        paris + [in_paris], MONDAY_18, "english", "in_person", ""
    )
    assert check_circle(paris + [in_paris], MONDAY_18, "english", "hybrid", "") == [
        "'hybrid' is not a circle format (virtual or in person)."
    ]


def test_check_circle_avoid_and_repeat_pairs():
    members = [person(1, avoid=(2,)), person(2), person(3), person(4)]
    assert check_circle(members, MONDAY_18, "english", "virtual", "") == [
        "Applicants 101 and 102 cannot be in one circle: one of them asked not to be grouped "
        "with the other."
    ]
    members = [person(n) for n in range(1, 6)]
    past = {frozenset((1, 2)), frozenset((3, 4))}
    assert check_circle(members, MONDAY_18, "english", "virtual", "", past) == [
        "Applicants 101 and 102 and 103 and 104 were in a circle together before; at most one "
        "such pair is allowed in a circle."
    ]
    assert check_circle(members, MONDAY_18, "english", "virtual", "", {frozenset((1, 2))}) == []


# --- a randomised pool ------------------------------------------------------------------------


def random_pool(size: int, seed: int):
    rng = random.Random(seed)
    languages = ["english", "german", "french", "japanese"]
    cities = ["paris", "berlin", "tokyo"]
    pool = []
    for n in range(1, size + 1):
        langs = {rng.choice(languages)}
        if rng.random() < 0.6:
            langs.add("english")
        fmt = rng.choices(["virtual", "either", "in_person"], [6, 2, 2])[0]
        base = rng.choice([8, 12, 17, 20])
        slots = {d * 24 + base + h for d in rng.sample(range(5), 3) for h in range(3)}
        avoid = {rng.randint(1, size)} if rng.random() < 0.05 else set()
        pool.append(
            person(
                n,
                team=f"team-{rng.randrange(20)}",
                department=f"dept-{rng.randrange(4)}",
                languages=langs,
                format=fmt,
                location=rng.choice(cities) if fmt != "virtual" else "",
                slots={s % 168 for s in slots},
                avoid=avoid - {n},
                goal_terms=set(rng.sample(["writing", "data", "sales", "design", "coaching"], 2)),
            )
        )
    past = set()
    for _ in range(size // 5):
        group = rng.sample(range(1, size + 1), 5)
        past.update(frozenset((a, b)) for i, a in enumerate(group) for b in group[i + 1 :])
    return pool, past


def test_a_random_pool_meets_every_hard_constraint():
    pool, past = random_pool(300, seed=4)
    proposal = propose(pool, past, seed=3)
    assert_valid(proposal, pool, past)
    able = matchable(pool, past)
    placed = {m for c in proposal.circles for m in c.members}
    assert placed <= able
    assert proposal.figures["matchable"] == len(able)
    assert proposal.figures["placed"] == len(placed)
    assert len(placed) >= 0.9 * len(able)
    for c in proposal.circles:
        assert 0 < c.team_diversity <= 1 and 0 <= c.goal_relatedness <= 1
        assert c.common_slots >= 1
    # the same seed gives the same proposal
    again = propose(pool, past, seed=3)
    assert [c.members for c in again.circles] == [c.members for c in proposal.circles]
    assert again.unmatched == proposal.unmatched


def test_people_move_to_make_room_for_someone_with_rare_hours():
    # twelve share Monday 18:00; person 13 can only do Tuesday 12:00, as can three of them
    pool = [person(n, slots=(MONDAY_18,)) for n in range(1, 10)]
    pool += [person(n, slots=(MONDAY_18, TUESDAY_12)) for n in (10, 11, 12)]
    pool.append(person(13, slots=(TUESDAY_12,)))
    proposal = propose(pool)
    assert proposal.unmatched == {}
    assert_valid(proposal, pool)
    tuesday = [c for c in proposal.circles if c.slot == TUESDAY_12]
    assert [c.members for c in tuesday] == [[110, 111, 112, 113]]
    assert sorted(len(c.members) for c in proposal.circles) == [4, 4, 5]


def test_six_who_share_one_hour_make_one_circle_of_five():
    pool = [person(n) for n in range(1, 7)]
    proposal = propose(pool)
    assert [len(c.members) for c in proposal.circles] == [5]
    assert matchable(pool) == {a.id for a in pool}
    assert proposal.figures["placed_share"] == round(5 / 6, 4)
    (why,) = proposal.unmatched.values()
    assert why == (
        "Every compatible circle was full, and nobody else in their language and hours was left "
        "over to start another."
    )


def test_a_repeated_local_hour_counts_once_at_its_first_occurrence():
    # Berlin's clocks go back on Sunday 31 October 2027: 02:00–03:00 happens twice
    sunday_02 = 6 * 24 + 2
    on = dt.date(2027, 10, 25)
    assert utc_slots([sunday_02], "Europe/Berlin", on) == {6 * 24 + 0}  # 02:00 CEST = 00:00 UTC
