"""Builders for the tests of keeping a circle going: a circle whose meetings started some weeks
ago, its members (joined before the first meeting), attendance and check-ins."""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo

from django.utils import timezone

from workaloud.circles.models import Attendance, CheckIn, Circle, Membership
from workaloud.circles.schedule import create_meetings

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def make_circle(
    creator,
    members=(),
    *,
    first_meeting: dt.datetime | None = None,
    weeks_ago: float | None = None,
    week: int | None = None,
    started_ago: dt.timedelta | None = None,
    title: str = "Product people",
    size_limit: int = 5,
    round=None,
    status: str = Circle.Status.CLOSED,
) -> Circle:
    """A circle with its twelve meetings, the first at ``first_meeting``, or ``weeks_ago``
    weeks before now, or such that meeting ``week`` started ``started_ago`` before now (on the
    local wall clock, so daylight-saving changes in between do not move it)."""
    if week is not None:
        anchor = (timezone.now() - started_ago).astimezone(BERLIN)
        local = (anchor.replace(tzinfo=None) - dt.timedelta(weeks=week - 1)).replace(
            microsecond=0, tzinfo=BERLIN
        )
        first_meeting = local
    elif first_meeting is None:
        first_meeting = timezone.now() - dt.timedelta(weeks=weeks_ago or 0)
    local = first_meeting.astimezone(BERLIN).replace(microsecond=0)
    circle = Circle.objects.create(
        title=title,
        language="English",
        timezone="Europe/Berlin",
        weekday=local.weekday(),
        start_time=local.time(),
        starts_on=local.date(),
        size_limit=size_limit,
        status=status,
        round=round,
        feed_token=secrets.token_urlsafe(32),
        created_by=creator,
    )
    create_meetings(circle)
    joined = first_meeting - dt.timedelta(days=3)
    for person in [creator, *members]:
        ms = Membership.objects.create(circle=circle, person=person)
        Membership.objects.filter(pk=ms.pk).update(joined_at=joined)
    return circle


def in_week_12(creator, members=(), **kwargs) -> Circle:
    """A circle whose 12th meeting started ten minutes ago."""
    return make_circle(creator, members, week=12, started_ago=dt.timedelta(minutes=10), **kwargs)


def mark(circle: Circle, week: int, present=(), absent=()) -> None:
    meeting = circle.meetings.get(week=week)
    for person in present:
        Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"present": True}
        )
    for person in absent:
        Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"present": False}
        )


def check_in(circle: Circle, week: int, person, progress: int = 5, did: str = "Did things"):
    return CheckIn.objects.create(
        meeting=circle.meetings.get(week=week), person=person, progress=progress, did=did
    )
