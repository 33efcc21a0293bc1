"""Builders for the meetings tests: a circle placed in time, its members, an organiser."""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo

from django.contrib.auth.models import Permission
from django.utils import timezone

from workaloud.circles.models import Circle, Membership
from workaloud.circles.schedule import create_meetings

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def make_circle(
    members,
    *,
    first_meeting: dt.datetime | None = None,
    weeks_ago: float = 0,
    title: str = "Product people",
    status: str = Circle.Status.CLOSED,
    zone: str = "Europe/Berlin",
    goals: dict | None = None,
) -> Circle:
    """A circle with its twelve meetings; the first one ``weeks_ago`` weeks before now (or at
    ``first_meeting``), every member joined before it."""
    if first_meeting is None:
        first_meeting = timezone.now() - dt.timedelta(weeks=weeks_ago)
    local = first_meeting.astimezone(zoneinfo.ZoneInfo(zone)).replace(second=0, microsecond=0)
    circle = Circle.objects.create(
        title=title,
        language="English",
        timezone=zone,
        weekday=local.weekday(),
        start_time=local.time(),
        starts_on=local.date(),
        status=status,
        feed_token=secrets.token_urlsafe(32),
        created_by=members[0] if members else None,
    )
    create_meetings(circle)
    for person in members:
        goal = (goals or {}).get(person.username)
        Membership.objects.create(circle=circle, person=person, goal=goal)
    return circle


def make_organiser(person):
    person.user_permissions.add(Permission.objects.get(codename="organise_circles"))
    return type(person).objects.get(pk=person.pk)  # the permission cache starts empty
