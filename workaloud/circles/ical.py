"""A circle's meetings as an iCalendar feed (RFC 5545) a member's calendar subscribes to.

The feed's URL carries the circle's secret ``feed_token``: calendar apps cannot log in. So it
holds only what a calendar needs (when, the week's title, a link to the meeting page, which
asks for a login and membership), never the circle's notes, check-ins or members.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import icalendar
from django.conf import settings

from workaloud.circles.models import MEETING_MINUTES, Circle, Format, Meeting

PRODID = "-//Workaloud//Circles//EN"
#: The VTIMEZONE's DST rules cover every meeting from a year before until ten years on.
_RULES_YEARS_BEFORE, _RULES_YEARS_AFTER = 1, 10


@functools.lru_cache(maxsize=64)
def _vtimezone(tzid: str, first_year: int) -> bytes:
    """The zone's VTIMEZONE (computing one takes a while: cached per zone and year)."""
    tz = icalendar.Timezone.from_tzid(
        tzid,
        first_date=dt.date(first_year - _RULES_YEARS_BEFORE, 1, 1),
        last_date=dt.date(first_year + _RULES_YEARS_AFTER, 1, 1),
    )
    return tz.to_ical()


def site_address(request) -> str:
    """The site's address for links that leave the browser (calendar apps, API clients):
    ``SITE_URL`` when the deployment sets it, otherwise the address of this request."""
    return getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/").rstrip("/")


def event_uid(circle: Circle, meeting: Meeting, host: str) -> str:
    """Stable across fetches (and schedule changes), unique per meeting and site."""
    return f"circle-{circle.pk}-week-{meeting.week}@{host}"


def circle_calendar(
    circle: Circle,
    meetings: list[Meeting],
    titles: dict[int, str],
    *,
    meeting_url,
    host: str,
    now: dt.datetime | None = None,
) -> bytes:
    """The feed: one VEVENT per meeting, in the circle's zone with its VTIMEZONE.

    ``titles`` maps a week to its programme title; ``meeting_url(meeting)`` gives the absolute
    link to the meeting page.
    """
    zone = zoneinfo.ZoneInfo(circle.timezone)
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{circle.title} · circle meetings")
    cal.add("x-wr-timezone", circle.timezone)
    first_year = min((m.starts_at.year for m in meetings), default=circle.starts_on.year)
    cal.add_component(icalendar.Timezone.from_ical(_vtimezone(circle.timezone, first_year)))
    for meeting in meetings:
        start = meeting.starts_at.astimezone(zone)
        title = titles.get(meeting.week, "")
        event = icalendar.Event()
        event.add("uid", event_uid(circle, meeting, host))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=MEETING_MINUTES))
        summary = f"{circle.title}: week {meeting.week}"
        event.add("summary", f"{summary} · {title}" if title else summary)
        url = meeting_url(meeting)
        event.add("description", f"Week {meeting.week} of 12. The meeting page: {url}")
        event.add("url", url)
        if circle.format == Format.IN_PERSON and circle.location:
            event.add("location", circle.location)
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    return cal.to_ical()
