"""A digest's period: the person's local day or week (Monday 00:00 to Monday 00:00 in their
zone, ``User.timezone``; UTC when empty or unknown), as an interval of UTC instants.

Periods are built from local dates: each starts at the local midnight of its first day and
ends at the local midnight that starts the next one, so consecutive periods tile time with no
gap or overlap, whatever daylight saving time does (a week across a change lasts 167 or 169
hours; a day 23 or 25).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

UTC = dt.UTC


def zone_of(person_or_name) -> dt.tzinfo:
    name = getattr(person_or_name, "timezone", person_or_name) or ""
    if not name:
        return UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


@dataclass(frozen=True)
class Period:
    frequency: str  # "weekly" or "daily"
    first_day: dt.date  # local
    zone: dt.tzinfo

    @property
    def days(self) -> int:
        return 7 if self.frequency == "weekly" else 1

    @property
    def last_day(self) -> dt.date:
        return self.first_day + dt.timedelta(days=self.days - 1)

    @property
    def start(self) -> dt.datetime:
        return _midnight(self.first_day, self.zone)

    @property
    def end(self) -> dt.datetime:
        return _midnight(self.first_day + dt.timedelta(days=self.days), self.zone)

    @property
    def label(self) -> str:
        """ "the week of 2 March 2026" or "Monday 2 March 2026", in the person's calendar."""
        d = self.first_day
        if self.frequency == "weekly":
            return f"the week of {d.day} {d:%B %Y}"
        return f"{d:%A} {d.day} {d:%B %Y}"

    def previous(self) -> Period:
        return Period(self.frequency, self.first_day - dt.timedelta(days=self.days), self.zone)


def _midnight(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    # A midnight skipped by a DST change resolves to the same instant for the period it ends
    # and the one it starts, so the tiling holds there too.
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone).astimezone(UTC)


def period_containing(moment: dt.datetime, zone: dt.tzinfo, frequency: str) -> Period:
    day = moment.astimezone(zone).date()
    if frequency == "weekly":
        day -= dt.timedelta(days=day.weekday())
    return Period(frequency, day, zone)


def last_ended(moment: dt.datetime, zone: dt.tzinfo, frequency: str) -> Period:
    """The latest period that has ended at ``moment``: the one before the current."""
    return period_containing(moment, zone, frequency).previous()
