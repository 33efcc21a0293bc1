"""Circle API: forming. My circles, open circles (find, start, join, leave), a round's pool
(my entry: join, edit, withdraw) and, for organisers, rounds, pool figures and matching runs.

A pool entry's ``avoid`` list is answered to its writer only; no organiser endpoint has it.
"""

from datetime import date, datetime, time
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from workaloud.api_auth import MEMBER_AUTH
from workaloud.api_schemas import (
    DbId,
    GoalRef,
    InputSchema,
    PathId,
    PersonRef,
    field_names,
    responses,
    service_fields,
)
from workaloud.circles import access, forming
from workaloud.circles.models import Circle, MatchingRun, PoolEntry, Round

router = Router(tags=["circles"])

CircleFormat = Literal["virtual", "in_person"]
PreferredFormat = Literal["virtual", "in_person", "either"]


class CircleSummaryOut(Schema):
    id: int
    title: str
    description: str
    origin: Literal["open", "matched"]
    round_id: int | None
    format: CircleFormat
    language: str
    location: str
    timezone: str = Field(description="The weekly slot is in this zone.")
    weekday: int = Field(description="0 is Monday.")
    start_time: time
    starts_on: date
    size_limit: int
    status: Literal["open", "closed", "finished"]
    member_count: int
    slot: str = Field(description='The slot in words: "Tuesdays 18:00 (Europe/Berlin)".')

    @staticmethod
    def resolve_member_count(obj: Circle) -> int:
        count = getattr(obj, "member_count", None)
        if count is None:
            count = obj.memberships.filter(left_at__isnull=True).count()
        return count

    @staticmethod
    def resolve_slot(obj: Circle) -> str:
        return forming.circle_slot_label(obj)


class MyCirclesOut(Schema):
    current: list[CircleSummaryOut]
    past: list[CircleSummaryOut]


class OpenCircleIn(InputSchema):
    title: str = Field(max_length=120)
    description: str = Field("", max_length=2000)
    format: CircleFormat = "virtual"
    language: str = Field(max_length=40)
    location: str = Field("", max_length=80)
    timezone: str = Field("", max_length=64, description="Default: your profile's time zone.")
    starts_on: date
    weekday: int = Field(description="0 (Monday) to 6 (Sunday).")
    start_time: time
    size_limit: int = Field(5, description="4 or 5.")
    round_id: DbId | None = None
    goal_id: DbId | None = Field(None, description="One of your goals, for this circle.")


class JoinIn(InputSchema):
    goal_id: DbId | None = None


class LeftOut(Schema):
    left: bool


class RoundOut(Schema):
    id: int
    title: str
    starts_on: date
    signup_closes_on: date | None
    programme_id: int | None
    status: Literal["open", "matched", "closed"]
    open_for_signup: bool

    @staticmethod
    def resolve_open_for_signup(obj: Round) -> bool:
        return forming.is_round_open(obj)


class RoundIn(InputSchema):
    title: str = Field(max_length=120)
    starts_on: date
    signup_closes_on: date | None = None
    programme_id: DbId | None = None


class RoundPatch(InputSchema):
    title: str = Field(None, max_length=120)
    starts_on: date = None
    signup_closes_on: date | None = None
    programme_id: DbId | None = None


class PoolEntryOut(Schema):
    """Your own entry: only you ever see it whole (the avoid list included)."""

    id: int
    round_id: int
    goal: GoalRef | None
    format: PreferredFormat
    location: str
    languages: list[str]
    timezone: str
    availability: list[int] = Field(
        description="Hour slots in your time zone: weekday × 24 + hour, 0 is Monday 00:00."
    )
    avoid: list[str] = Field(description="Usernames; private to you.")
    created_at: datetime

    @staticmethod
    def resolve_avoid(obj: PoolEntry) -> list[str]:
        return sorted(obj.avoid.values_list("username", flat=True))


class PoolEntryIn(InputSchema):
    goal_id: DbId | None = Field(None, description="One of your goals…")
    goal_title: str | None = Field(None, max_length=200, description="…or a new goal's title.")
    format: PreferredFormat = "either"
    location: str = Field("", max_length=80)
    languages: list[str] = Field(max_length=20)
    timezone: str = Field("", max_length=64, description="Default: your profile's time zone.")
    availability: list[int] = Field(max_length=168)
    avoid: list[str] = Field([], max_length=50, description="Usernames; private to you.")


class PoolEntryPatch(InputSchema):
    """Only the fields you send change."""

    goal_id: DbId | None = None
    goal_title: str | None = Field(None, max_length=200)
    format: PreferredFormat = None
    location: str = Field(None, max_length=80)
    languages: list[str] = Field(None, max_length=20)
    timezone: str = Field(None, max_length=64)
    availability: list[int] = Field(None, max_length=168)
    avoid: list[str] = Field(None, max_length=50)


class CountOut(Schema):
    value: str
    count: int | None = Field(description="Null when fewer than smallest_shown_group people.")


class PoolFiguresOut(Schema):
    people: int
    withdrawn: int
    languages: list[CountOut]
    formats: list[CountOut]
    timezones: list[CountOut]
    smallest_shown_group: int


class ReviewMemberOut(Schema):
    entry_id: int
    person: PersonRef | None
    team: str
    goal: str
    timezone: str
    local_slot: str = Field(description="The circle's hour in the member's own time.")


class ReviewCircleOut(Schema):
    key: int = Field(description="Move people with this number.")
    title: str
    slot: int = Field(description="UTC hour of the week of the round's first week.")
    slot_utc: str
    language: str
    format: CircleFormat
    location: str
    members: list[ReviewMemberOut]
    figures: dict


class UnmatchedOut(Schema):
    entry_id: int
    person: PersonRef | None
    team: str
    goal: str
    reason: str


class MatchingRunOut(Schema):
    id: int
    round_id: int
    status: Literal["proposed", "confirmed", "discarded"]
    created_at: datetime
    confirmed_at: datetime | None
    figures: dict
    circles: list[ReviewCircleOut]
    unmatched: list[UnmatchedOut]


class MoveIn(InputSchema):
    entry_id: DbId
    to: int | None = Field(description="A proposed circle's key, or null for unmatched.")


class ConfirmedOut(Schema):
    circles: list[CircleSummaryOut]


def _round(round_id: int) -> Round:
    return get_object_or_404(Round, pk=round_id)


def _run_out(run: MatchingRun, viewer) -> dict:
    review = forming.review(run, viewer)
    return {
        "id": run.pk,
        "round_id": run.round_id,
        "status": run.status,
        "created_at": run.created_at,
        "confirmed_at": run.confirmed_at,
        "figures": review.figures,
        "circles": review.circles,
        "unmatched": review.unmatched,
    }


def _run(run_id: int, viewer) -> MatchingRun:
    forming.require_organiser(viewer)
    return get_object_or_404(MatchingRun.objects.select_related("round"), pk=run_id)


# --- Circles ------------------------------------------------------------------------------


@router.get("/mine", response=responses(MyCirclesOut), auth=MEMBER_AUTH, summary="My circles")
def my_circles(request):
    current, past = forming.my_circles(request.auth)
    return {"current": current, "past": past}


@router.get(
    "/open",
    response=responses(list[CircleSummaryOut]),
    auth=MEMBER_AUTH,
    summary="Open circles to join",
)
def open_circles(
    request,
    language: str = Query("", max_length=40),
    format: str = Query("", max_length=20, description="virtual or in_person"),
    fits_me: bool = Query(False, description="Only circles whose hour is in your availability."),
    q: str = Query("", max_length=100),
):
    return forming.open_circles(
        request.auth, language=language, format=format, fits_me=fits_me, q=q
    )


@router.post(
    "/open",
    response=responses(CircleSummaryOut, 201),
    auth=MEMBER_AUTH,
    summary="Start an open circle",
)
def create_open_circle(request, payload: OpenCircleIn):
    with field_names(round="round_id", goal="goal_id"):
        circle = forming.create_open_circle(
            request.auth, **service_fields(payload, round_id="round", goal_id="goal")
        )
    return Status(201, circle)


@router.post(
    "/{circle_id}/join",
    response=responses(CircleSummaryOut),
    auth=MEMBER_AUTH,
    summary="Join a circle",
)
def join_circle(request, circle_id: PathId, payload: JoinIn | None = None):
    circle = get_object_or_404(Circle, pk=circle_id)
    with field_names(goal="goal_id"):
        forming.join_circle(request.auth, circle, goal=payload.goal_id if payload else None)
    circle.refresh_from_db()
    return circle


@router.post(
    "/{circle_id}/leave",
    response=responses(LeftOut),
    auth=MEMBER_AUTH,
    summary="Leave a circle before it starts",
)
def leave_circle(request, circle_id: PathId):
    forming.leave_circle(request.auth, get_object_or_404(Circle, pk=circle_id))
    return {"left": True}


# --- Rounds and the pool ------------------------------------------------------------------


@router.get(
    "/rounds",
    response=responses(list[RoundOut]),
    auth=MEMBER_AUTH,
    summary="Rounds open for sign-up (organisers: every round)",
)
def rounds(request):
    if access.is_organiser(request.auth):
        return list(Round.objects.order_by("-starts_on", "-id"))
    return forming.open_rounds()


@router.post("/rounds", response=responses(RoundOut, 201), auth=MEMBER_AUTH, summary="New round")
def create_round(request, payload: RoundIn):
    with field_names(programme="programme_id"):
        round_ = forming.create_round(
            request.auth, **service_fields(payload, programme_id="programme")
        )
    return Status(201, round_)


@router.patch(
    "/rounds/{round_id}", response=responses(RoundOut), auth=MEMBER_AUTH, summary="Change a round"
)
def patch_round(request, round_id: PathId, payload: RoundPatch):
    forming.require_organiser(request.auth)
    with field_names(programme="programme_id"):
        return forming.update_round(
            _round(round_id), request.auth, **service_fields(payload, programme_id="programme")
        )


@router.get(
    "/rounds/{round_id}/pool",
    response=responses(PoolFiguresOut),
    auth=MEMBER_AUTH,
    summary="The pool in figures (organisers)",
)
def pool_figures(request, round_id: PathId):
    forming.require_organiser(request.auth)
    return forming.pool_figures(_round(round_id), request.auth)


def _my_entry(request, round_id: int) -> PoolEntry:
    entry = forming.entry_of(request.auth, _round(round_id))
    if entry is None:
        raise Http404("You are not in this round's pool.")
    return entry


@router.get(
    "/rounds/{round_id}/entry",
    response=responses(PoolEntryOut),
    auth=MEMBER_AUTH,
    summary="My pool entry",
)
def my_entry(request, round_id: PathId):
    return _my_entry(request, round_id)


@router.post(
    "/rounds/{round_id}/entry",
    response=responses(PoolEntryOut, 201),
    auth=MEMBER_AUTH,
    summary="Join the pool",
)
def join_pool(request, round_id: PathId, payload: PoolEntryIn):
    fields = service_fields(payload, goal_id="goal")
    for name in ("languages", "availability", "format", "location", "avoid"):
        fields.setdefault(name, getattr(payload, name))
    with field_names(goal="goal_id"):
        entry = forming.join_pool(request.auth, _round(round_id), **fields)
    return Status(201, entry)


@router.patch(
    "/rounds/{round_id}/entry",
    response=responses(PoolEntryOut),
    auth=MEMBER_AUTH,
    summary="Change my pool entry",
)
def patch_entry(request, round_id: PathId, payload: PoolEntryPatch):
    entry = _my_entry(request, round_id)
    with field_names(goal="goal_id"):
        return forming.update_pool_entry(
            entry, request.auth, **service_fields(payload, goal_id="goal")
        )


@router.delete(
    "/rounds/{round_id}/entry",
    response=responses(PoolEntryOut),
    auth=MEMBER_AUTH,
    summary="Withdraw from the pool",
)
def withdraw(request, round_id: PathId):
    return forming.withdraw_from_pool(_my_entry(request, round_id), request.auth)


# --- Matching (organisers) ----------------------------------------------------------------


@router.post(
    "/rounds/{round_id}/matching",
    response=responses(MatchingRunOut, 201),
    auth=MEMBER_AUTH,
    summary="Run matching on the pool",
)
def run_matching(request, round_id: PathId):
    forming.require_organiser(request.auth)
    run = forming.run_matching(_round(round_id), request.auth)
    return Status(201, _run_out(run, request.auth))


@router.get(
    "/matching/{run_id}",
    response=responses(MatchingRunOut),
    auth=MEMBER_AUTH,
    summary="A matching proposal",
)
def get_run(request, run_id: PathId):
    return _run_out(_run(run_id, request.auth), request.auth)


@router.post(
    "/matching/{run_id}/move",
    response=responses(MatchingRunOut),
    auth=MEMBER_AUTH,
    summary="Move a person to another proposed circle or to unmatched",
)
def move(request, run_id: PathId, payload: MoveIn):
    with field_names(entry="entry_id"):
        run = forming.move_in_run(
            _run(run_id, request.auth), request.auth, payload.entry_id, payload.to
        )
    return _run_out(run, request.auth)


class DissolveIn(InputSchema):
    key: int = Field(description="The proposed circle to set aside.")


@router.post(
    "/matching/{run_id}/dissolve",
    response=responses(MatchingRunOut),
    auth=MEMBER_AUTH,
    summary="Set aside a proposed circle: its members become unmatched",
)
def dissolve(request, run_id: PathId, payload: DissolveIn):
    run = forming.dissolve_in_run(_run(run_id, request.auth), request.auth, payload.key)
    return _run_out(run, request.auth)


@router.post(
    "/matching/{run_id}/confirm",
    response=responses(ConfirmedOut),
    auth=MEMBER_AUTH,
    summary="Confirm: form the circles and tell their members",
)
def confirm(request, run_id: PathId):
    circles = forming.confirm_run(_run(run_id, request.auth), request.auth)
    return {"circles": circles}


@router.post(
    "/matching/{run_id}/discard",
    response=responses(MatchingRunOut),
    auth=MEMBER_AUTH,
    summary="Discard a proposal",
)
def discard(request, run_id: PathId):
    run = forming.discard_run(_run(run_id, request.auth), request.auth)
    return _run_out(run, request.auth)
