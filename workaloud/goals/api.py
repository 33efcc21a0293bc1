"""API for goals: my goals, a goal, following it, and the updates that belong to it."""

from datetime import date, datetime
from typing import Literal

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
from workaloud.audience import GoalAudience, visible_goals
from workaloud.goals import services
from workaloud.goals.models import Goal
from workaloud.work import feeds

router = Router(tags=["goals"])

TITLE_MAX = max_length(Goal, "title")
WHY_MAX = max_length(Goal, "why")
GoalStatus = Literal[tuple(Goal.Status.values)]


class GoalOut(Schema):
    id: int
    owner: PersonRef
    title: str
    why: str = Field(description="Why it matters.")
    target_date: date | None
    status: GoalStatus
    audience: GoalAudience
    created_at: datetime
    updated_at: datetime


class GoalDetailOut(GoalOut):
    following: bool = Field(description="Whether you follow this goal.")

    @staticmethod
    def resolve_following(obj: Goal, context) -> bool:
        return services.is_following_goal(context["request"].auth, obj)


class GoalIn(InputSchema):
    title: str = Field(max_length=TITLE_MAX, description="Short: at most 25 words.")
    why: str = Field("", max_length=WHY_MAX, description="Why it matters.")
    target_date: date | None = None
    status: GoalStatus = Goal.Status.ACTIVE.value
    audience: GoalAudience = GoalAudience.COMMUNITY


class GoalPatch(InputSchema):
    """Only the fields you send change."""

    title: str = Field(None, max_length=TITLE_MAX)
    why: str = Field(None, max_length=WHY_MAX)
    target_date: date | None = None
    status: GoalStatus = None
    audience: GoalAudience = None


class GoalFollowOut(Schema):
    following: bool


def _goal(viewer, goal_id: int) -> Goal:
    """The goal if the viewer may see it; 404, exactly as for a missing goal, otherwise."""
    goal = visible_goals(viewer).select_related("owner").filter(pk=goal_id).first()
    if goal is None:
        raise Http404(f"No goal with id {goal_id}.")
    return goal


@router.get("/goals", response=responses(list[GoalOut]), auth=MEMBER_AUTH, summary="My goals")
def my_goals(request):
    return list(visible_goals(request.auth).filter(owner=request.auth).select_related("owner"))


@router.post("/goals", response=responses(GoalDetailOut, 201), auth=MEMBER_AUTH, summary="New goal")
def create_goal(request, payload: GoalIn):
    goal = services.create_goal(request.auth, **service_fields(payload))
    return Status(201, goal)


@router.get("/goals/{goal_id}", response=responses(GoalDetailOut), auth=READ_AUTH, summary="A goal")
def get_goal(request, goal_id: PathId):
    return _goal(request.auth, goal_id)


@router.patch(
    "/goals/{goal_id}", response=responses(GoalDetailOut), auth=MEMBER_AUTH, summary="Change a goal"
)
def patch_goal(request, goal_id: PathId, payload: GoalPatch):
    goal = services.update_goal(
        _goal(request.auth, goal_id), request.auth, **service_fields(payload)
    )
    return goal


@router.post(
    "/goals/{goal_id}/follow",
    response=responses(GoalFollowOut),
    auth=MEMBER_AUTH,
    summary="Follow a goal",
)
def follow_goal(request, goal_id: PathId):
    services.follow_goal(request.auth, _goal(request.auth, goal_id))
    return {"following": True}


@router.delete(
    "/goals/{goal_id}/follow",
    response=responses(GoalFollowOut),
    auth=MEMBER_AUTH,
    summary="Unfollow a goal",
)
def unfollow_goal(request, goal_id: PathId):
    services.unfollow_goal(request.auth, _goal(request.auth, goal_id))
    return {"following": False}


@router.get(
    "/goals/{goal_id}/updates",
    response=responses(FeedOut),
    auth=READ_AUTH,
    summary="A goal's work updates",
)
def goal_updates(
    request,
    goal_id: PathId,
    cursor: str | None = Query(None, max_length=200),
    limit: int | None = Query(None, ge=1, le=100),
):
    goal = _goal(request.auth, goal_id)
    return feed_out(feeds.goal_feed(request.auth, goal, cursor, limit))
