"""Reminders before each circle meeting: a notification in the app and an email.

``manage.py send_circle_reminders`` runs ``send_due_reminders`` (and ``finish_circles``);
run it every few minutes, from cron (``*/5 * * * * cd /srv/workaloud &&
.venv/bin/python manage.py send_circle_reminders``) or a systemd timer. A meeting is due when
its circle is not finished, it starts within the next ``CIRCLE_REMINDER_HOURS`` (default 24)
and it was not reminded yet.

**Each member is reminded once**, even when two runs overlap or one dies half-way:

1. A due meeting is *claimed* by a conditional ``UPDATE … SET reminder_sent_at = now WHERE
   reminder_sent_at IS NULL``; in the same transaction, one ``MeetingReminder`` row and one
   in-app notification are created per current member. Only one run's UPDATE changes the row
   (on PostgreSQL the other waits on the row lock and then finds it set; SQLite runs writers
   one at a time), so the notifications are created once. A run that dies inside the
   transaction leaves nothing behind and the next run claims the meeting afresh.
2. The emails go out after that commit, one ``MeetingReminder`` at a time: claimed for
   ``EMAIL_LEASE`` (a conditional UPDATE of ``email_claimed_at``), sent, then confirmed
   (``emailed_at``). Two runs never hold the same claim; a failed send gives the claim back at
   once, so the next run retries it; a run killed between claim and confirmation leaves its
   claim to expire, and the first run after the lease sends that email. The one duplicate
   left possible is a run killed after the mail server accepted a message and before the
   confirmation was written, a gap no SMTP client can close.

Reminders name the circle, the meeting's time in the member's own zone (their profile's, or
the circle's), the week's title from the programme and a link to the meeting: never notes,
check-ins or anything else from the circle's confidential space.

An in-app notification needs an actor. A reminder is nobody's act, so the circle's creator
stands for the circle (they set it up), or, if they are the recipient or no longer a member,
the member who joined first among the others; a circle of one reminds its member in their
own name.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from workaloud.circles.access import current_memberships
from workaloud.circles.models import (
    Circle,
    Meeting,
    MeetingReminder,
    Membership,
    ProgrammeWeek,
)
from workaloud.circles.programme import programme_of
from workaloud.notifications.models import Notification, NotificationKind

logger = logging.getLogger(__name__)

#: How long a run may hold an email's claim before another run may take it over.
EMAIL_LEASE = dt.timedelta(minutes=10)


@dataclass
class ReminderRun:
    meetings: int = 0
    notifications: int = 0
    emails_sent: int = 0
    emails_failed: int = 0

    def __str__(self) -> str:
        return (
            f"Reminded {self.meetings} meeting(s): {self.notifications} notification(s), "
            f"{self.emails_sent} email(s) sent, {self.emails_failed} failed (retried next run)."
        )


def due_meetings(now: dt.datetime, hours: int | None = None):
    """Meetings to remind now: not reminded, starting within ``hours``, circle not finished."""
    hours = settings.CIRCLE_REMINDER_HOURS if hours is None else hours
    return (
        Meeting.objects.filter(
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + dt.timedelta(hours=hours),
        )
        .exclude(circle__status=Circle.Status.FINISHED)
        .order_by("starts_at", "id")
    )


def _actor(circle: Circle, recipient, members: list) -> object:
    others = [p for p in members if p.pk != recipient.pk]
    creator = next((p for p in others if p.pk == circle.created_by_id), None)
    return creator or (others[0] if others else recipient)


def claim_meeting(meeting_id: int, now: dt.datetime) -> int:
    """Claim one meeting and notify its members in the app; returns how many were notified,
    or -1 if another run claimed it first."""
    with transaction.atomic():
        claimed = Meeting.objects.filter(pk=meeting_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if not claimed:
            return -1
        meeting = Meeting.objects.select_related("circle__round").get(pk=meeting_id)
        circle = meeting.circle
        members = [ms.person for ms in current_memberships(circle) if ms.person.is_active]
        MeetingReminder.objects.bulk_create(
            [MeetingReminder(meeting=meeting, person=p) for p in members]
        )
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient=p,
                    actor=_actor(circle, p, members),
                    kind=NotificationKind.MEETING_REMINDER,
                    circle=circle,
                )
                for p in members
            ]
        )
        return len(members)


def meeting_path(meeting: Meeting) -> str:
    """The meeting's page (the circle's page if there is no page per meeting)."""
    for name, args in (
        ("meeting_detail", [meeting.circle_id, meeting.week]),
        ("circle_detail", [meeting.circle_id]),
    ):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return f"/circles/{meeting.circle_id}/"


def week_title(circle: Circle, week: int) -> str:
    """The week's title in the circle's programme (its own, its round's, or the default)."""
    programme = programme_of(circle)
    return (
        ProgrammeWeek.objects.filter(programme=programme, number=week)
        .values_list("title", flat=True)
        .first()
        or ""
    )


def reminder_email(reminder: MeetingReminder, site_url: str) -> EmailMultiAlternatives:
    """The reminder for one member: plain text and HTML, the time in their own zone."""
    meeting, person = reminder.meeting, reminder.person
    circle = meeting.circle
    zone_name = person.timezone or circle.timezone
    local = timezone.localtime(meeting.starts_at, zoneinfo.ZoneInfo(zone_name))
    when = f"{local:%A %-d %B %Y, %H:%M} ({zone_name})"
    context = {
        "person": person,
        "circle": circle,
        "meeting": meeting,
        "when": when,
        "week_title": week_title(circle, meeting.week),
        "url": site_url.rstrip("/") + meeting_path(meeting),
        "community_name": settings.COMMUNITY_NAME,
    }
    message = EmailMultiAlternatives(
        subject=f"Reminder: {circle.title} meets {local:%a %-d %b, %H:%M %Z}",
        body=render_to_string("circles/email/meeting_reminder.txt", context),
        to=[person.email],
    )
    message.attach_alternative(
        render_to_string("circles/email/meeting_reminder.html", context), "text/html"
    )
    return message


def pending_emails(now: dt.datetime):
    """Reminders whose email is still to send: the meeting ahead, the person still a member
    with an address, and no live claim on it."""
    return (
        MeetingReminder.objects.filter(
            emailed_at__isnull=True,
            meeting__starts_at__gt=now,
            person__is_active=True,
        )
        .exclude(person__email="")
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - EMAIL_LEASE))
        .filter(
            Exists(
                Membership.objects.filter(
                    circle_id=OuterRef("meeting__circle_id"),
                    person_id=OuterRef("person_id"),
                    left_at__isnull=True,
                )
            )
        )
        .select_related("meeting__circle__round", "person")
        .order_by("meeting__starts_at", "id")
    )


def send_pending_emails(now: dt.datetime, site_url: str, run: ReminderRun) -> None:
    connection = get_connection()
    try:
        for reminder in pending_emails(now):
            claimed = (
                MeetingReminder.objects.filter(pk=reminder.pk, emailed_at__isnull=True)
                .filter(
                    Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - EMAIL_LEASE)
                )
                .update(email_claimed_at=now)
            )
            if not claimed:
                continue  # another run has it
            try:
                message = reminder_email(reminder, site_url)
                message.connection = connection
                message.send()
            except Exception:
                logger.exception("Could not email the reminder %s; the next run retries.", reminder)
                MeetingReminder.objects.filter(pk=reminder.pk, email_claimed_at=now).update(
                    email_claimed_at=None
                )
                run.emails_failed += 1
                continue
            MeetingReminder.objects.filter(pk=reminder.pk).update(emailed_at=timezone.now())
            run.emails_sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # a connection that never opened has nothing to close
            pass


def default_site_url() -> str:
    """Where the links in emails point: ``SITE_URL`` if the deployment sets it, otherwise the
    first of ALLOWED_HOSTS (https unless in debug)."""
    explicit = getattr(settings, "SITE_URL", "")
    if explicit:
        return explicit
    host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost")
    host = host.lstrip(".")
    return f"{'http' if settings.DEBUG else 'https'}://{host}" + (
        ":8000" if settings.DEBUG and host in {"127.0.0.1", "localhost"} else ""
    )


def send_due_reminders(
    now: dt.datetime | None = None, *, site_url: str | None = None, hours: int | None = None
) -> ReminderRun:
    """Remind every due meeting's members (in the app, then by email), once each."""
    now = now or timezone.now()
    run = ReminderRun()
    for meeting_id in list(due_meetings(now, hours).values_list("pk", flat=True)):
        notified = claim_meeting(meeting_id, now)
        if notified >= 0:
            run.meetings += 1
            run.notifications += notified
    send_pending_emails(now, site_url or default_site_url(), run)
    return run
