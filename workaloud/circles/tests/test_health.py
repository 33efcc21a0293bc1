"""Circle health: attendance by week, check-ins, streaks and members at risk by explicit rules;
members see names, organisers see only figures, and opinions only over five people or more."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from workaloud.circles.health import circle_health, health_of_circles, round_health
from workaloud.circles.models import Membership, Retrospective, Round
from workaloud.circles.tests.keeping_builders import check_in, make_circle, mark
from workaloud.testing.factories import make_person
from workaloud.tests.api_helpers import assert_error, call, token_client

pytestmark = pytest.mark.django_db

SECRET = "Told my manager about the reorg rumour"


@pytest.fixture
def dan(db):
    return make_person("dan", display_name="Dan Dune")


@pytest.fixture
def circle(alice, bob, carol, dan):
    """Six meetings held (the sixth ended an hour ago). Week 3's attendance was never recorded.
    Bob missed weeks 5 and 6 and checked in up to week 4; Carol came every week but stopped
    checking in after week 3; Alice and Dan did everything."""
    c = make_circle(alice, [bob, carol, dan], week=6, started_ago=dt.timedelta(hours=2))
    for week in (1, 2, 4):
        mark(c, week, present=[alice, bob, carol, dan])
    for week in (5, 6):
        mark(c, week, present=[alice, carol, dan], absent=[bob])
    for week in range(1, 7):
        check_in(c, week, alice)
        check_in(c, week, dan, did=SECRET)
    for week in range(1, 5):
        check_in(c, week, bob)
    for week in range(1, 4):
        check_in(c, week, carol)
    return c


@pytest.fixture
def organiser(db):
    person = make_person("olga", display_name="Olga Organiser")
    person.user_permissions.add(Permission.objects.get(codename="organise_circles"))
    return person


def test_weeks_and_members(circle, alice, bob, carol, dan):
    h = circle_health(circle)
    assert [w.held for w in h.weeks] == [True] * 6 + [False] * 6
    assert [w.attendance_percent for w in h.held_weeks] == [100, 100, None, 100, 75, 75]
    assert [w.check_ins for w in h.held_weeks] == [4, 4, 4, 3, 2, 2]
    assert (h.check_ins_done, h.check_ins_expected) == (19, 24)
    assert h.attendance_percent == 90  # 18 present of 20 expected in the recorded weeks
    assert h.trend == "falling"  # weeks 5–6 at 75% against weeks 2 and 4 at 100%
    by_name = {m.person.username: m for m in h.members}
    assert {name: m.streak for name, m in by_name.items()} == {
        "alice": 6,
        "bob": 0,
        "carol": 6,  # present every recorded week; week 3 counts by her check-in
        "dan": 6,
    }
    assert by_name["bob"].reasons == ["Missed the last 2 meetings (weeks 5 and 6)."]
    assert by_name["carol"].reasons == ["No check-in in the last 3 weeks (weeks 4–6)."]
    assert not by_name["alice"].at_risk and not by_name["dan"].at_risk
    assert (by_name["bob"].attended, by_name["bob"].missed) == (3, 2)
    assert [m.person for m in h.at_risk] == [bob, carol]


def test_an_unrecorded_meeting_counts_against_no_one(alice, bob, carol, dan):
    # two meetings held
    c = make_circle(alice, [bob, carol, dan], week=2, started_ago=dt.timedelta(hours=2))
    mark(c, 1, present=[alice, bob, carol, dan])
    h = circle_health(c)
    assert not h.at_risk  # week 2 was never recorded: nobody "missed" it
    assert h.held_weeks[1].attendance_percent is None


def test_a_late_joiner_is_judged_on_the_meetings_since_joining(circle, alice, bob, carol, dan):
    eve = make_person("eve", display_name="Eve Evans")
    week5 = circle.meetings.get(week=5)
    ms = Membership.objects.create(circle=circle, person=eve)
    Membership.objects.filter(pk=ms.pk).update(joined_at=week5.starts_at - dt.timedelta(days=1))
    mark(circle, 5, present=[eve])
    mark(circle, 6, absent=[eve])
    h = circle_health(circle)
    eves = next(m for m in h.members if m.person == eve)
    assert eves.meetings_counted == 2
    # Missed one of her two, no check-in in two weeks: neither rule has enough weeks.
    assert eves.reasons == []
    assert [w.expected for w in h.held_weeks] == [4, 4, 4, 4, 5, 5]


def test_a_new_circle_has_nothing_to_report(alice, bob):
    c = make_circle(alice, [bob], first_meeting=timezone.now() + dt.timedelta(days=3))
    h = circle_health(c)
    assert h.held_weeks == [] and h.at_risk == [] and h.attendance_percent is None
    assert h.trend == "too early"


def test_health_of_many_circles_takes_four_queries(circle, alice, bob, django_assert_num_queries):
    other = make_circle(bob, [alice], week=3, started_ago=dt.timedelta(hours=2), title="Second")
    with django_assert_num_queries(4):
        result = health_of_circles([circle, other])
    assert [len(h.held_weeks) for h in result] == [6, 3]


# -- organisers -----------------------------------------------------------------------------


def _retros(circle, people, scores):
    for person, score in zip(people, scores, strict=True):
        Retrospective.objects.create(
            circle=circle, person=person, what_changed=SECRET, recommend=score
        )


def test_round_health_is_figures_only(circle, alice, bob, carol, dan):
    spring = Round.objects.create(title="Spring", starts_on=dt.date(2026, 3, 2))
    circle.round = spring
    circle.save()
    report = round_health(spring)
    (figures,) = report.circles
    assert figures.members_at_risk == 2
    assert figures.attendance_by_week == [100, 100, None, 100, 75, 75]
    assert (figures.check_ins_done, figures.check_ins_expected) == (19, 24)
    assert not any(
        name in repr(report)
        for name in ("Alice", "Bob Baker", "Carol Chen", "Dan Dune", "'bob'", "'dan'", SECRET)
    )


def test_retrospective_figures_need_five_answers(circle, alice, bob, carol, dan):
    spring = Round.objects.create(title="Spring", starts_on=dt.date(2026, 3, 2))
    circle.round = spring
    circle.save()
    _retros(circle, [alice, bob, carol, dan], [9, 7, 10, 8])
    withheld = round_health(spring).retrospectives
    assert (withheld.answers, withheld.shown, withheld.mean_recommend) == (4, False, None)
    assert withheld.distribution is None

    eve = make_person("eve")
    second = make_circle(eve, title="Second", week=12, started_ago=dt.timedelta(0), round=spring)
    _retros(second, [eve], [4])
    shown = round_health(spring).retrospectives
    assert (shown.answers, shown.shown, shown.mean_recommend) == (5, True, 7.6)
    assert shown.distribution == [0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1]


# -- pages ----------------------------------------------------------------------------------


def test_member_health_page(client_for, circle, alice):
    page = client_for(alice).get(f"/circles/{circle.pk}/health/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bob Baker" in html and "Missed the last 2 meetings (weeks 5 and 6)." in html
    assert "No check-in in the last 3 weeks (weeks 4–6)." in html
    assert 'data-testid="attendance-chart"' in html
    assert SECRET not in html


def test_health_page_is_for_members_only(client_for, client, circle, organiser):
    assert client_for(organiser).get(f"/circles/{circle.pk}/health/").status_code == 404
    assert client_for(organiser).get("/circles/999999/health/").status_code == 404
    assert client.get(f"/circles/{circle.pk}/health/").status_code == 302  # to log in


def test_organiser_page_shows_figures_not_names(client_for, circle, organiser, alice, bob):
    spring = Round.objects.create(title="Spring", starts_on=dt.date(2026, 3, 2))
    circle.round = spring
    circle.save()
    _retros(circle, [alice], [9])
    page = client_for(organiser).get("/circles/organise/health/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Product people" in html and 'data-testid="at-risk-count"' in html
    for secret in ("Alice Archer", "Bob Baker", "Carol Chen", "Dan Dune", "alice", SECRET):
        assert secret not in html
    assert "Shown once at least 5 people have answered" in html and "(1 so far)" in html


def test_organiser_page_filters_and_refuses(client_for, circle, organiser, alice):
    spring = Round.objects.create(title="Spring", starts_on=dt.date(2026, 3, 2))
    c = client_for(organiser)
    outside = c.get("/circles/organise/health/?round=none")
    assert outside.status_code == 200 and "Product people" in outside.content.decode()
    only_spring = c.get(f"/circles/organise/health/?round={spring.pk}")
    assert "Product people" not in only_spring.content.decode()
    bad = c.get("/circles/organise/health/?round=abc", follow=True)
    assert bad.status_code == 200 and "There is no round" in bad.content.decode()
    assert client_for(alice).get("/circles/organise/health/").status_code == 403


def test_health_partial_on_the_circle_page(client_for, circle, alice, organiser):
    html = client_for(alice).get(f"/circles/{circle.pk}/").content.decode()
    assert 'data-testid="circle-health"' in html and "Bob Baker" in html


# -- API ------------------------------------------------------------------------------------


def test_api_health(circle, alice):
    client = token_client(alice)[0]
    answer = call(client, "get", f"/api/circles/{circle.pk}/health")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["check_ins_done"] == 19 and body["trend"] == "falling"
    bob = next(m for m in body["members"] if m["person"]["username"] == "bob")
    assert bob["at_risk"] and bob["reasons"] == ["Missed the last 2 meetings (weeks 5 and 6)."]
    assert [w["attendance_percent"] for w in body["weeks"][:6]] == [100, 100, None, 100, 75, 75]


def test_api_health_refuses(circle, organiser, client):
    assert_error(call(token_client(organiser)[0], "get", f"/api/circles/{circle.pk}/health"), 404)
    assert_error(call(token_client(organiser)[0], "get", "/api/circles/0/health"), 422)
    assert_error(call(client, "get", f"/api/circles/{circle.pk}/health"), 401)


def test_api_organiser_health(circle, organiser, alice):
    spring = Round.objects.create(title="Spring", starts_on=dt.date(2026, 3, 2))
    circle.round = spring
    circle.save()
    client = token_client(organiser)[0]
    answer = call(client, "get", "/api/circles/organise/health")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["round"]["title"] == "Spring" and body["min_group"] == 5
    assert body["circles"][0]["members_at_risk"] == 2
    assert body["retrospectives"] == {
        "answers": 0,
        "shown": False,
        "mean_recommend": None,
        "distribution": None,
    }
    text = answer.content.decode()
    assert "alice" not in text and "Bob" not in text and SECRET not in text
    outside = call(client, "get", "/api/circles/organise/health", outside_rounds="true")
    assert outside.json()["round"] is None and outside.json()["circles"] == []


@pytest.mark.parametrize(
    "who, query, status",
    [
        ("alice", {}, 403),
        ("olga", {"round_id": 999999}, 404),
        ("olga", {"round_id": 0}, 422),
        ("olga", {"round_id": "spring"}, 422),
    ],
)
def test_api_organiser_health_refuses(circle, organiser, alice, who, query, status):
    client = token_client(organiser if who == "olga" else alice)[0]
    assert_error(call(client, "get", "/api/circles/organise/health", **query), status)
