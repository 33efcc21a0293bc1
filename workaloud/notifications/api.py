"""API for in-app notifications: what happened to me, and marking it read."""

from datetime import datetime

from ninja import Field, Query, Router, Schema

from workaloud.api_auth import MEMBER_AUTH
from workaloud.api_schemas import DbId, InputSchema, PersonRef, responses
from workaloud.notifications import preferences, services
from workaloud.notifications.models import Delivery, DigestFrequency, Notification, NotificationKind

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: NotificationKind
    actor: PersonRef
    message: str = Field(description="What the actor did, for example 'responded to your update'.")
    update_id: int | None
    response_id: int | None
    goal_id: int | None
    introduction_id: int | None
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


# --- Email preferences ---------------------------------------------------------------------


class WeeklyReminder(Schema):
    weekday: int = Field(description="0 (Monday) to 6 (Sunday).")
    time: str = Field(description="The local time of day, HH:MM, in `timezone`.")
    timezone: str = Field(description="The person's zone (their profile's, or UTC).")


class KindDeliveryOut(Schema):
    kind: NotificationKind
    label: str
    delivery: Delivery
    default: Delivery


class EmailPreferencesOut(Schema):
    digest_frequency: DigestFrequency
    deliveries: dict[str, Delivery] = Field(
        description="How each kind of notification comes by email: now (at once), digest "
        "(in the digest) or off (in the app only)."
    )
    kinds: list[KindDeliveryOut]
    reminder: WeeklyReminder | None = Field(
        description="The weekly time to work out loud, or null for none."
    )


class WeeklyReminderIn(InputSchema):
    weekday: int = Field(description="0 (Monday) to 6 (Sunday).")
    time: str = Field(max_length=16, description="The local time of day, HH:MM.")


class EmailPreferencesPatch(InputSchema):
    digest_frequency: str | None = Field(None, max_length=16, description="weekly, daily or off.")
    deliveries: dict[str, str] | None = Field(
        None, max_length=40, description="{kind: now | digest | off}; kinds not sent stay."
    )
    reminder: WeeklyReminderIn | None = Field(
        None, description="The weekly time to work out loud; null clears it, absent keeps it."
    )


def _preferences_out(person) -> dict:
    current = preferences.deliveries(person)
    reminder = preferences.reminder(person)
    return {
        "digest_frequency": preferences.digest_frequency(person),
        "deliveries": current,
        "kinds": [
            {
                "kind": kind,
                "label": preferences.KIND_LABELS[kind],
                "delivery": current[kind],
                "default": default,
            }
            for kind, default in preferences.DEFAULT_DELIVERY.items()
        ],
        "reminder": None
        if reminder is None
        else {
            "weekday": reminder[0],
            "time": reminder[1].strftime("%H:%M"),
            "timezone": person.timezone or "UTC",
        },
    }


@router.get("/me/email-preferences", response=responses(EmailPreferencesOut), auth=MEMBER_AUTH)
def get_email_preferences(request):
    """What comes to me by email: each notification kind's delivery, the digest's frequency and
    my weekly time to work out loud."""
    return _preferences_out(request.auth)


@router.patch("/me/email-preferences", response=responses(EmailPreferencesOut), auth=MEMBER_AUTH)
def patch_email_preferences(request, payload: EmailPreferencesPatch):
    """Change some of my email preferences, all or nothing."""
    sent = payload.model_fields_set
    reminder = payload.reminder
    preferences.update_preferences(
        request.auth,
        # an explicit null is refused like any other unknown frequency
        digest_frequency=(payload.digest_frequency or "") if "digest_frequency" in sent else None,
        deliveries=payload.deliveries if "deliveries" in sent else None,
        reminder=None if reminder is None else (reminder.weekday, reminder.time),
        change_reminder="reminder" in sent,
    )
    return _preferences_out(request.auth)
