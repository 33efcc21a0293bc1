"""API for my relationships: the list with its figures, and one relationship's story.

Strictly the caller's own: there is no way to ask for anyone else's relationships.
"""

from datetime import datetime
from typing import Literal

from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from workaloud.api_schemas import responses
from workaloud.relationships import queries, story

router = Router(tags=["relationships"])

Trend = Literal["deepening", "steady", "fading", "new"]
Sort = Literal[tuple(queries.SORTS)]
SORT_QUERY = Query("strength", description="The order of the list.")


class RelationshipOut(Schema):
    username: str
    name: str
    team: str
    strength: float = Field(description="0–100; see docs/relationship-model.md.")
    stage: int = Field(ge=0, le=5)
    stage_name: str
    gave: int = Field(description="Interactions you made towards them.")
    received: int = Field(description="Interactions they made towards you.")
    gave_weight: float = Field(description="Your decayed weight towards them, now.")
    received_weight: float
    first_at: datetime
    last_at: datetime
    trend: Trend = Field(description="Intensity now against 90 days ago.")
    trend_ratio: float | None
    overlap: float = Field(description="Shared connections (Jaccard, 0–1).")
    bridge: bool = Field(description="A weak tie to another team or community.")


class RelationshipPageOut(Schema):
    total: int
    matching: int
    page: int
    pages: int
    counts_by_stage: dict[str, int] = Field(description='Relationships per stage ("0"–"5").')
    counts_by_trend: dict[str, int]
    items: list[RelationshipOut]


class AboutOut(Schema):
    label: str
    url: str | None


class TimelineOut(Schema):
    id: int
    kind: str
    given: bool = Field(description="True when you made it, False when they did.")
    at: datetime
    about: AboutOut | None
    weight: float
    value_now: float = Field(description="The weight decayed to now.")
    source: str


class MomentOut(Schema):
    stage: int
    stage_name: str
    at: datetime
    interaction_id: int
    because: str


class ComponentOut(Schema):
    name: str
    value: float
    bonus: float | None = Field(description="What it adds to the multiplier.")
    explain: str
    rows: list[int] = Field(description="The ids of the timeline rows behind it.")


class SuggestionOut(Schema):
    kind: str
    text: str
    url: str | None


class StoryOut(Schema):
    username: str
    exists: bool
    strength: float
    stage: int
    stage_name: str
    half_life_days: float | None = None
    moments: list[MomentOut]
    components: list[ComponentOut]
    timeline: list[TimelineOut]
    suggestions: list[SuggestionOut]


@router.get(
    "/relationships",
    response=responses(RelationshipPageOut),
    summary="My relationships, with their figures",
)
def my_relationships(
    request,
    q: str = Query("", max_length=100, description="Part of a name or username."),
    team: str = Query("", max_length=80),
    stage: int | None = Query(None, ge=0, le=5),
    goal: int | None = Query(None, ge=1, le=2**63 - 1, description="One of your goals' ids."),
    bridges: bool = Query(False, description="Only weak ties that bridge."),
    sort: Sort = SORT_QUERY,
    page: int = Query(1, ge=1, le=100_000),
):
    filters = queries.Filters(goal=goal, team=team, stage=stage, q=q, bridges=bridges, sort=sort)
    result = queries.my_relationships(request.auth, filters, page=page)
    by_stage = {str(stage): n for stage, n in result.counts_by_stage.items()}
    return {**result.__dict__, "counts_by_stage": by_stage, "items": result.rows}


@router.get(
    "/relationships/{username}",
    response=responses(StoryOut),
    summary="My relationship with one person: timeline, moments, breakdown, suggestions",
)
def relationship_story(request, username: str = Path(..., max_length=150)):
    other = story.person_in_story(request.auth, username)
    if other.pk == request.auth.pk:
        raise HttpError(400, "That is you: a relationship is between two people.")
    return {"username": other.username, **story.story(request.auth, other)}
