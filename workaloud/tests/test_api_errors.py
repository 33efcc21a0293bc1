"""Bad input answers a clear JSON error with the right status and changes nothing."""

import base64

import pytest

from workaloud.testing.factories import make_goal, make_update
from workaloud.tests.api_helpers import assert_error, call, snapshot


@pytest.fixture
def alice_client(alice, client_for):
    make_update(alice, body="Something already there")
    return client_for(alice)


@pytest.mark.parametrize(
    "raw",
    ['{"body": "unterminated', "not json at all", '{"body": "x",}', "\x00", "{'body': 'x'}"],
)
def test_malformed_json_is_a_json_400(alice_client, raw):
    before = snapshot()
    body = assert_error(call(alice_client, "post", "/api/updates", raw=raw), 400)
    assert "JSON" in body["detail"]
    assert snapshot() == before


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"body": 5}, "body"),
        ({"body": ["a"]}, "body"),
        ({"body": "x", "goal_id": "seven"}, "goal_id"),
        ({"body": "x", "publish": "perhaps"}, "publish"),
        ({"body": "x", "stage": "finished"}, "stage"),
        ({"body": "x", "audience": "everyone"}, "audience"),
        ({"body": "x", "goal_id": 2**64}, "goal_id"),
        ({"body": "x", "goal_id": 0}, "goal_id"),
        ({"body": "x", "colour": "red"}, "colour"),
        ({"body": "x" * 10_001}, "body"),
        ({"body": "x", "ask": "?" * 1001}, "ask"),
        ({"body": "null\x00byte"}, "body"),
        ({}, "body"),
    ],
)
def test_wrong_types_and_shapes_are_422_naming_the_field(alice_client, payload, field):
    before = snapshot()
    assert_error(call(alice_client, "post", "/api/updates", payload), 422, field)
    assert snapshot() == before


@pytest.mark.parametrize("raw", ["[1, 2]", '"a string"', "42", "null"])
def test_a_body_that_is_not_an_object_is_422(alice_client, raw):
    before = snapshot()
    assert_error(call(alice_client, "post", "/api/updates", raw=raw), 422)
    assert snapshot() == before


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_empty_update_is_400(alice_client, body):
    before = snapshot()
    assert_error(call(alice_client, "post", "/api/updates", {"body": body}), 400, "body")
    assert snapshot() == before


def test_unknown_goal_id_is_400_on_goal_id(alice_client, bob):
    bobs_goal = make_goal(bob)
    before = snapshot()
    for goal_id in [999_999, bobs_goal.pk]:
        body = assert_error(
            call(alice_client, "post", "/api/updates", {"body": "x", "goal_id": goal_id}),
            400,
            "goal_id",
        )
        assert str(goal_id) in body["detail"]
    assert snapshot() == before


def test_update_wider_than_its_goal_is_400(alice, alice_client):
    goal = make_goal(alice, audience="only_me")
    before = snapshot()
    payload = {"body": "x", "goal_id": goal.pk, "audience": "community"}
    assert_error(call(alice_client, "post", "/api/updates", payload), 400, "audience")
    assert snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/updates/abc",
        "/api/updates/99999999999999999999999",
        "/api/goals/-1",
        "/api/feed/home?limit=abc",
        "/api/feed/home?limit=0",
        "/api/feed/home?limit=1000",
        "/api/notifications?limit=-3",
    ],
)
def test_bad_path_and_query_values_are_422(alice_client, path):
    assert_error(call(alice_client, "get", path), 422)


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "zzz",
        "%%%",
        _cursor("not a cursor"),
        _cursor("2026-01-01T00:00:00+00:00|99999999999999999999999"),
        _cursor("0001-01-01T00:00:00+05:00|1"),
        _cursor("9999-12-31T23:59:59-05:00|1"),
        _cursor("2026-01-01|1"),
        _cursor("2026-01-01T00:00:00+00:00|-1"),
    ],
)
@pytest.mark.parametrize("feed", ["home", "discover", "asks"])
def test_invalid_cursor_is_400(alice_client, feed, cursor):
    body = assert_error(
        call(alice_client, "get", f"/api/feed/{feed}", cursor=cursor), 400, "cursor"
    )
    assert "first page" in body["detail"]


def test_unknown_profile_field_and_bad_time_zone(alice, alice_client):
    before = snapshot()
    assert_error(call(alice_client, "patch", "/api/me", {"username": "mallory"}), 422, "username")
    assert_error(
        call(alice_client, "patch", "/api/me", {"timezone": "Mars/Olympus"}), 400, "timezone"
    )
    assert_error(call(alice_client, "patch", "/api/me", {"team": "t" * 81}), 422, "team")
    assert_error(call(alice_client, "patch", "/api/me", {"bio": None}), 422, "bio")
    assert snapshot() == before


def test_unknown_id_is_a_json_404(alice_client):
    for path in ["/api/updates/987654", "/api/goals/987654", "/api/people/nobody"]:
        assert_error(call(alice_client, "get", path), 404)
