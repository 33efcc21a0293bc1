"""The circle's iCalendar feed: valid RFC 5545 read back by the icalendar library, events at
the schedule's instants across daylight-saving changes, and nothing confidential in it."""

import datetime as dt
import zoneinfo

import icalendar
import pytest

from workaloud.circles import meetings, programme
from workaloud.circles.schedule import meeting_times
from workaloud.circles.tests.meetings_builders import make_circle

pytestmark = pytest.mark.django_db

SECRET = "Confidential: Carol is leaving the company"


def feed_url(circle, token=None):
    return f"/circles/{circle.pk}/calendar/{token or circle.feed_token}.ics"


@pytest.mark.parametrize(
    "zone, first, change",
    [
        ("Europe/Berlin", dt.datetime(2026, 3, 10, 18, 0), dt.date(2026, 3, 29)),
        ("America/New_York", dt.datetime(2026, 2, 24, 9, 30), dt.date(2026, 3, 8)),
        ("Australia/Sydney", dt.datetime(2026, 3, 17, 12, 0), dt.date(2026, 4, 5)),
    ],
)
def test_feed_parses_and_matches_the_schedule_across_dst(client, alice, bob, zone, first, change):
    tz = zoneinfo.ZoneInfo(zone)
    circle = make_circle([alice, bob], first_meeting=first.replace(tzinfo=tz), zone=zone)
    response = client.get(feed_url(circle))  # no login: the token authorises
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded lines

    cal = icalendar.Calendar.from_ical(body)
    assert cal["VERSION"] == "2.0" and cal["PRODID"] == "-//Workaloud//Circles//EN"
    [vtz] = cal.walk("VTIMEZONE")
    assert vtz["TZID"] == zone
    assert {c.name for c in vtz.subcomponents} == {"STANDARD", "DAYLIGHT"}

    events = cal.walk("VEVENT")
    assert len(events) == 12
    expected = meeting_times(circle)
    offsets = set()
    for event, when in zip(events, expected, strict=True):
        start = event.decoded("DTSTART")
        assert event["DTSTART"].params["TZID"] == zone
        assert event["DTEND"].params["TZID"] == zone
        assert start.astimezone(dt.UTC) == when.astimezone(dt.UTC)
        assert event.decoded("DTEND") - start == dt.timedelta(hours=1)
        assert event.decoded("DTSTAMP").tzinfo is not None
        offsets.add(start.utcoffset())
        assert (start.hour, start.minute) == (first.hour, first.minute)  # wall clock kept
    assert len(offsets) == 2, "the meetings span a daylight-saving change"
    assert any(e.decoded("DTSTART").date() > change for e in events)
    # The VTIMEZONE's rules give the same instants as the zone database (read by the library).
    assert [e["DTSTART"].dt.astimezone(dt.UTC) for e in events] == [
        t.astimezone(dt.UTC) for t in expected
    ]


def test_events_have_stable_uids_titles_and_links_but_nothing_confidential(client, alice, bob):
    circle = make_circle([alice, bob], weeks_ago=1.5)
    w2 = circle.meetings.get(week=2)
    meetings.save_notes(alice, w2, SECRET)
    meetings.save_check_in(alice, w2, progress=3, did=SECRET, help_needed=SECRET)
    first = icalendar.Calendar.from_ical(client.get(feed_url(circle)).content)
    second = icalendar.Calendar.from_ical(client.get(feed_url(circle)).content)
    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in second.walk("VEVENT")]
    assert len(set(uids)) == 12
    titles = programme.weeks_of(programme.default_programme())
    for event in first.walk("VEVENT"):
        week = int(str(event["SUMMARY"]).split("week ")[1].split(" ")[0])
        assert str(event["SUMMARY"]).endswith(titles[week].title)
        assert f"/circles/{circle.pk}/meetings/{week}/" in str(event["DESCRIPTION"])
    body = client.get(feed_url(circle)).content.decode()
    for secret in ("Carol is leaving", "Alice", "alice", "Bob"):
        assert secret not in body


def test_a_wrong_token_is_not_found(client, alice, bob):
    circle = make_circle([alice, bob])
    other = make_circle([alice], title="Other")
    assert client.get(feed_url(circle, "x" * 43)).status_code == 404
    assert client.get(feed_url(circle, other.feed_token)).status_code == 404
    assert client.get(f"/circles/999999/calendar/{circle.feed_token}.ics").status_code == 404


def test_members_see_the_subscribe_link(client_for, alice, bob):
    circle = make_circle([alice, bob])
    page = client_for(alice).get(f"/circles/{circle.pk}/").content.decode()
    assert f"webcal://testserver/circles/{circle.pk}/calendar/{circle.feed_token}.ics" in page


def test_links_and_uids_follow_the_sites_address(client, settings, alice, bob):
    settings.SITE_URL = "https://wol.example.org"
    circle = make_circle([alice, bob])
    cal = icalendar.Calendar.from_ical(client.get(feed_url(circle)).content)
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == f"circle-{circle.pk}-week-1@wol.example.org"
    assert f"https://wol.example.org/circles/{circle.pk}/meetings/1/" in str(event["DESCRIPTION"])
