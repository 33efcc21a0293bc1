"""API for work updates: narrate, edit, publish, delete, respond, close asks; feeds and search."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import AuthenticationError

from workaloud.api_auth import MEMBER_AUTH, READ_AUTH
from workaloud.api_schemas import (
    DbId,
    FeedOut,
    InputSchema,
    PathId,
    PersonRef,
    UpdateOut,
    feed_out,
    field_names,
    max_length,
    responses,
    service_fields,
)
from workaloud.audience import Audience, can_view_update, is_circle_member
from workaloud.campaigns.services import resolve_campaign
from workaloud.circles.models import Circle
from workaloud.people.api import PersonOut
from workaloud.people.services import search_people
from workaloud.responses.models import Response, ResponseKind
from workaloud.responses.services import respond
from workaloud.search import engine as search_engine
from workaloud.work import feeds, services
from workaloud.work.models import Stage, WorkUpdate

router = Router()

Cursor = Query(None, max_length=200, description="The next_cursor of the previous page.")
Limit = Query(None, ge=1, le=100, description="How many items per page (default 20).")


def _len(field: str) -> int:
    return max_length(WorkUpdate, field)


class UpdateIn(InputSchema):
    body: str = Field(max_length=_len("body"), description="Markdown; @username mentions a member.")
    goal_id: DbId | None = Field(None, description="One of your goals, or null.")
    stage: Stage = Stage.IN_PROGRESS
    why_it_matters: str = Field("", max_length=_len("why_it_matters"))
    who_for: str = Field("", max_length=_len("who_for"))
    whats_next: str = Field("", max_length=_len("whats_next"))
    ask: str = Field("", max_length=_len("ask"), description="What would help; opens an ask.")
    audience: Audience = Audience.COMMUNITY
    circle_id: DbId | None = Field(
        None, description="With audience “circle”: one of your circles, which has not finished."
    )
    campaign_id: DbId | None = Field(
        None, description="Tag it as an answer to this campaign, while it runs for you."
    )
    campaign_day: date | None = Field(
        None, description="The campaign date whose prompt it answers (default: your today)."
    )
    publish: bool = Field(True, description="False keeps it as a draft only you can see.")


class UpdatePatch(InputSchema):
    """Only the fields you send change; the previous text is kept as a revision."""

    body: str = Field(None, max_length=_len("body"))
    goal_id: DbId | None = Field(None, description="One of your goals, or null to detach.")
    stage: Stage = None
    why_it_matters: str = Field(None, max_length=_len("why_it_matters"))
    who_for: str = Field(None, max_length=_len("who_for"))
    whats_next: str = Field(None, max_length=_len("whats_next"))
    ask: str = Field(None, max_length=_len("ask"))
    audience: Audience = None
    circle_id: DbId | None = Field(None, description="With audience “circle”: which circle.")
    campaign_id: DbId | None = Field(None, description="A campaign to answer, or null.")
    campaign_day: date | None = Field(None, description="The campaign date it answers.")


class RevisionOut(Schema):
    id: int
    body: str
    stage: Stage
    why_it_matters: str
    who_for: str
    whats_next: str
    ask: str
    audience: Audience
    circle_id: int | None = Field(alias="circle_id_then")
    goal_id: int | None = Field(alias="goal_id_then")
    replaced_at: datetime = Field(description="When this text was replaced by an edit.")


class ResponseOut(Schema):
    id: int
    update_id: int
    author: PersonRef
    kind: ResponseKind
    body: str
    body_html: str
    parent_id: int | None = Field(description="The response this one replies to.")
    created_at: datetime


class ResponseIn(InputSchema):
    kind: ResponseKind = ResponseKind.COMMENT
    body: str = Field(max_length=max_length(Response, "body"))
    parent_id: DbId | None = Field(None, description="Reply to this response on the same update.")


class ResolveIn(InputSchema):
    helper_ids: list[DbId] = Field([], max_length=100, description="Members who helped.")
    response_ids: list[DbId] = Field([], max_length=100, description="Responses that helped.")


class CreditOut(Schema):
    helper: PersonRef
    response_id: int | None


class ResolveOut(Schema):
    update: UpdateOut
    credits: list[CreditOut]


class SearchOut(Schema):
    people: list[PersonOut]
    updates: list[UpdateOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for more updates.")


def _update(viewer, update_id: int) -> WorkUpdate:
    """The update if the viewer may see it; 404, exactly as for a missing one, otherwise."""
    update = WorkUpdate.objects.select_related("author", "goal").filter(pk=update_id).first()
    if update is None or not can_view_update(viewer, update):
        raise Http404(f"No update with id {update_id}.")
    return update


def _out(update: WorkUpdate) -> WorkUpdate:
    feeds.attach_response_summaries([update])
    return update


def _update_fields(request, payload, update: WorkUpdate | None = None) -> dict:
    fields = service_fields(payload, goal_id="goal", circle_id="circle", campaign_id="campaign")
    fields.pop("publish", None)
    if "goal" in fields:
        fields["goal"] = services.resolve_goal(request.auth, fields["goal"])
    if "circle" in fields:
        if update is not None and update.circle_id and fields["circle"] == update.circle_id:
            fields["circle"] = update.circle  # staying in its circle, even one since left
        else:
            fields["circle"] = services.resolve_circle(request.auth, fields["circle"])
    if "campaign" in fields:
        fields["campaign"] = resolve_campaign(fields["campaign"])
    return fields


@router.post("/updates", response=responses(UpdateOut, 201), auth=MEMBER_AUTH, tags=["updates"])
def create_update(request, payload: UpdateIn):
    """Narrate work in progress (or save a draft with ``publish: false``)."""
    with field_names(goal="goal_id", circle="circle_id", campaign="campaign_id"):
        fields = _update_fields(request, payload)
        update = services.create_update(request.auth, publish=payload.publish, **fields)
    return Status(201, _out(update))


@router.get("/updates/{update_id}", response=responses(UpdateOut), auth=READ_AUTH, tags=["updates"])
def get_update(request, update_id: PathId):
    return _out(_update(request.auth, update_id))


@router.patch(
    "/updates/{update_id}", response=responses(UpdateOut), auth=MEMBER_AUTH, tags=["updates"]
)
def patch_update(request, update_id: PathId, payload: UpdatePatch):
    """Edit your update. Someone else's answers 403."""
    update = _update(request.auth, update_id)
    with field_names(goal="goal_id", circle="circle_id", campaign="campaign_id"):
        fields = _update_fields(request, payload, update)
        update = services.edit_update(update, request.auth, **fields)
    return _out(update)


@router.delete(
    "/updates/{update_id}", response=responses(None, 204), auth=MEMBER_AUTH, tags=["updates"]
)
def delete_update(request, update_id: PathId):
    services.delete_update(_update(request.auth, update_id), request.auth)
    return Status(204, None)


@router.post(
    "/updates/{update_id}/publish",
    response=responses(UpdateOut),
    auth=MEMBER_AUTH,
    tags=["updates"],
)
def publish_update(request, update_id: PathId):
    """Publish one of your drafts."""
    with field_names(circle="circle_id"):
        update = services.publish_draft(_update(request.auth, update_id), request.auth)
    return _out(update)


@router.get(
    "/updates/{update_id}/revisions",
    response=responses(list[RevisionOut]),
    auth=MEMBER_AUTH,
    tags=["updates"],
)
def update_revisions(request, update_id: PathId):
    """What the update said before each edit, newest first. Only its author may read them."""
    update = _update(request.auth, update_id)
    if update.author_id != request.auth.pk:
        raise PermissionDenied("Only the author can read an update's earlier versions.")
    return list(update.revisions.all())


@router.get(
    "/updates/{update_id}/responses",
    response=responses(list[ResponseOut]),
    auth=READ_AUTH,
    tags=["responses"],
)
def list_responses(request, update_id: PathId):
    """Responses to an update, oldest first; replies carry their ``parent_id``."""
    update = _update(request.auth, update_id)
    return list(update.responses.select_related("author"))


@router.post(
    "/updates/{update_id}/responses",
    response=responses(ResponseOut, 201),
    auth=MEMBER_AUTH,
    tags=["responses"],
)
def create_response(request, update_id: PathId, payload: ResponseIn):
    """Respond to an update: a comment, question, challenge, encouragement, offer or thanks."""
    update = _update(request.auth, update_id)
    with field_names(parent="parent_id"):
        response = respond(
            update,
            request.auth,
            kind=payload.kind.value,
            body=payload.body,
            parent_id=payload.parent_id,
        )
    return Status(201, response)


@router.post(
    "/updates/{update_id}/resolve",
    response=responses(ResolveOut),
    auth=MEMBER_AUTH,
    tags=["updates"],
)
def resolve_ask(request, update_id: PathId, payload: ResolveIn):
    """Close your open ask, crediting the people and responses that helped."""
    update = _update(request.auth, update_id)
    credits = services.resolve_ask(
        update, request.auth, helper_ids=payload.helper_ids, response_ids=payload.response_ids
    )
    return {"update": _out(update), "credits": credits}


@router.get("/drafts", response=responses(list[UpdateOut]), auth=MEMBER_AUTH, tags=["updates"])
def list_drafts(request):
    """My unpublished drafts, newest first."""
    items = feeds.drafts(request.auth)
    feeds.attach_response_summaries(items)
    return items


@router.get("/feed/home", response=responses(FeedOut), auth=MEMBER_AUTH, tags=["feeds"])
def home_feed(request, cursor: str | None = Cursor, limit: int | None = Limit):
    """Updates from me, the people I follow, the goals I follow and my circles."""
    return feed_out(feeds.home_feed(request.auth, cursor, limit))


@router.get(
    "/feed/circles/{circle_id}", response=responses(FeedOut), auth=MEMBER_AUTH, tags=["feeds"]
)
def circle_feed(request, circle_id: PathId, cursor: str | None = Cursor, limit: int | None = Limit):
    """Updates shared with one of my circles (audience “circle”), newest first. A circle I am
    not a current member of answers 404, as one that does not exist."""
    circle = Circle.objects.filter(pk=circle_id).first()
    if circle is None or not is_circle_member(request.auth, circle.pk):
        raise Http404(f"No circle with id {circle_id}.")
    return feed_out(feeds.circle_feed(request.auth, circle, cursor, limit))


@router.get("/feed/discover", response=responses(FeedOut), auth=READ_AUTH, tags=["feeds"])
def discover_feed(request, cursor: str | None = Cursor, limit: int | None = Limit):
    """Community-wide updates from people and goals I don't follow yet."""
    return feed_out(feeds.discover_feed(request.auth, cursor, limit))


@router.get("/feed/asks", response=responses(FeedOut), auth=READ_AUTH, tags=["feeds"])
def asks_feed(
    request,
    cursor: str | None = Cursor,
    limit: int | None = Limit,
    mine: bool = Query(False, description="My own open asks instead of others'."),
):
    """Open asks others posted that I could help with (or, with ``mine``, my own)."""
    if mine and not request.auth.is_authenticated:
        raise AuthenticationError(message="Log in or send a token to see your own asks.")
    return feed_out(feeds.asks_feed(request.auth, cursor, limit, mine=mine))


@router.get("/search", response=responses(SearchOut), auth=READ_AUTH, tags=["search"])
def search(
    request,
    q: str = Query(..., max_length=200, description="Words that must all appear."),
    cursor: str | None = Cursor,
    limit: int | None = Limit,
):
    """People and work updates matching every word of ``q``, best first (``/api/search/results``
    adds goals, filters, counts and highlighted snippets)."""
    found = search_engine.query(
        request.auth, q, kinds=["updates"], cursor=cursor, limit=limit or 20, with_counts=False
    )
    page = feeds.FeedPage([hit.object for hit in found.hits], found.next_cursor)
    people = [] if cursor else search_people(request.auth, q, limit=20)
    return {"people": people, "updates": page.items, "next_cursor": page.next_cursor}
