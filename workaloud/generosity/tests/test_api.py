"""The generosity API: my ledger, balance and persona; saying thanks. Errors share one shape."""

import pytest
from django.test import Client

from workaloud.audience import Audience
from workaloud.generosity.models import Thanks
from workaloud.generosity.services import say_thanks
from workaloud.testing.factories import make_response, make_update
from workaloud.tests.api_helpers import assert_error, call, snapshot, token_client
from workaloud.work.services import resolve_ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_api(alice):
    return token_client(alice)[0]


@pytest.fixture
def acts(alice, bob, carol, ask, offer):
    make_response(ask, carol, kind="question", body="Which volunteers?")
    resolve_ask(ask, alice, response_ids=[offer.pk])
    say_thanks(alice, response_id=offer.pk, note="Thank you!")


def test_say_thanks(alice_api, alice, bob, ask, offer):
    answer = call(alice_api, "post", "/api/thanks", {"response_id": offer.pk, "note": "Great."})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["receiver"]["username"] == "bob"
    assert (body["update_id"], body["response_id"], body["note"]) == (ask.pk, offer.pk, "Great.")
    thanks = Thanks.objects.get()
    assert (thanks.giver, thanks.receiver) == (alice, bob)


def test_say_thanks_for_an_update(bob, ask):
    client = token_client(bob)[0]
    answer = call(client, "post", "/api/thanks", {"update_id": ask.pk})
    assert answer.status_code == 201
    assert answer.json()["response_id"] is None and answer.json()["note"] == ""


@pytest.mark.parametrize(
    "payload, status, field",
    [
        ({}, 422, None),
        ({"response_id": 1, "update_id": 1}, 422, None),
        ({"response_id": "abc"}, 422, "response_id"),
        ({"response_id": 0}, 422, "response_id"),
        ({"update_id": 2**63}, 422, "update_id"),
        ({"update_id": "OFFER", "note": "x" * 281}, 422, "note"),
        ({"update_id": "OFFER", "extra": 1}, 422, "extra"),
        ({"update_id": "OFFER", "note": "a\x00b"}, 422, "note"),
        ({"response_id": "SELF"}, 400, None),
        ({"response_id": "TWICE"}, 400, None),
        ({"update_id": "PRIVATE"}, 404, None),
        ({"update_id": 999999}, 404, None),
        ({"response_id": 999999}, 404, None),
    ],
)
def test_bad_thanks_change_nothing(alice, bob, ask, offer, payload, status, field):
    private = make_update(bob, body="Only me.", audience=Audience.ONLY_ME)
    mine = make_response(ask, alice, body="My own.")
    say_thanks(alice, update_id=make_update(bob, body="Thanked before.").pk)
    earlier = Thanks.objects.get()
    swap = {"OFFER": offer.pk, "SELF": mine.pk, "PRIVATE": private.pk}
    if payload.get("response_id") == "TWICE":
        say_thanks(alice, response_id=offer.pk)
        earlier = Thanks.objects.get(response=offer)
        payload = {"response_id": offer.pk}
    payload = {k: swap.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}
    client = token_client(alice)[0]
    before = snapshot()
    body = assert_error(call(client, "post", "/api/thanks", payload), status, field)
    assert snapshot() == before
    assert earlier.pk
    if status == 400:
        assert "yourself" in body["detail"] or "already thanked" in body["detail"]


def test_my_ledger(alice_api, acts):
    answer = call(alice_api, "get", "/api/generosity/ledger")
    assert answer.status_code == 200
    body = answer.json()
    counts = {c["category"]: (c["given"], c["received"]) for c in body["categories"]}
    assert counts["help"] == (0, 1) and counts["thanks"] == (1, 0)
    assert counts["answers"] == (0, 1) and counts["offers"] == (0, 1)
    assert (body["given"], body["received"]) == (1, 3)
    assert [i["kind"] for i in body["items"]] == [
        "thanks",
        "help_credited",
        "question",
        "offer_of_help",
    ]
    first = body["items"][0]
    assert first["direction"] == "given" and first["person"]["username"] == "bob"
    assert first["note"] == "Thank you!" and first["update"]["excerpt"].startswith("Drafting")
    assert (body["page"], body["pages"], body["total"], body["next_page"]) == (1, 1, 4, None)


def test_my_ledger_pages_and_filters(alice_api, acts):
    body = call(alice_api, "get", "/api/generosity/ledger", per_page=2).json()
    assert len(body["items"]) == 2 and body["next_page"] == 2 and body["pages"] == 2
    body = call(alice_api, "get", "/api/generosity/ledger", per_page=2, page=2).json()
    assert [i["kind"] for i in body["items"]] == ["question", "offer_of_help"]
    body = call(alice_api, "get", "/api/generosity/ledger", page=9).json()
    assert body["items"] == [] and body["next_page"] is None
    body = call(alice_api, "get", "/api/generosity/ledger", direction="given").json()
    assert [i["kind"] for i in body["items"]] == ["thanks"] and body["total"] == 1
    body = call(alice_api, "get", "/api/generosity/ledger", category="offers").json()
    assert [i["kind"] for i in body["items"]] == ["offer_of_help"]


@pytest.mark.parametrize(
    "query, field",
    [
        ({"direction": "sideways"}, "direction"),
        ({"category": "follows"}, "category"),
        ({"page": 0}, "page"),
        ({"per_page": 101}, "per_page"),
    ],
)
def test_my_ledger_bad_query_is_422(alice_api, query, field):
    assert_error(call(alice_api, "get", "/api/generosity/ledger", **query), 422, field)


def test_my_balance(alice_api, acts):
    body = call(alice_api, "get", "/api/generosity/balance").json()
    assert body["period"] == "week" and len(body["buckets"]) == 12
    assert body["buckets"][-1]["end"] is None
    assert (body["given"], body["received"]) == (1, 3)
    assert body["buckets"][-1]["given"] == 1 and body["buckets"][-1]["received"] == 3
    body = call(alice_api, "get", "/api/generosity/balance", period="month").json()
    assert body["period"] == "month" and (body["given"], body["received"]) == (1, 3)
    assert_error(call(alice_api, "get", "/api/generosity/balance", period="year"), 422, "period")


def test_my_persona(alice_api, acts):
    body = call(alice_api, "get", "/api/generosity/persona").json()
    assert (body["given"], body["received"], body["posts"]) == (1, 3, 1)
    assert body["persona"] == "catalyst"  # received 3 > 2 × given 1
    assert body["what_it_takes"] == "1 more response to others' work would make you an engager."
    assert body["thresholds"] == {
        "window_days": 90,
        "min_activity": 5,
        "broadcaster_min_posts": 3,
        "imbalance_ratio": 2,
    }
    assert [r["persona"] for r in body["rules"]] == [
        "observer",
        "broadcaster",
        "catalyst",
        "responder",
        "engager",
    ]
    assert "would make you" in body["what_it_takes"]


def test_session_writes_need_csrf(alice, offer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    answer = call(client, "post", "/api/thanks", {"response_id": offer.pk})
    assert_error(answer, 403)
    assert not Thanks.objects.exists()
