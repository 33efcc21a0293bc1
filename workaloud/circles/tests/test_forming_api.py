"""Forming circles, the API under /api/circles: happy paths, and 400/401/403/404/422 that
change nothing."""

import datetime as dt

import pytest

from workaloud.circles import forming
from workaloud.circles.models import Circle, MatchingRun, PoolEntry, Round
from workaloud.circles.tests.test_forming import (
    TUE_17,
    TUE_18,
    circle_fields,
    fill_pool,
    today,
)
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.tests.api_helpers import assert_error, call, snapshot, token_client


def entry_body(**over) -> dict:
    body = {
        "goal_title": "Write a design guide",
        "format": "either",
        "languages": ["English"],
        "timezone": "Europe/Paris",
        "availability": [TUE_17, TUE_18],
        "avoid": [],
    }
    body.update(over)
    return body


def circle_body(**over) -> dict:
    body = {
        "title": "API circle",
        "language": "English",
        "timezone": "UTC",
        "starts_on": (today() + dt.timedelta(days=8)).isoformat(),
        "weekday": 3,
        "start_time": "12:30",
        "size_limit": 4,
    }
    body.update(over)
    return body


def test_the_pool_through_the_api(alice, bob, spring):
    c, _ = token_client(alice)
    url = f"/api/circles/rounds/{spring.pk}/entry"
    rounds = call(c, "GET", "/api/circles/rounds").json()
    assert [r["id"] for r in rounds] == [spring.pk] and rounds[0]["open_for_signup"]
    assert_error(call(c, "GET", url), 404)
    answer = call(c, "POST", url, entry_body(avoid=["bob"]))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["goal"]["title"] == "Write a design guide" and body["avoid"] == ["bob"]
    assert call(c, "GET", url).json()["availability"] == [TUE_17, TUE_18]
    patched = call(c, "PATCH", url, {"availability": [1, 2, 3], "languages": ["fr"]}).json()
    assert patched["availability"] == [1, 2, 3] and patched["languages"] == ["French"]
    assert patched["avoid"] == ["bob"]  # unchanged
    # Bob cannot read Alice's entry: he has none of his own in that round.
    bobs, _ = token_client(bob)
    assert_error(call(bobs, "GET", url), 404)
    assert call(c, "DELETE", url).status_code == 200
    assert_error(call(c, "GET", url), 404)
    assert PoolEntry.objects.get().withdrawn_at is not None


@pytest.mark.parametrize(
    "body, status, field",
    [
        (entry_body(languages=[]), 400, "languages"),
        (entry_body(languages=["Klingon"]), 400, "languages"),
        (entry_body(availability=[200]), 400, "availability"),
        (entry_body(availability=[]), 400, "availability"),
        (entry_body(timezone="Moon/Base"), 400, "timezone"),
        (entry_body(format="in_person"), 400, "location"),
        (entry_body(goal_title=None), 400, "goal_id"),
        (entry_body(goal_id=987654, goal_title=None), 400, "goal_id"),
        (entry_body(avoid=["ghost"]), 400, "avoid"),
        (entry_body(format="hologram"), 422, "format"),
        (entry_body(availability="Tuesday"), 422, "availability"),
        (entry_body(colour="red"), 422, "colour"),
        ({"format": "virtual"}, 422, "languages"),
    ],
)
def test_bad_pool_entries(alice, spring, body, status, field):
    c, _ = token_client(alice)
    before = snapshot()
    assert_error(call(c, "POST", f"/api/circles/rounds/{spring.pk}/entry", body), status, field)
    assert snapshot() == before


def test_pool_of_a_missing_round_is_404(alice):
    c, _ = token_client(alice)
    assert_error(call(c, "POST", "/api/circles/rounds/4242/entry", entry_body()), 404)
    assert_error(call(c, "GET", "/api/circles/rounds/0/entry"), 422)


def test_open_circles_through_the_api(alice, bob, carol):
    a, _ = token_client(alice)
    answer = call(a, "POST", "/api/circles/open", circle_body())
    assert answer.status_code == 201, answer.content
    circle = answer.json()
    assert circle["member_count"] == 1 and circle["status"] == "open"
    assert circle["slot"] == "Thursdays 12:30 (UTC)"
    b, _ = token_client(bob)
    found = call(b, "GET", "/api/circles/open", language="English").json()
    assert [x["id"] for x in found] == [circle["id"]]
    assert call(b, "GET", "/api/circles/open", format="in_person").json() == []
    joined = call(b, "POST", f"/api/circles/{circle['id']}/join", raw="")
    assert joined.status_code == 200 and joined.json()["member_count"] == 2
    assert Notification.objects.filter(
        kind=NotificationKind.CIRCLE_JOINED, recipient=alice
    ).exists()
    mine = call(b, "GET", "/api/circles/mine").json()
    assert [x["id"] for x in mine["current"]] == [circle["id"]] and mine["past"] == []
    assert call(b, "POST", f"/api/circles/{circle['id']}/leave").json() == {"left": True}
    c, _ = token_client(carol)
    assert_error(call(c, "POST", f"/api/circles/{circle['id']}/leave"), 400)
    assert_error(call(c, "POST", "/api/circles/777777/join", {}), 404)
    assert_error(call(c, "GET", "/api/circles/open", format="smoke"), 400)
    assert_error(call(c, "GET", "/api/circles/open", fits_me="true"), 400)


@pytest.mark.parametrize(
    "body, status, field",
    [
        (circle_body(size_limit=6), 400, "size_limit"),
        (circle_body(size_limit=3), 400, "size_limit"),
        (circle_body(starts_on="2000-01-01"), 400, "starts_on"),
        (circle_body(language="Sindarin"), 400, "language"),
        (circle_body(timezone="Narnia/Cair"), 400, "timezone"),
        (circle_body(format="in_person"), 400, "location"),
        (circle_body(weekday=9), 400, "weekday"),
        (circle_body(round_id=5555), 400, "round_id"),
        (circle_body(start_time="noon"), 422, "start_time"),
        (circle_body(starts_on="tomorrow"), 422, "starts_on"),
        (circle_body(format="hologram"), 422, "format"),
        (circle_body(title="x" * 121), 422, "title"),
    ],
)
def test_bad_open_circles(alice, body, status, field):
    c, _ = token_client(alice)
    before = snapshot()
    assert_error(call(c, "POST", "/api/circles/open", body), status, field)
    assert snapshot() == before


def test_a_full_circle_refuses_a_fifth_through_the_api(alice, make_person):
    circle = forming.create_open_circle(alice, **circle_fields(size_limit=4))
    for _ in range(3):
        forming.join_circle(make_person(), circle)
    c, _ = token_client(make_person())
    before = snapshot()
    body = assert_error(call(c, "POST", f"/api/circles/{circle.pk}/join", {}), 400)
    assert "is full" in body["detail"]
    assert snapshot() == before


def test_rounds_and_matching_through_the_api(olga, make_person):
    o, _ = token_client(olga)
    answer = call(
        o,
        "POST",
        "/api/circles/rounds",
        {"title": "API round", "starts_on": (today() + dt.timedelta(days=20)).isoformat()},
    )
    assert answer.status_code == 201, answer.content
    round_ = Round.objects.get(pk=answer.json()["id"])
    patched = call(o, "PATCH", f"/api/circles/rounds/{round_.pk}", {"title": "API round 2"})
    assert patched.json()["title"] == "API round 2"
    fill_pool(round_, make_person, 9)
    figures = call(o, "GET", f"/api/circles/rounds/{round_.pk}/pool").json()
    assert figures["people"] == 9
    run = call(o, "POST", f"/api/circles/rounds/{round_.pk}/matching")
    assert run.status_code == 201, run.content
    run = run.json()
    assert run["status"] == "proposed" and len(run["circles"]) == 2
    assert run["figures"]["placed"] == 9
    member = run["circles"][0]["members"][0]
    assert member["person"]["username"].startswith("p") and member["local_slot"]
    five = next(x for x in run["circles"] if len(x["members"]) == 5)
    four = next(x for x in run["circles"] if len(x["members"]) == 4)
    url = f"/api/circles/matching/{run['id']}"
    before = snapshot()
    refused = assert_error(
        call(o, "POST", f"{url}/move", {"entry_id": four["members"][0]["entry_id"], "to": 99}),
        400,
        "to",
    )
    assert "no proposed circle 99" in refused["detail"]
    assert_error(
        call(
            o,
            "POST",
            f"{url}/move",
            {"entry_id": four["members"][0]["entry_id"], "to": five["key"]},
        ),
        400,
    )
    assert_error(call(o, "POST", f"{url}/move", {"entry_id": "x", "to": None}), 422, "entry_id")
    assert_error(call(o, "POST", f"{url}/move", {"to": None}), 422, "entry_id")
    assert snapshot() == before
    assert_error(call(o, "POST", f"{url}/dissolve", {"key": 42}), 400, "key")
    assert_error(call(o, "POST", f"{url}/dissolve", {"key": "one"}), 422, "key")
    assert snapshot() == before
    moved = call(
        o, "POST", f"{url}/move", {"entry_id": five["members"][0]["entry_id"], "to": None}
    ).json()
    assert len(moved["unmatched"]) == 1 and moved["figures"]["placed"] == 8
    assert call(o, "GET", url).json()["figures"]["placed"] == 8
    confirmed = call(o, "POST", f"{url}/confirm")
    assert confirmed.status_code == 200, confirmed.content
    assert len(confirmed.json()["circles"]) == 2
    assert {c["origin"] for c in confirmed.json()["circles"]} == {"matched"}
    assert_error(call(o, "POST", f"{url}/confirm"), 400)
    assert_error(call(o, "POST", f"{url}/discard"), 400)
    assert_error(call(o, "POST", "/api/circles/matching/31337/confirm"), 404)


def test_organiser_endpoints_are_403_for_members(alice, spring, olga, make_person):
    fill_pool(spring, make_person, 8)
    run = forming.run_matching(spring, olga, time_limit=5)
    c, _ = token_client(alice)
    before = snapshot()
    for method, path, body in [
        ("POST", "/api/circles/rounds", {"title": "x", "starts_on": "2030-01-01"}),
        ("PATCH", f"/api/circles/rounds/{spring.pk}", {"title": "x"}),
        ("GET", f"/api/circles/rounds/{spring.pk}/pool", None),
        ("POST", f"/api/circles/rounds/{spring.pk}/matching", None),
        ("GET", f"/api/circles/matching/{run.pk}", None),
        ("POST", f"/api/circles/matching/{run.pk}/move", {"entry_id": 1, "to": None}),
        ("POST", f"/api/circles/matching/{run.pk}/confirm", None),
        ("POST", f"/api/circles/matching/{run.pk}/discard", None),
        ("POST", f"/api/circles/matching/{run.pk}/dissolve", {"key": 1}),
        ("GET", "/api/circles/matching/999999", None),
    ]:
        assert_error(call(c, method, path, body), 403)
    assert snapshot() == before
    assert MatchingRun.objects.get().status == MatchingRun.Status.PROPOSED


def test_anonymous_callers_get_401(client, spring):
    assert_error(call(client, "GET", "/api/circles/mine"), 401)
    assert_error(call(client, "POST", f"/api/circles/rounds/{spring.pk}/entry", entry_body()), 401)


def test_avoid_lists_never_reach_the_organisers_api(olga, spring, make_person):
    people = fill_pool(spring, make_person, 8)
    make_person("hidden-one")
    forming.update_pool_entry(
        PoolEntry.objects.get(person=people[0]), people[0], avoid=["hidden-one"]
    )
    o, _ = token_client(olga)
    run = call(o, "POST", f"/api/circles/rounds/{spring.pk}/matching").content.decode()
    figures = call(o, "GET", f"/api/circles/rounds/{spring.pk}/pool").content.decode()
    assert "hidden-one" not in run and "hidden-one" not in figures
    assert "avoid" not in run and "avoid" not in figures
    assert_error(call(o, "GET", f"/api/circles/rounds/{spring.pk}/entry"), 404)


def test_a_circle_of_another_round_is_not_open_to_join(alice, bob, olga, spring, make_person):
    fill_pool(spring, make_person, 8)
    run = forming.run_matching(spring, olga, time_limit=5)
    (circle, *_) = forming.confirm_run(run, olga)
    c, _ = token_client(bob)
    body = assert_error(call(c, "POST", f"/api/circles/{circle.pk}/join", {}), 400)
    assert "not open to join" in body["detail"]
    assert Circle.objects.filter(pk=circle.pk, memberships__person=bob).count() == 0


def test_setting_aside_a_circle_through_the_api(olga, spring, make_person):
    fill_pool(spring, make_person, 9)
    run = forming.run_matching(spring, olga, time_limit=5)
    o, _ = token_client(olga)
    answer = call(o, "POST", f"/api/circles/matching/{run.pk}/dissolve", {"key": 2})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert [c["key"] for c in body["circles"]] == [1]
    assert {u["reason"] for u in body["unmatched"]} == {forming.DISSOLVED_BY_ORGANISER}
