"""The demo's circles: one in its sixth week, two open circles to join, and a round open for
sign-up with a pool an organiser can match. Built through the circle services, then moved back
in time the way the rest of the demo is (the services refuse a start date in the past).

Maya runs the community's circles in the demo story, so she may organise them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib.auth.models import Permission
from django.utils import timezone

from workaloud.audience import Audience
from workaloud.circles import forming, meetings
from workaloud.circles.models import CheckIn, Circle, Meeting, Membership
from workaloud.circles.programme import default_programme
from workaloud.circles.schedule import create_meetings
from workaloud.notifications.models import Notification
from workaloud.people.models import User
from workaloud.work.models import WorkUpdate
from workaloud.work.services import create_update

WEEKS_DONE = 5  # the running circle has met five times

RUNNING_MEMBERS = ["maya", "devraj", "siobhan", "lena", "amara"]
# Who was at each of the five meetings; Amara has missed the last two.
PRESENT = {
    1: {"maya", "devraj", "siobhan", "lena", "amara"},
    2: {"maya", "devraj", "siobhan", "lena", "amara"},
    3: {"maya", "siobhan", "lena", "amara"},
    4: {"maya", "devraj", "siobhan", "lena"},
    5: {"maya", "devraj", "siobhan", "lena"},
}
NOTES = {
    1: """\
First meeting. Everyone said what they want from the twelve weeks:

- **Maya**: three new circles before the summer.
- **Devraj**: fewer out-of-hours pages, and a team that says when it is tired.
- **Siobhan**: retire the support macros nobody uses.
- **Lena**: a laptop that is ready for work in an hour, not a day.
- **Amara**: twelve interviews with shop owners.

We agreed to keep cameras on and to start on time, even if someone is late.""",
    2: """\
Relationship lists. Devraj's list had eleven names, only two outside his team. Siobhan
offered to introduce him to the people who answer the pager calls at night in Support.

Lena realised the person who knows most about laptop images is someone she has never met.""",
    3: """\
Small contributions. Each of us did one thing for someone on our list without being asked:
Maya shared her matching spreadsheet, Siobhan sent a macro review checklist, Lena answered a
question on the onboarding channel. Devraj was away.""",
    4: """\
Routine. We each picked a time in the week to work out loud. Maya: Friday 16:00. Siobhan:
after the Monday stand-up. Lena: whenever a build finishes (we laughed; she'll try Thursday
mornings). Devraj: Wednesday lunch.

Amara missed this one; Maya will check in with her.""",
    5: """\
What we can offer. Everyone listed three things they know that others might need. Surprise of
the week: Devraj's notes on handing over on-call are exactly what Siobhan's team is missing.""",
}
CHECK_INS = {
    "maya": [
        (
            2,
            "Drafted the sign-up form and shared it with the circle.",
            "Ask two past members to host a circle.",
            "Who hosted before and might do it again?",
        ),
        (3, "Shared the matching spreadsheet with Grace.", "Test the form on five people.", ""),
        (
            4,
            "Five people filled in the form; two found it too long.",
            "Cut it to four questions.",
            "",
        ),
        (
            5,
            "Form is four questions now. Nineteen sign-ups.",
            "Match the first circles.",
            "A second pair of eyes on the matching.",
        ),
        (6, "Matched eighteen people into four circles.", "Kick-off invitations.", ""),
    ],
    "devraj": [
        (
            1,
            "Listed the pages from last month: 41, of which 17 were noise.",
            "Talk to the two teams whose alerts page us most.",
            "",
        ),
        (
            3,
            "Met the Support night team, thanks to Siobhan.",
            "Delete the five noisiest alerts.",
            "Someone to review the alert changes.",
        ),
        (4, "Deleted three alerts; two need an owner first.", "Find owners.", ""),
        (5, "Pages down to 29 this month.", "Write up the on-call handover notes.", ""),
    ],
    "siobhan": [
        (
            2,
            "Counted our macros: 212, of which 80 unused this year.",
            "Ask each team lead which ones they rely on.",
            "",
        ),
        (3, "Sent the review checklist round.", "Retire the first 30.", ""),
        (
            4,
            "Retired 30 macros; nobody has missed one yet.",
            "Review the next 50.",
            "Help wording the plain-language versions.",
        ),
        (5, "Ines offered to review the wording.", "Retire 20 more.", ""),
        (
            6,
            "Borrowed Devraj's handover notes for our shift changes.",
            "Try them for two weeks.",
            "",
        ),
    ],
    "lena": [
        (1, "Timed a fresh laptop setup: 7 hours 40 minutes.", "Find out where the time goes.", ""),
        (
            3,
            "Image build is 3 hours of it. Found the person who owns the image.",
            "Meet them.",
            "An introduction to the desktop team.",
        ),
        (4, "Met the desktop team; they'd like help testing.", "Test the new image.", ""),
        (6, "New image tested: 4 hours end to end.", "Script the remaining manual steps.", ""),
    ],
    "amara": [
        (2, "Booked four interviews.", "Run them.", "Someone to take notes in Yorùbá."),
        (3, "Ran three interviews; one cancelled.", "Write up what I heard.", ""),
    ],
}
CIRCLE_UPDATE = """\
A small thing from our circle this week: I asked for a second pair of eyes on matching, and
three of you offered within the hour. I'm learning that the ask is the easy part, and saying
exactly what kind of help I need is the hard one.

Thank you for the push to cut the form to four questions."""

OPEN_CIRCLES = [
    # (creator, members, title, language, zone, weekday, hh:mm, starts in days, size)
    (
        "sofia",
        ["carlos", "diego"],
        "Círculo en español: la primera vez",
        "Spanish",
        "America/Bogota",
        2,
        "08:00",
        10,
        5,
    ),
    (
        "grace",
        ["kwame", "zanele"],
        "Lunchtime circle for first-timers",
        "English",
        "Africa/Nairobi",
        3,
        "13:00",
        12,
        5,
    ),
]

POOL = [
    # (person, languages, format, location, available hours in their zone: (weekdays, hours))
    ("tomasz", ["English", "Polish"], "virtual", "", ((1, 2, 3), (17, 18))),
    ("aiko", ["English", "Japanese"], "virtual", "", ((0, 1, 2, 3), (9, 10))),
    ("henrik", ["English", "Swedish"], "either", "Stockholm", ((1, 3), (17, 18))),
    ("fatima", ["English", "Arabic", "French"], "virtual", "", ((1, 2), (19, 20))),
    ("jonas", ["English", "German"], "either", "Munich", ((1, 2, 3), (17, 18))),
    ("priya", ["English", "Hindi", "Tamil"], "virtual", "", ((1, 2, 3), (20, 21))),
    ("noor", ["English", "Arabic"], "virtual", "", ((1, 2), (18, 19, 20))),
    ("elise", ["English", "French"], "either", "Paris", ((1, 2, 3), (17, 18, 19))),
    ("mateo", ["English", "Italian", "Spanish"], "virtual", "", ((1, 2, 3), (17, 18))),
    ("ines", ["English", "Portuguese", "Spanish"], "virtual", "", ((1, 2, 3), (16, 17))),
    ("astrid", ["English", "Norwegian"], "virtual", "", ((1, 3), (17, 18))),
    ("omar", ["English", "Arabic"], "virtual", "", ((1, 2), (18, 19))),
]


def _person(username: str) -> User:
    return User.objects.get(username=username)


def _goal(person: User):
    return person.goals.order_by("created_at").first()


class DemoCircles:
    def __init__(self, now: dt.datetime):
        self.now = now
        self.today = timezone.localdate(now)
        self.circles = 0
        self.pool_entries = 0

    def load(self) -> None:
        maya = _person("maya")
        maya.user_permissions.add(Permission.objects.get(codename="organise_circles"))
        default_programme()
        self._running_circle()
        for spec in OPEN_CIRCLES:
            self._open_circle(*spec)
        self._round()

    # --- the circle in its sixth week ----------------------------------------------------------

    def _running_circle(self) -> None:
        people = {name: _person(name) for name in RUNNING_MEMBERS}
        circle = forming.create_open_circle(
            people["maya"],
            goal=_goal(people["maya"]),
            title="Tuesday evening circle",
            description="Five people from five teams, working out loud for twelve weeks.",
            format="virtual",
            language="English",
            timezone="Europe/London",
            starts_on=self.today,
            weekday=1,
            start_time=dt.time(17, 0),
            size_limit=5,
        )
        for name in RUNNING_MEMBERS[1:]:
            forming.join_circle(people[name], circle, goal=_goal(people[name]))
        self._move_back(circle, weeks=WEEKS_DONE)
        formed = circle.meetings.get(week=1).starts_at - dt.timedelta(days=9)
        Notification.objects.filter(circle=circle).update(
            created_at=formed, read_at=formed + dt.timedelta(hours=5)
        )
        Membership.objects.filter(circle=circle).update(joined_at=formed)
        Circle.objects.filter(pk=circle.pk).update(created_at=formed)
        self.circles += 1
        by_week = {m.week: m for m in circle.meetings.all()}
        ids = {name: person.pk for name, person in people.items()}
        for week, present in PRESENT.items():
            meeting = by_week[week]
            after = meeting.starts_at + dt.timedelta(minutes=65)
            marks = {ids[name]: name in present for name in RUNNING_MEMBERS}
            meetings.mark_attendance(people["maya"], meeting, marks, now=after)
            meetings.save_notes(people["maya"], meeting, NOTES[week], edited_since=None)
            Meeting.objects.filter(pk=meeting.pk).update(notes_updated_at=after)
        for name, entries in CHECK_INS.items():
            for week, did, next_step, help_needed in entries:
                meeting = by_week[week]
                written = meeting.starts_at - dt.timedelta(hours=3)
                check_in, _new = meetings.save_check_in(
                    people[name],
                    meeting,
                    progress=min(10, week + len(name) % 3),
                    did=did,
                    next_step=next_step,
                    help_needed=help_needed,
                    now=written,
                )
                CheckIn.objects.filter(pk=check_in.pk).update(
                    created_at=written, updated_at=written
                )
        update = create_update(
            people["maya"], body=CIRCLE_UPDATE, audience=Audience.CIRCLE, circle=circle
        )
        shared = by_week[WEEKS_DONE].starts_at + dt.timedelta(days=1)
        WorkUpdate.objects.filter(pk=update.pk).update(created_at=shared, published_at=shared)

    def _move_back(self, circle: Circle, *, weeks: int) -> None:
        """Start the circle ``weeks`` weeks before this week's meeting, as if it had then."""
        zone = zoneinfo.ZoneInfo(circle.timezone)
        local_today = self.now.astimezone(zone).date()
        this_week = local_today - dt.timedelta(days=(local_today.weekday() - circle.weekday) % 7)
        circle.starts_on = this_week - dt.timedelta(weeks=weeks)
        circle.status = Circle.Status.CLOSED
        circle.save(update_fields=["starts_on", "status"])
        circle.meetings.all().delete()
        create_meetings(circle)

    # --- open circles and a round ------------------------------------------------------------

    def _open_circle(
        self, creator, members, title, language, zone, weekday, start, in_days, size
    ) -> None:
        hour, minute = (int(part) for part in start.split(":"))
        circle = forming.create_open_circle(
            _person(creator),
            goal=_goal(_person(creator)),
            title=title,
            format="virtual",
            language=language,
            timezone=zone,
            starts_on=self.today + dt.timedelta(days=in_days),
            weekday=weekday,
            start_time=dt.time(hour, minute),
            size_limit=size,
        )
        for name in members:
            forming.join_circle(_person(name), circle, goal=_goal(_person(name)))
        self.circles += 1

    def _round(self) -> None:
        maya = _person("maya")
        starts_on = self.today + dt.timedelta(weeks=5)
        round_ = forming.create_round(
            maya,
            title="Summer round",
            starts_on=starts_on,
            signup_closes_on=starts_on - dt.timedelta(days=7),
            programme=default_programme(),
        )
        for name, languages, fmt, location, (days, hours) in POOL:
            person = _person(name)
            forming.join_pool(
                person,
                round_,
                goal=_goal(person),
                format=fmt,
                location=location,
                languages=languages,
                timezone=person.timezone,
                availability=[day * 24 + hour for day in days for hour in hours],
            )
            self.pool_entries += 1


def load_demo_circles(now: dt.datetime) -> DemoCircles:
    demo = DemoCircles(now)
    demo.load()
    return demo
