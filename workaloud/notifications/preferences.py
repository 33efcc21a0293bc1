"""Email preferences: how often the digest comes, which notifications go by email (at once, in
the digest, or not at all) and the weekly "pay yourself first" time to work out loud.

The in-app notification always exists; these choices decide email only. A person without a
stored choice has the defaults below, so nobody needs a row until they change something.

**Defaults, and why.** An offer of help is answered best while the ask is fresh, and being
placed in a circle matters before its first meeting, so both go *at once*. Everything else
(mentions, responses, replies, thanks, credit, new followers, someone joining your circle) is
worth knowing but rarely urgent: it waits for the *digest*, so a lively week does not fill the
inbox. Reminders (a circle meeting soon, your own time to work out loud) send their own email and
are not chosen here.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workaloud.notifications.models import (
    Delivery,
    DigestFrequency,
    EmailPreferences,
    KindDelivery,
    NotificationKind,
)

K = NotificationKind

#: Each kind a person may choose email delivery for, with its default, in the order shown.
DEFAULT_DELIVERY: dict[str, str] = {
    K.OFFER_OF_HELP: Delivery.NOW,
    K.MENTION: Delivery.DIGEST,
    K.RESPONSE: Delivery.DIGEST,
    K.REPLY: Delivery.DIGEST,
    K.THANKS: Delivery.DIGEST,
    K.CREDITED: Delivery.DIGEST,
    K.FOLLOW: Delivery.DIGEST,
    K.GOAL_FOLLOW: Delivery.DIGEST,
    K.CIRCLE_FORMED: Delivery.NOW,
    K.CIRCLE_JOINED: Delivery.DIGEST,
    K.INTRODUCTION: Delivery.NOW,
    K.INTRODUCTION_ACCEPTED: Delivery.DIGEST,
}

#: How each kind is named on the settings page and in the API's description.
KIND_LABELS: dict[str, str] = {
    K.OFFER_OF_HELP: "Someone offers help with your work",
    K.MENTION: "Someone mentions you",
    K.RESPONSE: "Someone responds to your update",
    K.REPLY: "Someone replies to your response",
    K.THANKS: "Someone thanks you",
    K.CREDITED: "Someone credits you with helping",
    K.FOLLOW: "Someone starts following you",
    K.GOAL_FOLLOW: "Someone starts following your goal",
    K.CIRCLE_FORMED: "You are placed in a circle",
    K.CIRCLE_JOINED: "Someone joins your circle",
    K.INTRODUCTION: "Someone introduces you to another member",
    K.INTRODUCTION_ACCEPTED: "Someone accepts an introduction you are part of",
}

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


# --- Reading -------------------------------------------------------------------------------


def _stored(person) -> EmailPreferences | None:
    return EmailPreferences.objects.filter(person=person).first()


def digest_frequency(person) -> str:
    """ "weekly", "daily" or "off" (weekly unless the person chose otherwise)."""
    value = (
        EmailPreferences.objects.filter(person=person)
        .values_list("digest_frequency", flat=True)
        .first()
    )
    return value or DigestFrequency.WEEKLY.value


def deliveries(person) -> dict[str, str]:
    """Every choosable kind with the person's delivery for it (their choice or the default)."""
    chosen = dict(KindDelivery.objects.filter(person=person).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, default) for kind, default in DEFAULT_DELIVERY.items()}


def delivery_for(person, kind: str) -> str:
    """How ``person`` wants notifications of ``kind`` by email. Kinds not chosen here (the
    reminders, which send their own email) are "off"."""
    if kind not in DEFAULT_DELIVERY:
        return Delivery.OFF.value
    chosen = (
        KindDelivery.objects.filter(person=person, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or str(DEFAULT_DELIVERY[kind])


def kinds_with(person, delivery: str) -> list[str]:
    return [kind for kind, value in deliveries(person).items() if value == delivery]


def digest_notifications(person, since: dt.datetime, until: dt.datetime):
    """The person's notifications created in [since, until) of the kinds they want in their
    digest, about items they can still see, newest first."""
    from workaloud.notifications.services import notifications_for

    return notifications_for(person).filter(
        created_at__gte=since, created_at__lt=until, kind__in=kinds_with(person, Delivery.DIGEST)
    )


def reminder(person) -> tuple[int, dt.time] | None:
    """The person's weekly time to work out loud as (weekday, local time), or None."""
    prefs = _stored(person)
    if prefs is None or prefs.reminder_weekday is None:
        return None
    return prefs.reminder_weekday, prefs.reminder_time


# --- Validating ----------------------------------------------------------------------------


def clean_digest_frequency(value) -> str:
    if value not in DigestFrequency.values:
        raise ValidationError(
            {
                "digest_frequency": f"“{value}” is not a digest frequency; choose weekly, "
                "daily or off."
            }
        )
    return value


def clean_deliveries(changes) -> dict[str, str]:
    """Check a {kind: delivery} mapping; every error names its kind."""
    if not isinstance(changes, dict):
        raise ValidationError({"deliveries": "Send the deliveries as {kind: delivery}."})
    errors = {}
    for kind, value in changes.items():
        if kind not in DEFAULT_DELIVERY:
            known = ", ".join(DEFAULT_DELIVERY)
            errors[str(kind)] = f"“{kind}” is not a kind of notification you can choose for; "
            errors[str(kind)] += f"use one of {known}."
        elif value not in Delivery.values:
            errors[kind] = f"“{value}” is not a delivery; choose now, digest or off."
    if errors:
        raise ValidationError({"deliveries": [f"{k}: {m}" for k, m in errors.items()]})
    return dict(changes)


def clean_weekday(value) -> int:
    if value in (None, ""):
        raise ValidationError(
            {"reminder_weekday": "Choose a weekday for the reminder, or clear its time too."}
        )
    if isinstance(value, bool):
        value = None
    try:
        day = int(value)
    except (TypeError, ValueError):
        day = -1
    if str(value).strip() != str(day) or not 0 <= day <= 6:
        raise ValidationError(
            {"reminder_weekday": f"“{value}” is not a weekday; use 0 (Monday) to 6 (Sunday)."}
        )
    return day


def clean_time(value) -> dt.time:
    if value in (None, ""):
        raise ValidationError(
            {"reminder_time": "Choose a time for the reminder, or clear its weekday too."}
        )
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    text = str(value).strip()
    try:
        parsed = dt.time.fromisoformat(text) if len(text) in (5, 8) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is not None:
        raise ValidationError(
            {"reminder_time": f"“{value}” is not a time of day; use HH:MM, for example 09:00."}
        )
    return parsed.replace(second=0, microsecond=0)


# --- Changing ------------------------------------------------------------------------------


def _prefs_for_update(person) -> EmailPreferences:
    prefs, _ = EmailPreferences.objects.select_for_update().get_or_create(person=person)
    return prefs


def set_digest_frequency(person, value) -> str:
    """Set how often the digest comes: "weekly", "daily" or "off"."""
    value = clean_digest_frequency(value)
    with transaction.atomic():
        prefs = _prefs_for_update(person)
        prefs.digest_frequency = value
        prefs.save(update_fields=["digest_frequency", "updated_at"])
    return value


def set_deliveries(person, changes: dict) -> dict[str, str]:
    """Set the delivery of some kinds ({kind: "now" | "digest" | "off"}); all or nothing.
    Returns every kind's delivery after the change."""
    changes = clean_deliveries(changes)
    with transaction.atomic():
        for kind, value in changes.items():
            KindDelivery.objects.update_or_create(
                person=person, kind=kind, defaults={"delivery": value}
            )
    return deliveries(person)


def set_reminder(person, weekday, time) -> tuple[int, dt.time] | None:
    """Set the weekly time to work out loud (weekday 0–6 with Monday 0, a local HH:MM), or
    clear it with both None."""
    if weekday in (None, "") and time in (None, ""):
        day, at = None, None
    else:
        errors = {}
        day = at = None
        try:
            day = clean_weekday(weekday)
        except ValidationError as e:
            errors.update(e.message_dict)
        try:
            at = clean_time(time)
        except ValidationError as e:
            errors.update(e.message_dict)
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        prefs = _prefs_for_update(person)
        if (prefs.reminder_weekday, prefs.reminder_time) != (day, at):
            prefs.reminder_weekday, prefs.reminder_time = day, at
            prefs.reminder_set_at = timezone.now() if day is not None else None
            prefs.save()
    return None if day is None else (day, at)


def update_preferences(
    person,
    *,
    digest_frequency=None,
    deliveries=None,
    reminder: tuple | None = None,
    change_reminder: bool = False,
) -> None:
    """Change several preferences at once, all or nothing: every value is checked first and
    every error reported together."""
    errors: dict[str, list[str]] = {}
    for check, value in (
        (clean_digest_frequency, digest_frequency),
        (clean_deliveries, deliveries),
    ):
        if value is None:
            continue
        try:
            check(value)
        except ValidationError as e:
            errors.update(e.message_dict)
    if (
        change_reminder
        and reminder
        and not (reminder[0] in (None, "") and reminder[1] in (None, ""))
    ):
        for check, value in ((clean_weekday, reminder[0]), (clean_time, reminder[1])):
            try:
                check(value)
            except ValidationError as e:
                errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if digest_frequency is not None:
            set_digest_frequency(person, digest_frequency)
        if deliveries is not None:
            set_deliveries(person, deliveries)
        if change_reminder:
            set_reminder(person, *(reminder or (None, None)))
