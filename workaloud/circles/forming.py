"""Forming circles: a round's pool, open circles, and the organiser's matching runs.

Every change goes through a function here, run atomically, and refuses bad input with a
``ValidationError`` that says what to do, changing nothing. The pages and the API call the
same functions.

A pool entry's ``avoid`` list is private to the person who wrote it: nothing here returns it
to anyone else, organisers included; matching reads it to keep people apart, and that is all.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from django.conf.locale import LANG_INFO
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import get_text_list

from workaloud.circles.access import is_organiser
from workaloud.circles.models import (
    CIRCLE_MAX_SIZE,
    CIRCLE_MIN_SIZE,
    PROGRAMME_WEEKS,
    Circle,
    Format,
    FormatPreference,
    MatchingRun,
    Membership,
    PoolEntry,
    Programme,
    Round,
)
from workaloud.circles.schedule import create_meetings
from workaloud.goals.models import Goal
from workaloud.goals.services import create_goal
from workaloud.notifications.models import NotificationKind
from workaloud.notifications.services import notify
from workaloud.people.models import User, known_timezones


def _matching():
    """The matching engine, imported when first needed (it loads a solver)."""
    from workaloud.circles import matching

    return matching


HOURS_A_WEEK = 7 * 24
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAMES_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Organisers see pool figures as aggregates; a group smaller than this shows as "fewer than".
SMALLEST_SHOWN_GROUP = 5
MAX_LANGUAGES = 10
MAX_AVOID = 50
UNMATCHED_BY_ORGANISER = "Moved out of the proposed circles by the organiser."
PRIVATE_WISH = (
    "It would group two people of whom one asked, privately, not to be grouped with the other."
)
DISSOLVED_BY_ORGANISER = "The organiser set aside the proposed circle they were in."


# --- Languages ---------------------------------------------------------------------------


def _language_names() -> dict[str, str]:
    """Lowercase spellings (English name, local name, code) → the language's English name."""
    names: dict[str, str] = {}
    for code, info in LANG_INFO.items():
        if "-" in code or "name" not in info:
            continue  # regional variants (British English, Mexican Spanish) are the language
        name = info["name"]
        for spelling in (code, name, info.get("name_local", "")):
            if spelling:
                names.setdefault(spelling.strip().lower(), name)
    names.update({"chinese": "Chinese", "zh": "Chinese", "中文": "Chinese"})
    return names


LANGUAGE_NAMES = _language_names()
LANGUAGES = sorted(set(LANGUAGE_NAMES.values()))


def canonical_language(value: str, field_name: str = "language") -> str:
    """The language's English name ("deutsch", "de", "German" → "German"), or a clear error."""
    name = LANGUAGE_NAMES.get(str(value or "").strip().lower())
    if name is None:
        raise ValidationError(
            {
                field_name: f"“{value}” is not a language Workaloud knows; use its English "
                "name, for example English, German or Spanish."
            }
        )
    return name


def _timezone(value: str, field_name: str = "timezone") -> str:
    value = str(value or "").strip()
    if not value:
        raise ValidationError({field_name: "Choose a time zone, for example Europe/Berlin."})
    if value not in known_timezones():
        raise ValidationError(
            {field_name: f"“{value}” is not a known time zone; use a name such as Europe/Berlin."}
        )
    return value


# --- Slots and time ----------------------------------------------------------------------


def slot_label(slot: int) -> str:
    """Hour-of-week ``slot`` as "Tue 17:00"."""
    return f"{DAY_NAMES[slot // 24]} {slot % 24:02d}:00"


def week_start_utc(on: dt.date) -> dt.datetime:
    """Monday 00:00 UTC of the week of ``on``: hour-of-week slot 0 of the UTC slots."""
    monday = on - dt.timedelta(days=on.weekday())
    return dt.datetime.combine(monday, dt.time(0), tzinfo=dt.UTC)


def utc_slot_in_zone(slot: int, tz: str, week_of: dt.date) -> dt.datetime:
    """The UTC hour-of-week ``slot`` of the week of ``week_of``, as a time in zone ``tz``."""
    return (week_start_utc(week_of) + dt.timedelta(hours=slot)).astimezone(zoneinfo.ZoneInfo(tz))


def local_label(when: dt.datetime) -> str:
    return f"{DAY_NAMES[when.weekday()]} {when:%H:%M}"


def circle_first_meeting(circle: Circle) -> dt.datetime:
    first = circle.first_meeting_on
    return dt.datetime.combine(first, circle.start_time, tzinfo=zoneinfo.ZoneInfo(circle.timezone))


def circle_hours_in(circle: Circle, tz: str) -> set[int]:
    """The hour slots (hour-of-week in zone ``tz``) the circle's hour-long meeting touches,
    at its first meeting."""
    start = circle_first_meeting(circle).astimezone(zoneinfo.ZoneInfo(tz))
    hours = {start.weekday() * 24 + start.hour}
    if start.minute or start.second:
        hours.add((start.weekday() * 24 + start.hour + 1) % HOURS_A_WEEK)
    return hours


def circle_period(circle: Circle) -> tuple[dt.date, dt.date]:
    """The first and the last meeting date of the circle's 12 weeks."""
    first = circle.first_meeting_on
    return first, first + dt.timedelta(weeks=PROGRAMME_WEEKS - 1)


def circle_slot_label(circle: Circle) -> str:
    return f"{DAY_NAMES_LONG[circle.weekday]}s {circle.start_time:%H:%M} ({circle.timezone})"


# --- Reading ------------------------------------------------------------------------------


def require_organiser(user) -> None:
    if not is_organiser(user):
        raise PermissionDenied("Only circle organisers can do that.")


def open_rounds() -> list[Round]:
    """Rounds whose pool members can join today."""
    today = timezone.localdate()
    return list(
        Round.objects.filter(status=Round.Status.OPEN)
        .filter(Q(signup_closes_on__isnull=True) | Q(signup_closes_on__gte=today))
        .order_by("starts_on", "id")
    )


def is_round_open(round_: Round) -> bool:
    closes = round_.signup_closes_on
    return round_.status == Round.Status.OPEN and (closes is None or closes >= timezone.localdate())


def entry_of(person, round_: Round) -> PoolEntry | None:
    """``person``'s live (not withdrawn) entry in the round's pool."""
    return (
        PoolEntry.objects.filter(round=round_, person=person, withdrawn_at__isnull=True)
        .select_related("goal")
        .first()
    )


def my_entries(person) -> dict[int, PoolEntry]:
    """Round id → ``person``'s live pool entry, for the rounds still open."""
    return {
        e.round_id: e
        for e in PoolEntry.objects.filter(
            person=person, withdrawn_at__isnull=True, round__status=Round.Status.OPEN
        ).select_related("goal", "round")
    }


def my_circles(person) -> tuple[list[Circle], list[Circle]]:
    """``person``'s circles: (current and upcoming, past)."""
    today = timezone.localdate()
    circles = list(
        _member_counted(Circle.objects.filter(pk__in=_circle_ids_of(person))).order_by(
            "starts_on", "id"
        )
    )
    current, past = [], []
    for circle in circles:
        ended = circle.status == Circle.Status.FINISHED or circle_period(circle)[1] < today
        (past if ended else current).append(circle)
    return current, past[::-1]


def _circle_ids_of(person):
    """The ids of the circles ``person`` is a current member of, as a subquery."""
    return Membership.objects.filter(person=person, left_at__isnull=True).values("circle_id")


def _member_counted(queryset):
    return queryset.annotate(
        member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True))
    )


def availability_for_filter(person) -> PoolEntry | None:
    """The pool entry whose availability "fits my slot" uses: the newest live one."""
    return (
        PoolEntry.objects.filter(person=person, withdrawn_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )


def open_circles(
    person, *, language: str = "", format: str = "", fits_me: bool = False, q: str = ""
) -> list[Circle]:
    """Open circles ``person`` could join (not theirs, not started), filtered."""
    today = timezone.localdate()
    circles = (
        _member_counted(Circle.objects.filter(status=Circle.Status.OPEN))
        .exclude(pk__in=_circle_ids_of(person))
        .select_related("round")
        .order_by("starts_on", "id")
    )
    if language:
        circles = circles.filter(language=canonical_language(language))
    if format:
        if format not in Format.values:
            raise ValidationError({"format": "Format is virtual or in_person."})
        circles = circles.filter(format=format)
    if q.strip():
        text = q.strip()[:100]
        circles = circles.filter(
            Q(title__icontains=text) | Q(description__icontains=text) | Q(location__icontains=text)
        )
    result = [c for c in circles if circle_first_meeting(c).date() >= today]
    if fits_me:
        entry = availability_for_filter(person)
        if entry is None:
            raise ValidationError(
                {
                    "fits_me": "“Fits my availability” needs your weekly availability: join a "
                    "round's pool first."
                }
            )
        available = set(entry.availability)
        result = [c for c in result if circle_hours_in(c, entry.timezone) <= available]
    return result


# --- The pool -----------------------------------------------------------------------------

POOL_FIELDS = frozenset(
    {"goal", "goal_title", "format", "location", "languages", "timezone", "availability", "avoid"}
)


def _clean_languages(values) -> list[str]:
    if isinstance(values, str):
        values = [v for v in re.split(r"[,;\n]", values)]
    values = [str(v).strip() for v in (values or []) if str(v).strip()]
    if not values:
        raise ValidationError({"languages": "Name at least one language you can meet in."})
    if len(values) > MAX_LANGUAGES:
        raise ValidationError({"languages": f"Name at most {MAX_LANGUAGES} languages."})
    names: list[str] = []
    for value in values:
        name = canonical_language(value, "languages")
        if name not in names:
            names.append(name)
    return names


def _clean_availability(values) -> list[int]:
    try:
        slots = sorted({int(v) for v in (values or [])})
    except (TypeError, ValueError):
        raise ValidationError(
            {"availability": "Availability is a list of hour slots, numbers from 0 to 167."}
        ) from None
    if any(isinstance(v, bool) or not isinstance(v, (int, str)) for v in (values or [])):
        raise ValidationError(
            {"availability": "Availability is a list of hour slots, numbers from 0 to 167."}
        )
    if not slots:
        raise ValidationError(
            {"availability": "Choose at least one hour in the week when you could meet."}
        )
    if slots[0] < 0 or slots[-1] >= HOURS_A_WEEK:
        raise ValidationError(
            {
                "availability": "An hour slot is weekday × 24 + hour: a number from 0 (Monday "
                "00:00) to 167 (Sunday 23:00)."
            }
        )
    return slots


def _clean_avoid(person, values) -> list[User]:
    ids = []
    names = []
    for value in values or []:
        if isinstance(value, User):
            ids.append(value.pk)
        elif isinstance(value, int) and not isinstance(value, bool):
            ids.append(value)
        elif isinstance(value, str) and value.strip():
            names.append(value.strip().lstrip("@"))
        else:
            raise ValidationError({"avoid": "Name people by their username."})
    if len(ids) + len(names) > MAX_AVOID:
        raise ValidationError({"avoid": f"Name at most {MAX_AVOID} people."})
    people = list(User.objects.filter(is_active=True).filter(Q(pk__in=ids) | Q(username__in=names)))
    found_ids = {p.pk for p in people}
    found_names = {p.username.lower() for p in people}
    missing = [str(i) for i in ids if i not in found_ids]
    missing += [n for n in names if n.lower() not in found_names]
    if missing:
        raise ValidationError({"avoid": f"No member named {', '.join(missing)}."})
    if person.pk in found_ids:
        raise ValidationError({"avoid": "You can't avoid yourself."})
    return people


def _pool_goal(person, goal, goal_title: str) -> Goal | None:
    """The entry's goal: one of ``person``'s goals, or a new one with ``goal_title``."""
    goal_title = (goal_title or "").strip()
    if goal is not None and goal_title:
        raise ValidationError(
            {"goal_title": "Choose one of your goals or name a new one, not both."}
        )
    if goal is not None:
        if isinstance(goal, int) and not isinstance(goal, bool):
            goal = Goal.objects.filter(pk=goal).first()
        if not isinstance(goal, Goal) or goal.owner_id != person.pk:
            raise ValidationError({"goal": "Choose one of your own goals."})
        return goal
    if goal_title:
        return create_goal(person, title=goal_title)
    raise ValidationError(
        {"goal": "Choose your goal for the 12 weeks: one of your goals, or name a new one."}
    )


def _apply_pool_fields(entry: PoolEntry, person, fields: dict) -> list[User] | None:
    unknown = set(fields) - POOL_FIELDS
    if unknown:
        raise ValidationError(f"Unknown pool entry field(s): {', '.join(sorted(unknown))}.")
    if "format" in fields:
        if fields["format"] not in FormatPreference.values:
            raise ValidationError({"format": "Preferred format is virtual, in_person or either."})
        entry.format = fields["format"]
    if "location" in fields:
        entry.location = str(fields["location"] or "").strip()
        if len(entry.location) > 80:
            raise ValidationError({"location": "A location is at most 80 characters."})
    if entry.format == FormatPreference.IN_PERSON and not entry.location:
        raise ValidationError(
            {"location": "Say where you could meet in person, for example a city or office."}
        )
    if "languages" in fields:
        entry.languages = _clean_languages(fields["languages"])
    if "timezone" in fields:
        entry.timezone = _timezone(fields["timezone"] or person.timezone)
    if "availability" in fields:
        entry.availability = _clean_availability(fields["availability"])
    avoid = _clean_avoid(person, fields["avoid"]) if "avoid" in fields else None
    if "goal" in fields or "goal_title" in fields:
        entry.goal = _pool_goal(person, fields.get("goal"), fields.get("goal_title", ""))
    return avoid


def _open_for_signup(round_: Round) -> None:
    if round_.status != Round.Status.OPEN:
        raise ValidationError(f"“{round_.title}” is no longer open for sign-up.")
    if round_.signup_closes_on and round_.signup_closes_on < timezone.localdate():
        raise ValidationError(
            f"Sign-up for “{round_.title}” closed on {round_.signup_closes_on:%-d %B %Y}."
        )


@transaction.atomic
def join_pool(person, round_: Round, **fields) -> PoolEntry:
    """Sign ``person`` up for the round. A withdrawn entry comes back to life, rewritten."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _open_for_signup(round_)
    entry = PoolEntry.objects.filter(round=round_, person=person).first()
    if entry is not None and entry.withdrawn_at is None:
        raise ValidationError(
            f"You are already in the pool of “{round_.title}”; edit your entry instead."
        )
    if entry is None:
        entry = PoolEntry(round=round_, person=person)
    entry.withdrawn_at = None
    fields.setdefault("timezone", person.timezone)
    for required in ("languages", "availability"):
        fields.setdefault(required, [])
    if "goal" not in fields and "goal_title" not in fields:
        fields["goal"] = None
    avoid = _apply_pool_fields(entry, person, fields)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise ValidationError(
            f"You are already in the pool of “{round_.title}”; edit your entry instead."
        ) from None
    entry.avoid.set(avoid or [])
    return entry


@transaction.atomic
def update_pool_entry(entry: PoolEntry, actor, **fields) -> PoolEntry:
    if entry.person_id != actor.pk:
        raise PermissionDenied("Only the person who signed up can change a pool entry.")
    entry = PoolEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.withdrawn_at is not None:
        raise ValidationError("You withdrew this entry; join the pool again instead.")
    _open_for_signup(entry.round)
    avoid = _apply_pool_fields(entry, actor, fields)
    entry.save()
    if avoid is not None:
        entry.avoid.set(avoid)
    return entry


@transaction.atomic
def withdraw_from_pool(entry: PoolEntry, actor) -> PoolEntry:
    if entry.person_id != actor.pk:
        raise PermissionDenied("Only the person who signed up can withdraw a pool entry.")
    entry = PoolEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.withdrawn_at is not None:
        raise ValidationError("You have already withdrawn from this pool.")
    _open_for_signup(entry.round)
    entry.withdrawn_at = timezone.now()
    entry.save(update_fields=["withdrawn_at"])
    return entry


def pool_figures(round_: Round, viewer) -> dict:
    """The pool in aggregate, for organisers: how many people, and how many per language,
    format and time zone. Groups smaller than five show as None ("fewer than five"); nobody's
    avoid list is counted or shown."""
    require_organiser(viewer)
    entries = list(
        PoolEntry.objects.filter(round=round_, withdrawn_at__isnull=True).values(
            "languages", "format", "timezone", "location"
        )
    )

    def shown(counter: Counter) -> list[dict]:
        return [
            {"value": value, "count": count if count >= SMALLEST_SHOWN_GROUP else None}
            for value, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    formats = Counter(e["format"] for e in entries)
    return {
        "people": len(entries),
        "withdrawn": PoolEntry.objects.filter(round=round_, withdrawn_at__isnull=False).count(),
        "languages": shown(Counter(lang for e in entries for lang in e["languages"])),
        "formats": shown(Counter({FormatPreference(k).label: v for k, v in formats.items()})),
        "timezones": shown(Counter(e["timezone"] for e in entries)),
        "smallest_shown_group": SMALLEST_SHOWN_GROUP,
    }


# --- Open circles -------------------------------------------------------------------------

CIRCLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "format",
        "language",
        "location",
        "timezone",
        "starts_on",
        "weekday",
        "start_time",
        "size_limit",
        "round",
    }
)


def _clean_circle(creator, fields: dict) -> Circle:
    unknown = set(fields) - CIRCLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown circle field(s): {', '.join(sorted(unknown))}.")
    errors: dict[str, str] = {}
    title = str(fields.get("title") or "").strip()
    if not title:
        errors["title"] = "Give the circle a title."
    fmt = fields.get("format") or Format.VIRTUAL
    if fmt not in Format.values:
        errors["format"] = "Format is virtual or in_person."
    location = str(fields.get("location") or "").strip()
    if fmt == Format.IN_PERSON and not location:
        errors["location"] = "An in-person circle needs a location."
    try:
        language = canonical_language(fields.get("language") or "")
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        language = ""
    try:
        tz = _timezone(fields.get("timezone") or creator.timezone)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        tz = ""
    starts_on = fields.get("starts_on")
    if not isinstance(starts_on, dt.date):
        errors["starts_on"] = "Give the date of the first week, as YYYY-MM-DD."
    elif starts_on < timezone.localdate():
        errors["starts_on"] = "The start date is in the past; choose today or a later date."
    weekday = fields.get("weekday")
    if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
        errors["weekday"] = "The weekday is 0 (Monday) to 6 (Sunday)."
    start_time = fields.get("start_time")
    if not isinstance(start_time, dt.time):
        errors["start_time"] = "Give the meeting's start time, as HH:MM."
    size_limit = fields.get("size_limit", CIRCLE_MAX_SIZE)
    if (
        isinstance(size_limit, bool)
        or not isinstance(size_limit, int)
        or not CIRCLE_MIN_SIZE <= size_limit <= CIRCLE_MAX_SIZE
    ):
        errors["size_limit"] = (
            f"A circle has {CIRCLE_MIN_SIZE} or {CIRCLE_MAX_SIZE} people: the size limit is "
            f"{CIRCLE_MIN_SIZE} or {CIRCLE_MAX_SIZE}."
        )
    round_ = fields.get("round")
    if round_ is not None:
        if isinstance(round_, int) and not isinstance(round_, bool):
            round_ = Round.objects.filter(pk=round_).first()
        if not isinstance(round_, Round) or not is_round_open(round_):
            errors["round"] = "Choose a round that is open for sign-up, or none."
    if errors:
        raise ValidationError(errors)
    circle = Circle(
        title=title,
        description=str(fields.get("description") or "").strip(),
        origin=Circle.Origin.OPEN,
        round=round_,
        programme=round_.programme if round_ else None,
        format=fmt,
        language=language,
        location=location if fmt == Format.IN_PERSON else "",
        timezone=tz,
        weekday=weekday,
        start_time=start_time.replace(second=0, microsecond=0),
        starts_on=starts_on,
        size_limit=size_limit,
        status=Circle.Status.OPEN,
        feed_token=secrets.token_urlsafe(32),
        created_by=creator,
    )
    circle.full_clean(exclude=["feed_token"])
    return circle


def _check_may_join(person, circle: Circle, *, check_availability: bool = True) -> None:
    """The rules for ``person`` joining ``circle``, other than its size."""
    first, last = circle_period(circle)
    others = (
        Circle.objects.filter(memberships__person=person, memberships__left_at__isnull=True)
        .exclude(pk=circle.pk)
        .exclude(status=Circle.Status.FINISHED)
    )
    for other in others:
        if circle.round_id and other.round_id == circle.round_id:
            raise ValidationError(
                f"You are already in “{other.title}” in this round; one circle per round."
            )
        other_first, other_last = circle_period(other)
        if other_first <= last and first <= other_last:
            raise ValidationError(
                f"You are already in “{other.title}”, whose 12 weeks ({other_first:%-d %b %Y} "
                f"to {other_last:%-d %b %Y}) overlap this circle's ({first:%-d %b %Y} to "
                f"{last:%-d %b %Y}). Leave it first, or choose a circle that starts later."
            )
    if circle.round_id and check_availability:
        entry = entry_of(person, circle.round)
        if entry is not None:
            hours = circle_hours_in(circle, entry.timezone)
            if not hours <= set(entry.availability):
                when = local_label(
                    circle_first_meeting(circle).astimezone(zoneinfo.ZoneInfo(entry.timezone))
                )
                raise ValidationError(
                    f"This circle meets on {when} your time ({entry.timezone}), outside the "
                    f"availability you gave for “{circle.round.title}”. Add that hour to your "
                    "pool entry first, or choose another circle."
                )


def _membership_goal(person, circle: Circle, goal) -> Goal | None:
    if goal is not None:
        if isinstance(goal, int) and not isinstance(goal, bool):
            goal = Goal.objects.filter(pk=goal).first()
        if not isinstance(goal, Goal) or goal.owner_id != person.pk:
            raise ValidationError({"goal": "Choose one of your own goals."})
        return goal
    if circle.round_id:
        entry = entry_of(person, circle.round)
        if entry is not None:
            return entry.goal
    return None


@transaction.atomic
def create_open_circle(creator, *, goal=None, **fields) -> Circle:
    """A new open circle; its creator is its first member, so it is formed at once."""
    circle = _clean_circle(creator, fields)
    goal = _membership_goal(creator, circle, goal)
    _check_may_join(creator, circle)
    circle.save()
    Membership.objects.create(circle=circle, person=creator, goal=goal)
    create_meetings(circle)
    return circle


def _locked_circle(circle: Circle) -> Circle:
    """The circle's row, locked for this transaction: a join waits for another join of the
    same circle to finish, so two at once cannot both take the last place."""
    return Circle.objects.select_for_update().get(pk=circle.pk)


@transaction.atomic
def join_circle(person, circle: Circle, *, goal=None) -> Membership:
    circle = _locked_circle(circle)
    current = Membership.objects.filter(circle=circle, left_at__isnull=True)
    if current.filter(person=person).exists():
        raise ValidationError("You are already a member of this circle.")
    if circle.origin != Circle.Origin.OPEN or circle.status == Circle.Status.FINISHED:
        raise ValidationError("This circle is not open to join.")
    count = current.count()
    if count >= circle.size_limit:
        raise ValidationError(
            f"“{circle.title}” is full: it has {count} of {circle.size_limit} members."
        )
    if circle.status != Circle.Status.OPEN:
        raise ValidationError("This circle is not open to join.")
    if circle_first_meeting(circle).date() < timezone.localdate():
        raise ValidationError("This circle has already started; join one that starts later.")
    _check_may_join(person, circle)
    goal = _membership_goal(person, circle, goal)
    membership = Membership.objects.filter(circle=circle, person=person).first()
    if membership is None:
        membership = Membership.objects.create(circle=circle, person=person, goal=goal)
    else:  # they left before it started and come back
        membership.left_at = None
        membership.goal = goal
        membership.joined_at = timezone.now()
        membership.save()
    if count + 1 >= circle.size_limit:
        circle.status = Circle.Status.CLOSED
        circle.save(update_fields=["status"])
    for other in current.exclude(person=person).select_related("person"):
        notify(other.person, person, NotificationKind.CIRCLE_JOINED, circle=circle)
    return membership


@transaction.atomic
def leave_circle(person, circle: Circle) -> None:
    """Leave a circle before it starts (afterwards a member stays, and may stop attending)."""
    circle = _locked_circle(circle)
    membership = Membership.objects.filter(circle=circle, person=person, left_at__isnull=True)
    membership = membership.first()
    if membership is None:
        raise ValidationError("You are not a member of this circle.")
    if circle_first_meeting(circle).date() <= timezone.localdate():
        raise ValidationError(
            "This circle has started; you can no longer leave it here. Tell your circle."
        )
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    # A new calendar address: the one the leaver may have subscribed to stops working.
    circle.feed_token = secrets.token_urlsafe(32)
    if circle.origin == Circle.Origin.OPEN and circle.status == Circle.Status.CLOSED:
        circle.status = Circle.Status.OPEN
    circle.save(update_fields=["feed_token", "status"])


def can_leave(person, circle: Circle) -> bool:
    return circle_first_meeting(circle).date() > timezone.localdate()


# --- Rounds -------------------------------------------------------------------------------

ROUND_FIELDS = frozenset({"title", "starts_on", "signup_closes_on", "programme"})


def _apply_round_fields(round_: Round, fields: dict) -> None:
    unknown = set(fields) - ROUND_FIELDS
    if unknown:
        raise ValidationError(f"Unknown round field(s): {', '.join(sorted(unknown))}.")
    errors = {}
    if "title" in fields:
        round_.title = str(fields["title"] or "").strip()
        if not round_.title:
            errors["title"] = "Give the round a title."
    if "starts_on" in fields:
        round_.starts_on = fields["starts_on"]
        if not isinstance(round_.starts_on, dt.date):
            errors["starts_on"] = "Give the date the circles first meet, as YYYY-MM-DD."
    if "signup_closes_on" in fields:
        round_.signup_closes_on = fields["signup_closes_on"]
    if "programme" in fields:
        programme = fields["programme"]
        if isinstance(programme, int) and not isinstance(programme, bool):
            programme = Programme.objects.filter(pk=programme).first()
            if programme is None:
                errors["programme"] = "No such programme."
        round_.programme = programme
    if not errors and isinstance(round_.starts_on, dt.date):
        closes = round_.signup_closes_on
        if closes is not None and closes > round_.starts_on:
            errors["signup_closes_on"] = "Sign-up must close on or before the start date."
    if errors:
        raise ValidationError(errors)
    round_.full_clean()


@transaction.atomic
def create_round(organiser, **fields) -> Round:
    require_organiser(organiser)
    if "starts_on" in fields and isinstance(fields["starts_on"], dt.date):
        if fields["starts_on"] < timezone.localdate():
            raise ValidationError({"starts_on": "The start date is in the past."})
    round_ = Round(created_by=organiser)
    fields.setdefault("title", "")
    fields.setdefault("starts_on", None)
    _apply_round_fields(round_, fields)
    round_.save()
    return round_


@transaction.atomic
def update_round(round_: Round, organiser, **fields) -> Round:
    require_organiser(organiser)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Round.Status.OPEN:
        raise ValidationError("This round has been matched; it can no longer be changed.")
    _apply_round_fields(round_, fields)
    round_.save()
    return round_


# --- Matching -----------------------------------------------------------------------------

STOPWORDS = frozenset(
    "a an and the of for to in on with by at from my our your into more less be get make "
    "how what that this it is are as or new".split()
)


def goal_terms(title: str) -> frozenset[str]:
    words = re.findall(r"[^\W_]+", (title or "").lower())
    return frozenset(w for w in words if len(w) > 2 and w not in STOPWORDS)


def live_entries(round_: Round) -> list[PoolEntry]:
    return list(
        PoolEntry.objects.filter(round=round_, withdrawn_at__isnull=True)
        .select_related("person", "goal")
        .prefetch_related("avoid")
        .order_by("id")
    )


def applicant_for(entry: PoolEntry, starts_on: dt.date) -> matching.Applicant:  # noqa: F821
    matching = _matching()
    return matching.Applicant(
        id=entry.pk,
        person_id=entry.person_id,
        team=(entry.person.team or "").strip(),
        department=(entry.person.department or "").strip(),
        languages=frozenset(lang.lower() for lang in entry.languages),
        format=entry.format,
        location=" ".join(entry.location.lower().split()),
        slots=matching.utc_slots(entry.availability, entry.timezone, starts_on),
        avoid=frozenset(p.pk for p in entry.avoid.all()),
        goal_terms=goal_terms(entry.goal.title if entry.goal else ""),
    )


def past_pairs(person_ids, *, exclude_round: Round | None = None) -> set[frozenset[int]]:
    """Pairs of these people who were members of one circle together before."""
    rows = Membership.objects.filter(person_id__in=person_ids, left_at__isnull=True)
    if exclude_round is not None:
        rows = rows.exclude(circle__round=exclude_round)
    by_circle: dict[int, set[int]] = {}
    for circle_id, person_id in rows.values_list("circle_id", "person_id"):
        by_circle.setdefault(circle_id, set()).add(person_id)
    pairs: set[frozenset[int]] = set()
    for people in by_circle.values():
        pairs.update(frozenset(p) for p in combinations(sorted(people), 2))
    return pairs


def _circle_json(c) -> dict:
    return {
        "members": [int(m) for m in c.members],
        "slot": int(c.slot),
        "language": c.language,
        "format": c.format,
        "location": c.location or "",
    }


@dataclass
class MatchingContext:
    """What a run's review, moves and confirmation read: the live entries as applicants."""

    round: Round
    entries: dict[int, PoolEntry]
    applicants: dict  # entry id → matching.Applicant
    past: set[frozenset[int]] = field(default_factory=set)


def matching_context(round_: Round) -> MatchingContext:
    entries = {e.pk: e for e in live_entries(round_)}
    applicants = {pk: applicant_for(e, round_.starts_on) for pk, e in entries.items()}
    past = past_pairs({e.person_id for e in entries.values()}, exclude_round=round_)
    return MatchingContext(round_, entries, applicants, past)


def circle_figures(members: list, past: set) -> dict:
    """A proposed circle's quality, explained: how mixed its teams are, which pairs were in a
    circle together before, how many hours all members share."""
    n = len(members) or 1
    teams = [m.team or f"(no team #{m.person_id})" for m in members]
    departments = [m.department or f"(no department #{m.person_id})" for m in members]
    common = frozenset.intersection(*[m.slots for m in members]) if members else frozenset()
    repeat = sum(
        1 for a, b in combinations(members, 2) if frozenset((a.person_id, b.person_id)) in past
    )
    terms = [m.goal_terms for m in members]
    related = sum(1 for a, b in combinations(terms, 2) if a & b)
    pairs = len(members) * (len(members) - 1) // 2 or 1
    return {
        "size": len(members),
        "teams": len(set(teams)),
        "team_diversity": round(len(set(teams)) / n, 3),
        "departments": len(set(departments)),
        "department_diversity": round(len(set(departments)) / n, 3),
        "repeat_pairs": repeat,
        "common_slots": len(common),
        "goal_relatedness": round(related / pairs, 3),
    }


def overall_figures(proposal: dict, applicants: int, matchable: int | None = None) -> dict:
    circles = proposal["circles"]
    placed = sum(len(c["members"]) for c in circles)
    sizes = Counter(len(c["members"]) for c in circles)
    diversity = [c["figures"]["team_diversity"] for c in circles]
    return {
        "applicants": applicants,
        "placed": placed,
        "unmatched": len(proposal["unmatched"]),
        "matched_share": round(placed / applicants, 3) if applicants else 0.0,
        "matchable": matchable if matchable is not None else applicants,
        "matched_share_of_matchable": round(placed / matchable, 3) if matchable else 1.0,
        "circles": len(circles),
        "circles_of_4": sizes.get(4, 0),
        "circles_of_5": sizes.get(5, 0),
        "mean_team_diversity": round(sum(diversity) / len(diversity), 3) if diversity else 0.0,
        "repeat_pairs": sum(c["figures"]["repeat_pairs"] for c in circles),
    }


def _refigure(proposal: dict, ctx: MatchingContext, matchable: int | None = None) -> dict:
    for c in proposal["circles"]:
        members = [ctx.applicants[m] for m in c["members"] if m in ctx.applicants]
        c["figures"] = circle_figures(members, ctx.past)
    return overall_figures(proposal, len(ctx.applicants), matchable)


@transaction.atomic
def run_matching(round_: Round, organiser, *, seed: int = 0, time_limit: float = 50.0):
    """Propose circles for the round's pool; earlier proposals not confirmed are discarded."""
    require_organiser(organiser)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Round.Status.OPEN:
        raise ValidationError("This round has been matched already.")
    ctx = matching_context(round_)
    if len(ctx.applicants) < CIRCLE_MIN_SIZE:
        raise ValidationError(
            f"The pool has {len(ctx.applicants)} people; matching needs at least {CIRCLE_MIN_SIZE}."
        )
    result = _matching().propose(
        list(ctx.applicants.values()), ctx.past, seed=seed, time_limit=time_limit
    )
    proposal = {
        "circles": [{"key": n, **_circle_json(c)} for n, c in enumerate(result.circles, start=1)],
        "unmatched": {str(k): v for k, v in sorted(result.unmatched.items())},
    }
    figures = _refigure(proposal, ctx, result.figures.get("matchable"))
    figures["engine"] = _plain(result.figures)
    MatchingRun.objects.filter(round=round_, status=MatchingRun.Status.PROPOSED).update(
        status=MatchingRun.Status.DISCARDED
    )
    return MatchingRun.objects.create(
        round=round_, proposal=proposal, figures=figures, created_by=organiser
    )


def _plain(value):
    """The engine's figures as JSON values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


def _proposed(run: MatchingRun) -> MatchingRun:
    run = MatchingRun.objects.select_for_update().select_related("round").get(pk=run.pk)
    if run.status == MatchingRun.Status.CONFIRMED:
        raise ValidationError("This proposal has been confirmed already.")
    if run.status == MatchingRun.Status.DISCARDED:
        raise ValidationError("This proposal was discarded; run matching again.")
    return run


_APPLICANTS = re.compile(r"\bApplicants? ((?:\d+(?:, | and )?)+)")


def _named(message: str, ctx: MatchingContext) -> str:
    """The engine names people by pool entry id; the organiser reads their names."""

    def names(match: re.Match) -> str:
        text = match.group(1)
        tail = text[len(text.rstrip(", and")) :]
        ids = [int(i) for i in re.findall(r"\d+", text)]
        people = [ctx.entries[i].person.name if i in ctx.entries else f"#{i}" for i in ids]
        return get_text_list(people, "and") + tail

    return _APPLICANTS.sub(names, message)


def _check(members, c: dict, ctx: MatchingContext) -> list[str]:
    problems = _matching().check_circle(
        members, c["slot"], c["language"], c["format"], c["location"], ctx.past
    )
    named = []
    for problem in problems:
        # Who asked not to be grouped with whom is private, organisers included: say only
        # that such a wish stands in the way.
        problem = PRIVATE_WISH if "asked not to be grouped" in problem else _named(problem, ctx)
        if problem not in named:
            named.append(problem)
    return named


def _refit(members, c: dict, ctx: MatchingContext) -> tuple[int | None, list[str]]:
    """A slot for ``members`` in circle ``c``: its own if it still works, else the earliest
    hour they all share that passes every hard rule. (None, the reasons) if there is none."""
    problems = _check(members, c, ctx)
    if not problems:
        return c["slot"], []
    common = frozenset.intersection(*[m.slots for m in members]) if members else frozenset()
    for slot in sorted(common):
        if not _check(members, {**c, "slot": slot}, ctx):
            return slot, []
    return None, problems


@transaction.atomic
def move_in_run(run: MatchingRun, organiser, entry_id: int, to) -> MatchingRun:
    """Move pool entry ``entry_id`` to the proposed circle with key ``to``, or to the
    unmatched when ``to`` is None. Refused, changing nothing, if a circle would break a rule."""
    require_organiser(organiser)
    run = _proposed(run)
    ctx = matching_context(run.round)
    proposal = run.proposal
    circles = {c["key"]: c for c in proposal["circles"]}
    source = next((c for c in proposal["circles"] if entry_id in c["members"]), None)
    if source is None and str(entry_id) not in proposal["unmatched"]:
        raise ValidationError({"entry": "That person is not in this proposal."})
    if entry_id not in ctx.applicants:
        raise ValidationError(
            {"entry": "That person has withdrawn from the pool since; run matching again."}
        )
    if to is not None and to not in circles:
        raise ValidationError({"to": f"There is no proposed circle {to}."})
    if (source is None and to is None) or (source is not None and source["key"] == to):
        raise ValidationError({"to": "They are there already."})
    name = ctx.entries[entry_id].person.name
    if source is not None:
        rest = [ctx.applicants[m] for m in source["members"] if m != entry_id]
        slot, problems = _refit(rest, source, ctx)
        if problems:
            raise ValidationError(
                f"Moving {name} out would break circle {source['key']}: " + " ".join(problems)
            )
        source["members"] = [m for m in source["members"] if m != entry_id]
        source["slot"] = slot
    if to is None:
        proposal["unmatched"][str(entry_id)] = UNMATCHED_BY_ORGANISER
    else:
        target = circles[to]
        members = [ctx.applicants[m] for m in target["members"]] + [ctx.applicants[entry_id]]
        slot, problems = _refit(members, target, ctx)
        if problems:
            raise ValidationError(f"{name} can't join circle {to}: " + " ".join(problems))
        target["members"].append(entry_id)
        target["slot"] = slot
        proposal["unmatched"].pop(str(entry_id), None)
    engine = run.figures.get("engine", {})
    run.figures = {**_refigure(proposal, ctx, engine.get("matchable")), "engine": engine}
    run.proposal = proposal
    run.save(update_fields=["proposal", "figures"])
    return run


@transaction.atomic
def dissolve_in_run(run: MatchingRun, organiser, key: int) -> MatchingRun:
    """Set aside proposed circle ``key``: its members become unmatched, and the circles after
    it move up a number."""
    require_organiser(organiser)
    run = _proposed(run)
    proposal = run.proposal
    target = next((c for c in proposal["circles"] if c["key"] == key), None)
    if target is None:
        raise ValidationError({"key": f"There is no proposed circle {key}."})
    ctx = matching_context(run.round)
    for member in target["members"]:
        proposal["unmatched"][str(member)] = DISSOLVED_BY_ORGANISER
    proposal["circles"] = [c for c in proposal["circles"] if c["key"] != key]
    for n, c in enumerate(proposal["circles"], start=1):
        c["key"] = n
    engine = run.figures.get("engine", {})
    run.figures = {**_refigure(proposal, ctx, engine.get("matchable")), "engine": engine}
    run.proposal = proposal
    run.save(update_fields=["proposal", "figures"])
    return run


@transaction.atomic
def discard_run(run: MatchingRun, organiser) -> MatchingRun:
    require_organiser(organiser)
    run = _proposed(run)
    run.status = MatchingRun.Status.DISCARDED
    run.save(update_fields=["status"])
    return run


def _most_shared_zone(entries: list[PoolEntry]) -> str:
    counts = Counter(e.timezone for e in entries)
    return min(counts, key=lambda tz: (-counts[tz], tz))


def matched_title(n: int, language: str, slot: int) -> str:
    return f"Circle {n} · {language} · {slot_label(slot)} UTC"


@transaction.atomic
def confirm_run(run: MatchingRun, organiser) -> list[Circle]:
    """Form the proposed circles: members, meetings, notifications; the round is matched."""
    require_organiser(organiser)
    run = _proposed(run)
    round_ = Round.objects.select_for_update().get(pk=run.round_id)
    if round_.status != Round.Status.OPEN:
        raise ValidationError("This round has been matched already.")
    ctx = matching_context(round_)
    problems = []
    for c in run.proposal["circles"]:
        gone = [m for m in c["members"] if m not in ctx.applicants]
        if gone:
            problems.append(
                f"Circle {c['key']}: {len(gone)} of its people withdrew from the pool since; "
                "move them to unmatched or run matching again."
            )
            continue
        members = [ctx.applicants[m] for m in c["members"]]
        problems += [f"Circle {c['key']}: {p}" for p in _check(members, c, ctx)]
    if problems:
        raise ValidationError(problems)
    circles = []
    for n, c in enumerate(run.proposal["circles"], start=1):
        entries = [ctx.entries[m] for m in c["members"]]
        zone = _most_shared_zone(entries)
        local = utc_slot_in_zone(c["slot"], zone, round_.starts_on)
        language = canonical_language(c["language"])
        circle = Circle(
            title=matched_title(n, language, c["slot"]),
            description=f"Formed by matching for {round_.title}.",
            origin=Circle.Origin.MATCHED,
            round=round_,
            programme=round_.programme,
            format=Format.IN_PERSON if c["format"] == Format.IN_PERSON else Format.VIRTUAL,
            language=language,
            location=next(
                (
                    e.location
                    for e in entries
                    if " ".join(e.location.lower().split()) == c["location"]
                ),
                c["location"],
            )
            if c["format"] == Format.IN_PERSON
            else "",
            timezone=zone,
            weekday=local.weekday(),
            start_time=local.time().replace(tzinfo=None),
            starts_on=round_.starts_on,
            size_limit=max(CIRCLE_MIN_SIZE, min(CIRCLE_MAX_SIZE, len(entries))),
            status=Circle.Status.CLOSED,
            feed_token=secrets.token_urlsafe(32),
            created_by=organiser,
        )
        for entry in entries:
            try:
                _check_may_join(entry.person, circle, check_availability=False)
            except ValidationError as exc:
                problems.append(f"Circle {c['key']}, {entry.person.name}: {' '.join(exc.messages)}")
        circles.append((circle, entries))
    if problems:
        raise ValidationError(problems)
    formed = []
    for circle, entries in circles:
        circle.save()
        Membership.objects.bulk_create(
            [Membership(circle=circle, person=e.person, goal=e.goal) for e in entries]
        )
        create_meetings(circle)
        for entry in entries:
            notify(entry.person, organiser, NotificationKind.CIRCLE_FORMED, circle=circle)
        formed.append(circle)
    run.status = MatchingRun.Status.CONFIRMED
    run.confirmed_at = timezone.now()
    run.save(update_fields=["status", "confirmed_at"])
    round_.status = Round.Status.MATCHED
    round_.save(update_fields=["status"])
    return formed


# --- The review, as the pages and the API show it ----------------------------------------


@dataclass
class ReviewMember:
    entry_id: int
    person: User
    team: str
    goal: str
    timezone: str
    local_slot: str


@dataclass
class ReviewCircle:
    key: int
    title: str
    slot: int
    slot_utc: str
    language: str
    format: str
    location: str
    members: list[ReviewMember]
    figures: dict


@dataclass
class ReviewUnmatched:
    entry_id: int
    person: User | None
    team: str
    goal: str
    reason: str


@dataclass
class Review:
    run: MatchingRun
    circles: list[ReviewCircle]
    unmatched: list[ReviewUnmatched]
    figures: dict


def review(run: MatchingRun, viewer) -> Review:
    """A matching run as the organiser reviews it: each circle with its members (team, goal,
    the common hour in their own time), its figures, and who is unmatched and why. People's
    avoid lists are not part of it."""
    require_organiser(viewer)
    round_ = run.round
    entries = {
        e.pk: e for e in PoolEntry.objects.filter(round=round_).select_related("person", "goal")
    }

    def member(entry_id: int, slot: int) -> ReviewMember:
        e = entries.get(entry_id)
        if e is None:
            return ReviewMember(entry_id, None, "", "", "", "")
        local = utc_slot_in_zone(slot, e.timezone, round_.starts_on)
        return ReviewMember(
            entry_id,
            e.person,
            e.person.team,
            e.goal.title if e.goal else "",
            e.timezone,
            local_label(local),
        )

    circles = []
    for c in run.proposal.get("circles", []):
        language = LANGUAGE_NAMES.get(c["language"], c["language"].title())
        circles.append(
            ReviewCircle(
                key=c["key"],
                title=matched_title(c["key"], language, c["slot"]),
                slot=c["slot"],
                slot_utc=f"{slot_label(c['slot'])} UTC",
                language=language,
                format=c["format"],
                location=c["location"],
                members=[member(m, c["slot"]) for m in c["members"]],
                figures=c.get("figures", {}),
            )
        )
    unmatched = []
    for key, reason in run.proposal.get("unmatched", {}).items():
        e = entries.get(int(key))
        unmatched.append(
            ReviewUnmatched(
                int(key),
                e.person if e else None,
                e.person.team if e else "",
                e.goal.title if e and e.goal else "",
                reason,
            )
        )
    return Review(run, circles, unmatched, run.figures)
