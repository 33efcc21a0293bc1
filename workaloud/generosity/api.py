"""API for generosity: my contribution ledger, my balance, my persona, and saying thanks.

Strictly the caller's own: no operation takes another person's id for the ledger or persona.
"""

from datetime import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from pydantic import model_validator

from workaloud.api_auth import MEMBER_AUTH
from workaloud.api_schemas import DbId, InputSchema, PersonRef, max_length, responses
from workaloud.generosity import ledger, services
from workaloud.generosity.models import Thanks

router = Router(tags=["generosity"])

Direction = Literal["given", "received"]
Category = Literal["help", "answers", "offers", "thanks", "encouragement", "introductions"]
assert set(Category.__args__) == set(ledger.CATEGORY_KEYS)


DirectionQuery = Query(None, description="Only what you gave, or only what you received.")
PageQuery = Query(1, ge=1, le=1_000_000, description="Page number, from 1.")
PerPageQuery = Query(ledger.PAGE_SIZE, ge=1, le=100, description="Acts per page.")


class CategoryCount(Schema):
    category: Category
    label: str
    given: int
    received: int


class UpdateRef(Schema):
    id: int
    excerpt: str = Field(description="The start of the update's text.")


class LedgerEntryOut(Schema):
    id: int
    direction: Direction = Field(description="given: you acted; received: they acted for you.")
    kind: str = Field(description="The ledger kind, for example comment or help_credited.")
    kind_label: str
    category: Category
    person: PersonRef = Field(description="The other person.")
    occurred_at: datetime
    update: UpdateRef | None = Field(
        description="The update it was about, when you may still see it."
    )
    update_hidden: bool = Field(
        description="True when the act was on an update you can no longer see."
    )
    response_id: int | None
    note: str = Field(description="The note of a thanks (seen only by its giver and receiver).")


class LedgerOut(Schema):
    categories: list[CategoryCount]
    given: int = Field(description="All acts you gave.")
    received: int = Field(description="All acts you received.")
    items: list[LedgerEntryOut] = Field(description="This page of acts, newest first.")
    page: int
    pages: int
    total: int = Field(description="How many acts match the filters.")
    next_page: int | None


class BucketOut(Schema):
    start: datetime
    end: datetime | None = Field(description="Null for the current period.")
    label: str
    given: int
    received: int


class BalanceOut(Schema):
    period: Literal["week", "month"]
    time_zone: str
    given: int
    received: int
    buckets: list[BucketOut] = Field(description="Oldest first; the last is the current one.")


class RuleOut(Schema):
    persona: str
    label: str
    rule: str


class PersonaOut(Schema):
    persona: Literal["engager", "catalyst", "responder", "broadcaster", "observer"]
    label: str
    summary: str
    window_days: int
    given: int = Field(description="Engagement you gave in the window (not follows, mentions).")
    received: int = Field(description="Engagement you received in the window.")
    posts: int = Field(description="Updates you published in the window and did not delete.")
    thresholds: dict[str, int]
    rules: list[RuleOut] = Field(description="Applied in order; the first that fits is yours.")
    what_it_takes: str = Field(description="What would move you to a neighbouring persona.")


class ThanksIn(InputSchema):
    response_id: DbId | None = Field(None, description="The response that helped.")
    update_id: DbId | None = Field(None, description="The update whose shared work helped.")
    note: str = Field("", max_length=max_length(Thanks, "note"), description="Optional.")

    @model_validator(mode="after")
    def _one_thing(self):
        if (self.response_id is None) == (self.update_id is None):
            raise ValueError("Send either response_id or update_id: the one thing that helped.")
        return self


class ThanksOut(Schema):
    id: int
    receiver: PersonRef
    update_id: int
    response_id: int | None
    note: str
    created_at: datetime


@router.get("/generosity/ledger", response=responses(LedgerOut), auth=MEMBER_AUTH)
def my_ledger(
    request,
    direction: Direction | None = DirectionQuery,
    category: Category | None = None,
    page: int = PageQuery,
    per_page: int = PerPageQuery,
):
    """My contribution ledger: counts per category given and received, and my acts, newest
    first. Follows and mentions are awareness, not generosity, and are left out."""
    viewer = request.auth
    rows = ledger.my_rows(viewer, direction=direction or "", category=category or "")
    total = rows.count()
    pages = max(1, -(-total // per_page))
    items = []
    if page <= pages:
        current = rows.select_related("actor", "target", "update").order_by("-occurred_at", "-id")[
            (page - 1) * per_page : page * per_page
        ]
        items = [
            {
                **vars(e),
                "update": {"id": e.update.pk, "excerpt": e.update.body[:120]} if e.update else None,
            }
            for e in ledger.entries(viewer, current)
        ]
    counts = ledger.counts(viewer)
    return {
        **counts,
        "items": items,
        "page": page,
        "pages": pages,
        "total": total,
        "next_page": page + 1 if page < pages else None,
    }


@router.get("/generosity/balance", response=responses(BalanceOut), auth=MEMBER_AUTH)
def my_balance(request, period: Literal["week", "month"] = "week"):
    """Given vs received per week (last 12 weeks, from Monday) or month (last 12 months), in
    my time zone."""
    return ledger.balance(request.auth, period)


@router.get("/generosity/persona", response=responses(PersonaOut), auth=MEMBER_AUTH)
def my_persona(request):
    """My interaction persona over the last 90 days, its figures, the thresholds, and what
    would move me to a neighbouring persona."""
    return ledger.my_persona(request.auth)


@router.post("/thanks", response=responses(ThanksOut, 201), auth=MEMBER_AUTH)
def say_thanks(request, payload: ThanksIn):
    """Thank the author of a response, or of an update whose shared work helped. Only for
    something you can see (else 404), never yourself, once per thing (else 400)."""
    thanks = services.say_thanks(
        request.auth,
        response_id=payload.response_id,
        update_id=payload.update_id,
        note=payload.note,
    )
    return Status(201, thanks)
