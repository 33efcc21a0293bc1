"""Circle API: keeping a circle going — its health, the organisers' health overview, and the end
of the programme (retrospectives, a letter to my future self, another 12 weeks).

A circle's health and retrospectives answer its members only (404 for anyone else, as for a
circle that does not exist); a letter answers its writer only; the organisers' overview holds
figures, never names or anything members wrote.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status

from workaloud.api_auth import MEMBER_AUTH
from workaloud.api_schemas import DbId, InputSchema, PathId, PersonRef, responses
from workaloud.circles import ending, health
from workaloud.circles.access import get_circle_for_member, is_organiser
from workaloud.circles.models import TEXT_MAX, Circle, Round

router = Router(tags=["circles"])


# -- health ---------------------------------------------------------------------------------


class WeekHealthOut(Schema):
    week: int
    starts_at: datetime
    held: bool = Field(description="The meeting has ended.")
    recorded: bool = Field(description="Someone recorded attendance for it.")
    present: int
    expected: int = Field(description="Members who had joined by the meeting's end.")
    attendance_percent: int | None = Field(description="Null until held and recorded.")
    check_ins: int


class MemberHealthOut(Schema):
    person: PersonRef
    streak: int = Field(
        description="Meetings in a row, back from the latest held, attended or checked in for."
    )
    attended: int
    missed: int
    check_ins: int
    meetings_counted: int
    at_risk: bool
    reasons: list[str] = Field(description="Why the member may be at risk of dropping out.")


class CircleHealthOut(Schema):
    circle_id: int
    attendance_percent: int | None
    trend: str
    check_ins_done: int
    check_ins_expected: int
    weeks: list[WeekHealthOut]
    members: list[MemberHealthOut]
    rules: str


class CircleFiguresOut(Schema):
    id: int
    title: str
    status: str
    members: int
    weeks_held: int
    attendance_by_week: list[int | None] = Field(description="Percent present per held week.")
    attendance_percent: int | None
    trend: str
    check_ins_done: int
    check_ins_expected: int
    members_at_risk: int = Field(description="How many; never who.")


class RetrospectiveFiguresOut(Schema):
    answers: int
    shown: bool = Field(description="False while fewer than min_group people have answered.")
    mean_recommend: float | None
    distribution: list[int] | None = Field(description="How many answered 0, 1, …, 10.")


class RoundRef(Schema):
    id: int
    title: str
    starts_on: date


class RoundHealthOut(Schema):
    round: RoundRef | None = Field(description="Null for the circles outside any round.")
    min_group: int
    circles: list[CircleFiguresOut]
    retrospectives: RetrospectiveFiguresOut


RULES = (
    "A meeting counts once it has ended, for members who had joined by then. A member is at "
    f"risk after missing the last {health.MISSED_IN_A_ROW} meetings (both recorded) or making "
    f"no check-in in the last {health.NO_CHECK_IN_WEEKS} weeks."
)


# /organise/health first: it would otherwise be read as the health of circle "organise".
@router.get(
    "/organise/health",
    response=responses(RoundHealthOut),
    auth=MEMBER_AUTH,
    summary="Circle health of a round, for organisers",
    description="Per circle figures and the round's retrospective scores (only once at least "
    "min_group people answered). Without round_id: the latest round; with outside_rounds: the "
    "circles that belong to no round.",
)
def organise_health(
    request,
    round_id: DbId | None = None,
    outside_rounds: bool = False,
):
    if not is_organiser(request.auth):
        raise PermissionDenied("Only organisers see the circles' health of a round.")
    if outside_rounds:
        round_ = None
    elif round_id is not None:
        round_ = Round.objects.filter(pk=round_id).first()
        if round_ is None:
            raise Http404(f"No round with id {round_id}.")
    else:
        round_ = Round.objects.first()
        if round_ is None:
            raise Http404("There is no round yet; pass outside_rounds=true for open circles.")
    report = health.round_health(round_)
    return {
        "round": report.round,
        "min_group": report.min_group,
        "circles": [vars(c) for c in report.circles],
        "retrospectives": vars(report.retrospectives),
    }


@router.get(
    "/{circle_id}/health",
    response=responses(CircleHealthOut),
    auth=MEMBER_AUTH,
    summary="How my circle is going",
)
def circle_health(request, circle_id: PathId):
    circle = get_circle_for_member(request.auth, circle_id)
    h = health.circle_health(circle)
    return {
        "circle_id": circle.pk,
        "attendance_percent": h.attendance_percent,
        "trend": h.trend,
        "check_ins_done": h.check_ins_done,
        "check_ins_expected": h.check_ins_expected,
        "weeks": [{**vars(w), "attendance_percent": w.attendance_percent} for w in h.weeks],
        "members": [{**vars(m), "at_risk": m.at_risk} for m in h.members],
        "rules": RULES,
    }


# -- the end of the programme ---------------------------------------------------------------


class RetrospectiveOut(Schema):
    person: PersonRef
    what_changed: str
    recommend: int
    what_next: str
    created_at: datetime


class RetrospectiveIn(InputSchema):
    what_changed: str = Field(max_length=TEXT_MAX)
    recommend: int = Field(ge=0, le=10, description="Would you recommend a circle? 0–10.")
    what_next: str = Field("", max_length=TEXT_MAX)


class LetterOut(Schema):
    circle_id: int
    circle_title: str
    text: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_circle_title(obj) -> str:
        return obj.circle.title


class LetterIn(InputSchema):
    text: str = Field(max_length=ending.LETTER_MAX)


class CircleRef(Schema):
    id: int
    title: str
    starts_on: date
    status: str
    size_limit: int
    previous_id: int | None


class ContinuationOut(CircleRef):
    members: list[PersonRef]
    started: bool
    full: bool


class EndingOut(Schema):
    is_open: bool = Field(description="The last meeting has started, or the circle finished.")
    opens_at: datetime
    retrospectives: list[RetrospectiveOut]
    wrote_retrospective: bool
    wrote_letter: bool
    continuation: ContinuationOut | None
    in_continuation: bool
    can_continue: bool


class ContinuedOut(Schema):
    created: bool = Field(description="True when your choice started the next 12 weeks.")
    circle: ContinuationOut


def _continuation(state: ending.EndingState) -> dict | None:
    c: Circle | None = state.continuation
    if c is None:
        return None
    return {
        "id": c.pk,
        "title": c.title,
        "starts_on": c.starts_on,
        "status": c.status,
        "size_limit": c.size_limit,
        "previous_id": c.previous_id,
        "members": state.continuation_members,
        "started": state.continuation_started,
        "full": state.continuation_full,
    }


@router.get(
    "/{circle_id}/ending",
    response=responses(EndingOut),
    auth=MEMBER_AUTH,
    summary="The end of the programme: retrospectives and another 12 weeks",
)
def get_ending(request, circle_id: PathId):
    circle = get_circle_for_member(request.auth, circle_id)
    state = ending.ending_state(circle, request.auth)
    return {
        "is_open": state.is_open,
        "opens_at": state.opens_at,
        "retrospectives": state.retrospectives,
        "wrote_retrospective": state.mine is not None,
        "wrote_letter": state.letter is not None,
        "continuation": _continuation(state),
        "in_continuation": state.in_continuation,
        "can_continue": state.can_continue,
    }


@router.put(
    "/{circle_id}/retrospective",
    response=responses(RetrospectiveOut),
    auth=MEMBER_AUTH,
    summary="Write or rewrite my retrospective",
)
def put_retrospective(request, circle_id: PathId, payload: RetrospectiveIn):
    circle = get_circle_for_member(request.auth, circle_id)
    return ending.save_retrospective(
        circle,
        request.auth,
        what_changed=payload.what_changed,
        recommend=payload.recommend,
        what_next=payload.what_next,
    )


@router.get(
    "/letters/mine",
    response=responses(list[LetterOut]),
    auth=MEMBER_AUTH,
    summary="My letters to my future self",
)
def my_letters(request):
    return ending.letters_of(request.auth)


@router.get(
    "/{circle_id}/letter",
    response=responses(LetterOut),
    auth=MEMBER_AUTH,
    summary="My letter to my future self",
    description="Only its writer can ever read a letter.",
)
def get_letter(request, circle_id: PathId):
    circle = get_circle_for_member(request.auth, circle_id)
    letter = ending.letter_of(circle, request.auth)
    if letter is None:
        raise Http404("You have not written a letter for this circle.")
    return letter


@router.put(
    "/{circle_id}/letter",
    response=responses(LetterOut),
    auth=MEMBER_AUTH,
    summary="Write or rewrite my letter to my future self",
)
def put_letter(request, circle_id: PathId, payload: LetterIn):
    circle = get_circle_for_member(request.auth, circle_id)
    return ending.save_letter(circle, request.auth, text=payload.text)


@router.post(
    "/{circle_id}/continue",
    response={**responses(ContinuedOut, 201), 200: ContinuedOut},
    auth=MEMBER_AUTH,
    summary="Continue for another 12 weeks",
    description="The first member to choose it creates the next circle (201); later members "
    "join it (200) until it starts or is full.",
)
def continue_circle(request, circle_id: PathId):
    circle = get_circle_for_member(request.auth, circle_id)
    result = ending.continue_circle(circle, request.auth)
    state = ending.ending_state(circle, request.auth)
    body = {"created": result.created, "circle": _continuation(state)}
    return Status(201 if result.created else 200, body)
