"""The JSON API under /api/: one NinjaAPI, the apps' routers, and one shape for every error.

Endpoints are thin: they parse input, call the same services the HTML views call, and shape
the result. Every error answers ``{"detail": "...", "errors": {field: [messages]}}``.
"""

import logging

import orjson
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.renderers import BaseRenderer

from workaloud.api_auth import MEMBER_AUTH
from workaloud.campaigns.api import router as campaigns_router
from workaloud.circles.api import router as circles_router
from workaloud.digests.api import router as digests_router
from workaloud.discovery.api import router as discovery_router
from workaloud.generosity.api import router as generosity_router
from workaloud.goals.api import router as goals_router
from workaloud.introductions.api import router as introductions_router
from workaloud.notifications.api import router as notifications_router
from workaloud.people.api import router as people_router
from workaloud.reflection.api import router as reflection_router
from workaloud.relationship_lists.api import router as relationship_lists_router
from workaloud.relationships.api import router as relationships_router
from workaloud.search.api import router as search_router
from workaloud.work.api import router as work_router

logger = logging.getLogger(__name__)

DESCRIPTION = """\
The Workaloud API: narrate your work, ask for help, respond, and follow people and goals.

**Authentication.** Send a personal token as `Authorization: Bearer wal_…` (create one with
`POST /api/tokens` while logged in; it is shown once), or use the browser session, in which
case unsafe methods need the `X-CSRFToken` header. When the community is public, anonymous
visitors may read community-wide content.

**Errors** are JSON: `{"detail": "what went wrong", "errors": {"field": ["message"]}}`
(`errors` is null when no particular field is at fault), with
400 (the request breaks a rule), 401 (not authenticated), 403 (not allowed), 404 (no such
item, or one you cannot see) or 422 (malformed input: wrong types, missing or too-long fields).

**Feeds** page with an opaque cursor: pass the `next_cursor` of one page as `?cursor=`.
"""


class FastJSONRenderer(BaseRenderer):
    """JSON through orjson: feeds are the API's hottest answers, and the standard library's
    encoder was a visible share of their time. Non-native values fall back to Django's
    encoder, so output matches what ninja would otherwise send."""

    media_type = "application/json"

    def render(self, request, data, *, response_status):
        return orjson.dumps(data, default=DjangoJSONEncoder().default)


api = NinjaAPI(
    renderer=FastJSONRenderer(),
    title="Workaloud API",
    version="1",
    description=DESCRIPTION,
    auth=MEMBER_AUTH,
    urls_namespace="api",
)

api.add_router("", people_router)
api.add_router("", goals_router)
api.add_router("", work_router)
api.add_router("", notifications_router)
api.add_router("", generosity_router)
api.add_router("", relationship_lists_router)
api.add_router("", relationships_router)
api.add_router("/circles", circles_router)
api.add_router("", digests_router)
api.add_router("/campaigns", campaigns_router)
api.add_router("/reflection", reflection_router)
api.add_router("", introductions_router)
api.add_router("", search_router)
api.add_router("", discovery_router)


def error(request, status: int, detail: str, errors: dict | None = None):
    """Every error has the same shape; ``errors`` is null when no particular field is at fault."""
    return api.create_response(request, {"detail": detail, "errors": errors or None}, status=status)


def _sentence(message: str) -> str:
    message = message.strip()
    return message if message.endswith((".", "!", "?")) else message + "."


@api.exception_handler(DjangoValidationError)
def on_rule_broken(request, exc: DjangoValidationError):
    """A service refused the input: 400 with the messages per field."""
    if hasattr(exc, "error_dict"):
        errors = exc.message_dict
        parts = [
            _sentence(m) if field == NON_FIELD_ERRORS else f"{field}: {_sentence(m)}"
            for field, messages in errors.items()
            for m in messages
        ]
        return error(request, 400, " ".join(parts), errors)
    return error(request, 400, " ".join(_sentence(m) for m in exc.messages))


@api.exception_handler(SchemaValidationError)
def on_malformed_input(request, exc: SchemaValidationError):
    """The request does not match the schema: 422, naming each field and what is wrong."""
    errors: dict[str, list[str]] = {}
    for problem in exc.errors:
        loc = [str(part) for part in problem.get("loc", ())]
        source, rest = (loc[0], loc[1:]) if loc else ("body", [])
        if source == "body" and rest and rest[0] == "payload":
            rest = rest[1:]
        field = ".".join(rest) or source
        message = str(problem.get("msg") or "Invalid value").removeprefix("Value error, ")
        errors.setdefault(field, []).append(_sentence(message))
    detail = " ".join(f"{field}: {m}" for field, messages in errors.items() for m in messages)
    return error(request, 422, f"The request is not valid. {detail}", errors)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc: PermissionDenied):
    return error(request, 403, _sentence(str(exc) or "You are not allowed to do that"))


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    return error(request, 404, _sentence(str(exc) or "Not found"))


@api.exception_handler(ObjectDoesNotExist)
def on_missing_object(request, exc: ObjectDoesNotExist):
    return error(request, 404, "Not found.")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """Authentication (401), CSRF (403) and unparseable bodies (400) from ninja itself."""
    detail = str(exc)
    if exc.status_code == 401 and detail == "Unauthorized":
        detail = (
            "Authentication required: send 'Authorization: Bearer wal_…' with a personal API "
            "token, or log in."
        )
    elif detail.startswith("Cannot parse request body"):
        detail = "The request body is not valid JSON."
    return error(request, exc.status_code, _sentence(detail))


@api.exception_handler(Exception)
def on_unexpected(request, exc: Exception):
    """A bug on our side: log it, and still answer JSON."""
    logger.exception("Unhandled error in %s %s", request.method, request.path)
    return error(request, 500, "Something went wrong on our side; it has been logged.")
