"""A circle's meetings: the schedule, attendance, shared notes and check-ins, and what they
record in the relationship ledger.

Everything here is for the circle's current members only (``access``); callers have checked
membership, and every service checks it again. Refused input raises ValidationError with a
message a person can act on, and changes nothing.

Ledger: two members both marked present at a meeting record ``circle_meeting`` each way
(``circle_meeting:<meeting id>``); un-marking someone voids their rows, marking them again
restores them. A check-in records ``circle_check_in`` from its writer to each other current
member, once per check-in (``circle_check_in:<id>``; editing it records nothing new).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from workaloud.audience import can_view_goal
from workaloud.circles import access, schedule
from workaloud.circles.models import (
    MEETING_MINUTES,
    PROGRAMME_WEEKS,
    Attendance,
    CheckIn,
    Circle,
    Meeting,
    Membership,
)
from workaloud.circles.programme import programme_of, weeks_of
from workaloud.markup import render_markdown
from workaloud.relationships.models import InteractionKind
from workaloud.relationships.services import (
    record_interaction,
    record_or_restore_interaction,
    void_interactions,
)

NOTES_MAX = Meeting._meta.get_field("notes").max_length
CHECK_IN_TEXT_MAX = CheckIn._meta.get_field("did").max_length
PROGRESS_MIN, PROGRESS_MAX = 0, 10
MEETING_LENGTH = dt.timedelta(minutes=MEETING_MINUTES)
LAST_CHECK_IN_WINDOW = dt.timedelta(days=7)  # week 12 has no next meeting to close it
FINISHED = (
    "This circle has finished: its attendance, notes and check-ins are kept as they were. "
    "Check-ins for a past circle can no longer be written or changed."
)


def meeting_key(meeting: Meeting) -> str:
    return f"circle_meeting:{meeting.pk}"


def check_in_key(check_in: CheckIn) -> str:
    return f"circle_check_in:{check_in.pk}"


# --- time -------------------------------------------------------------------------------------


def viewer_zone(viewer, circle: Circle) -> zoneinfo.ZoneInfo:
    """The viewer's own time zone, or the circle's when their profile names none."""
    name = getattr(viewer, "timezone", "") or circle.timezone
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(circle.timezone)


def when(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """``Tue 3 Mar 2026, 18:00 CET``."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local.tzname()}"


def slot_text(circle: Circle, zone: zoneinfo.ZoneInfo | None = None) -> str:
    """The weekly slot, ``Tuesdays 18:00–19:00 (Europe/Berlin)``; in ``zone`` if given, as of
    the next meeting (the weekday can change with the zone)."""
    times = schedule.meeting_times(circle)
    now = timezone.now()
    reference = next((t for t in times if t + MEETING_LENGTH > now), times[-1])
    zone = zone or zoneinfo.ZoneInfo(circle.timezone)
    start = reference.astimezone(zone)
    end = start + MEETING_LENGTH
    return f"{start:%A}s {start:%H:%M}–{end:%H:%M} ({zone.key})"


# --- reading ----------------------------------------------------------------------------------


def meetings_of(circle: Circle) -> list[Meeting]:
    """The circle's twelve meetings, week order; made from its slot if not made yet."""
    meetings = list(circle.meetings.order_by("week"))
    if len(meetings) < PROGRAMME_WEEKS:
        try:
            with transaction.atomic():
                schedule.create_meetings(circle)
        except IntegrityError:  # made at the same moment by another request
            pass
        meetings = list(circle.meetings.order_by("week"))
    return meetings


def get_meeting(circle: Circle, week) -> Meeting:
    try:
        week = int(week)
    except (TypeError, ValueError):
        raise Http404("No such meeting.") from None
    if not 1 <= week <= PROGRAMME_WEEKS:
        raise Http404(f"There is no week {week}: a circle meets for weeks 1 to {PROGRAMME_WEEKS}.")
    for meeting in meetings_of(circle):
        if meeting.week == week:
            return meeting
    raise Http404("No such meeting.")


def current_meeting(meetings: list[Meeting], now: dt.datetime | None = None) -> Meeting | None:
    """The meeting in progress or the next one; None once the last one has ended."""
    now = now or timezone.now()
    return next((m for m in meetings if m.starts_at + MEETING_LENGTH > now), None)


def this_week(meetings: list[Meeting], now: dt.datetime | None = None) -> Meeting:
    """The week the circle is in: the current meeting's, or the last once all are over."""
    return current_meeting(meetings, now) or meetings[-1]


def check_in_window(
    meeting: Meeting, meetings: list[Meeting]
) -> tuple[dt.datetime | None, dt.datetime]:
    """When a check-in for ``meeting`` can be written: from the start of the week before's
    meeting (week 1: any time) until the next meeting starts (week 12: a week after it)."""
    by_week = {m.week: m for m in meetings}
    previous = by_week.get(meeting.week - 1)
    following = by_week.get(meeting.week + 1)
    opens = previous.starts_at if previous else None
    closes = following.starts_at if following else meeting.starts_at + LAST_CHECK_IN_WINDOW
    return opens, closes


# --- checks -----------------------------------------------------------------------------------


def _require_member(user, circle: Circle) -> Membership:
    membership = access.membership_of(user, circle)
    if membership is None:
        raise Http404("No such circle.")
    return membership


def _require_running(circle: Circle) -> None:
    if circle.status == Circle.Status.FINISHED:
        raise ValidationError(FINISHED)


def _locked(meeting: Meeting) -> Meeting:
    """The meeting row, locked until the transaction ends: changes to one meeting's attendance
    apply one after the other, so the ledger follows the marks exactly."""
    return Meeting.objects.select_for_update().select_related("circle").get(pk=meeting.pk)


# --- attendance -------------------------------------------------------------------------------


def members_by_username(circle: Circle, usernames) -> dict[str, int]:
    """Current members' ids by username; an unknown name or a non-member is refused."""
    members = {m.person.username.lower(): m.person_id for m in access.current_memberships(circle)}
    out, unknown = {}, []
    for name in usernames:
        key = str(name).strip().lstrip("@").lower()
        if key in members:
            out[key] = members[key]
        else:
            unknown.append(str(name).strip())
    if unknown:
        raise ValidationError(
            {
                "person": [
                    f"@{name.lstrip('@')} is not a member of this circle; only members can be "
                    "marked present or absent."
                    for name in unknown
                ]
            }
        )
    return out


@transaction.atomic
def mark_attendance(
    actor, meeting: Meeting, marks: dict[int, bool], *, now: dt.datetime | None = None
) -> list[Attendance]:
    """Any member marks who was present (True) or absent (False) at a meeting that has
    started; marks can be changed later. Only current members can be marked."""
    meeting = _locked(meeting)
    circle = meeting.circle
    _require_member(actor, circle)
    _require_running(circle)
    now = now or timezone.now()
    if meeting.starts_at > now:
        raise ValidationError(
            f"The week {meeting.week} meeting has not started yet: attendance can be marked "
            f"once it begins ({when(meeting.starts_at, viewer_zone(actor, circle))})."
        )
    if not marks:
        raise ValidationError({"person": ["Mark at least one member present or absent."]})
    members = access.member_ids(circle)
    outsiders = [pid for pid in marks if pid not in members]
    if outsiders:
        raise ValidationError(
            {"person": ["Only members of this circle can be marked present or absent."]}
        )
    before = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "present"))
    for person_id, present in marks.items():
        Attendance.objects.update_or_create(
            meeting=meeting,
            person_id=person_id,
            defaults={"present": bool(present), "recorded_by": actor},
        )
    _sync_meeting_ledger(meeting, before, marks)
    return list(Attendance.objects.filter(meeting=meeting).select_related("person"))


def _sync_meeting_ledger(meeting: Meeting, before: dict[int, bool], marks: dict[int, bool]):
    present = set(
        Attendance.objects.filter(meeting=meeting, present=True).values_list("person_id", flat=True)
    )
    key = meeting_key(meeting)
    for person_id, now_present in sorted(marks.items()):
        was_present = before.get(person_id, False)
        if now_present and not was_present:
            for other in sorted(present - {person_id}):
                for actor_id, target_id in ((person_id, other), (other, person_id)):
                    record_or_restore_interaction(
                        actor_id,
                        target_id,
                        InteractionKind.CIRCLE_MEETING,
                        occurred_at=meeting.starts_at,
                        source_key=key,
                    )
        elif was_present and not now_present:
            void_interactions(key, involving=person_id)


# --- notes ------------------------------------------------------------------------------------


_UNCHANGED = object()


@transaction.atomic
def save_notes(actor, meeting: Meeting, notes: str, *, edited_since=_UNCHANGED) -> Meeting:
    """Any member edits the meeting's shared notes (Markdown). ``edited_since`` is when the
    notes the member started from were last saved (None: they were empty); if someone saved
    since, the edit is refused so that nobody's text is silently lost."""
    meeting = _locked(meeting)
    circle = meeting.circle
    _require_member(actor, circle)
    _require_running(circle)
    if not isinstance(notes, str):
        raise ValidationError({"notes": ["The notes must be text."]})
    if "\x00" in notes:
        raise ValidationError({"notes": ["The notes may not contain NUL characters."]})
    notes = notes.strip()
    if len(notes) > NOTES_MAX:
        raise ValidationError(
            {"notes": [f"The notes are {len(notes):,} characters; at most {NOTES_MAX:,}."]}
        )
    if edited_since is not _UNCHANGED and not _same_moment(edited_since, meeting.notes_updated_at):
        who = meeting.notes_updated_by.name if meeting.notes_updated_by else "someone"
        raise ValidationError(
            {
                "notes": [
                    f"{who} saved these notes at "
                    f"{when(meeting.notes_updated_at, viewer_zone(actor, circle))} while you "
                    "were editing. Your text was not saved: copy it, reload the notes, add "
                    "your part to theirs and save again."
                ]
            }
        )
    meeting.notes = notes
    meeting.notes_updated_by = actor
    meeting.notes_updated_at = timezone.now()
    meeting.save(update_fields=["notes", "notes_updated_by", "notes_updated_at"])
    return meeting


def _same_moment(a: dt.datetime | None, b: dt.datetime | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs((a - b).total_seconds()) < 0.001


# --- check-ins --------------------------------------------------------------------------------


def _check_text(value, field: str, label: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError({field: [f"{label} must be text."]})
    if "\x00" in value:
        raise ValidationError({field: [f"{label} may not contain NUL characters."]})
    value = value.strip()
    if len(value) > CHECK_IN_TEXT_MAX:
        raise ValidationError(
            {field: [f"{label} is {len(value):,} characters; at most {CHECK_IN_TEXT_MAX:,}."]}
        )
    return value


@transaction.atomic
def save_check_in(
    actor,
    meeting: Meeting,
    *,
    progress,
    did: str = "",
    next_step: str = "",
    help_needed: str = "",
    now: dt.datetime | None = None,
) -> tuple[CheckIn, bool]:
    """A member writes (or edits) their own check-in for a meeting, until the next meeting
    starts. Returns the check-in and whether it is new."""
    meeting = _locked(meeting)
    circle = meeting.circle
    membership = _require_member(actor, circle)
    _require_running(circle)
    errors: dict[str, list[str]] = {}
    if type(progress) is not int or not PROGRESS_MIN <= progress <= PROGRESS_MAX:
        errors["progress"] = [
            f"Progress on your goal is a whole number from {PROGRESS_MIN} to {PROGRESS_MAX}."
        ]
    texts = {}
    for name, label, value in (
        ("did", "What you did", did),
        ("next_step", "What you will do next", next_step),
        ("help_needed", "What help you need", help_needed),
    ):
        try:
            texts[name] = _check_text(value, name, label)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    opens, closes = check_in_window(meeting, meetings_of(circle))
    zone = viewer_zone(actor, circle)
    if opens is not None and now < opens:
        raise ValidationError(
            f"The week {meeting.week} check-in opens when the week {meeting.week - 1} meeting "
            f"starts ({when(opens, zone)})."
        )
    if now >= closes:
        raise ValidationError(
            f"The week {meeting.week} check-in closed when the next meeting started "
            f"({when(closes, zone)}); write this week's check-in instead."
        )
    check_in, created = CheckIn.objects.update_or_create(
        meeting=meeting, person=actor, defaults={"progress": progress, **texts}
    )
    for other in sorted(access.member_ids(circle) - {actor.pk}):
        record_interaction(
            actor.pk,
            other,
            InteractionKind.CIRCLE_CHECK_IN,
            occurred_at=check_in.created_at,
            source_key=check_in_key(check_in),
            goal_id=membership.goal_id,
        )
    return check_in, created


# --- what pages and the API show --------------------------------------------------------------


@dataclass
class MemberRow:
    membership: Membership
    person: object
    goal: object | None  # None when there is none or the viewer may not see it
    is_viewer: bool
    present: bool | None = None  # at a given meeting: None when not marked
    check_in: CheckIn | None = None


@dataclass
class MeetingRow:
    meeting: Meeting
    title: str
    when_viewer: str
    when_circle: str
    started: bool
    ended: bool
    is_current: bool
    present: int = 0
    marked: int = 0
    check_ins: int = 0


@dataclass
class CircleView:
    circle: Circle
    membership: Membership | None
    is_member: bool
    members: list[MemberRow] = field(default_factory=list)
    member_count: int = 0
    slot_circle: str = ""
    slot_viewer: str = ""
    viewer_zone: str = ""
    zone_differs: bool = False
    programme: object | None = None
    week: object | None = None  # this week's ProgrammeWeek
    current: MeetingRow | None = None
    meetings: list[MeetingRow] = field(default_factory=list)
    raw_meetings: list[Meeting] = field(default_factory=list)


def member_rows(viewer, circle: Circle) -> list[MemberRow]:
    rows = []
    for m in access.current_memberships(circle).select_related("goal"):
        goal = m.goal if m.goal_id and can_view_goal(viewer, m.goal) else None
        rows.append(MemberRow(m, m.person, goal, m.person_id == viewer.pk))
    return rows


def outline_visible(viewer, circle: Circle) -> bool:
    """A circle open to join can be seen in outline by anyone signed in (never its content)."""
    return (
        viewer is not None
        and viewer.is_authenticated
        and viewer.is_active
        and circle.status == Circle.Status.OPEN
    )


def circle_for_viewer(viewer, pk) -> tuple[Circle, bool]:
    """The circle and whether the viewer is a member; outline only for an open circle;
    404 for anything else (the same as for a circle that does not exist)."""
    try:
        circle = Circle.objects.select_related("round", "programme").get(pk=int(pk))
    except (Circle.DoesNotExist, TypeError, ValueError):
        raise Http404("No such circle.") from None
    if access.is_member(viewer, circle):
        return circle, True
    if outline_visible(viewer, circle):
        return circle, False
    raise Http404("No such circle.")


def circle_view(viewer, circle: Circle, *, now: dt.datetime | None = None) -> CircleView:
    now = now or timezone.now()
    membership = access.membership_of(viewer, circle)
    zone = viewer_zone(viewer, circle)
    view = CircleView(
        circle=circle,
        membership=membership,
        is_member=membership is not None,
        member_count=access.current_memberships(circle).count(),
        slot_circle=slot_text(circle),
        slot_viewer=slot_text(circle, zone),
        viewer_zone=zone.key,
        zone_differs=zone.key != circle.timezone,
    )
    if membership is None:
        return view  # the outline: nothing of the circle's content
    view.members = member_rows(viewer, circle)
    meetings = meetings_of(circle)
    view.raw_meetings = meetings
    programme = programme_of(circle)
    weeks = weeks_of(programme)
    view.programme = programme
    counts = _meeting_counts(meetings)
    current = current_meeting(meetings, now)
    circle_zone = zoneinfo.ZoneInfo(circle.timezone)
    for m in meetings:
        week = weeks.get(m.week)
        row = MeetingRow(
            meeting=m,
            title=week.title if week else f"Week {m.week}",
            when_viewer=when(m.starts_at, zone),
            when_circle=when(m.starts_at, circle_zone),
            started=m.starts_at <= now,
            ended=m.starts_at + MEETING_LENGTH <= now,
            is_current=current is not None and m.pk == current.pk,
            **counts.get(m.pk, {}),
        )
        view.meetings.append(row)
        if row.is_current:
            view.current = row
    this = this_week(meetings, now)
    view.week = weeks.get(this.week)
    return view


def _meeting_counts(meetings: list[Meeting]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {m.pk: {} for m in meetings}
    ids = [m.pk for m in meetings]
    for meeting_id, present in Attendance.objects.filter(meeting_id__in=ids).values_list(
        "meeting_id", "present"
    ):
        c = counts[meeting_id]
        c["marked"] = c.get("marked", 0) + 1
        c["present"] = c.get("present", 0) + int(present)
    for meeting_id in CheckIn.objects.filter(meeting_id__in=ids).values_list(
        "meeting_id", flat=True
    ):
        c = counts[meeting_id]
        c["check_ins"] = c.get("check_ins", 0) + 1
    return counts


@dataclass
class MeetingView:
    circle: Circle
    meeting: Meeting
    membership: Membership
    week: object | None
    prompt_html: str
    when_viewer: str
    when_circle: str
    zone_differs: bool
    started: bool
    members: list[MemberRow]
    others_marked: list  # people marked who are no longer members
    notes_html: str
    my_check_in: CheckIn | None
    check_in_opens: dt.datetime | None
    check_in_closes: dt.datetime
    check_in_open: bool
    check_in_window_text: str
    finished: bool
    previous_week: int | None
    next_week: int | None
    meetings: list[Meeting]


def meeting_view(viewer, circle: Circle, meeting: Meeting, *, now=None) -> MeetingView:
    now = now or timezone.now()
    membership = _require_member(viewer, circle)
    meetings = meetings_of(circle)
    programme = programme_of(circle)
    week = programme.weeks.filter(number=meeting.week).first()
    zone = viewer_zone(viewer, circle)
    rows = member_rows(viewer, circle)
    marks = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    check_ins = {c.person_id: c for c in CheckIn.objects.filter(meeting=meeting)}
    for row in rows:
        mark = marks.get(row.person.pk)
        row.present = mark.present if mark else None
        row.check_in = check_ins.get(row.person.pk)
    member_ids = {row.person.pk for row in rows}
    others = [
        a
        for a in Attendance.objects.filter(meeting=meeting)
        .exclude(person_id__in=member_ids)
        .select_related("person")
    ]
    opens, closes = check_in_window(meeting, meetings)
    finished = circle.status == Circle.Status.FINISHED
    is_open = not finished and (opens is None or opens <= now) and now < closes
    if finished:
        window = "This circle has finished; its check-ins are kept as they were."
    elif opens is not None and now < opens:
        window = f"Check-ins for this week open on {when(opens, zone)}."
    elif now < closes:
        window = f"You can write and edit your check-in until {when(closes, zone)}."
    else:
        window = f"Check-ins for this week closed on {when(closes, zone)}."
    return MeetingView(
        circle=circle,
        meeting=meeting,
        membership=membership,
        week=week,
        prompt_html=render_markdown(week.prompt) if week else "",
        when_viewer=when(meeting.starts_at, zone),
        when_circle=when(meeting.starts_at, zoneinfo.ZoneInfo(circle.timezone)),
        zone_differs=zone.key != circle.timezone,
        started=meeting.starts_at <= now,
        members=rows,
        others_marked=others,
        notes_html=render_markdown(meeting.notes) if meeting.notes else "",
        my_check_in=check_ins.get(viewer.pk),
        check_in_opens=opens,
        check_in_closes=closes,
        check_in_open=is_open,
        check_in_window_text=window,
        finished=finished,
        previous_week=meeting.week - 1 if meeting.week > 1 else None,
        next_week=meeting.week + 1 if meeting.week < PROGRAMME_WEEKS else None,
        meetings=meetings,
    )
