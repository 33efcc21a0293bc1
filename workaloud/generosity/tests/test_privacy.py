"""Confidential means confidential: my ledger, balance, persona and thanks are mine alone.

Another member, an anonymous visitor (private or public community) and a staff superuser
each get nothing of Alice's from any page or endpoint.
"""

import html

import pytest
from django.test import Client

from workaloud.generosity.services import say_thanks
from workaloud.testing.factories import make_person, make_response
from workaloud.tests.api_helpers import assert_error, call, snapshot, token_client
from workaloud.work.services import resolve_ask

pytestmark = pytest.mark.django_db

# What only Alice's (and, for the thanks, Bob's) views may show.
NOTE = "zebranote: you saved my week"

PAGES = ["/relationships/generosity/", "/relationships/generosity/?direction=given&period=month"]
API = [
    "/api/generosity/ledger",
    "/api/generosity/ledger?direction=given",
    "/api/generosity/balance",
    "/api/generosity/balance?period=month",
    "/api/generosity/persona",
]


@pytest.fixture
def alices_acts(alice, bob, ask, offer):
    resolve_ask(ask, alice, response_ids=[offer.pk])
    say_thanks(alice, response_id=offer.pk, note=NOTE)


@pytest.fixture
def admin(db):
    return make_person("root", is_staff=True, is_superuser=True, display_name="Root Admin")


def viewer_client(kind, *, carol, admin, settings):
    settings.COMMUNITY_PUBLIC = kind == "anonymous_public"
    client = Client()
    if kind == "member":
        client.force_login(carol)
    elif kind == "superuser":
        client.force_login(admin)
    return client


VIEWERS = ["member", "superuser", "anonymous", "anonymous_public"]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("url", PAGES + API)
def test_nobody_else_sees_anything_of_mine(alices_acts, carol, admin, settings, viewer, url):
    client = viewer_client(viewer, carol=carol, admin=admin, settings=settings)
    answer = client.get(url)
    body = html.unescape(answer.content.decode())
    assert NOTE not in body
    assert "Alice Archer" not in body and "Bob Baker" not in body
    if viewer.startswith("anonymous"):
        expected = 401 if url.startswith("/api/") else 302
        assert answer.status_code == expected
        if expected == 302:
            assert "/login" in answer["Location"]
        return
    # A member or an administrator sees their own, empty ledger.
    assert answer.status_code == 200
    if url.startswith("/api/generosity/ledger"):
        assert answer.json()["items"] == [] and answer.json()["total"] == 0
        assert answer.json()["given"] == answer.json()["received"] == 0
    elif url.startswith("/api/generosity/balance"):
        assert answer.json()["given"] == answer.json()["received"] == 0
    elif url.startswith("/api/generosity/persona"):
        assert answer.json()["given"] == answer.json()["received"] == 0
    else:
        assert "Nothing here yet" in body


def test_the_api_has_no_way_to_ask_for_someone_elses_ledger(alices_acts, carol, alice):
    client = token_client(carol)[0]
    for url in API:
        for extra in (f"person={alice.pk}", "username=alice", f"user_id={alice.pk}"):
            answer = client.get(f"{url}{'&' if '?' in url else '?'}{extra}")
            assert NOTE not in answer.content.decode()
            if answer.status_code == 200:
                assert "alice" not in answer.content.decode()


def test_the_people_involved_see_the_thanks(alices_acts, client_for, alice, bob):
    assert NOTE in html.unescape(
        client_for(alice).get("/relationships/generosity/").content.decode()
    )
    assert NOTE in html.unescape(client_for(bob).get("/relationships/generosity/").content.decode())
    body = token_client(bob)[0].get("/api/generosity/ledger").json()
    assert any(i["note"] == NOTE and i["direction"] == "received" for i in body["items"])


def test_thanks_are_not_in_the_admin(alices_acts, admin):
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    assert "Thanks" not in client.get("/admin/").content.decode()
    assert client.get("/admin/generosity/thanks/").status_code == 404


def test_a_third_person_on_the_update_sees_no_thanks(alices_acts, client_for, ask):
    dave = make_person("dave")
    make_response(ask, dave, body="Me too!")
    page = html.unescape(client_for(dave).get(ask.get_absolute_url()).content.decode())
    assert NOTE not in page and "thanked" not in page


@pytest.mark.parametrize("public", [False, True])
def test_anonymous_visitors_cannot_say_thanks(client, settings, ask, offer, public):
    settings.COMMUNITY_PUBLIC = public
    before = snapshot()
    answer = call(client, "post", "/api/thanks", {"response_id": offer.pk})
    assert_error(answer, 401)
    answer = client.post("/relationships/generosity/thanks/", {"response_id": offer.pk})
    assert answer.status_code == 302 and "/login" in answer["Location"]
    assert snapshot() == before
