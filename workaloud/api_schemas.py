"""Schemas and small helpers shared by the apps' API modules.

Output schemas read model attributes; input schemas bound every id and string so that bad
input is refused with a 422 naming the field before it reaches a service or the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from ninja import Field, Path, Schema
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator

from workaloud.audience import Audience, goal_visible_with
from workaloud.work.models import AskStatus, Stage

#: The largest id a database row can have (a signed 64-bit integer).
MAX_ID = 2**63 - 1
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
#: A row id in the URL path.
PathId = Path[int, {"ge": 1, "le": MAX_ID}]

#: Error statuses an operation may answer with; they all share ``ErrorOut``.
ERROR_CODES = frozenset({400, 401, 403, 404, 422})


def max_length(model: type[Model], field: str) -> int:
    """The model field's declared length limit, so schema and model cannot drift apart."""
    return model._meta.get_field(field).max_length


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in words a person can act on.")
    errors: dict[str, list[str]] | None = Field(
        None, description="Messages per input field, when the problem is in specific fields."
    )


def responses(schema: Any, status: int = 200) -> dict:
    """The ``response=`` map of an operation: its success schema plus the shared errors."""
    return {status: schema, ERROR_CODES: ErrorOut}


class InputSchema(Schema):
    """Base for request bodies: unknown fields are refused (a typo must not be silently
    ignored), and so are NUL characters, which no database text column takes."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Text may not contain NUL (\\x00) characters.")
        return value


def service_fields(payload: InputSchema, **renames: str) -> dict:
    """The fields the client actually sent, as plain values, renamed for the service."""
    data = {}
    for name in payload.model_fields_set:
        value = getattr(payload, name)
        if hasattr(value, "value") and isinstance(value, str):  # a choices enum
            value = value.value
        data[renames.get(name, name)] = value
    return data


@contextmanager
def field_names(**renames: str) -> Iterator[None]:
    """Report a service's validation errors under the names the API client sent.

    Services speak of ``goal`` and ``parent``; the API takes ``goal_id`` and ``parent_id``.
    """
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {renames.get(field, field): errors for field, errors in exc.error_dict.items()}
        ) from exc


class AttributesOut(BaseModel):
    """Output read straight from model attributes by pydantic-core.

    ninja's ``Schema`` wraps every object in a Python getter per field, which on a feed page
    of 20 updates was most of the API's own cost; the shapes that feeds return use this
    instead (they need no resolvers).
    """

    model_config = ConfigDict(from_attributes=True)


class PersonRef(AttributesOut):
    """A member as shown beside their work."""

    username: str
    display_name: str
    name: str = Field(description="The display name, or the username when there is none.")


class GoalRef(AttributesOut):
    id: int
    title: str


class KindCount(AttributesOut):
    kind: str
    label: str
    count: int


class ResponseSummary(AttributesOut):
    total: int
    by_kind: list[KindCount]


class UpdateOut(AttributesOut):
    """A work update: what the author narrated, its context, its ask and the response tally."""

    id: int
    author: PersonRef
    goal: GoalRef | None = Field(
        description="The goal it belongs to; null if none, or if the goal was since narrowed "
        "to an audience you are not in."
    )
    body: str = Field(description="Markdown, as written.")
    body_html: str = Field(description="The body rendered to sanitised HTML.")
    stage: Stage
    why_it_matters: str
    who_for: str
    whats_next: str
    ask: str = Field(description="What would help; empty when there is no ask.")
    ask_status: AskStatus
    audience: Audience
    circle_id: int | None = Field(
        description="With audience “circle”: the circle it is shared with (null once gone)."
    )
    campaign_id: int | None = Field(description="The campaign it answers, if any.")
    campaign_day: date | None = Field(description="The campaign date whose prompt it answers.")
    is_draft: bool
    created_at: datetime
    published_at: datetime | None
    edited_at: datetime | None
    response_summary: ResponseSummary

    @model_validator(mode="wrap")
    @classmethod
    def _narrowed_goal(cls, obj: Any, handler, info: ValidationInfo):
        """Drop the goal if it was narrowed after the update was shared and the viewer is not
        the author: a goal's title must not reach anyone outside the goal's audience."""
        out = handler(obj)
        if out.goal is not None and not isinstance(obj, dict):
            if not goal_visible_with(info.context["request"].auth, obj):
                out.goal = None
        return out


class FeedOut(AttributesOut):
    items: list[UpdateOut]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= to get the next page; null on the last page."
    )


def feed_out(page) -> dict:
    return {"items": page.items, "next_cursor": page.next_cursor}
