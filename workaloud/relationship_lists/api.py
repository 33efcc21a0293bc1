"""API for relationship lists: my goal's list with its ratings history and calibration,
adding, changing and removing people, and rating them.

Only the goal's owner: for anyone else every operation answers 404, as for a missing goal.
"""

from datetime import datetime
from typing import Literal

from ninja import Field, Router, Schema, Status
from pydantic import StrictInt

from workaloud.api_auth import MEMBER_AUTH
from workaloud.api_schemas import (
    GoalRef,
    InputSchema,
    PathId,
    PersonRef,
    field_names,
    max_length,
    responses,
    service_fields,
)
from workaloud.people.models import User
from workaloud.relationship_lists import services
from workaloud.relationship_lists.closeness import CALIBRATION_RULE, HIGHEST, LOWEST, SCALE
from workaloud.relationship_lists.models import Direction, ListEntry, Rating

router = Router(tags=["relationship lists"])

DirectionValue = Literal[tuple(["", *Direction.values])]
Verdict = Literal["agree", "rated_higher", "rated_lower", "not_rated", "no_stage"]
NAME_MAX = max_length(ListEntry, "outside_name")
ABOUT_MAX = max_length(ListEntry, "outside_about")
NOTE_MAX = max_length(ListEntry, "note")
RATING_NOTE_MAX = max_length(Rating, "note")
USERNAME_MAX = max_length(User, "username") + 1  # room for a leading @
RATING_HELP = f"How close you are, {LOWEST}–{HIGHEST}: " + "; ".join(
    f"{value} {label}" for value, label in sorted(SCALE.items())
)


class ScaleStep(Schema):
    value: int
    label: str


class RatingOut(Schema):
    value: int
    label: str = Field(description="The scale's words for the value.")
    note: str
    rated_at: datetime


class CalibrationOut(Schema):
    verdict: Verdict = Field(
        description="agree; rated_higher or rated_lower (rating and stage at least 2 apart); "
        "not_rated; no_stage (someone outside the community)."
    )
    stage: int | None = Field(
        description="The depth stage (0–5) computed from your interactions; null for someone "
        "outside the community."
    )
    stage_name: str
    message: str = Field(description="The comparison in words, as the list page shows it.")


class EntryOut(Schema):
    id: int
    name: str
    person: PersonRef | None = Field(description="The community member; null for someone outside.")
    outside_name: str
    outside_about: str = Field(description="Who they are, for someone outside the community.")
    direction: DirectionValue = Field(description="Who could help whom; empty if not decided.")
    note: str = Field(description="Your private note.")
    current_rating: int | None
    change: str = Field(description='Since the first rating, e.g. "1 → 3 since 2 Nov".')
    ratings: list[RatingOut] = Field(description="Every rating, oldest first.")
    calibration: CalibrationOut
    created_at: datetime


class RelationshipListOut(Schema):
    goal: GoalRef
    scale: list[ScaleStep]
    calibration_rule: str
    entries: list[EntryOut]


class EntryIn(InputSchema):
    """A community member (``username``) or someone outside the community
    (``outside_name``), not both."""

    username: str | None = Field(
        None, max_length=USERNAME_MAX, description="A community member's username."
    )
    outside_name: str = Field("", max_length=NAME_MAX, description="Someone outside.")
    outside_about: str = Field(
        "", max_length=ABOUT_MAX, description='Who they are, e.g. "ex-colleague at Acme".'
    )
    direction: DirectionValue = ""
    note: str = Field("", max_length=NOTE_MAX, description="A private note.")
    rating: StrictInt | None = Field(None, ge=LOWEST, le=HIGHEST, description=RATING_HELP)
    rating_note: str = Field("", max_length=RATING_NOTE_MAX)


class EntryPatch(InputSchema):
    """Only the fields you send change. The name fields only for someone outside."""

    outside_name: str = Field(None, max_length=NAME_MAX)
    outside_about: str = Field(None, max_length=ABOUT_MAX)
    direction: DirectionValue = None
    note: str = Field(None, max_length=NOTE_MAX)


class RateIn(InputSchema):
    value: StrictInt = Field(ge=LOWEST, le=HIGHEST, description=RATING_HELP)
    note: str = Field("", max_length=RATING_NOTE_MAX, description="What changed (optional).")


def _entry_out(view: services.EntryView) -> dict:
    entry, calibration = view.entry, view.calibration
    return {
        "id": entry.pk,
        "name": entry.name,
        "person": entry.person if entry.person_id else None,
        "outside_name": entry.outside_name,
        "outside_about": entry.outside_about,
        "direction": entry.direction,
        "note": entry.note,
        "current_rating": view.current.value if view.current else None,
        "change": view.change,
        "ratings": [
            {"value": r.value, "label": SCALE[r.value], "note": r.note, "rated_at": r.rated_at}
            for r in view.ratings
        ],
        "calibration": {
            "verdict": calibration.verdict,
            "stage": calibration.stage,
            "stage_name": calibration.stage_name,
            "message": calibration.message,
        },
        "created_at": entry.created_at,
    }


@router.get(
    "/goals/{goal_id}/relationship-list",
    response=responses(RelationshipListOut),
    auth=MEMBER_AUTH,
    summary="My goal's relationship list",
)
def get_list(request, goal_id: PathId):
    """Everyone on your list for this goal, with every rating and the calibration against the
    depth stage computed from your interactions."""
    goal = services.my_goal(request.auth, goal_id)
    return {
        "goal": goal,
        "scale": [{"value": v, "label": label} for v, label in sorted(SCALE.items())],
        "calibration_rule": CALIBRATION_RULE,
        "entries": [_entry_out(view) for view in services.goal_list(request.auth, goal)],
    }


@router.post(
    "/goals/{goal_id}/relationship-list",
    response=responses(EntryOut, 201),
    auth=MEMBER_AUTH,
    summary="Add someone to my goal's relationship list",
)
def add_entry(request, goal_id: PathId, payload: EntryIn):
    goal = services.my_goal(request.auth, goal_id)
    fields = service_fields(payload)
    username = fields.pop("username", None)
    with field_names(person="username"):
        person = services.find_member(request.auth, username) if username is not None else None
        entry = services.add_person(request.auth, goal, person, **fields)
    return Status(201, _entry_out(services.entry_view(request.auth, entry)))


@router.patch(
    "/goals/{goal_id}/relationship-list/{entry_id}",
    response=responses(EntryOut),
    auth=MEMBER_AUTH,
    summary="Change an entry of my goal's relationship list",
)
def patch_entry(request, goal_id: PathId, entry_id: PathId, payload: EntryPatch):
    entry = services.my_entry(request.auth, services.my_goal(request.auth, goal_id), entry_id)
    entry = services.update_entry(request.auth, entry, **service_fields(payload))
    return _entry_out(services.entry_view(request.auth, entry))


@router.delete(
    "/goals/{goal_id}/relationship-list/{entry_id}",
    response=responses(None, 204),
    auth=MEMBER_AUTH,
    summary="Remove someone from my goal's relationship list",
)
def delete_entry(request, goal_id: PathId, entry_id: PathId):
    """Removes the entry with all its ratings; nothing of it is kept."""
    entry = services.my_entry(request.auth, services.my_goal(request.auth, goal_id), entry_id)
    services.remove_entry(request.auth, entry)
    return Status(204, None)


@router.post(
    "/goals/{goal_id}/relationship-list/{entry_id}/ratings",
    response=responses(EntryOut, 201),
    auth=MEMBER_AUTH,
    summary="Rate how close I am to someone on my goal's list",
)
def rate_entry(request, goal_id: PathId, entry_id: PathId, payload: RateIn):
    """A new rating; earlier ones are kept as the history."""
    entry = services.my_entry(request.auth, services.my_goal(request.auth, goal_id), entry_id)
    services.rate(request.auth, entry, payload.value, payload.note)
    return Status(201, _entry_out(services.entry_view(request.auth, entry)))
