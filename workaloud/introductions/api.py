"""API for introductions: mine (made, received, waiting), making one, answering one.

Only the three people in an introduction ever see it.
"""

from datetime import datetime
from typing import Literal

from ninja import Field, Router, Schema, Status

from workaloud.api_auth import MEMBER_AUTH
from workaloud.api_schemas import InputSchema, PathId, PersonRef, max_length, responses
from workaloud.introductions import services
from workaloud.introductions.models import Introduction

router = Router(tags=["introductions"])


class IntroductionOut(Schema):
    id: int
    introducer: PersonRef
    first: PersonRef
    second: PersonRef
    note: str
    created_at: datetime
    accepted_at: datetime | None = Field(description="When both had accepted; null until then.")
    status: str = Field(description="Where it stands, as you are allowed to know it.")
    awaiting_my_answer: bool


class IntroductionsOut(Schema):
    items: list[IntroductionOut]


class IntroductionIn(InputSchema):
    first: str = Field(max_length=150, description="A member's username.")
    second: str = Field(max_length=150, description="Another member's username.")
    note: str = Field(
        max_length=max_length(Introduction, "note"), description="Why they should meet."
    )


class IntroductionAnswerIn(InputSchema):
    answer: Literal["accept", "decline"]


def _out(viewer, introduction) -> dict:
    side = introduction.side_of(viewer)
    return {
        "id": introduction.pk,
        "introducer": introduction.introducer,
        "first": introduction.first,
        "second": introduction.second,
        "note": introduction.note,
        "created_at": introduction.created_at,
        "accepted_at": introduction.accepted_at,
        "status": services.status_for(viewer, introduction),
        "awaiting_my_answer": bool(side) and getattr(introduction, f"{side}_answer") == "pending",
    }


@router.get("/introductions", response=responses(IntroductionsOut), auth=MEMBER_AUTH)
def my_introductions(request):
    """Every introduction I am part of, newest first (at most 200)."""
    viewer = request.auth
    return {"items": [_out(viewer, i) for i in services.introductions_of(viewer)[:200]]}


@router.post("/introductions", response=responses(IntroductionOut, 201), auth=MEMBER_AUTH)
def introduce(request, payload: IntroductionIn):
    """Introduce two members to each other; both are notified."""
    introduction = services.introduce(request.auth, payload.first, payload.second, payload.note)
    return Status(201, _out(request.auth, introduction))


@router.post(
    "/introductions/{introduction_id}/answer",
    response=responses(IntroductionOut),
    auth=MEMBER_AUTH,
)
def answer(request, introduction_id: PathId, payload: IntroductionAnswerIn):
    """Accept or decline an introduction made to me. Once both accept, it is recorded in the
    interaction ledger for all three."""
    introduction = services.answer(request.auth, introduction_id, payload.answer == "accept")
    return _out(request.auth, introduction)
