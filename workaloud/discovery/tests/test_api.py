"""The discovery API: the same rankings and explanations as the pages; errors share one shape."""

import pytest

from workaloud.discovery.models import Dismissal, HelpRequest
from workaloud.notifications.models import Notification
from workaloud.tests.api_helpers import call, token_client

pytestmark = pytest.mark.django_db


def test_who_could_help_and_ask_them(community, alice, bob):
    api = token_client(alice)[0]
    ask = community["ask"]
    answer = call(api, "get", f"/api/updates/{ask.pk}/helpers")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    best = body["people"][0]
    assert best["person"]["username"] == "bob"
    assert best["reason"].startswith("Has worked on") and best["words"]
    assert best["evidence"] and best["evidence"][0]["url"].startswith("/")
    assert "has helped on 1 ask" in best["facts"] and best["helped"] == 1
    made = call(api, "post", f"/api/updates/{ask.pk}/helpers/ask", {"username": "bob"})
    assert made.status_code == 201 and made.json()["helper"]["username"] == "bob"
    assert Notification.objects.filter(recipient=bob, kind="help_asked").exists()
    again = call(api, "post", f"/api/updates/{ask.pk}/helpers/ask", {"username": "bob"})
    assert again.status_code == 400 and "already asked" in again.json()["detail"]


@pytest.mark.parametrize(
    "path, payload, status",
    [
        ("/api/updates/ASK/helpers/ask", {}, 422),
        ("/api/updates/ASK/helpers/ask", {"username": ""}, 422),
        ("/api/updates/ASK/helpers/ask", {"username": "bob", "extra": 1}, 422),
        ("/api/updates/ASK/helpers/ask", {"username": "nobody"}, 404),
        ("/api/updates/ASK/helpers/ask", {"username": "alice"}, 400),
        ("/api/updates/999999/helpers/ask", {"username": "bob"}, 404),
        ("/api/updates/0/helpers/ask", {"username": "bob"}, 422),
        ("/api/discovery/dismissals", {}, 400),
        ("/api/discovery/dismissals", {"username": "bob", "update_id": 1}, 400),
        ("/api/discovery/dismissals", {"update_id": 0}, 422),
        ("/api/discovery/dismissals", {"username": "nobody"}, 404),
        ("/api/discovery/dismissals", {"update_id": 999999}, 404),
    ],
)
def test_bad_input_changes_nothing(community, alice, path, payload, status):
    api = token_client(alice)[0]
    answer = call(api, "post", path.replace("ASK", str(community["ask"].pk)), payload)
    assert answer.status_code == status, answer.content
    assert set(answer.json()) == {"detail", "errors"}
    assert not HelpRequest.objects.exists() and not Dismissal.objects.exists()


def test_helpers_are_for_the_author_only(community, bob):
    api = token_client(bob)[0]
    assert call(api, "get", f"/api/updates/{community['ask'].pk}/helpers").status_code == 403
    carol_ask = community["carol_ask"]
    assert call(api, "get", f"/api/updates/{carol_ask.pk}/helpers").status_code == 403


def test_aligned_asks_beyond_and_dismissals(community, alice, bob):
    api = token_client(alice)[0]
    aligned = call(api, "get", "/api/discovery/aligned").json()
    assert "dana" in [p["person"]["username"] for p in aligned]
    assert all(p["reason"] and p["evidence"] for p in aligned)
    made = call(api, "post", "/api/discovery/dismissals", {"username": "dana"})
    assert made.status_code == 201
    aligned = call(api, "get", "/api/discovery/aligned").json()
    assert "dana" not in [p["person"]["username"] for p in aligned]
    beyond = call(api, "get", "/api/discovery/beyond").json()
    assert beyond and all(i["author"]["username"] != "alice" for i in beyond)
    bob_api = token_client(bob)[0]
    asks = call(bob_api, "get", "/api/discovery/asks").json()
    assert asks[0]["update_id"] == community["ask"].pk and asks[0]["reason"]
    gone = call(bob_api, "post", "/api/discovery/dismissals", {"update_id": community["ask"].pk})
    assert gone.status_code == 201
    assert not call(bob_api, "get", "/api/discovery/asks").json()
