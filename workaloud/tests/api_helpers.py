"""Helpers for API tests: JSON requests, bearer-token clients, and database snapshots."""

import json
from urllib.parse import urlencode

from django.test import Client

from workaloud.people.services import create_api_token
from workaloud.testing.db_state import snapshot  # noqa: F401  (the API tests' import)


def call(client: Client, method: str, path: str, data=None, *, raw: str | None = None, **query):
    """Send ``data`` as a JSON body (or ``raw`` as the body verbatim) and return the response."""
    if query:
        path = f"{path}?{urlencode(query)}"
    kwargs = {}
    if raw is not None:
        kwargs = {"data": raw, "content_type": "application/json"}
    elif data is not None:
        kwargs = {"data": json.dumps(data), "content_type": "application/json"}
    return getattr(client, method.lower())(path, **kwargs)


def token_client(person, name="tests") -> tuple[Client, str]:
    """A client that authenticates every request with a fresh personal token of ``person``."""
    _, raw = create_api_token(person, name)
    return Client(headers={"Authorization": f"Bearer {raw}"}), raw


def assert_error(response, status: int, field: str | None = None) -> dict:
    """The response is a JSON error with a readable detail (and, if given, names ``field``)."""
    assert response.status_code == status, (response.status_code, response.content)
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and len(body["detail"]) > 5, body
    assert set(body) == {"detail", "errors"}, body
    if field is not None:
        assert field in body["errors"], body
        assert field in body["detail"], body
    return body
