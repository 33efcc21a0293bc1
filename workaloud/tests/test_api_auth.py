"""Who may call the API: personal tokens, browser sessions with CSRF, and anonymous readers."""

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from workaloud.people.models import ApiToken, hash_token
from workaloud.testing.factories import make_update
from workaloud.tests.api_helpers import assert_error, call, snapshot, token_client
from workaloud.work.models import WorkUpdate

MEMBER_ONLY_GETS = [
    "/api/me",
    "/api/goals",
    "/api/drafts",
    "/api/feed/home",
    "/api/notifications",
    "/api/tokens",
]
COMMUNITY_GETS = [
    "/api/people?q=alice",
    "/api/people/alice",
    "/api/people/alice/updates",
    "/api/people/alice/goals",
    "/api/feed/discover",
    "/api/feed/asks",
    "/api/search?q=guide",
]


@pytest.mark.parametrize("path", MEMBER_ONLY_GETS + COMMUNITY_GETS)
def test_anonymous_get_in_private_community_is_401(alice, path):
    body = assert_error(Client().get(path), 401)
    assert "Authorization: Bearer" in body["detail"]


def test_anonymous_post_is_401_not_a_csrf_error(db):
    before = snapshot()
    assert_error(call(Client(enforce_csrf_checks=True), "post", "/api/updates", {"body": "x"}), 401)
    assert snapshot() == before


def test_token_lifecycle_create_use_revoke(alice, client_for):
    session = client_for(alice)
    created = call(session, "post", "/api/tokens", {"name": "weekly report"})
    assert created.status_code == 201
    raw = created.json()["token"]
    assert raw.startswith("wal_")

    # Only a hash is stored: the raw token appears in no column.
    token = ApiToken.objects.get(pk=created.json()["id"])
    assert token.key_hash == hash_token(raw)
    assert raw not in {token.key_hash, token.hint, token.name}
    assert raw.startswith(token.hint)
    listed = call(session, "get", "/api/tokens").json()
    assert [t["name"] for t in listed] == ["weekly report"]
    assert "token" not in listed[0]

    bearer = Client(headers={"Authorization": f"Bearer {raw}"})
    me = call(bearer, "get", "/api/me")
    assert me.status_code == 200 and me.json()["username"] == "alice"
    token.refresh_from_db()
    assert token.last_used_at is not None

    revoked = call(bearer, "delete", f"/api/tokens/{token.pk}")
    assert revoked.status_code == 200
    assert revoked.json()["is_active"] is False
    body = assert_error(call(bearer, "get", "/api/me"), 401)
    assert "revoked" in body["detail"]
    assert call(session, "get", "/api/me").status_code == 200


def test_unknown_or_malformed_token_is_401_even_with_a_session(alice, client_for):
    for value in ["Bearer wal_not-a-real-token", "Bearer nonsense", "Bearer "]:
        client = client_for(alice)
        client.defaults["HTTP_AUTHORIZATION"] = value
        assert_error(call(client, "get", "/api/me"), 401)


def test_token_of_deactivated_member_is_refused(alice):
    client, _ = token_client(alice)
    alice.is_active = False
    alice.save()
    assert_error(call(client, "get", "/api/me"), 401)


def test_cannot_revoke_someone_elses_token(alice, bob, client_for):
    _, raw = token_client(bob)
    token = ApiToken.objects.get(user=bob)
    before = snapshot()
    assert_error(call(client_for(alice), "delete", f"/api/tokens/{token.pk}"), 404)
    assert snapshot() == before
    assert (
        call(Client(headers={"Authorization": f"Bearer {raw}"}), "get", "/api/me").status_code
        == 200
    )


def test_token_needs_a_name(alice, client_for):
    before = snapshot()
    assert_error(call(client_for(alice), "post", "/api/tokens", {"name": "   "}), 400, "name")
    assert_error(call(client_for(alice), "post", "/api/tokens", {}), 422, "name")
    assert snapshot() == before


def test_bearer_token_writes_need_no_csrf_token(alice):
    client, _ = token_client(alice)
    client.handler.enforce_csrf_checks = True
    response = call(client, "post", "/api/updates", {"body": "Sent from a script"})
    assert response.status_code == 201
    assert WorkUpdate.objects.filter(author=alice, body="Sent from a script").exists()


def test_session_writes_need_the_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert call(client, "get", "/api/me").status_code == 200  # safe methods need no token

    before = snapshot()
    body = assert_error(call(client, "post", "/api/updates", {"body": "forged"}), 403)
    assert "CSRF" in body["detail"]
    assert_error(call(client, "patch", "/api/me", {"bio": "forged"}), 403)
    assert snapshot() == before

    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    client.defaults["HTTP_X_CSRFTOKEN"] = secret
    assert call(client, "post", "/api/updates", {"body": "genuine"}).status_code == 201


@pytest.fixture
def public_community(settings):
    settings.COMMUNITY_PUBLIC = True


def test_public_community_lets_anonymous_read_community_content(alice, public_community):
    shared = make_update(alice, body="Community guide draft", audience="community")
    make_update(alice, body="Followers only guide", audience="followers")
    anonymous = Client()
    for path in COMMUNITY_GETS:
        assert call(anonymous, "get", path).status_code == 200, path
    bodies = [
        u["body"] for u in call(anonymous, "get", "/api/people/alice/updates").json()["items"]
    ]
    assert bodies == [shared.body]
    assert call(anonymous, "get", f"/api/updates/{shared.pk}").status_code == 200
    for path in MEMBER_ONLY_GETS + ["/api/feed/asks?mine=true"]:
        assert_error(call(anonymous, "get", path), 401)


def test_public_community_still_refuses_anonymous_writes(alice, public_community):
    update = make_update(alice)
    before = snapshot()
    anonymous = Client()
    assert_error(call(anonymous, "post", "/api/updates", {"body": "x"}), 401)
    assert_error(call(anonymous, "post", f"/api/updates/{update.pk}/responses", {"body": "x"}), 401)
    assert_error(call(anonymous, "post", "/api/people/alice/follow"), 401)
    assert snapshot() == before
