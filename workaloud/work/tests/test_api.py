"""The work-update API: narrate, edit, publish, delete, respond, close asks; feeds and search."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from workaloud.people.services import follow
from workaloud.responses.models import HelpCredit, Response
from workaloud.testing.factories import make_goal, make_person, make_response, make_update
from workaloud.tests.api_helpers import assert_error, call, snapshot, token_client
from workaloud.work.models import AskStatus, WorkUpdate


def test_create_update_with_context_and_ask(alice, bob, client_for):
    goal = make_goal(alice, title="Onboarding guide")
    payload = {
        "body": "Drafted chapter one. @bob could you look?",
        "goal_id": goal.pk,
        "stage": "stuck",
        "why_it_matters": "New people get lost",
        "who_for": "New joiners",
        "whats_next": "Chapter two",
        "ask": "A reviewer for chapter one",
        "audience": "followers",
    }
    response = call(client_for(alice), "post", "/api/updates", payload)
    assert response.status_code == 201
    item = response.json()
    assert item["author"] == {
        "username": "alice",
        "display_name": "Alice Archer",
        "name": "Alice Archer",
    }
    assert item["goal"] == {"id": goal.pk, "title": "Onboarding guide"}
    assert item["ask_status"] == "open" and item["is_draft"] is False
    assert '<a href="/people/bob/"' in item["body_html"]
    assert item["response_summary"] == {"total": 0, "by_kind": []}
    for field in ("stage", "why_it_matters", "who_for", "whats_next", "ask", "audience"):
        assert item[field] == payload[field]
    assert WorkUpdate.objects.get(pk=item["id"]).goal == goal


def test_draft_publish_cycle(alice, bob, client_for):
    client = client_for(alice)
    draft = call(client, "post", "/api/updates", {"body": "Half an idea", "publish": False}).json()
    assert draft["is_draft"] is True and draft["published_at"] is None
    assert [d["id"] for d in call(client, "get", "/api/drafts").json()] == [draft["id"]]
    assert_error(call(client_for(bob), "get", f"/api/updates/{draft['id']}"), 404)
    assert_error(call(client_for(bob), "post", f"/api/updates/{draft['id']}/publish"), 404)

    published = call(client, "post", f"/api/updates/{draft['id']}/publish").json()
    assert published["is_draft"] is False and published["published_at"]
    assert call(client, "get", "/api/drafts").json() == []
    assert call(client_for(bob), "get", f"/api/updates/{draft['id']}").status_code == 200
    assert_error(call(client, "post", f"/api/updates/{draft['id']}/publish"), 400)


def test_edit_keeps_revisions_for_the_author_only(alice, bob, client_for):
    update = make_update(alice, body="first", ask="help?")
    client = client_for(alice)
    edited = call(client, "patch", f"/api/updates/{update.pk}", {"body": "second", "ask": ""})
    assert edited.status_code == 200
    assert edited.json()["body"] == "second" and edited.json()["edited_at"]
    assert edited.json()["ask_status"] == "none"
    revisions = call(client, "get", f"/api/updates/{update.pk}/revisions").json()
    assert [(r["body"], r["ask"]) for r in revisions] == [("first", "help?")]
    assert_error(call(client_for(bob), "get", f"/api/updates/{update.pk}/revisions"), 403)


def test_attach_and_detach_a_goal(alice, client_for):
    goal = make_goal(alice)
    update = make_update(alice)
    client = client_for(alice)
    attached = call(client, "patch", f"/api/updates/{update.pk}", {"goal_id": goal.pk}).json()
    assert attached["goal"]["id"] == goal.pk
    detached = call(client, "patch", f"/api/updates/{update.pk}", {"goal_id": None}).json()
    assert detached["goal"] is None


def test_editing_or_deleting_someone_elses_update_is_403(alice, bob, client_for):
    update = make_update(alice, body="mine")
    client = client_for(bob)
    before = snapshot()
    body = assert_error(call(client, "patch", f"/api/updates/{update.pk}", {"body": "ha"}), 403)
    assert "author" in body["detail"]
    assert_error(call(client, "delete", f"/api/updates/{update.pk}"), 403)
    assert_error(call(client, "post", f"/api/updates/{update.pk}/publish"), 403)
    assert snapshot() == before
    update.refresh_from_db()
    assert update.body == "mine"


def test_delete_then_gone_for_everyone(alice, bob, client_for):
    update = make_update(alice)
    response = call(client_for(alice), "delete", f"/api/updates/{update.pk}")
    assert response.status_code == 204 and response.content == b""
    for person in (alice, bob):
        assert_error(call(client_for(person), "get", f"/api/updates/{update.pk}"), 404)
    assert call(client_for(alice), "get", "/api/people/alice/updates").json()["items"] == []


def test_respond_reply_and_list(alice, bob, carol, client_for):
    update = make_update(alice, body="Need eyes on this")
    bob_client = client_for(bob)
    offer = call(
        bob_client,
        "post",
        f"/api/updates/{update.pk}/responses",
        {"kind": "offer_of_help", "body": "I can pair on it"},
    )
    assert offer.status_code == 201
    assert offer.json()["kind"] == "offer_of_help" and offer.json()["parent_id"] is None
    reply = call(
        client_for(carol),
        "post",
        f"/api/updates/{update.pk}/responses",
        {"body": "Me too", "parent_id": offer.json()["id"]},
    )
    assert reply.json()["parent_id"] == offer.json()["id"] and reply.json()["kind"] == "comment"

    listed = call(bob_client, "get", f"/api/updates/{update.pk}/responses").json()
    assert [(r["author"]["username"], r["body"]) for r in listed] == [
        ("bob", "I can pair on it"),
        ("carol", "Me too"),
    ]
    summary = call(bob_client, "get", f"/api/updates/{update.pk}").json()["response_summary"]
    assert summary["total"] == 2
    assert {k["kind"]: k["count"] for k in summary["by_kind"]} == {"comment": 1, "offer_of_help": 1}


def test_bad_responses_change_nothing(alice, bob, client_for):
    update = make_update(alice)
    other = make_update(alice, body="other")
    foreign = make_response(other, bob)
    client = client_for(bob)
    before = snapshot()
    url = f"/api/updates/{update.pk}/responses"
    assert_error(call(client, "post", url, {"body": "  "}), 400, "body")
    assert_error(call(client, "post", url, {"body": "x" * 5001}), 422, "body")
    assert_error(call(client, "post", url, {"body": "x", "kind": "like"}), 422, "kind")
    assert_error(
        call(client, "post", url, {"body": "x", "parent_id": foreign.pk}), 400, "parent_id"
    )
    assert_error(call(client, "post", url, {"body": "x", "parent_id": 10**6}), 400, "parent_id")
    assert snapshot() == before


@pytest.mark.parametrize("audience", ["only_me", "followers"])
def test_responding_to_an_update_you_cannot_see_is_404(alice, bob, client_for, audience):
    hidden = make_update(alice, body="not for bob", audience=audience)
    draft = make_update(alice, body="draft", publish=False)
    client = client_for(bob)
    before = snapshot()
    missing = assert_error(
        call(client, "post", "/api/updates/999999/responses", {"body": "hi"}), 404
    )
    for update in (hidden, draft):
        url = f"/api/updates/{update.pk}/responses"
        body = assert_error(call(client, "post", url, {"body": "hi"}), 404)
        assert body["detail"] == missing["detail"].replace("999999", str(update.pk))
        assert_error(call(client, "get", url), 404)
    assert snapshot() == before
    assert not Response.objects.exists()


def test_resolve_an_ask_crediting_helpers(alice, bob, carol, client_for):
    update = make_update(alice, body="Stuck", ask="Who knows partitioning?")
    offer = make_response(update, bob, kind="offer_of_help", body="I do")
    resolved = call(
        client_for(alice),
        "post",
        f"/api/updates/{update.pk}/resolve",
        {"response_ids": [offer.pk], "helper_ids": [carol.pk]},
    )
    assert resolved.status_code == 200
    body = resolved.json()
    assert body["update"]["ask_status"] == "resolved"
    assert {(c["helper"]["username"], c["response_id"]) for c in body["credits"]} == {
        ("bob", offer.pk),
        ("carol", None),
    }
    assert HelpCredit.objects.count() == 2


def test_bad_resolves_change_nothing(alice, bob, client_for):
    update = make_update(alice, body="Stuck", ask="Help?")
    no_ask = make_update(alice, body="Fine")
    before = snapshot()
    url = f"/api/updates/{update.pk}/resolve"
    assert_error(call(client_for(bob), "post", url, {}), 403)
    assert_error(call(client_for(alice), "post", url, {"helper_ids": [999999]}), 400)
    assert_error(call(client_for(alice), "post", url, {"response_ids": [999999]}), 400)
    assert_error(call(client_for(alice), "post", url, {"helper_ids": ["bob"]}), 422, "helper_ids.0")
    assert_error(call(client_for(alice), "post", url, {"helper_ids": [2**64]}), 422)
    assert_error(call(client_for(alice), "post", f"/api/updates/{no_ask.pk}/resolve", {}), 400)
    assert snapshot() == before
    update.refresh_from_db()
    assert update.ask_status == AskStatus.OPEN


def test_feeds_home_discover_and_asks(alice, bob, carol, client_for):
    follow(alice, bob)
    make_update(alice, body="Mine")
    make_update(bob, body="From bob")
    make_update(carol, body="From carol", ask="Anyone?")
    make_update(alice, body="My ask", ask="Ideas?")
    client = client_for(alice)

    def bodies(path, **query):
        page = call(client, "get", path, **query).json()
        assert set(page) == {"items", "next_cursor"}
        return [u["body"] for u in page["items"]]

    assert bodies("/api/feed/home") == ["My ask", "From bob", "Mine"]
    assert bodies("/api/feed/discover") == ["From carol"]
    assert bodies("/api/feed/asks") == ["From carol"]
    assert bodies("/api/feed/asks", mine="true") == ["My ask"]


def test_feed_pages_follow_the_cursor(alice, client_for):
    for i in range(7):
        make_update(alice, body=f"u{i}")
    client = client_for(alice)
    seen, cursor = [], None
    while True:
        query = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = call(client, "get", "/api/feed/home", **query).json()
        seen += [u["body"] for u in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"u{i}" for i in reversed(range(7))]


def test_feed_query_count_does_not_grow_with_the_page(alice, carol, client_for):
    people = [make_person() for _ in range(4)]
    for person in people:
        follow(alice, person)
    for i in range(30):
        update = make_update(people[i % 4], body=f"followed {i}", ask="help?" if i % 3 else "")
        make_response(update, carol, kind="question" if i % 2 else "comment", body="why?")
        other = make_update(carol, body=f"carol {i}", goal=make_goal(carol) if i % 2 else None)
        make_response(other, people[0], body="nice")
    client = client_for(alice)

    def queries(path, limit):
        with CaptureQueriesContext(connection) as captured:
            response = call(client, "get", path, limit=limit)
        assert response.status_code == 200
        assert len(response.json()["items"]) == limit, path
        return len(captured)

    for path in [
        "/api/feed/home",
        "/api/feed/asks",
        "/api/feed/discover",
        "/api/people/carol/updates",
    ]:
        assert queries(path, 5) == queries(path, 20), path


def test_search_finds_people_and_visible_updates(alice, bob, carol, client_for):
    make_update(alice, body="Partitioning the events table")
    make_update(alice, body="Partitioning notes, private", audience="only_me")
    bob.purpose = "Databases and partitioning"
    bob.save()
    body = call(client_for(carol), "get", "/api/search", q="partitioning").json()
    assert [p["username"] for p in body["people"]] == ["bob"]
    assert [u["body"] for u in body["updates"]] == ["Partitioning the events table"]
    assert body["next_cursor"] is None
    assert_error(call(client_for(alice), "get", "/api/search"), 422, "q")


def test_narrowed_goal_is_not_shown_beside_a_wider_update(alice, bob, client_for):
    goal = make_goal(alice, title="Secret reorg")
    update = make_update(alice, body="Progress", goal=goal)
    call(client_for(alice), "patch", f"/api/goals/{goal.pk}", {"audience": "only_me"})
    assert call(client_for(bob), "get", f"/api/updates/{update.pk}").json()["goal"] is None
    bob_feed = call(client_for(bob), "get", "/api/feed/discover").json()["items"]
    assert [u["goal"] for u in bob_feed] == [None]
    assert "Secret reorg" not in call(client_for(bob), "get", "/api/feed/discover").content.decode()
    assert (
        call(client_for(alice), "get", f"/api/updates/{update.pk}").json()["goal"]["id"] == goal.pk
    )


# The audience matrix: who sees an update, through every read path of the API.
MATRIX = [
    # audience, viewer, may see
    ("community", "author", True),
    ("community", "follower", True),
    ("community", "member", True),
    ("followers", "author", True),
    ("followers", "follower", True),
    ("followers", "member", False),
    ("only_me", "author", True),
    ("only_me", "follower", False),
    ("only_me", "member", False),
]


@pytest.mark.parametrize("audience, viewer, may_see", MATRIX)
def test_audience_matrix(alice, bob, carol, client_for, audience, viewer, may_see):
    follow(bob, alice)
    update = make_update(alice, body="matrixbody", audience=audience)
    person = {"author": alice, "follower": bob, "member": carol}[viewer]
    client, _ = token_client(person)

    detail = call(client, "get", f"/api/updates/{update.pk}")
    assert detail.status_code == (200 if may_see else 404)
    assert (
        call(client, "get", f"/api/updates/{update.pk}/responses").status_code == 200
    ) is may_see

    def listed(path, **query):
        return update.pk in [u["id"] for u in call(client, "get", path, **query).json()["items"]]

    assert listed("/api/people/alice/updates") is may_see
    assert (
        update.pk
        in [u["id"] for u in call(client, "get", "/api/search", q="matrixbody").json()["updates"]]
    ) is may_see
    if viewer != "author":
        assert listed("/api/feed/home") is (may_see and viewer == "follower")


@pytest.mark.parametrize("audience", ["community", "followers", "only_me"])
def test_anonymous_gets_401_in_a_private_community(alice, audience):
    update = make_update(alice, audience=audience)
    for path in [f"/api/updates/{update.pk}", f"/api/updates/{update.pk}/responses"]:
        assert_error(call(Client(), "get", path), 401)


@pytest.mark.parametrize(
    "audience, visible", [("community", 200), ("followers", 404), ("only_me", 404)]
)
def test_anonymous_in_a_public_community_sees_community_updates_only(
    alice, settings, audience, visible
):
    settings.COMMUNITY_PUBLIC = True
    update = make_update(alice, audience=audience)
    assert call(Client(), "get", f"/api/updates/{update.pk}").status_code == visible
