"""Notifications by email: at once for the kinds a person wants at once, and the weekly
"pay yourself first" reminder to work out loud.

**At once.** ``notify()`` creates the in-app notification; if the recipient wants its kind by
email at once, a background job (``tasks.email_notification``) is queued when the transaction
commits, so a rolled-back notification sends nothing. The job looks again when it runs: the
update may have been deleted, made private or moved to a circle the recipient left, the person
may have changed their choice or lost their address. Then it sends nothing. It sends only what
the recipient may see in the app: who did it, what kind of thing, the update's and the
response's opening words, and a link (``SITE_URL``).

**Exactly once.** Each notification's email has one ``NotificationEmail`` row: a job claims it
with a conditional UPDATE (unclaimed, or a claim older than ``EMAIL_LEASE`` left by a job that
died), sends, then records ``sent_at`` (or ``skipped_at``). A second job for the same
notification, or a retry after success, finds it done. A failed send gives the claim back and
raises, so huey retries it. The one duplicate left possible is a job killed after the mail
server accepted the message and before ``sent_at`` was written, a gap no SMTP client can close.

**Weekly reminder.** ``send_due_reminders`` runs every five minutes. A person's reminder is due
at their chosen weekday and time in their own zone (their profile's, or UTC), so Monday 09:00
Europe/Berlin is 08:00 UTC in winter and 07:00 UTC in summer. A due week is claimed by inserting
one ``WorkOutLoudReminder`` row per person and local week (a unique constraint): of two runs at
once, one inserts and the other finds the row, so the in-app notification is created once, in
the same transaction. The email follows with the same claim-send-confirm steps as above. A run
reminds occurrences up to ``REMINDER_GRACE`` late (a consumer that was down a while still
reminds that day, but not a week later), and never one from before the time was chosen.

The in-app reminder needs an actor. Nobody else asked for it: the person chose the time
themselves, so it comes in their own name ("pay yourself first").
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from workaloud.notifications import preferences
from workaloud.notifications.models import (
    Delivery,
    EmailPreferences,
    Notification,
    NotificationEmail,
    NotificationKind,
    WorkOutLoudReminder,
)

logger = logging.getLogger(__name__)

#: How long a job may hold an email's claim before another may take it over.
EMAIL_LEASE = dt.timedelta(minutes=10)
#: How late a weekly reminder may still go out.
REMINDER_GRACE = dt.timedelta(hours=6)

CIRCLE_KINDS = {NotificationKind.CIRCLE_FORMED, NotificationKind.CIRCLE_JOINED}


def site_url() -> str:
    from workaloud.circles.reminders import default_site_url

    return default_site_url().rstrip("/")


def zone_of(person) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(person.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _excerpt(text: str, limit: int = 280) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- At once -------------------------------------------------------------------------------


def wants_now(notification: Notification) -> bool:
    recipient = notification.recipient
    return (
        bool(recipient.email)
        and recipient.is_active
        and preferences.delivery_for(recipient, notification.kind) == Delivery.NOW
    )


def queue_email(notification: Notification) -> bool:
    """Called by ``notify()``: queue the email when the transaction commits, if the recipient
    wants this kind at once. Returns whether it was queued."""
    if not wants_now(notification):
        return False
    from workaloud.notifications.tasks import email_notification

    pk = notification.pk
    transaction.on_commit(lambda: email_notification(pk))
    return True


def _still_tellable(notification_id: int) -> Notification | None:
    """The notification, if its recipient may still see everything it is about and still wants
    it by email now; None otherwise."""
    from workaloud.notifications.services import notifications_for

    n = (
        Notification.objects.select_related("recipient", "actor", "update", "response", "goal")
        .filter(pk=notification_id)
        .first()
    )
    if n is None or not wants_now(n):
        return None
    if not notifications_for(n.recipient).filter(pk=n.pk).exists():
        return None  # the update or goal was deleted or narrowed
    if n.kind in CIRCLE_KINDS or n.circle_id:
        from workaloud.circles.access import is_member

        if n.circle is None or not is_member(n.recipient, n.circle):
            return None
    return n


def _link(n: Notification) -> str:
    if n.update_id:
        path = n.update.get_absolute_url()
        if n.response_id:
            path += f"#response-{n.response_id}"
    elif n.goal_id:
        path = n.goal.get_absolute_url()
    elif n.circle_id:
        path = n.circle.get_absolute_url()
    elif n.introduction_id:
        path = reverse("introductions")
    elif n.kind == NotificationKind.FOLLOW:
        path = reverse("profile", args=[n.actor.username])
    else:
        path = reverse("notifications")
    return site_url() + path


def notification_email(n: Notification) -> EmailMultiAlternatives:
    context = {
        "person": n.recipient,
        "actor": n.actor,
        "what": n.get_kind_display(),
        "update_excerpt": _excerpt(n.update.body) if n.update_id else "",
        "response_excerpt": _excerpt(n.response.body) if n.response_id else "",
        "goal": n.goal if n.goal_id else None,
        "circle": n.circle if n.circle_id else None,
        "url": _link(n),
        "settings_url": site_url() + reverse("email_preferences"),
        "community_name": settings.COMMUNITY_NAME,
    }
    message = EmailMultiAlternatives(
        subject=f"{n.actor.name} {n.get_kind_display()}",
        body=render_to_string("notifications/email/notification.txt", context),
        to=[n.recipient.email],
    )
    message.attach_alternative(
        render_to_string("notifications/email/notification.html", context), "text/html"
    )
    return message


def _claim(model, filters: dict, claimed_field: str, done_fields: list[str], now) -> bool:
    undone = Q(**{f"{f}__isnull": True for f in done_fields})
    free = Q(**{f"{claimed_field}__isnull": True}) | Q(
        **{f"{claimed_field}__lt": now - EMAIL_LEASE}
    )
    return bool(model.objects.filter(undone & free, **filters).update(**{claimed_field: now}))


def send_notification_email(notification_id: int, now: dt.datetime | None = None) -> str:
    """Send one notification's email, once. Returns "sent", "skipped" (nothing the recipient
    may still be told), "done" (sent or skipped before, or another job holds it) or raises when
    the send failed (the claim is given back, so a retry sends it)."""
    now = now or timezone.now()
    if not Notification.objects.filter(pk=notification_id).exists():
        return "skipped"  # deleted with what it was about
    try:
        with transaction.atomic():
            NotificationEmail.objects.get_or_create(notification_id=notification_id)
    except IntegrityError:
        pass  # another job created it a moment ago
    if not _claim(
        NotificationEmail,
        {"notification_id": notification_id},
        "claimed_at",
        ["sent_at", "skipped_at"],
        now,
    ):
        return "done"
    n = _still_tellable(notification_id)
    if n is None:
        NotificationEmail.objects.filter(pk=notification_id).update(skipped_at=timezone.now())
        return "skipped"
    try:
        notification_email(n).send()
    except Exception:
        NotificationEmail.objects.filter(pk=notification_id, claimed_at=now).update(claimed_at=None)
        raise
    NotificationEmail.objects.filter(pk=notification_id).update(sent_at=timezone.now())
    return "sent"


# --- The weekly reminder -------------------------------------------------------------------


@dataclass
class ReminderRun:
    reminded: int = 0
    emails_sent: int = 0
    emails_failed: int = 0

    def __str__(self) -> str:
        return (
            f"Reminded {self.reminded} person(s) to work out loud: {self.emails_sent} email(s) "
            f"sent, {self.emails_failed} failed (retried next run)."
        )


def occurrence(weekday: int, at: dt.time, zone: zoneinfo.ZoneInfo, now: dt.datetime):
    """The latest (local week's Monday, UTC instant) of ``weekday`` ``at`` in ``zone`` that is
    not after ``now``."""
    local_now = now.astimezone(zone)
    monday = local_now.date() - dt.timedelta(days=local_now.weekday())
    for weeks_back in (0, 1):
        week = monday - dt.timedelta(weeks=weeks_back)
        day = week + dt.timedelta(days=weekday)
        due = dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC)
        if due <= now:
            return week, due
    raise AssertionError("unreachable: last week's occurrence is always in the past")


def due_reminders(now: dt.datetime):
    """(person, local week's Monday, due instant) for each reminder due now and not yet sent."""
    prefs = (
        EmailPreferences.objects.filter(reminder_weekday__isnull=False, person__is_active=True)
        .select_related("person")
        .order_by("person_id")
    )
    for p in prefs.iterator(chunk_size=500):
        week, due = occurrence(p.reminder_weekday, p.reminder_time, zone_of(p.person), now)
        if now - due > REMINDER_GRACE or (p.reminder_set_at and due < p.reminder_set_at):
            continue
        yield p.person, week, due


def claim_reminder(person, week: dt.date, due: dt.datetime) -> WorkOutLoudReminder | None:
    """Claim one person's week and remind them in the app; None if it was claimed before."""
    try:
        with transaction.atomic():
            reminder = WorkOutLoudReminder.objects.create(person=person, week=week, due_at=due)
            reminder.notification = Notification.objects.create(
                recipient=person,
                actor=person,
                kind=NotificationKind.WORK_OUT_LOUD_REMINDER,
            )
            reminder.save(update_fields=["notification"])
            return reminder
    except IntegrityError:
        return None


def reminder_email(reminder: WorkOutLoudReminder) -> EmailMultiAlternatives:
    person = reminder.person
    zone = zone_of(person)
    local = reminder.due_at.astimezone(zone)
    context = {
        "person": person,
        "when": f"{local:%A}s at {local:%H:%M} ({zone.key})",
        "url": site_url() + reverse("update_create"),
        "settings_url": site_url() + reverse("email_preferences"),
        "community_name": settings.COMMUNITY_NAME,
    }
    message = EmailMultiAlternatives(
        subject="Your time to work out loud",
        body=render_to_string("notifications/email/wol_reminder.txt", context),
        to=[person.email],
    )
    message.attach_alternative(
        render_to_string("notifications/email/wol_reminder.html", context), "text/html"
    )
    return message


def send_reminder_emails(now: dt.datetime, run: ReminderRun) -> None:
    pending = (
        WorkOutLoudReminder.objects.filter(
            emailed_at__isnull=True,
            due_at__gt=now - REMINDER_GRACE,
            person__is_active=True,
        )
        .exclude(person__email="")
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - EMAIL_LEASE))
        .select_related("person")
        .order_by("due_at", "id")
    )
    connection = get_connection()
    try:
        for reminder in pending:
            if not _claim(
                WorkOutLoudReminder, {"pk": reminder.pk}, "email_claimed_at", ["emailed_at"], now
            ):
                continue
            try:
                message = reminder_email(reminder)
                message.connection = connection
                message.send()
            except Exception:
                logger.exception(
                    "Could not email the reminder %s; the next run retries.", reminder.pk
                )
                WorkOutLoudReminder.objects.filter(pk=reminder.pk, email_claimed_at=now).update(
                    email_claimed_at=None
                )
                run.emails_failed += 1
                continue
            WorkOutLoudReminder.objects.filter(pk=reminder.pk).update(emailed_at=timezone.now())
            run.emails_sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # a connection that never opened has nothing to close
            pass


def send_due_reminders(now: dt.datetime | None = None) -> ReminderRun:
    """Remind everyone whose weekly time to work out loud has come (in the app, then by
    email), once per person and week."""
    now = now or timezone.now()
    run = ReminderRun()
    for person, week, due in list(due_reminders(now)):
        if claim_reminder(person, week, due) is not None:
            run.reminded += 1
    send_reminder_emails(now, run)
    return run
