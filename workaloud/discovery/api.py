"""API for discovery: people with aligned purpose, who could help with my ask (and asking them),
asks I could help with, work beyond my network, and dismissing suggestions."""

from datetime import datetime

from ninja import Field, Query, Router, Schema, Status

from workaloud.api_auth import MEMBER_AUTH
from workaloud.api_schemas import DbId, InputSchema, PathId, PersonRef, responses
from workaloud.discovery import services

router = Router(tags=["discovery"])

LimitQuery = Query(10, ge=1, le=50, description="How many suggestions.")


class DiscoveryEvidenceOut(Schema):
    kind: str = Field(description="purpose, goal, update or response.")
    title: str
    url: str = Field(description="Where to read it (a path on this site).")
    words: list[str] = Field(description="The words it shares with what was matched.")


class DiscoveryPersonOut(Schema):
    person: PersonRef
    team: str
    score: float
    reason: str = Field(description="One line: why this person is suggested.")
    words: list[str] = Field(description="The matching words.")
    evidence: list[DiscoveryEvidenceOut] = Field(
        description="The matched items, only ones you may see."
    )
    facts: list[str] = Field(
        description="Relationship facts that applied: weak tie, other team, has helped on N "
        "asks, N open asks already."
    )
    weak_tie: bool
    other_team: bool
    helped: int
    open_asks: int = Field(description="Open asks this person was already asked to help with.")


class DiscoveryHelpersOut(Schema):
    update_id: int
    best_are_weak_ties: bool
    people: list[DiscoveryPersonOut]


class DiscoveryItemOut(Schema):
    update_id: int
    author: PersonRef
    excerpt: str
    ask: str
    url: str
    published_at: datetime
    responses: int
    score: float
    reason: str
    words: list[str]


class DiscoveryAskThemIn(InputSchema):
    username: str = Field(min_length=1, max_length=30, description="Whom to ask.")


class DiscoveryAskThemOut(Schema):
    update_id: int
    helper: PersonRef
    created_at: datetime


class DiscoveryDismissIn(InputSchema):
    username: str | None = Field(None, min_length=1, max_length=30)
    update_id: DbId | None = None


class DiscoveryDismissOut(Schema):
    username: str | None
    update_id: int | None


def _person(s: services.Suggestion) -> dict:
    return {
        "person": s.person,
        "team": s.person.team,
        "score": round(s.score, 4),
        "reason": s.reason,
        "words": s.words,
        "evidence": [e.__dict__ for e in s.evidence],
        "facts": s.facts,
        "weak_tie": s.weak_tie,
        "other_team": s.other_team,
        "helped": s.helped,
        "open_asks": s.load,
    }


def _item(i: services.ItemSuggestion) -> dict:
    u = i.update
    return {
        "update_id": u.pk,
        "author": u.author,
        "excerpt": services._excerpt(u.body, 280),
        "ask": u.ask,
        "url": u.get_absolute_url(),
        "published_at": u.published_at,
        "responses": i.responses,
        "score": round(i.score, 4),
        "reason": i.reason,
        "words": i.words,
    }


@router.get("/discovery/aligned", response=responses(list[DiscoveryPersonOut]), auth=MEMBER_AUTH)
def aligned_people(request, limit: int = LimitQuery):
    """People whose purpose, goals and recent work are closest to yours, whom you are not close
    to yet and have not dismissed; weak ties and other teams favoured. Each with its reason."""
    return [_person(s) for s in services.aligned_people(request.auth, limit=limit)]


@router.get(
    "/updates/{update_id}/helpers", response=responses(DiscoveryHelpersOut), auth=MEMBER_AUTH
)
def who_could_help(request, update_id: PathId, limit: int = LimitQuery):
    """Who could help with your open ask (its author only: 403 for others, 400 when the update
    has no open ask), with the evidence and the relationship facts."""
    found = services.who_could_help(request.auth, update_id, limit=limit)
    return {
        "update_id": update_id,
        "best_are_weak_ties": services.best_are_weak_ties(found),
        "people": [_person(s) for s in found],
    }


@router.post(
    "/updates/{update_id}/helpers/ask",
    response=responses(DiscoveryAskThemOut, 201),
    auth=MEMBER_AUTH,
)
def ask_them(request, update_id: PathId, payload: DiscoveryAskThemIn):
    """Ask one person whether they could help with your open ask: they are notified. Once per
    person and ask (else 400); only someone who may see the ask (else 400)."""
    made = services.ask_them(request.auth, update_id, payload.username)
    return Status(
        201, {"update_id": update_id, "helper": made.helper, "created_at": made.created_at}
    )


@router.get("/discovery/asks", response=responses(list[DiscoveryItemOut]), auth=MEMBER_AUTH)
def asks_i_could_help_with(request, limit: int = Query(20, ge=1, le=50)):
    """Open asks across the community that match what you know, least-answered first."""
    return [_item(i) for i in services.asks_i_could_help_with(request.auth, limit=limit)]


@router.get("/discovery/beyond", response=responses(list[DiscoveryItemOut]), auth=MEMBER_AUTH)
def beyond_my_network(request, limit: int = Query(20, ge=1, le=50)):
    """Recent work near your goals from people two or more steps away from you."""
    return [_item(i) for i in services.beyond_my_network(request.auth, limit=limit)]


@router.post(
    "/discovery/dismissals", response=responses(DiscoveryDismissOut, 201), auth=MEMBER_AUTH
)
def dismiss(request, payload: DiscoveryDismissIn):
    """Don't suggest this person again (``username``), or this ask (``update_id``): one of them."""
    from django.core.exceptions import ValidationError

    if (payload.username is None) == (payload.update_id is None):
        raise ValidationError("Send either username or update_id.")
    if payload.username is not None:
        services.dismiss_person(request.auth, payload.username)
    else:
        services.dismiss_ask(request.auth, payload.update_id)
    return Status(201, {"username": payload.username, "update_id": payload.update_id})
