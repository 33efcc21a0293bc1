"""API for in-app notifications: what happened to me, and marking it read."""

from datetime import datetime

from ninja import Field, Query, Router, Schema

from workaloud.api_auth import MEMBER_AUTH
from workaloud.api_schemas import DbId, InputSchema, PersonRef, responses
from workaloud.notifications import services
from workaloud.notifications.models import Notification, NotificationKind

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: NotificationKind
    actor: PersonRef
    message: str = Field(description="What the actor did, for example 'responded to your update'.")
    update_id: int | None
    response_id: int | None
    goal_id: int | None
    created_at: datetime
    unread: bool

    @staticmethod
    def resolve_message(obj: Notification) -> str:
        return f"{obj.actor.name} {obj.get_kind_display()}"

    @staticmethod
    def resolve_unread(obj: Notification) -> bool:
        return not obj.is_read


class NotificationsOut(Schema):
    items: list[NotificationOut]
    unread_count: int


class MarkReadIn(InputSchema):
    ids: list[DbId] | None = Field(
        None, max_length=500, description="The notifications to mark read; omit for all of them."
    )


class MarkReadOut(Schema):
    marked: int = Field(description="How many notifications were newly marked read.")
    unread_count: int


@router.get("/notifications", response=responses(NotificationsOut), auth=MEMBER_AUTH)
def list_notifications(
    request,
    unread: bool = Query(False, description="Only the unread ones."),
    limit: int = Query(50, ge=1, le=200),
):
    """My notifications, newest first, about things I can still see."""
    qs = services.notifications_for(request.auth)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return {"items": list(qs[:limit]), "unread_count": services.unread_count(request.auth)}


@router.post("/notifications/read", response=responses(MarkReadOut), auth=MEMBER_AUTH)
def mark_read(request, payload: MarkReadIn | None = None):
    """Mark the given notifications read, or all of them when no ids are sent."""
    ids = payload.ids if payload else None
    marked = services.mark_read(request.auth, ids)
    return {"marked": marked, "unread_count": services.unread_count(request.auth)}
