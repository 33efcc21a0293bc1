"""A digest's period is the person's local week (or day), whatever the zone and DST do."""

import datetime as dt
import zoneinfo

from workaloud.digests.periods import last_ended, period_containing, zone_of

UTC = dt.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def at(*args, tz=UTC):
    return dt.datetime(*args, tzinfo=tz)


def test_the_week_is_monday_to_monday_in_the_persons_zone():
    # Monday 2 March 2026, 04:00 UTC: already Monday afternoon in Tokyo, still Sunday night
    # (1 March, 23:00) in New York.
    now = at(2026, 3, 2, 4, 0)
    tokyo = last_ended(now, TOKYO, "weekly")
    assert tokyo.first_day == dt.date(2026, 2, 23)
    assert tokyo.start == at(2026, 2, 22, 15, 0) and tokyo.end == at(2026, 3, 1, 15, 0)
    york = last_ended(now, NEW_YORK, "weekly")
    assert york.first_day == dt.date(2026, 2, 16)  # their week of 23 Feb has not ended yet
    assert york.end == at(2026, 2, 23, 5, 0)
    utc = last_ended(now, UTC, "weekly")
    assert (utc.start, utc.end) == (at(2026, 2, 23), at(2026, 3, 2))


def test_empty_or_unknown_zone_is_utc():
    class P:
        timezone = ""

    assert zone_of(P()) is UTC
    assert zone_of("Mars/Olympus") is UTC
    assert zone_of("Europe/Berlin") == BERLIN


def test_a_week_across_daylight_saving_lasts_167_or_169_hours_and_weeks_tile():
    spring = period_containing(at(2026, 3, 25, 12, 0), BERLIN, "weekly")  # 23–30 March
    assert spring.start == at(2026, 3, 22, 23, 0)  # Monday 00:00 CET
    assert spring.end == at(2026, 3, 29, 22, 0)  # Monday 00:00 CEST
    assert spring.end - spring.start == dt.timedelta(hours=167)
    autumn = period_containing(at(2026, 10, 21, 12, 0), BERLIN, "weekly")  # 19–26 Oct
    assert autumn.end - autumn.start == dt.timedelta(hours=169)
    # Consecutive weeks and days meet exactly: no gap, no overlap.
    week = spring
    for _ in range(60):
        nxt = period_containing(week.end, BERLIN, "weekly")
        assert nxt.start == week.end and nxt.previous() == week
        week = nxt
    day = period_containing(at(2026, 3, 28, 12, 0), BERLIN, "daily")
    for _ in range(3):
        nxt = period_containing(day.end, BERLIN, "daily")
        assert nxt.start == day.end
        day = nxt
    assert period_containing(at(2026, 3, 29, 12), BERLIN, "daily").end - period_containing(
        at(2026, 3, 29, 12), BERLIN, "daily"
    ).start == dt.timedelta(hours=23)


def test_daily_period_is_the_local_day():
    now = at(2026, 3, 2, 6, 0)
    tokyo = last_ended(now, TOKYO, "daily")
    assert tokyo.first_day == dt.date(2026, 3, 1)
    assert (tokyo.start, tokyo.end) == (at(2026, 2, 28, 15), at(2026, 3, 1, 15))
    assert tokyo.label == "Sunday 1 March 2026"
    assert last_ended(now, UTC, "weekly").label == "the week of 23 February 2026"
