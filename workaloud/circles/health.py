"""How a circle is going: attendance by week, check-ins, streaks, and who may be drifting away.

Two audiences, two shapes:

* **Members** (``circle_health``) see their own circle in full: each week's attendance and
  check-ins, and each member by name with their streak and, if the rules below flag them, why
  they may be at risk of dropping out, so the circle can reach out to them.
* **Organisers** (``round_health``) see aggregates only: per circle, the attendance trend, how
  many check-ins were done and the *number* of members at risk — never a name, a note or a
  check-in's text, which are the circle's confidential space. Opinions (the retrospective's
  "would you recommend it" score) are shown for a round only once at least
  ``MIN_GROUP`` people have answered, so that nobody's answer can be singled out.

The rules, explicit so every figure can say why:

* A meeting is **held** once it has ended (its start plus the meeting's length has passed).
  A meeting counts for a member if they had joined the circle by its end.
* **Attendance** of a held meeting is *recorded* once anyone has marked anyone for it; a member
  without a "present" mark in a recorded meeting missed it. A meeting nobody recorded is
  unknown, and counts neither for nor against anyone.
* A member's **streak** is the number of held meetings in a row, counting back from the latest,
  that they attended or checked in for.
* A member is **at risk** when (1) they missed both of their last two held meetings (both
  recorded), or (2) they made no check-in for their last three held meetings. Each rule that
  holds adds its reason, naming the weeks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Q
from django.utils import timezone

from workaloud.circles.models import (
    MEETING_MINUTES,
    Attendance,
    CheckIn,
    Circle,
    Meeting,
    Membership,
    Retrospective,
    Round,
)

#: Organisers never see a figure about a group smaller than this (docs: individual first).
MIN_GROUP = 5
#: Rule 1: missed this many held meetings in a row (all recorded).
MISSED_IN_A_ROW = 2
#: Rule 2: no check-in for this many held meetings in a row.
NO_CHECK_IN_WEEKS = 3

MEETING_LENGTH = dt.timedelta(minutes=MEETING_MINUTES)


@dataclass
class WeekHealth:
    week: int
    starts_at: dt.datetime
    held: bool
    recorded: bool = False
    present: int = 0
    expected: int = 0
    check_ins: int = 0

    @property
    def attendance_rate(self) -> float | None:
        """The share of the members expected who were present; None when not recorded."""
        if not (self.held and self.recorded and self.expected):
            return None
        return self.present / self.expected

    @property
    def attendance_percent(self) -> int | None:
        rate = self.attendance_rate
        return None if rate is None else round(rate * 100)

    @property
    def check_in_percent(self) -> int | None:
        if not (self.held and self.expected):
            return None
        return round(min(self.check_ins, self.expected) / self.expected * 100)


@dataclass
class MemberHealth:
    person: object
    streak: int = 0
    attended: int = 0
    missed: int = 0
    check_ins: int = 0
    meetings_counted: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def at_risk(self) -> bool:
        return bool(self.reasons)


@dataclass
class CircleHealth:
    circle: Circle
    weeks: list[WeekHealth]
    members: list[MemberHealth]

    @property
    def held_weeks(self) -> list[WeekHealth]:
        return [w for w in self.weeks if w.held]

    @property
    def at_risk(self) -> list[MemberHealth]:
        return [m for m in self.members if m.at_risk]

    @property
    def at_risk_count(self) -> int:
        return len(self.at_risk)

    @property
    def check_ins_done(self) -> int:
        return sum(w.check_ins for w in self.held_weeks)

    @property
    def check_ins_expected(self) -> int:
        return sum(w.expected for w in self.held_weeks)

    @property
    def attendance_percent(self) -> int | None:
        """Present over expected, across the recorded held meetings."""
        recorded = [w for w in self.held_weeks if w.recorded and w.expected]
        expected = sum(w.expected for w in recorded)
        if not expected:
            return None
        return round(sum(w.present for w in recorded) / expected * 100)

    @property
    def trend(self) -> str:
        """'rising', 'falling' or 'steady': the last two recorded weeks' mean attendance
        against the two before them (10 points either way); 'too early' with fewer."""
        rates = [w.attendance_rate for w in self.held_weeks if w.attendance_rate is not None]
        if len(rates) < 4:
            return "too early"
        recent, before = mean(rates[-2:]), mean(rates[-4:-2])
        if recent - before >= 0.1:
            return "rising"
        if before - recent >= 0.1:
            return "falling"
        return "steady"


def _weeks_label(weeks: list[int]) -> str:
    weeks = sorted(weeks)
    if len(weeks) == 2:
        return f"weeks {weeks[0]} and {weeks[1]}"
    return f"weeks {weeks[0]}–{weeks[-1]}"


def _member_health(
    membership: Membership,
    held: list[Meeting],
    recorded: set[int],
    present: set[tuple[int, int]],
    checked_in: set[tuple[int, int]],
) -> MemberHealth:
    person_id = membership.person_id
    health = MemberHealth(person=membership.person)
    mine = [m for m in held if membership.joined_at <= m.starts_at + MEETING_LENGTH]
    health.meetings_counted = len(mine)
    for m in mine:
        if (m.pk, person_id) in present:
            health.attended += 1
        elif m.pk in recorded:
            health.missed += 1
        if (m.pk, person_id) in checked_in:
            health.check_ins += 1
    for m in reversed(mine):
        if (m.pk, person_id) in present or (m.pk, person_id) in checked_in:
            health.streak += 1
        else:
            break
    last = mine[-MISSED_IN_A_ROW:]
    if len(last) == MISSED_IN_A_ROW and all(
        m.pk in recorded and (m.pk, person_id) not in present for m in last
    ):
        health.reasons.append(
            f"Missed the last {MISSED_IN_A_ROW} meetings ({_weeks_label([m.week for m in last])})."
        )
    last = mine[-NO_CHECK_IN_WEEKS:]
    if len(last) == NO_CHECK_IN_WEEKS and all((m.pk, person_id) not in checked_in for m in last):
        health.reasons.append(
            f"No check-in in the last {NO_CHECK_IN_WEEKS} weeks "
            f"({_weeks_label([m.week for m in last])})."
        )
    return health


def health_of_circles(circles: Iterable[Circle], now: dt.datetime | None = None) -> list:
    """``CircleHealth`` of each circle, in four queries however many circles there are."""
    now = now or timezone.now()
    circles = list(circles)
    ids = [c.pk for c in circles]
    memberships = defaultdict(list)
    for ms in (
        Membership.objects.filter(circle_id__in=ids, left_at__isnull=True)
        .select_related("person")
        .order_by("joined_at", "id")
    ):
        memberships[ms.circle_id].append(ms)
    meetings = defaultdict(list)
    for m in (
        Meeting.objects.filter(circle_id__in=ids)
        .order_by("week")
        .only("id", "circle_id", "week", "starts_at")
    ):
        meetings[m.circle_id].append(m)
    held_ids = [m.pk for ms in meetings.values() for m in ms if m.starts_at + MEETING_LENGTH <= now]
    recorded: set[int] = set()
    present: set[tuple[int, int]] = set()
    for meeting_id, person_id, is_present in Attendance.objects.filter(
        meeting_id__in=held_ids
    ).values_list("meeting_id", "person_id", "present"):
        recorded.add(meeting_id)
        if is_present:
            present.add((meeting_id, person_id))
    checked_in = set(
        CheckIn.objects.filter(meeting_id__in=held_ids).values_list("meeting_id", "person_id")
    )

    result = []
    for circle in circles:
        members = memberships[circle.pk]
        member_ids = {ms.person_id for ms in members}
        held = [m for m in meetings[circle.pk] if m.starts_at + MEETING_LENGTH <= now]
        weeks = []
        for m in meetings[circle.pk]:
            is_held = m.starts_at + MEETING_LENGTH <= now
            week = WeekHealth(week=m.week, starts_at=m.starts_at, held=is_held)
            if is_held:
                expected = [ms for ms in members if ms.joined_at <= m.starts_at + MEETING_LENGTH]
                week.expected = len(expected)
                week.recorded = m.pk in recorded
                week.present = sum((m.pk, ms.person_id) in present for ms in expected)
                week.check_ins = sum((m.pk, pid) in checked_in for pid in member_ids)
            weeks.append(week)
        result.append(
            CircleHealth(
                circle=circle,
                weeks=weeks,
                members=[_member_health(ms, held, recorded, present, checked_in) for ms in members],
            )
        )
    return result


def circle_health(circle: Circle, now: dt.datetime | None = None) -> CircleHealth:
    """The circle's health, for its members (names included)."""
    return health_of_circles([circle], now)[0]


# -- organisers: aggregates only ------------------------------------------------------------


@dataclass
class CircleFigures:
    """What an organiser sees of one circle: numbers, no names."""

    id: int
    title: str
    status: str
    members: int
    weeks_held: int
    attendance_by_week: list[int | None]
    attendance_percent: int | None
    trend: str
    check_ins_done: int
    check_ins_expected: int
    members_at_risk: int


@dataclass
class RetrospectiveFigures:
    answers: int
    shown: bool
    mean_recommend: float | None = None
    distribution: list[int] | None = None  # how many answered 0, 1, …, 10

    @property
    def bars(self) -> list[tuple[int, int, int]]:
        """(score, how many, height in % of the tallest) for a chart of the distribution."""
        if not self.distribution:
            return []
        peak = max(self.distribution) or 1
        return [(s, n, round(n / peak * 100)) for s, n in enumerate(self.distribution)]


@dataclass
class RoundHealth:
    round: Round | None
    circles: list[CircleFigures]
    retrospectives: RetrospectiveFigures
    min_group: int = MIN_GROUP


def circle_figures(health: CircleHealth) -> CircleFigures:
    """A circle's health reduced to what an organiser may see."""
    circle = health.circle
    return CircleFigures(
        id=circle.pk,
        title=circle.title,
        status=circle.status,
        members=len(health.members),
        weeks_held=len(health.held_weeks),
        attendance_by_week=[w.attendance_percent for w in health.held_weeks],
        attendance_percent=health.attendance_percent,
        trend=health.trend,
        check_ins_done=health.check_ins_done,
        check_ins_expected=health.check_ins_expected,
        members_at_risk=health.at_risk_count,
    )


def retrospective_figures(circles_filter: Q) -> RetrospectiveFigures:
    """The recommend scores of the circles matched, only when ``MIN_GROUP`` or more answered."""
    scores = list(Retrospective.objects.filter(circles_filter).values_list("recommend", flat=True))
    if len(scores) < MIN_GROUP:
        return RetrospectiveFigures(answers=len(scores), shown=False)
    distribution = [0] * 11
    for score in scores:
        distribution[score] += 1
    return RetrospectiveFigures(
        answers=len(scores),
        shown=True,
        mean_recommend=round(mean(scores), 1),
        distribution=distribution,
    )


def round_health(round_: Round | None, now: dt.datetime | None = None) -> RoundHealth:
    """Every circle of ``round_`` (or, with None, the circles outside any round) as
    organiser figures, and the round's retrospective figures."""
    circles = Circle.objects.filter(round=round_).order_by("starts_on", "id")
    figures = [circle_figures(h) for h in health_of_circles(circles, now)]
    retro_filter = Q(circle__round=round_) if round_ is not None else Q(circle__round__isnull=True)
    return RoundHealth(
        round=round_, circles=figures, retrospectives=retrospective_figures(retro_filter)
    )
