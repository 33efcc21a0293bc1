"""The relationship list API: my goal's list with ratings history and calibration, adding,
rating, changing and removing people; its errors; and its answers match the OpenAPI document."""

import pytest
from django.test import Client

from workaloud.relationship_lists import services
from workaloud.relationship_lists.models import ListEntry, Rating
from workaloud.testing.factories import make_person
from workaloud.tests.api_helpers import assert_error, call, snapshot, token_client
from workaloud.tests.test_api_openapi import _response_schema, assert_matches

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(alice):
    return token_client(alice)[0]


def url(goal, *rest) -> str:
    return "/".join([f"/api/goals/{goal.pk}/relationship-list", *map(str, rest)])


def test_build_and_read_a_list(api, alice, bob, carol, goal, record):
    record(carol, alice, "offer_of_help")
    record(alice, carol, "thanks")  # stage 3 between Alice and Carol
    added = call(
        api,
        "post",
        url(goal),
        {"username": "@bob", "direction": "they_help_me", "rating": 4, "note": "Ran a pilot"},
    )
    assert added.status_code == 201, added.content
    bob_entry = added.json()
    assert bob_entry["person"]["username"] == "bob" and bob_entry["name"] == "Bob Baker"
    assert bob_entry["current_rating"] == 4 and bob_entry["outside_name"] == ""
    assert bob_entry["calibration"]["verdict"] == "rated_higher"
    assert bob_entry["calibration"]["stage"] == 0

    sam = call(
        api,
        "post",
        url(goal),
        {"outside_name": "Sam Rivera", "outside_about": "ex-colleague at Acme"},
    ).json()
    assert sam["person"] is None and sam["current_rating"] is None and sam["ratings"] == []
    assert sam["calibration"] == {
        "verdict": "no_stage",
        "stage": None,
        "stage_name": "",
        "message": sam["calibration"]["message"],
    }
    carol_entry = call(api, "post", url(goal), {"username": "carol", "rating": 0}).json()

    rated = call(api, "post", url(goal, sam["id"], "ratings"), {"value": 2, "note": "Coffee"})
    assert rated.status_code == 201
    rated = call(api, "post", url(goal, sam["id"], "ratings"), {"value": 3}).json()
    assert [(r["value"], r["label"], r["note"]) for r in rated["ratings"]] == [
        (2, "We have exchanged a few words", "Coffee"),
        (3, "We have helped each other", ""),
    ]
    assert rated["change"].startswith("2 → 3 since ")

    listing = call(api, "get", url(goal)).json()
    assert listing["goal"] == {"id": goal.pk, "title": goal.title}
    assert [s["value"] for s in listing["scale"]] == [0, 1, 2, 3, 4, 5]
    assert "2 or more apart" in listing["calibration_rule"]
    assert [e["name"] for e in listing["entries"]] == ["Bob Baker", "Sam Rivera", "Carol Chen"]
    carol_listed = listing["entries"][2]
    assert carol_listed["id"] == carol_entry["id"]
    assert carol_listed["calibration"]["verdict"] == "rated_lower"
    assert carol_listed["calibration"]["stage_name"] == "Reciprocal exchange"
    assert "maybe you are closer than you think" in carol_listed["calibration"]["message"]

    patched = call(
        api, "patch", url(goal, sam["id"]), {"outside_name": "Sam R.", "direction": "both"}
    )
    assert patched.status_code == 200
    assert (patched.json()["name"], patched.json()["direction"]) == ("Sam R.", "both")
    assert patched.json()["outside_about"] == "ex-colleague at Acme"  # not sent: unchanged

    deleted = call(api, "delete", url(goal, sam["id"]))
    assert deleted.status_code == 204
    assert not ListEntry.objects.filter(pk=sam["id"]).exists()
    assert not Rating.objects.filter(entry_id=sam["id"]).exists()


def test_the_browser_session_works_too(alice, bob, goal, client_for):
    client = client_for(alice)
    assert call(client, "post", url(goal), {"username": "bob"}).status_code == 201
    assert len(call(client, "get", url(goal)).json()["entries"]) == 1


# --- errors: a clear message, the shared shape, nothing changed -----------------------------


@pytest.fixture
def listed(alice, bob, carol, goal):
    make_person("gone", is_active=False)
    services.add_person(alice, goal, outside_name="Sam Rivera")
    return services.add_person(alice, goal, bob, rating=2)


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"username": "carol", "rating": 6}, 422, "rating"),
        ({"username": "carol", "rating": -1}, 422, "rating"),
        ({"username": "carol", "rating": 2.5}, 422, "rating"),
        ({"username": "carol", "rating": "3"}, 422, "rating"),
        ({"username": "carol", "rating": True}, 422, "rating"),
        ({"username": "alice"}, 400, "username"),
        ({"username": "nobody"}, 400, "username"),
        ({"username": "gone"}, 400, "username"),
        ({"username": "bob"}, 400, "username"),
        ({"username": ""}, 400, "username"),
        ({"username": "x" * 32}, 422, "username"),
        ({"username": "bo\x00b"}, 422, "username"),
        ({}, 400, "outside_name"),
        ({"outside_name": "  "}, 400, "outside_name"),
        ({"outside_name": "SAM RIVERA"}, 400, "outside_name"),
        ({"outside_name": "x" * 101}, 422, "outside_name"),
        ({"outside_name": "Jo", "outside_about": "a" * 201}, 422, "outside_about"),
        ({"outside_name": "Jo", "note": "n" * 1001}, 422, "note"),
        ({"outside_name": "Jo", "rating": 2, "rating_note": "r" * 301}, 422, "rating_note"),
        ({"outside_name": "Jo", "direction": "upwards"}, 422, "direction"),
        ({"outside_name": "Jo", "goal_id": 3}, 422, "goal_id"),
        ({"username": "carol", "outside_about": "Acme"}, 400, "outside_about"),
        ({"username": "carol", "outside_name": "Carol"}, 400, None),
    ],
)
def test_add_refuses(api, goal, listed, body, status, field):
    before = snapshot()
    error = assert_error(call(api, "post", url(goal), body), status, field)
    assert snapshot() == before
    if field is None:
        assert "not both" in error["detail"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"value": 6}, "value"),
        ({"value": -1}, "value"),
        ({"value": 3.5}, "value"),
        ({"value": "3"}, "value"),
        ({"value": None}, "value"),
        ({}, "value"),
        ({"value": 3, "note": "n" * 301}, "note"),
    ],
)
def test_rate_refuses(api, goal, listed, body, field):
    before = snapshot()
    assert_error(call(api, "post", url(goal, listed.pk, "ratings"), body), 422, field)
    assert snapshot() == before


def test_patch_refuses(api, goal, listed):
    sam = ListEntry.objects.get(outside_name="Sam Rivera")
    before = snapshot()
    assert_error(call(api, "patch", url(goal, listed.pk), {"outside_name": "Bobby"}), 400)
    assert_error(call(api, "patch", url(goal, sam.pk), {"outside_name": ""}), 400, "outside_name")
    assert_error(call(api, "patch", url(goal, sam.pk), {"outside_name": None}), 422, "outside_name")
    assert_error(call(api, "patch", url(goal, sam.pk), {"person": "bob"}), 422, "person")
    assert_error(call(api, "patch", url(goal, sam.pk), raw="{not json"), 400)
    assert snapshot() == before


def test_unknown_and_out_of_range_ids(api, goal, listed):
    before = snapshot()
    for method, path, body in [
        ("get", "/api/goals/999999/relationship-list", None),
        ("post", "/api/goals/999999/relationship-list", {"outside_name": "Jo"}),
        ("post", url(goal, 999999, "ratings"), {"value": 3}),
        ("patch", url(goal, 999999), {"note": "x"}),
        ("delete", url(goal, 999999), None),
    ]:
        assert_error(call(api, method, path, body), 404)
    for path in [
        "/api/goals/99999999999999999999999/relationship-list",
        url(goal, "99999999999999999999999"),
        url(goal, 0),
    ]:
        assert call(api, "get" if path.endswith("list") else "delete", path).status_code == 422
    assert snapshot() == before


# --- the OpenAPI document -------------------------------------------------------------------


def test_answers_match_the_documented_schemas(api, alice, bob, goal, listed):
    document = Client().get("/api/openapi.json").json()
    base = "/api/goals/{goal_id}/relationship-list"
    sam = ListEntry.objects.get(outside_name="Sam Rivera")
    checks = [
        ("get", url(goal), base, None, 200),
        ("post", url(goal), base, {"outside_name": "Jo", "rating": 1}, 201),
        ("post", url(goal, sam.pk, "ratings"), f"{base}/{{entry_id}}/ratings", {"value": 2}, 201),
        ("patch", url(goal, listed.pk), f"{base}/{{entry_id}}", {"note": "n"}, 200),
        ("post", url(goal), base, {"username": "nobody"}, 400),
        ("post", url(goal), base, {"outside_name": "Jo", "rating": 9}, 422),
        ("get", "/api/goals/999999/relationship-list", base, None, 404),
    ]
    for method, path, documented, body, status in checks:
        response = call(api, method, path, body)
        assert response.status_code == status, (path, response.content)
        schema = _response_schema(document, documented, method, status)
        assert_matches(document, schema, response.json(), f"{method.upper()} {path}")
    assert call(Client(), "get", url(goal)).status_code == 401
