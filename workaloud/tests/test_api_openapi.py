"""The OpenAPI document lists every operation, and real responses have exactly its shape."""

import pytest
from django.test import Client

from workaloud.api import api
from workaloud.testing.factories import make_goal, make_person, make_response, make_update
from workaloud.tests.api_helpers import call, token_client

REGISTERED = {
    "/api/me": {"get", "patch"},
    "/api/people": {"get"},
    "/api/people/{username}": {"get"},
    "/api/people/{username}/updates": {"get"},
    "/api/people/{username}/goals": {"get"},
    "/api/people/{username}/legacy": {"get"},
    "/api/people/{username}/follow": {"post", "delete"},
    "/api/goals": {"get", "post"},
    "/api/goals/{goal_id}": {"get", "patch"},
    "/api/goals/{goal_id}/follow": {"post", "delete"},
    "/api/goals/{goal_id}/updates": {"get"},
    "/api/goals/{goal_id}/relationship-list": {"get", "post"},
    "/api/goals/{goal_id}/relationship-list/{entry_id}": {"patch", "delete"},
    "/api/goals/{goal_id}/relationship-list/{entry_id}/ratings": {"post"},
    "/api/updates": {"post"},
    "/api/updates/{update_id}": {"get", "patch", "delete"},
    "/api/updates/{update_id}/publish": {"post"},
    "/api/updates/{update_id}/revisions": {"get"},
    "/api/updates/{update_id}/responses": {"get", "post"},
    "/api/updates/{update_id}/resolve": {"post"},
    "/api/drafts": {"get"},
    "/api/feed/home": {"get"},
    "/api/feed/discover": {"get"},
    "/api/feed/asks": {"get"},
    "/api/feed/circles/{circle_id}": {"get"},
    "/api/search": {"get"},
    "/api/search/results": {"get"},
    "/api/notifications": {"get"},
    "/api/notifications/read": {"post"},
    "/api/me/email-preferences": {"get", "patch"},
    "/api/tokens": {"get", "post"},
    "/api/tokens/{token_id}": {"delete"},
    "/api/campaigns": {"get", "post"},
    "/api/campaigns/from-template": {"post"},
    "/api/campaigns/import": {"post"},
    "/api/campaigns/today": {"get"},
    "/api/campaigns/{campaign_id}": {"get", "patch"},
    "/api/campaigns/{campaign_id}/feed": {"get"},
    "/api/campaigns/{campaign_id}/figures": {"get"},
    "/api/digests/preview": {"get"},
    "/api/discovery/aligned": {"get"},
    "/api/discovery/asks": {"get"},
    "/api/discovery/beyond": {"get"},
    "/api/discovery/dismissals": {"post"},
    "/api/updates/{update_id}/helpers": {"get"},
    "/api/updates/{update_id}/helpers/ask": {"post"},
    "/api/generosity/ledger": {"get"},
    "/api/generosity/balance": {"get"},
    "/api/generosity/persona": {"get"},
    "/api/thanks": {"post"},
    "/api/introductions": {"get", "post"},
    "/api/introductions/{introduction_id}/answer": {"post"},
    "/api/relationships": {"get"},
    "/api/relationships/{username}": {"get"},
    "/api/circles/mine": {"get"},
    "/api/circles/open": {"get", "post"},
    "/api/circles/{circle_id}": {"get"},
    "/api/circles/{circle_id}/join": {"post"},
    "/api/circles/{circle_id}/leave": {"post"},
    "/api/circles/rounds": {"get", "post"},
    "/api/circles/rounds/{round_id}": {"patch"},
    "/api/circles/rounds/{round_id}/pool": {"get"},
    "/api/circles/rounds/{round_id}/entry": {"get", "post", "patch", "delete"},
    "/api/circles/rounds/{round_id}/matching": {"post"},
    "/api/circles/matching/{run_id}": {"get"},
    "/api/circles/matching/{run_id}/move": {"post"},
    "/api/circles/matching/{run_id}/dissolve": {"post"},
    "/api/circles/matching/{run_id}/confirm": {"post"},
    "/api/circles/matching/{run_id}/discard": {"post"},
    "/api/circles/programmes": {"get", "post"},
    "/api/circles/programmes/{programme_id}": {"get", "patch"},
    "/api/circles/programmes/{programme_id}/weeks/{number}": {"put"},
    "/api/circles/{circle_id}/meetings": {"get"},
    "/api/circles/{circle_id}/meetings/{week}": {"get"},
    "/api/circles/{circle_id}/meetings/{week}/attendance": {"put"},
    "/api/circles/{circle_id}/meetings/{week}/notes": {"put"},
    "/api/circles/{circle_id}/meetings/{week}/check-in": {"put"},
    "/api/circles/organise/health": {"get"},
    "/api/circles/{circle_id}/health": {"get"},
    "/api/circles/{circle_id}/ending": {"get"},
    "/api/circles/{circle_id}/retrospective": {"put"},
    "/api/circles/{circle_id}/letter": {"get", "put"},
    "/api/circles/letters/mine": {"get"},
    "/api/circles/{circle_id}/continue": {"post"},
    "/api/reflection/prompt": {"get"},
    "/api/reflection/prompt/dismiss": {"post"},
    "/api/reflection/prompt/share": {"post"},
    "/api/reflection/prompts": {"get"},
    "/api/reflection/settings": {"get", "put"},
    "/api/reflection/journal": {"get", "post"},
    "/api/reflection/journal/export": {"get"},
    "/api/reflection/journal/{entry_id}": {"get", "patch", "delete"},
}


@pytest.fixture
def document(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_document_is_openapi_3_with_title_and_description(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Workaloud API"
    assert "Bearer" in document["info"]["description"]
    assert {"TokenAuth", "SessionAuth"} <= set(document["components"]["securitySchemes"])


def test_the_list_above_is_every_operation_the_api_serves():
    served = {}
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            methods = {m.lower() for op in view.operations for m in op.methods}
            mount = f"/{prefix.strip('/')}" if prefix.strip("/") else ""
            served.setdefault(f"/api{mount}{path}", set()).update(methods)
    assert served == REGISTERED


def test_every_registered_operation_is_documented(document):
    documented = {
        path: {method for method in ops if method in {"get", "post", "patch", "put", "delete"}}
        for path, ops in document["paths"].items()
    }
    assert documented == REGISTERED


def test_every_operation_documents_its_json_errors(document):
    for path, ops in document["paths"].items():
        for method, op in ops.items():
            for status in ("401", "404", "422"):
                schema = op["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (path, method)


def test_docs_page_works_for_anonymous_visitors(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def _resolve(document, schema):
    """Follow $ref (and a single-branch allOf/anyOf-with-null) to a concrete schema."""
    while True:
        if "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        elif "allOf" in schema and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def assert_matches(document, schema, value, where="$"):
    """``value`` has exactly the properties ``schema`` declares, recursively, and their types."""
    schema = _resolve(document, schema)
    if "anyOf" in schema:
        branches = schema["anyOf"]
        if value is None:
            assert {"type": "null"} in branches, where
            return
        branches = [b for b in branches if b != {"type": "null"}]
        assert len(branches) == 1, where
        return assert_matches(document, branches[0], value, where)
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        assert isinstance(value, dict), where
        assert set(value) == set(schema["properties"]), (
            where,
            set(value) ^ set(schema["properties"]),
        )
        for name, sub in schema["properties"].items():
            assert_matches(document, sub, value[name], f"{where}.{name}")
    elif kind == "array":
        assert isinstance(value, list), where
        for i, item in enumerate(value):
            assert_matches(document, schema["items"], item, f"{where}[{i}]")
    elif kind == "string":
        assert isinstance(value, str), where
        if "enum" in schema:
            assert value in schema["enum"], where
    elif kind == "integer":
        assert isinstance(value, int) and not isinstance(value, bool), where
    elif kind == "boolean":
        assert isinstance(value, bool), where
    elif kind == "object":  # a free-form map
        assert isinstance(value, dict), where


def _response_schema(document, path, method, status):
    op = document["paths"][path][method]
    return op["responses"][str(status)]["content"]["application/json"]["schema"]


def test_real_responses_match_the_documented_schemas(document, alice, bob, client_for):
    goal = make_goal(alice, title="Write the guide")
    update = make_update(alice, body="Chapter one, @bob", goal=goal, ask="Who can review?")
    make_response(update, bob, kind="offer_of_help", body="Me!")
    make_update(alice, body="A draft", publish=False)
    bob_client = client_for(bob)
    call(bob_client, "post", "/api/people/alice/follow")
    alice_client, _ = token_client(alice)
    call(alice_client, "patch", f"/api/updates/{update.pk}", {"stage": "stuck"})

    checks = [
        (alice_client, "get", "/api/me", "/api/me", None, 200),
        (bob_client, "get", "/api/people/alice", "/api/people/{username}", None, 200),
        (bob_client, "get", "/api/people?q=alice", "/api/people", None, 200),
        (bob_client, "get", "/api/feed/home", "/api/feed/home", None, 200),
        (bob_client, "get", "/api/feed/asks?limit=1", "/api/feed/asks", None, 200),
        (bob_client, "get", f"/api/goals/{goal.pk}", "/api/goals/{goal_id}", None, 200),
        (
            bob_client,
            "get",
            f"/api/updates/{update.pk}/responses",
            "/api/updates/{update_id}/responses",
            None,
            200,
        ),
        (alice_client, "get", "/api/drafts", "/api/drafts", None, 200),
        (
            alice_client,
            "get",
            f"/api/updates/{update.pk}/revisions",
            "/api/updates/{update_id}/revisions",
            None,
            200,
        ),
        (alice_client, "get", "/api/notifications", "/api/notifications", None, 200),
        (alice_client, "get", "/api/search?q=chapter", "/api/search", None, 200),
        (bob_client, "get", "/api/search/results?q=alice", "/api/search/results", None, 200),
        (alice_client, "get", "/api/search/results?q=a", "/api/search/results", None, 200),
        (alice_client, "get", "/api/tokens", "/api/tokens", None, 200),
        (alice_client, "post", "/api/tokens", "/api/tokens", {"name": "ci"}, 201),
        (
            alice_client,
            "post",
            "/api/updates",
            "/api/updates",
            {"body": "New", "goal_id": goal.pk},
            201,
        ),
        (bob_client, "get", "/api/updates/424242", "/api/updates/{update_id}", None, 404),
        (bob_client, "post", "/api/updates", "/api/updates", {"body": 1}, 422),
        (Client(), "get", "/api/me", "/api/me", None, 401),
    ]
    for client, method, url, path, payload, status in checks:
        response = call(client, method, url, payload)
        assert response.status_code == status, (url, response.content)
        schema = _response_schema(document, path, method, status)
        assert_matches(document, schema, response.json(), f"{method.upper()} {url}")


def test_circle_responses_match_the_documented_schemas(document, alice, bob, client_for):
    import datetime as dt

    from django.utils import timezone

    from workaloud.circles import forming

    circle = forming.create_open_circle(
        alice,
        title="Thursday circle",
        language="English",
        timezone="Europe/Berlin",
        starts_on=timezone.localdate() + dt.timedelta(days=3),
        weekday=3,
        start_time=dt.time(17, 0),
    )
    forming.join_circle(bob, circle)
    bob_client = client_for(bob)
    outsider = client_for(make_person("eve"))
    base = f"/api/circles/{circle.pk}"
    checks = [
        (bob_client, "get", "/api/circles/mine", "/api/circles/mine", 200),
        (bob_client, "get", "/api/circles/open", "/api/circles/open", 200),
        (bob_client, "get", base, "/api/circles/{circle_id}", 200),
        (bob_client, "get", f"{base}/meetings", "/api/circles/{circle_id}/meetings", 200),
        (
            bob_client,
            "get",
            f"{base}/meetings/1",
            "/api/circles/{circle_id}/meetings/{week}",
            200,
        ),
        (bob_client, "get", f"{base}/health", "/api/circles/{circle_id}/health", 200),
        (bob_client, "get", f"{base}/ending", "/api/circles/{circle_id}/ending", 200),
        (bob_client, "get", "/api/circles/programmes", "/api/circles/programmes", 200),
        (bob_client, "get", "/api/circles/letters/mine", "/api/circles/letters/mine", 200),
        (outsider, "get", f"{base}/meetings", "/api/circles/{circle_id}/meetings", 404),
    ]
    for client, method, url, path, status in checks:
        response = call(client, method, url, None)
        assert response.status_code == status, (url, response.content)
        schema = _response_schema(document, path, method, status)
        assert_matches(document, schema, response.json(), f"{method.upper()} {url}")


def test_no_two_schemas_share_a_name():
    """The OpenAPI document names each schema by its class name: two classes of one name
    would silently document one answer with the other's shape."""
    from collections import Counter

    from ninja import Schema

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = Counter(
        cls.__name__ for cls in set(subclasses(Schema)) if cls.__module__.startswith("workaloud")
    )
    assert [name for name, count in names.items() if count > 1] == []
