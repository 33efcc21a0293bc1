"""API for people: my profile, finding people, following them, and personal API tokens."""

from datetime import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from workaloud.api_auth import MEMBER_AUTH, READ_AUTH
from workaloud.api_schemas import (
    FeedOut,
    InputSchema,
    PathId,
    PersonRef,
    feed_out,
    max_length,
    responses,
    service_fields,
)
from workaloud.audience import visible_goals, visible_people
from workaloud.goals.api import GoalOut
from workaloud.people import services
from workaloud.people.legacy import GoalWork, Legacy, PersonCount, legacy_of
from workaloud.people.models import ApiToken, User
from workaloud.work import feeds

router = Router(tags=["people"])


class PersonOut(Schema):
    username: str
    display_name: str
    name: str = Field(description="The display name, or the username when there is none.")
    bio: str
    team: str
    department: str
    location: str
    timezone: str
    languages: str = Field(description="Comma-separated, for example: English, Deutsch.")
    purpose: str


class PersonDetailOut(PersonOut):
    following: bool = Field(description="Whether you follow this person.")

    @staticmethod
    def resolve_following(obj: User, context) -> bool:
        return services.is_following(context["request"].auth, obj)


class MeOut(PersonOut):
    email: str


def _text(field: str, description: str = ""):
    return Field(None, max_length=max_length(User, field), description=description)


class ProfilePatch(InputSchema):
    """Only the fields you send change."""

    display_name: str = _text("display_name")
    bio: str = _text("bio")
    team: str = _text("team")
    department: str = _text("department")
    location: str = _text("location")
    timezone: str = _text("timezone", "A time zone name such as Europe/Berlin, or empty.")
    languages: str = _text("languages", "Comma-separated, for example: English, Deutsch.")
    purpose: str = _text("purpose", "What your work is for, and for whom.")


class FollowOut(Schema):
    following: bool


class TokenOut(Schema):
    id: int
    name: str
    hint: str = Field(description="The token's first characters, to recognise it.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    is_active: bool


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The token itself. It is shown this once and never again.")


class LegacyWorkOut(Schema):
    goal_id: int | None = Field(description="Null for work under no goal you may see.")
    title: str = Field(description="The goal's title; empty for other work.")
    status: str = Field(description="The goal's status (active, achieved, dropped); empty.")
    update_count: int = Field(description="Its updates you may see.")
    first_at: datetime | None
    latest_at: datetime | None
    stage_reached: str | None = Field(description="The stage of the latest of those updates.")
    latest_update_id: int | None


class LegacyAskOut(Schema):
    update_id: int
    ask: str
    asker: PersonRef
    resolved_at: datetime | None
    credited_at: datetime


class LegacyPersonOut(Schema):
    person: PersonRef
    count: int = Field(description="Updates helped on, or thanks given.")


class LegacyThanksNoteOut(Schema):
    giver: PersonRef
    note: str
    update_id: int
    created_at: datetime


class LegacyPrivateThanksOut(Schema):
    mode: str = Field(
        description="“received”: your own legacy, who thanked you; “given”: your thanks to them."
    )
    total: int
    people: list[LegacyPersonOut]
    notes: list[LegacyThanksNoteOut] = Field(description="The latest notes, newest first.")


class LegacyOut(Schema):
    """What a person's working out loud has left, counted only from what you may see."""

    username: str
    summary: str = Field(
        examples=["12 updates on 3 goals · helped resolve 4 asks · helped 6 people"]
    )
    update_count: int
    goal_count: int = Field(description="Goals with at least one update you may see.")
    goals: list[LegacyWorkOut] = Field(description="Goals you may see, latest work first.")
    other_work: LegacyWorkOut | None = Field(description="Updates under no goal you may see.")
    asks_count: int
    asks: list[LegacyAskOut] = Field(description="The most recently resolved, up to 20.")
    people_helped: list[LegacyPersonOut]
    public_thanks: list[LegacyPersonOut] = Field(description="“Thanks” responses, by giver.")
    private_thanks: LegacyPrivateThanksOut | None = Field(
        description="Only for the person (who thanked them) and for someone who thanked them "
        "(their own thanks); null for everyone else."
    )


def _work_out(work: GoalWork) -> dict:
    goal = work.goal
    return {
        "goal_id": goal.pk if goal else None,
        "title": goal.title if goal else "",
        "status": goal.status if goal else "",
        "update_count": work.count,
        "first_at": work.first_at,
        "latest_at": work.latest_at,
        "stage_reached": work.stage_reached,
        "latest_update_id": work.latest.pk if work.latest else None,
    }


def _people_out(rows: list[PersonCount]) -> list[dict]:
    return [{"person": r.person, "count": r.count} for r in rows]


def _legacy_out(legacy: Legacy) -> dict:
    private = legacy.private_thanks
    return {
        "username": legacy.person.username,
        "summary": legacy.summary,
        "update_count": legacy.update_count,
        "goal_count": legacy.goal_count,
        "goals": [_work_out(w) for w in legacy.goals],
        "other_work": _work_out(legacy.other_work) if legacy.other_work else None,
        "asks_count": legacy.asks_count,
        "asks": [
            {
                "update_id": a.update.pk,
                "ask": a.update.ask,
                "asker": a.update.author,
                "resolved_at": a.update.ask_resolved_at,
                "credited_at": a.credited_at,
            }
            for a in legacy.asks
        ],
        "people_helped": _people_out(legacy.people_helped),
        "public_thanks": _people_out(legacy.public_thanks),
        "private_thanks": private
        and {
            "mode": private.mode,
            "total": private.total,
            "people": _people_out(private.people),
            "notes": [
                {
                    "giver": n.giver,
                    "note": n.note,
                    "update_id": n.update_id,
                    "created_at": n.created_at,
                }
                for n in private.notes
            ],
        },
    }


class TokenIn(InputSchema):
    name: str = Field(max_length=max_length(ApiToken, "name"), examples=["weekly report script"])


def _person(viewer, username: str) -> User:
    """The person with this username if the viewer may see them; 404 otherwise."""
    # PostgreSQL refuses to compare text with a NUL; no username has one.
    person = (
        None if "\x00" in username else visible_people(viewer).filter(username=username).first()
    )
    if person is None:
        raise Http404(f"No person with username “{username}”.")
    return person


@router.get("/me", response=responses(MeOut), auth=MEMBER_AUTH, summary="My profile")
def get_me(request):
    return request.auth


@router.patch("/me", response=responses(MeOut), auth=MEMBER_AUTH, summary="Change my profile")
def patch_me(request, payload: ProfilePatch):
    return services.update_profile(request.auth, **service_fields(payload))


@router.get("/people", response=responses(list[PersonOut]), auth=READ_AUTH, summary="Find people")
def list_people(
    request,
    q: str = Query("", max_length=200, description="Words to find in name, team or purpose."),
    limit: int = Query(20, ge=1, le=100),
):
    return services.search_people(request.auth, q, limit=limit)


@router.get(
    "/people/{username}", response=responses(PersonDetailOut), auth=READ_AUTH, summary="A profile"
)
def get_person(request, username: str):
    return _person(request.auth, username)


@router.get(
    "/people/{username}/updates",
    response=responses(FeedOut),
    auth=READ_AUTH,
    summary="A person's work updates",
)
def person_updates(
    request,
    username: str,
    cursor: str | None = Query(None, max_length=200),
    limit: int | None = Query(None, ge=1, le=100),
):
    person = _person(request.auth, username)
    return feed_out(feeds.person_feed(request.auth, person, cursor, limit))


@router.get(
    "/people/{username}/goals",
    response=responses(list[GoalOut]),
    auth=READ_AUTH,
    summary="A person's goals",
)
def person_goals(request, username: str):
    person = _person(request.auth, username)
    return list(visible_goals(request.auth).filter(owner=person).select_related("owner"))


@router.get(
    "/people/{username}/legacy",
    response=responses(LegacyOut),
    auth=READ_AUTH,
    summary="A person's legacy",
)
def person_legacy(request, username: str):
    """Their work by goal, the asks they helped resolve, the people they helped and who
    thanked them, counted only from the items you may see. Private thanks only to the two
    people in them."""
    return _legacy_out(legacy_of(request.auth, _person(request.auth, username)))


@router.post(
    "/people/{username}/follow", response=responses(FollowOut), auth=MEMBER_AUTH, summary="Follow"
)
def follow_person(request, username: str):
    services.follow(request.auth, _person(request.auth, username))
    return {"following": True}


@router.delete(
    "/people/{username}/follow", response=responses(FollowOut), auth=MEMBER_AUTH, summary="Unfollow"
)
def unfollow_person(request, username: str):
    services.unfollow(request.auth, _person(request.auth, username))
    return {"following": False}


@router.get("/tokens", response=responses(list[TokenOut]), auth=MEMBER_AUTH, tags=["tokens"])
def list_tokens(request):
    """My personal API tokens, newest first, including revoked ones."""
    return list(request.auth.api_tokens.all())


@router.post("/tokens", response=responses(TokenCreatedOut, 201), auth=MEMBER_AUTH, tags=["tokens"])
def create_token(request, payload: TokenIn):
    """A new personal API token. The response holds the raw token once: store it safely."""
    token, raw = services.create_api_token(request.auth, payload.name)
    token.token = raw
    return Status(201, token)


@router.delete(
    "/tokens/{token_id}", response=responses(TokenOut), auth=MEMBER_AUTH, tags=["tokens"]
)
def revoke_token(request, token_id: PathId):
    """Revoke a token: requests that present it get 401 from now on."""
    if not request.auth.api_tokens.filter(pk=token_id).exists():
        raise Http404(f"You have no token with id {token_id}.")
    return services.revoke_api_token(request.auth, token_id)
