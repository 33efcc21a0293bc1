"""The reflection API: prompt, rhythm, journal; its errors; its answers match the OpenAPI
document; and nobody reaches anyone else's journal."""

import pytest
from django.test import Client

from workaloud.reflection import services
from workaloud.reflection.models import JournalEntry
from workaloud.testing.factories import make_person, make_update
from workaloud.tests.api_helpers import assert_error, call, snapshot, token_client
from workaloud.tests.test_api_openapi import _response_schema, assert_matches

pytestmark = pytest.mark.django_db
BASE = "/api/reflection"


@pytest.fixture
def api(alice):
    return token_client(alice)[0]


def test_prompt_rhythm_and_the_library(api, alice):
    current = call(api, "get", f"{BASE}/prompt").json()
    assert current["rhythm"] == "weekly" and current["state"] == "open"
    assert current["prompt"]["id"] == services.current_prompt(alice).prompt.key
    assert len(call(api, "get", f"{BASE}/prompts").json()) >= 36

    assert call(api, "put", f"{BASE}/settings", {"rhythm": "daily"}).json()["rhythm"] == "daily"
    assert call(api, "get", f"{BASE}/settings").json()["rhythm"] == "daily"
    call(api, "put", f"{BASE}/settings", {"rhythm": "off"})
    off = call(api, "get", f"{BASE}/prompt").json()
    assert off == {
        "rhythm": "off",
        "prompt": None,
        "period_start": None,
        "period_end": None,
        "state": None,
    }


def test_dismiss_and_share(api, alice, bob):
    key = call(api, "get", f"{BASE}/prompt").json()["prompt"]["id"]
    dismissed = call(api, "post", f"{BASE}/prompt/dismiss", {"prompt_id": key}).json()
    assert dismissed["state"] == "dismissed"
    update = make_update(alice, body="Out loud")
    shared = call(api, "post", f"{BASE}/prompt/share", {"prompt_id": key, "update_id": update.pk})
    assert shared.json()["state"] == "shared"
    bobs = make_update(bob, body="Bob's")
    before = snapshot()
    assert_error(
        call(api, "post", f"{BASE}/prompt/share", {"prompt_id": key, "update_id": bobs.pk}), 404
    )
    assert_error(
        call(api, "post", f"{BASE}/prompt/share", {"prompt_id": "nope", "update_id": update.pk}),
        400,
        "prompt_id",
    )
    assert_error(call(api, "post", f"{BASE}/prompt/dismiss", {"prompt_id": "nope"}), 400)
    assert snapshot() == before


def test_journal_round_trip(api, alice):
    created = call(
        api, "post", f"{BASE}/journal", {"text": "Spring **plans**", "prompt_id": "purpose-1"}
    )
    assert created.status_code == 201
    entry = created.json()
    assert entry["prompt_id"] == "purpose-1" and "<strong>plans</strong>" in entry["html"]
    assert call(api, "get", f"{BASE}/prompt").json()["state"] in ("open", "journal")
    call(api, "post", f"{BASE}/journal", {"text": "Other", "written_on": "2026-01-05"})

    listing = call(api, "get", f"{BASE}/journal").json()
    assert listing["count"] == 2 and listing["entries"][0]["text"] == "Spring **plans**"
    found = call(api, "get", f"{BASE}/journal", q="spring").json()
    assert found["count"] == 1
    page = call(api, "get", f"{BASE}/journal", limit=1, offset=1).json()
    assert page["count"] == 2 and page["entries"][0]["text"] == "Other"

    patched = call(api, "patch", f"{BASE}/journal/{entry['id']}", {"text": "Autumn"}).json()
    assert patched["text"] == "Autumn" and patched["written_on"] == entry["written_on"]
    assert call(api, "get", f"{BASE}/journal/{entry['id']}").json()["text"] == "Autumn"

    export = api.get(f"{BASE}/journal/export")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/markdown")
    assert "Autumn" in export.content.decode() and "Other" in export.content.decode()

    assert call(api, "delete", f"{BASE}/journal/{entry['id']}").status_code == 204
    assert JournalEntry.objects.count() == 1


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"text": ""}, 400, "text"),
        ({"text": "   "}, 400, "text"),
        ({"text": "x" * 20001}, 422, "text"),
        ({}, 422, "text"),
        ({"text": "ok", "prompt_id": "no-such"}, 400, "prompt_id"),
        ({"text": "ok", "written_on": "2999-01-01"}, 400, "written_on"),
        ({"text": "ok", "written_on": "yesterday"}, 422, "written_on"),
        ({"text": "ok", "colour": "red"}, 422, "colour"),
        ({"text": "nul\x00"}, 422, "text"),
    ],
)
def test_bad_journal_input_is_refused_and_changes_nothing(api, body, status, field):
    before = snapshot()
    assert_error(call(api, "post", f"{BASE}/journal", body), status, field)
    assert snapshot() == before


@pytest.mark.parametrize(
    "body, status",
    [({"rhythm": "hourly"}, 422), ({}, 422), ({"rhythm": None}, 422), ({"rhythm": 7}, 422)],
)
def test_an_unknown_rhythm_is_refused(api, body, status):
    before = snapshot()
    assert_error(call(api, "put", f"{BASE}/settings", body), status, "rhythm")
    assert snapshot() == before


def test_nobody_else_reaches_my_entries(api, alice, bob):
    entry = services.create_entry(alice, "My own secret thought")
    root = make_person("root", is_staff=True, is_superuser=True)
    clients = [token_client(other)[0] for other in (bob, root)]
    before = snapshot()
    for client in clients:
        path = f"{BASE}/journal/{entry.pk}"
        missing = call(client, "get", f"{BASE}/journal/{entry.pk + 1000}")
        for method, body in (("get", None), ("patch", {"text": "x"}), ("delete", None)):
            response = call(client, method, path, body)
            assert_error(response, 404)
            assert response.json()["detail"].replace(str(entry.pk), "N") == missing.json()[
                "detail"
            ].replace(str(entry.pk + 1000), "N")
        assert call(client, "get", f"{BASE}/journal").json() == {"count": 0, "entries": []}
        assert "secret" not in client.get(f"{BASE}/journal/export").content.decode()
    assert snapshot() == before
    for method, body in (("get", None), ("patch", {"text": "x"}), ("delete", None)):
        assert_error(call(Client(), method, f"{BASE}/journal/{entry.pk}", body), 401)
    for bad in ("0", "abc", "99999999999999999999999"):
        assert call(api, "get", f"{BASE}/journal/{bad}").status_code == 422


def test_answers_match_the_documented_schemas(api, alice):
    document = Client().get("/api/openapi.json").json()
    entry = call(api, "post", f"{BASE}/journal", {"text": "Hello"}).json()
    key = call(api, "get", f"{BASE}/prompt").json()["prompt"]["id"]
    checks = [
        ("get", "/prompt", "/prompt", None, 200),
        ("post", "/prompt/dismiss", "/prompt/dismiss", {"prompt_id": key}, 200),
        ("get", "/prompts", "/prompts", None, 200),
        ("get", "/settings", "/settings", None, 200),
        ("put", "/settings", "/settings", {"rhythm": "fortnightly"}, 200),
        ("get", "/journal", "/journal", None, 200),
        ("post", "/journal", "/journal", {"text": "Another"}, 201),
        ("get", f"/journal/{entry['id']}", "/journal/{entry_id}", None, 200),
        ("patch", f"/journal/{entry['id']}", "/journal/{entry_id}", {"text": "x"}, 200),
        ("post", "/journal", "/journal", {"text": ""}, 400),
        ("put", "/settings", "/settings", {"rhythm": "hourly"}, 422),
        ("get", "/journal/999999", "/journal/{entry_id}", None, 404),
    ]
    for method, path, documented, body, status in checks:
        response = call(api, method, BASE + path, body)
        assert response.status_code == status, (path, response.content)
        schema = _response_schema(document, f"/api/reflection{documented}", method, status)
        assert_matches(document, schema, response.json(), f"{method.upper()} {path}")
