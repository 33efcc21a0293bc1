"""A circle's meeting times: weekly, at its slot's local time in its time zone.

The wall-clock time stays put across daylight-saving changes (18:00 in Berlin is 18:00 in
March and in April), so the UTC instant moves; ``Meeting.starts_at`` stores that instant.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from workaloud.circles.models import PROGRAMME_WEEKS, Circle, Meeting


def meeting_times(circle: Circle, weeks: int = PROGRAMME_WEEKS) -> list[dt.datetime]:
    """The aware start of each week's meeting, in the circle's zone."""
    zone = zoneinfo.ZoneInfo(circle.timezone)
    first = circle.first_meeting_on
    return [
        dt.datetime.combine(first + dt.timedelta(weeks=week), circle.start_time, tzinfo=zone)
        for week in range(weeks)
    ]


def create_meetings(circle: Circle) -> list[Meeting]:
    """The circle's twelve meetings; idempotent (weeks already there are kept as they are)."""
    existing = set(circle.meetings.values_list("week", flat=True))
    new = [
        Meeting(circle=circle, week=week, starts_at=when)
        for week, when in enumerate(meeting_times(circle), start=1)
        if week not in existing
    ]
    Meeting.objects.bulk_create(new)
    return list(circle.meetings.order_by("week"))
