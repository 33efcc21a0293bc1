"""The end of the programme: a retrospective, a letter to my future self, another 12 weeks.

The end opens when the circle's last (12th) meeting has started, or once the circle is
finished. Then each member may:

* write a **retrospective** (what changed, would you recommend a circle 0–10, what next),
  which they can edit and the circle's members read;
* write a **letter to their future self**, which only its writer ever sees: no other member,
  no organiser, no administrator in the product's pages or the API (it is not in the admin
  site either);
* choose to **continue for another 12 weeks**. The first member who opts in creates the next
  circle (``previous`` is this one; same slot, format, language, location and programme;
  its first meeting the week after this one's last); the others may join it from this
  circle's page until it starts, up to its size limit.

``finish_circles`` marks circles finished once their last meeting has ended; the
``send_circle_reminders`` command runs it.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import zoneinfo
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from workaloud.circles.access import current_memberships, membership_of
from workaloud.circles.models import (
    MEETING_MINUTES,
    PROGRAMME_WEEKS,
    TEXT_MAX,
    Circle,
    FutureLetter,
    Meeting,
    Membership,
    Retrospective,
)
from workaloud.circles.schedule import create_meetings, meeting_times
from workaloud.notifications.models import NotificationKind
from workaloud.notifications.services import notify

LETTER_MAX = FutureLetter._meta.get_field("text").max_length
TITLE_MAX = Circle._meta.get_field("title").max_length
_WEEKS_SUFFIX = re.compile(r" · weeks \d+–\d+$")


# -- when the end opens ---------------------------------------------------------------------


def last_meeting(circle: Circle) -> Meeting | None:
    return circle.meetings.filter(week=PROGRAMME_WEEKS).first()


def ending_opens_at(circle: Circle) -> dt.datetime:
    """When the last meeting starts (from the schedule if its row is missing)."""
    meeting = last_meeting(circle)
    return meeting.starts_at if meeting else meeting_times(circle)[-1]


def ending_is_open(circle: Circle, now: dt.datetime | None = None) -> bool:
    if circle.status == Circle.Status.FINISHED:
        return True
    return ending_opens_at(circle) <= (now or timezone.now())


def _require_member(circle: Circle, person) -> Membership:
    membership = membership_of(person, circle)
    if membership is None:
        raise PermissionDenied("Only the circle's members can do that.")
    return membership


def _require_open(circle: Circle, now: dt.datetime | None, what: str) -> None:
    if not ending_is_open(circle, now):
        opens = timezone.localtime(ending_opens_at(circle), zoneinfo.ZoneInfo(circle.timezone))
        raise ValidationError(
            f"{what} opens with the circle's last meeting, on {opens:%A %-d %B %Y}; "
            "the programme has not reached its end yet."
        )


def _text(value, name: str, label: str, limit: int, *, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({name: [f"{label} must be text."]})
    value = value.strip()
    if required and not value:
        raise ValidationError({name: [f"{label} is required."]})
    if len(value) > limit:
        raise ValidationError(
            {name: [f"{label} is {len(value):,} characters long; at most {limit:,} fit."]}
        )
    if "\x00" in value:
        raise ValidationError({name: [f"{label} may not contain NUL characters."]})
    return value


# -- retrospective --------------------------------------------------------------------------


@transaction.atomic
def save_retrospective(
    circle: Circle,
    person,
    *,
    what_changed,
    recommend,
    what_next="",
    now: dt.datetime | None = None,
) -> Retrospective:
    """Write or rewrite ``person``'s retrospective of ``circle``."""
    _require_member(circle, person)
    _require_open(circle, now, "The retrospective")
    what_changed = _text(what_changed, "what_changed", "What changed", TEXT_MAX, required=True)
    what_next = _text(what_next, "what_next", "What next", TEXT_MAX, required=False)
    if isinstance(recommend, bool) or not isinstance(recommend, int):
        try:
            recommend = int(str(recommend).strip())
        except (TypeError, ValueError):
            raise ValidationError(
                {"recommend": ["Would you recommend it? Answer with a whole number from 0 to 10."]}
            ) from None
    if not 0 <= recommend <= 10:
        raise ValidationError(
            {"recommend": [f"{recommend} is outside the scale: answer from 0 to 10."]}
        )
    retrospective, _ = Retrospective.objects.update_or_create(
        circle=circle,
        person=person,
        defaults={"what_changed": what_changed, "recommend": recommend, "what_next": what_next},
    )
    return retrospective


def retrospectives_of(circle: Circle) -> list[Retrospective]:
    """The circle's retrospectives, for its members' eyes (callers check membership)."""
    return list(
        Retrospective.objects.filter(circle=circle)
        .select_related("person")
        .order_by("created_at", "id")
    )


# -- letter to my future self ---------------------------------------------------------------


@transaction.atomic
def save_letter(circle: Circle, person, *, text, now: dt.datetime | None = None) -> FutureLetter:
    """Write or rewrite ``person``'s letter to their future self. Only they will read it."""
    _require_member(circle, person)
    _require_open(circle, now, "The letter to your future self")
    text = _text(text, "text", "The letter", LETTER_MAX, required=True)
    letter, _ = FutureLetter.objects.update_or_create(
        circle=circle, person=person, defaults={"text": text}
    )
    return letter


def letter_of(circle: Circle, person) -> FutureLetter | None:
    """``person``'s own letter for ``circle``. There is deliberately no way to read anyone
    else's: every read goes through this function with the viewer as ``person``."""
    if person is None or not person.is_authenticated:
        return None
    return FutureLetter.objects.filter(circle=circle, person=person).first()


def letters_of(person) -> list[FutureLetter]:
    """All of ``person``'s own letters, newest first."""
    return list(
        FutureLetter.objects.filter(person=person).select_related("circle").order_by("-created_at")
    )


# -- another 12 weeks -----------------------------------------------------------------------


def continuation_of(circle: Circle) -> Circle | None:
    """The circle that continues ``circle`` for another 12 weeks, if one was started."""
    return Circle.objects.filter(previous=circle).order_by("id").first()


def has_started(circle: Circle, now: dt.datetime | None = None) -> bool:
    first = circle.meetings.order_by("week").first()
    starts = first.starts_at if first else meeting_times(circle, 1)[0]
    return starts <= (now or timezone.now())


def _cycle(circle: Circle) -> int:
    """1 for a first circle, 2 for its continuation, …"""
    n, seen, current = 1, {circle.pk}, circle
    while current.previous_id and current.previous_id not in seen:
        seen.add(current.previous_id)
        current = Circle.objects.only("id", "previous_id").get(pk=current.previous_id)
        n += 1
    return n


def _next_title(circle: Circle) -> str:
    cycle = _cycle(circle) + 1
    suffix = f" · weeks {(cycle - 1) * PROGRAMME_WEEKS + 1}–{cycle * PROGRAMME_WEEKS}"
    base = _WEEKS_SUFFIX.sub("", circle.title)
    return base[: TITLE_MAX - len(suffix)].rstrip() + suffix


def next_start(circle: Circle) -> dt.date:
    """The week after the circle's last meeting, in the circle's own zone."""
    zone = zoneinfo.ZoneInfo(circle.timezone)
    return timezone.localtime(ending_opens_at(circle), zone).date() + dt.timedelta(weeks=1)


@dataclass
class Continued:
    circle: Circle
    created: bool


@transaction.atomic
def continue_circle(circle: Circle, person, now: dt.datetime | None = None) -> Continued:
    """``person`` opts in to another 12 weeks: the first one creates the next circle, later
    ones join it, until it starts or is full."""
    now = now or timezone.now()
    # One member at a time per circle (SQLite serialises writers already), so two members
    # opting in at once cannot create two next circles.
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    membership = _require_member(circle, person)
    _require_open(circle, now, "Continuing for another 12 weeks")
    following = continuation_of(circle)
    if following is None:
        following = Circle.objects.create(
            title=_next_title(circle),
            description=circle.description,
            origin=Circle.Origin.OPEN,
            # the programme it followed, also when it came from the round (not copied)
            programme_id=circle.programme_id
            or (circle.round.programme_id if circle.round else None),
            format=circle.format,
            language=circle.language,
            location=circle.location,
            timezone=circle.timezone,
            weekday=circle.weekday,
            start_time=circle.start_time,
            starts_on=next_start(circle),
            size_limit=circle.size_limit,
            status=Circle.Status.CLOSED,
            previous=circle,
            feed_token=secrets.token_urlsafe(32),
            created_by=person,
        )
        create_meetings(following)
        Membership.objects.create(circle=following, person=person, goal=membership.goal)
        return Continued(following, created=True)

    following = Circle.objects.select_for_update().get(pk=following.pk)
    if membership_of(person, following) is not None:
        raise ValidationError(
            "You have already chosen to continue: you are in the next 12 weeks "
            f"({following.title})."
        )
    if has_started(following, now):
        raise ValidationError(
            f"The next 12 weeks ({following.title}) have already started; ask its members "
            "to add you."
        )
    others = list(current_memberships(following))
    if len(others) >= following.size_limit:
        raise ValidationError(
            f"The next 12 weeks are full: {len(others)} of {following.size_limit} places taken."
        )
    Membership.objects.update_or_create(
        circle=following, person=person, defaults={"left_at": None, "goal": membership.goal}
    )
    for other in others:
        notify(other.person, person, NotificationKind.CIRCLE_JOINED, circle=following)
    return Continued(following, created=False)


@dataclass
class EndingState:
    """What a member sees of the end of the programme."""

    is_open: bool
    opens_at: dt.datetime
    retrospectives: list[Retrospective]
    mine: Retrospective | None
    letter: FutureLetter | None
    continuation: Circle | None
    continuation_members: list
    in_continuation: bool
    continuation_started: bool
    continuation_full: bool

    @property
    def can_continue(self) -> bool:
        return (
            self.is_open
            and not self.in_continuation
            and not self.continuation_started
            and not self.continuation_full
        )


def ending_state(circle: Circle, viewer, now: dt.datetime | None = None) -> EndingState:
    """The end of the programme as ``viewer`` (a member: callers check) sees it."""
    now = now or timezone.now()
    is_open = ending_is_open(circle, now)
    retrospectives = retrospectives_of(circle) if is_open else []
    following = continuation_of(circle)
    members = [ms.person for ms in current_memberships(following)] if following else []
    return EndingState(
        is_open=is_open,
        opens_at=ending_opens_at(circle),
        retrospectives=retrospectives,
        mine=next((r for r in retrospectives if r.person_id == viewer.pk), None),
        letter=letter_of(circle, viewer) if is_open else None,
        continuation=following,
        continuation_members=members,
        in_continuation=any(p.pk == viewer.pk for p in members),
        continuation_started=bool(following) and has_started(following, now),
        continuation_full=bool(following) and len(members) >= following.size_limit,
    )


def finish_circles(now: dt.datetime | None = None) -> int:
    """Mark finished every circle whose last meeting has ended; returns how many. Idempotent."""
    now = now or timezone.now()
    ended = Meeting.objects.filter(
        week=PROGRAMME_WEEKS, starts_at__lte=now - dt.timedelta(minutes=MEETING_MINUTES)
    ).values("circle_id")
    return (
        Circle.objects.filter(pk__in=ended)
        .exclude(status=Circle.Status.FINISHED)
        .update(status=Circle.Status.FINISHED)
    )
