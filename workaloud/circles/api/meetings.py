"""Circle API: the programmes, a circle, its meetings, attendance, shared notes and check-ins.

A circle's answers are for its current members: anyone else (administrators included) gets
404, as for a circle that does not exist; a circle open to join answers everyone signed in
with its outline (no members, meetings or content). Programmes are read by every member of the
community and changed by circle organisers (403 for anyone else).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Path, Router, Schema, Status

from workaloud.api_auth import MEMBER_AUTH
from workaloud.api_schemas import (
    GoalRef,
    InputSchema,
    PathId,
    PersonRef,
    field_names,
    responses,
)
from workaloud.circles import access, ical, meetings, programme
from workaloud.circles.access import is_organiser
from workaloud.circles.models import PROGRAMME_WEEKS
from workaloud.markup import render_markdown

router = Router(tags=["circles"])

Week = Path[int, {"ge": 1, "le": PROGRAMME_WEEKS, "description": "1 to 12"}]
Progress = Annotated[int, Field(ge=0, le=10, strict=True)]


# --- programmes -------------------------------------------------------------------------------


class LinkOut(Schema):
    title: str
    url: str


class LinkIn(InputSchema):
    title: str = Field(max_length=programme.LINK_TITLE_MAX)
    url: str = Field(max_length=programme.URL_MAX)


class ProgrammeWeekOut(Schema):
    number: int
    title: str
    prompt: str = Field(description="Markdown, as written.")
    prompt_html: str = Field(description="The prompt rendered to sanitised HTML.")
    links: list[LinkOut]


class ProgrammeSummaryOut(Schema):
    id: int
    name: str
    description: str
    is_default: bool


class ProgrammeOut(ProgrammeSummaryOut):
    weeks: list[ProgrammeWeekOut]


class ProgrammeIn(InputSchema):
    source: str = Field(
        max_length=programme.FILE_MAX,
        description="The programme file's text. " + programme.FORMAT_HELP,
    )
    format: Literal["toml", "json"] | None = Field(
        None, description="toml or json; guessed from the text when left out."
    )
    make_default: bool = False


class ProgrammePatch(InputSchema):
    name: str = Field(None, max_length=programme.NAME_MAX)
    description: str = Field(None, max_length=programme.DESCRIPTION_MAX)
    is_default: Literal[True] = Field(
        None, description="true makes this the default programme (the others stop being it)."
    )


class WeekIn(InputSchema):
    title: str = Field(max_length=programme.TITLE_MAX)
    prompt: str = Field(max_length=programme.PROMPT_MAX)
    links: list[LinkIn] = Field(default_factory=list, max_length=programme.LINKS_MAX)


def _week_out(week) -> dict:
    return {
        "number": week.number,
        "title": week.title,
        "prompt": week.prompt,
        "prompt_html": render_markdown(week.prompt),
        "links": week.links,
    }


def _programme_out(prog) -> dict:
    return {
        "id": prog.pk,
        "name": prog.name,
        "description": prog.description,
        "is_default": prog.is_default,
        "weeks": [_week_out(w) for w in prog.weeks.order_by("number")],
    }


@router.get(
    "/programmes",
    response=responses(list[ProgrammeSummaryOut]),
    auth=MEMBER_AUTH,
    summary="The circle programmes",
)
def list_programmes(request):
    """Every programme, the default first (the shipped one is created when none exists)."""
    programme.default_programme()
    return list(programme.programmes())


@router.post(
    "/programmes",
    response=responses(ProgrammeOut, 201),
    auth=MEMBER_AUTH,
    summary="Load a programme file (organisers)",
)
def create_programme(request, payload: ProgrammeIn):
    """The whole file is checked first; any problem answers 400 naming where it is, and
    nothing is saved."""
    filename = f"programme.{payload.format}" if payload.format else ""
    if payload.format == "toml" and payload.source.lstrip().startswith("{"):
        filename = "programme.toml"
    prog = programme.import_programme(
        request.auth, payload.source, filename, make_default=payload.make_default
    )
    return Status(201, _programme_out(prog))


@router.get(
    "/programmes/{programme_id}",
    response=responses(ProgrammeOut),
    auth=MEMBER_AUTH,
    summary="A programme with its twelve weeks",
)
def get_programme(request, programme_id: PathId):
    return _programme_out(programme.get_programme(programme_id))


@router.patch(
    "/programmes/{programme_id}",
    response=responses(ProgrammeOut),
    auth=MEMBER_AUTH,
    summary="Rename a programme, or make it the default (organisers)",
)
def patch_programme(request, programme_id: PathId, payload: ProgrammePatch):
    if not is_organiser(request.auth):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only circle organisers may change programmes.")
    prog = programme.get_programme(programme_id)
    fields = payload.model_fields_set
    if fields & {"name", "description"}:
        programme.update_programme(
            request.auth, prog, name=payload.name, description=payload.description
        )
    if "is_default" in fields:
        programme.set_default(request.auth, prog)
    prog.refresh_from_db()
    return _programme_out(prog)


@router.put(
    "/programmes/{programme_id}/weeks/{number}",
    response=responses(ProgrammeWeekOut),
    auth=MEMBER_AUTH,
    summary="Change one week of a programme (organisers)",
)
def put_week(request, programme_id: PathId, number: Week, payload: WeekIn):
    if not is_organiser(request.auth):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only circle organisers may change programmes.")
    week = programme.get_week(programme.get_programme(programme_id), number)
    links = [link.model_dump() for link in payload.links]
    week = programme.update_week(
        request.auth, week, title=payload.title, prompt=payload.prompt, links=links
    )
    return _week_out(week)


# --- a circle ---------------------------------------------------------------------------------


class MemberOut(Schema):
    person: PersonRef
    goal: GoalRef | None = Field(
        description="Their goal for the circle; null if none or not visible to you."
    )
    joined_at: datetime


class MeetingSummaryOut(Schema):
    week: int
    title: str = Field(description="The week's title in the circle's programme.")
    starts_at: datetime
    ends_at: datetime
    present: int = Field(description="Members marked present.")
    marked: int = Field(description="Members marked present or absent.")
    check_ins: int
    url: str


class CircleDetailOut(Schema):
    id: int
    title: str
    origin: str
    status: str
    format: str
    language: str
    location: str
    timezone: str
    weekday: int = Field(description="0 is Monday, in the circle's zone.")
    start_time: str = Field(description="HH:MM in the circle's zone.")
    starts_on: str
    size_limit: int
    member_count: int
    slot: str = Field(description="The weekly slot in the circle's zone, in words.")
    slot_yours: str = Field(description="The weekly slot in your time zone, in words.")
    is_member: bool = Field(
        description="False: you see an open circle's outline only (no members, no meetings)."
    )
    description: str | None = None
    members: list[MemberOut] | None = None
    programme: ProgrammeSummaryOut | None = None
    this_week: ProgrammeWeekOut | None = None
    next_meeting: MeetingSummaryOut | None = None
    meetings: list[MeetingSummaryOut] | None = None
    calendar_url: str | None = Field(
        None, description="Your calendar app subscribes to it; keep it secret."
    )


def _member_out(row) -> dict:
    return {"person": row.person, "goal": row.goal, "joined_at": row.membership.joined_at}


def _meeting_summary(request, circle, row) -> dict:
    m = row.meeting
    return {
        "week": m.week,
        "title": row.title,
        "starts_at": m.starts_at,
        "ends_at": m.starts_at + meetings.MEETING_LENGTH,
        "present": row.present,
        "marked": row.marked,
        "check_ins": row.check_ins,
        "url": ical.site_address(request) + reverse("meeting_detail", args=[circle.pk, m.week]),
    }


@router.get(
    "/{circle_id}",
    response=responses(CircleDetailOut),
    auth=MEMBER_AUTH,
    summary="A circle: members, slot, this week, the schedule",
)
def get_circle(request, circle_id: PathId):
    circle, is_member = meetings.circle_for_viewer(request.auth, circle_id)
    view = meetings.circle_view(request.auth, circle)
    out = {
        "id": circle.pk,
        "title": circle.title,
        "origin": circle.origin,
        "status": circle.status,
        "format": circle.format,
        "language": circle.language,
        "location": circle.location,
        "timezone": circle.timezone,
        "weekday": circle.weekday,
        "start_time": circle.start_time.strftime("%H:%M"),
        "starts_on": circle.starts_on.isoformat(),
        "size_limit": circle.size_limit,
        "member_count": view.member_count,
        "slot": view.slot_circle,
        "slot_yours": view.slot_viewer,
        "is_member": is_member,
    }
    if not is_member:
        return out
    rows = [_meeting_summary(request, circle, row) for row in view.meetings]
    out.update(
        description=circle.description,
        members=[_member_out(r) for r in view.members],
        programme=view.programme,
        this_week=_week_out(view.week) if view.week else None,
        next_meeting=_meeting_summary(request, circle, view.current) if view.current else None,
        meetings=rows,
        calendar_url=ical.site_address(request)
        + reverse("circle_calendar", args=[circle.pk, circle.feed_token]),
    )
    return out


@router.get(
    "/{circle_id}/meetings",
    response=responses(list[MeetingSummaryOut]),
    auth=MEMBER_AUTH,
    summary="A circle's twelve meetings",
)
def list_meetings(request, circle_id: PathId):
    circle = access.get_circle_for_member(request.auth, circle_id)
    view = meetings.circle_view(request.auth, circle)
    return [_meeting_summary(request, circle, row) for row in view.meetings]


# --- a meeting --------------------------------------------------------------------------------


class AttendanceOut(Schema):
    person: PersonRef
    present: bool | None = Field(description="null: not marked.")


class CheckInOut(Schema):
    person: PersonRef
    did: str
    progress: int
    next_step: str
    help_needed: str
    created_at: datetime
    updated_at: datetime


class NotesOut(Schema):
    text: str = Field(description="Markdown, as written.")
    html: str
    updated_by: PersonRef | None
    updated_at: datetime | None = Field(
        description="Send it back as edited_since when you save, so nobody's edit is lost."
    )


class MeetingOut(Schema):
    circle_id: int
    week: int
    title: str
    prompt: str
    prompt_html: str
    links: list[LinkOut]
    starts_at: datetime
    ends_at: datetime
    started: bool
    attendance: list[AttendanceOut] = Field(description="Each current member.")
    notes: NotesOut
    check_ins: list[CheckInOut]
    check_in_open: bool
    check_in_closes_at: datetime


def _meeting_out(request, circle, meeting) -> dict:
    view = meetings.meeting_view(request.auth, circle, meeting)
    week = view.week
    return {
        "circle_id": circle.pk,
        "week": meeting.week,
        "title": week.title if week else f"Week {meeting.week}",
        "prompt": week.prompt if week else "",
        "prompt_html": view.prompt_html,
        "links": week.links if week else [],
        "starts_at": meeting.starts_at,
        "ends_at": meeting.starts_at + meetings.MEETING_LENGTH,
        "started": view.started,
        "attendance": [{"person": r.person, "present": r.present} for r in view.members],
        "notes": {
            "text": meeting.notes,
            "html": view.notes_html,
            "updated_by": meeting.notes_updated_by,
            "updated_at": meeting.notes_updated_at,
        },
        "check_ins": [
            {"person": r.person, **_check_in_fields(r.check_in)}
            for r in view.members
            if r.check_in is not None
        ],
        "check_in_open": view.check_in_open,
        "check_in_closes_at": view.check_in_closes,
    }


def _check_in_fields(c) -> dict:
    return {
        "did": c.did,
        "progress": c.progress,
        "next_step": c.next_step,
        "help_needed": c.help_needed,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
    }


def _member_meeting(request, circle_id, week):
    circle = access.get_circle_for_member(request.auth, circle_id)
    return circle, meetings.get_meeting(circle, week)


@router.get(
    "/{circle_id}/meetings/{week}",
    response=responses(MeetingOut),
    auth=MEMBER_AUTH,
    summary="A meeting: prompt, attendance, shared notes, check-ins",
)
def get_meeting(request, circle_id: PathId, week: Week):
    circle, meeting = _member_meeting(request, circle_id, week)
    return _meeting_out(request, circle, meeting)


class AttendanceIn(InputSchema):
    present: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=20, description="Usernames of members who were there."
    )
    absent: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=20, description="Usernames of members who were not."
    )


@router.put(
    "/{circle_id}/meetings/{week}/attendance",
    response=responses(MeetingOut),
    auth=MEMBER_AUTH,
    summary="Mark who was present or absent at a meeting",
)
def put_attendance(request, circle_id: PathId, week: Week, payload: AttendanceIn):
    """Members named change; the others keep their marks. Only a meeting that has started."""
    from django.core.exceptions import ValidationError

    circle, meeting = _member_meeting(request, circle_id, week)
    present = {n.strip().lstrip("@").lower() for n in payload.present}
    absent = {n.strip().lstrip("@").lower() for n in payload.absent}
    both = present & absent
    if both:
        raise ValidationError(
            {"absent": [f"@{n} is named both present and absent." for n in sorted(both)]}
        )
    with field_names(person="present"):
        ids = meetings.members_by_username(circle, present | absent)
        marks = {ids[n]: n in present for n in present | absent}
        meetings.mark_attendance(request.auth, meeting, marks)
    return _meeting_out(request, circle, meeting)


class NotesIn(InputSchema):
    notes: str = Field(max_length=meetings.NOTES_MAX, description="Markdown.")
    edited_since: datetime | None = Field(
        None,
        description="notes.updated_at as you last read it (null if there were no notes): if "
        "someone saved since, the edit is refused (400) instead of overwriting theirs. Leave "
        "it out to overwrite whatever is there.",
    )


@router.put(
    "/{circle_id}/meetings/{week}/notes",
    response=responses(NotesOut),
    auth=MEMBER_AUTH,
    summary="Save a meeting's shared notes",
)
def put_notes(request, circle_id: PathId, week: Week, payload: NotesIn):
    circle, meeting = _member_meeting(request, circle_id, week)
    kwargs = {}
    if "edited_since" in payload.model_fields_set:
        kwargs["edited_since"] = payload.edited_since
    meeting = meetings.save_notes(request.auth, meeting, payload.notes, **kwargs)
    return {
        "text": meeting.notes,
        "html": render_markdown(meeting.notes) if meeting.notes else "",
        "updated_by": meeting.notes_updated_by,
        "updated_at": meeting.notes_updated_at,
    }


class CheckInIn(InputSchema):
    progress: Progress = Field(description="Progress on my goal, 0 to 10.")
    did: str = Field("", max_length=meetings.CHECK_IN_TEXT_MAX)
    next_step: str = Field("", max_length=meetings.CHECK_IN_TEXT_MAX)
    help_needed: str = Field("", max_length=meetings.CHECK_IN_TEXT_MAX)


@router.put(
    "/{circle_id}/meetings/{week}/check-in",
    response={200: CheckInOut, 201: CheckInOut, **responses(CheckInOut)},
    auth=MEMBER_AUTH,
    summary="Write or edit my check-in for a meeting",
)
def put_check_in(request, circle_id: PathId, week: Week, payload: CheckInIn):
    """201 when new, 200 when edited; editable until the next meeting starts."""
    circle, meeting = _member_meeting(request, circle_id, week)
    check_in, created = meetings.save_check_in(
        request.auth,
        meeting,
        progress=payload.progress,
        did=payload.did,
        next_step=payload.next_step,
        help_needed=payload.help_needed,
    )
    out = {"person": request.auth, **_check_in_fields(check_in)}
    return Status(201 if created else 200, out)
