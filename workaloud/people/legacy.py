"""A person's legacy: what their working out loud has left for others.

Four parts, each read for one viewer and built only from what that viewer may see, item by
item, through ``workaloud.audience`` (an item the viewer can't see is not counted either, so
no figure reveals it):

1. **Work by goal.** The person's updates the viewer may read (``visible_updates``), grouped
   under the goals the viewer may see (``visible_goals``) while the goal may be shown beside
   the update (``goal_visible_with``'s rule); the rest is "other work". Per group: how many,
   the first and the latest, and the stage the latest one reached.
2. **Asks they helped resolve.** Resolved asks on which the asker credited them
   (``HelpCredit``), on updates the viewer may read.
3. **People they helped.** The authors of the updates (the viewer may read, not their own) on
   which the person was credited with help, offered help (an "offer of help" response), or
   answered an ask (a comment or a challenge on an update that carries an ask). Questions,
   encouragement and thanks are not help. Each person once per update.
4. **Who thanked them.** A *thanks* (``workaloud.generosity``) is private between giver and
   receiver: the person sees who thanked them; someone who thanked them sees their own thanks;
   nobody else sees any, not even a count. A response of the kind "Thanks" is public to the
   update's audience: it thanks the update's author, or, when the author replies with it, the
   person replied to (as the interaction ledger reads it). Those are shown to whoever may read
   the update.

The number of queries is fixed: it does not grow with the goals, updates or people.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from workaloud.audience import Audience, audience_covers, visible_goals, visible_updates
from workaloud.generosity.models import Thanks
from workaloud.goals.models import Goal
from workaloud.people.models import User
from workaloud.responses.models import HelpCredit, Response, ResponseKind
from workaloud.work.models import AskStatus, Stage, WorkUpdate

#: Resolved asks listed in full; the count covers them all.
ASKS_SHOWN = 20
#: Recent thanks notes shown to the two people in them.
NOTES_SHOWN = 5
#: Response kinds that help whatever the update: offering help.
OFFER_KINDS = (ResponseKind.OFFER_OF_HELP,)
#: Response kinds that help when the update carries an ask: answering it.
ANSWER_KINDS = (ResponseKind.COMMENT, ResponseKind.CHALLENGE)


@dataclass
class GoalWork:
    """A goal (None: work that belongs to no goal the viewer may see) and its visible updates."""

    goal: Goal | None
    count: int = 0
    first_at: datetime | None = None
    latest_at: datetime | None = None
    latest: WorkUpdate | None = None
    first_on: date | None = None  # in the viewer's time zone
    latest_on: date | None = None

    @property
    def stage_reached(self) -> str | None:
        """The stage of the latest update: where the work stands now."""
        return self.latest.stage if self.latest else None

    @property
    def is_done(self) -> bool:
        return self.stage_reached == Stage.DONE


@dataclass
class AskHelped:
    update: WorkUpdate  # with its author
    credited_at: datetime
    resolved_on: date | None


@dataclass
class PersonCount:
    person: User
    count: int
    latest_at: datetime | None = None


@dataclass
class PrivateThanks:
    """Thanks shown only to the two people in them. ``mode`` says from whose side: "received"
    (the person's own legacy) or "given" (the viewer's own thanks to the person)."""

    mode: str
    people: list[PersonCount]
    total: int
    notes: list[Thanks]


@dataclass
class Legacy:
    person: User
    is_me: bool
    goals: list[GoalWork]
    other_work: GoalWork | None
    update_count: int
    asks: list[AskHelped]
    asks_count: int
    people_helped: list[PersonCount]
    public_thanks: list[PersonCount]
    public_thanks_count: int
    private_thanks: PrivateThanks | None = None
    time_zone: str = "UTC"
    goal_count: int = field(init=False)

    def __post_init__(self):
        self.goal_count = sum(1 for g in self.goals if g.count)

    @property
    def summary(self) -> str:
        """One line: “12 updates on 3 goals · helped resolve 4 asks · helped 6 people”."""
        n, g = self.update_count, self.goal_count
        work = _plural(n, "update")
        if g and self.other_work:
            work += f", {n - self.other_work.count} on {_plural(g, 'goal')}"
        elif g:
            work += f" on {_plural(g, 'goal')}"
        parts = [work, f"helped resolve {_plural(self.asks_count, 'ask')}"]
        parts.append(f"helped {_plural(len(self.people_helped), 'person', 'people')}")
        return " · ".join(parts)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _zone(viewer):
    name = getattr(viewer, "timezone", "") or ""
    try:
        return zoneinfo.ZoneInfo(name) if name else UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def _is_member(viewer) -> bool:
    return bool(viewer and viewer.is_authenticated and viewer.is_active)


# --- 1. work by goal ---------------------------------------------------------------------


def _goal_shown_q(viewer, person) -> Q:
    """Updates whose goal the viewer may see beside them: the author always; others when the
    goal's audience covers the update's (``audience.goal_shown_with``), as one condition."""
    if _is_member(viewer) and viewer.pk == person.pk:
        return Q()
    q = Q(pk__in=[])
    for goal_audience in (Audience.COMMUNITY, Audience.FOLLOWERS, Audience.ONLY_ME):
        for update_audience in Audience:
            if audience_covers(goal_audience, update_audience):
                q |= Q(goal__audience=goal_audience, audience=update_audience)
    return q


def work_by_goal(viewer, person) -> tuple[list[GoalWork], GoalWork | None, int]:
    """The person's visible work, grouped by the goals the viewer may see: two queries.

    Goals with visible work come first, latest activity first; then the viewer-visible goals
    with no update the viewer may read.
    """
    goals = list(visible_goals(viewer).filter(owner=person).order_by("-created_at", "-id"))
    goal_ids = [g.pk for g in goals]
    bucket = Case(
        When(Q(goal_id__in=goal_ids) & _goal_shown_q(viewer, person), then=F("goal_id")),
        default=Value(None),
        output_field=BigIntegerField(),
    )
    part = {"partition_by": [F("bucket")]}
    latest_rows = (
        visible_updates(viewer, WorkUpdate.objects.filter(author=person))
        .annotate(bucket=bucket)
        .annotate(
            n=Window(Count("id"), **part),
            first_at=Window(Min("published_at"), **part),
            rank=Window(RowNumber(), order_by=[F("published_at").desc(), F("id").desc()], **part),
        )
        .filter(rank=1)
        .only("id", "author_id", "goal_id", "body", "stage", "audience", "published_at")
        .order_by()
    )
    zone = _zone(viewer)
    by_bucket = {}
    for row in latest_rows:
        by_bucket[row.bucket] = GoalWork(
            goal=None,
            count=row.n,
            first_at=row.first_at,
            latest_at=row.published_at,
            latest=row,
            first_on=row.first_at.astimezone(zone).date(),
            latest_on=row.published_at.astimezone(zone).date(),
        )
    with_work, without = [], []
    for goal in goals:
        work = by_bucket.get(goal.pk) or GoalWork(goal=None)
        work.goal = goal
        (with_work if work.count else without).append(work)
    with_work.sort(key=lambda w: w.latest_at, reverse=True)
    other = by_bucket.get(None)
    total = sum(w.count for w in by_bucket.values())
    return with_work + without, other, total


# --- 2. asks they helped resolve ----------------------------------------------------------


def _resolved_asks(viewer, person):
    updates = visible_updates(viewer, WorkUpdate.objects.filter(ask_status=AskStatus.RESOLVED))
    return HelpCredit.objects.filter(helper=person, update__in=updates.values("pk"))


def asks_helped(viewer, person, limit: int = ASKS_SHOWN) -> tuple[list[AskHelped], int]:
    """The resolved asks the person was credited on, most recently resolved first, and how
    many there are in all: two queries."""
    credits = _resolved_asks(viewer, person)
    zone = _zone(viewer)
    rows = (
        credits.select_related("update__author")
        .only(
            "created_at",
            "update__id",
            "update__ask",
            "update__body",
            "update__ask_resolved_at",
            "update__author__username",
            "update__author__display_name",
            "update__author__is_active",
        )
        .order_by(F("update__ask_resolved_at").desc(nulls_last=True), "-id")[:limit]
    )
    asks = [
        AskHelped(
            update=c.update,
            credited_at=c.created_at,
            resolved_on=(
                c.update.ask_resolved_at.astimezone(zone).date()
                if c.update.ask_resolved_at
                else None
            ),
        )
        for c in rows
    ]
    count = len(asks) if len(asks) < limit else credits.count()
    return asks, count


# --- 3. people they helped ---------------------------------------------------------------


def helped_updates(viewer, person):
    """Others' updates the viewer may read on which the person helped (see the module doc)."""
    credited = HelpCredit.objects.filter(update=OuterRef("pk"), helper=person)
    offered = Response.objects.filter(update=OuterRef("pk"), author=person, kind__in=OFFER_KINDS)
    answered = Response.objects.filter(update=OuterRef("pk"), author=person, kind__in=ANSWER_KINDS)
    return visible_updates(viewer, WorkUpdate.objects.exclude(author=person)).filter(
        Q(Exists(credited))
        | Q(Exists(offered))
        | (~Q(ask_status=AskStatus.NONE) & Q(Exists(answered)))
    )


def people_helped(viewer, person) -> list[PersonCount]:
    """The people the person helped, with on how many updates: one query."""
    people = (
        User.objects.filter(work_updates__in=helped_updates(viewer, person))
        .annotate(n=Count("work_updates", distinct=True), latest=Max("work_updates__published_at"))
        .order_by("-n", "-latest", "username")
    )
    return [PersonCount(p, p.n, p.latest) for p in people]


# --- 4. who thanked them -----------------------------------------------------------------


def public_thanks(viewer, person) -> list[PersonCount]:
    """Who thanked the person with a "Thanks" response the viewer may read: one query."""
    updates = visible_updates(viewer).values("pk")
    thanked_by_update = Q(update__author=person)
    thanked_in_reply = Q(update__author=F("author"), parent__author=person)
    responses = Response.objects.filter(
        thanked_by_update | thanked_in_reply, kind=ResponseKind.THANKS, update__in=updates
    ).exclude(author=person)
    people = (
        User.objects.filter(responses__in=responses)
        .annotate(n=Count("responses", distinct=True), latest=Max("responses__created_at"))
        .order_by("-n", "-latest", "username")
    )
    return [PersonCount(p, p.n, p.latest) for p in people]


def private_thanks(viewer, person) -> PrivateThanks | None:
    """Thanks between the viewer and the person, from the side the viewer is on: the person's
    own legacy shows who thanked them; a member who thanked them sees their own thanks; for
    anyone else None (nothing, not even a count). Two queries; none for anyone else."""
    if not _is_member(viewer):
        return None
    updates = visible_updates(viewer).values("pk")
    if viewer.pk == person.pk:
        mode, thanks = "received", Thanks.objects.filter(receiver=person)
    else:
        mode, thanks = "given", Thanks.objects.filter(giver=viewer, receiver=person)
    thanks = thanks.filter(update__in=updates)
    givers = list(
        User.objects.filter(thanks_given__in=thanks)
        .annotate(n=Count("thanks_given", distinct=True), latest=Max("thanks_given__created_at"))
        .order_by("-n", "-latest", "username")
    )
    if mode == "given" and not givers:
        return None  # nothing of theirs to show: say nothing at all
    people = [PersonCount(p, p.n, p.latest) for p in givers]
    notes = list(
        thanks.exclude(note="")
        .select_related("giver", "update")
        .only(
            "note",
            "created_at",
            "giver__username",
            "giver__display_name",
            "update__id",
            "update__body",
        )
        .order_by("-created_at", "-id")[:NOTES_SHOWN]
    )
    return PrivateThanks(mode, people, sum(p.count for p in people), notes)


# --- all of it ---------------------------------------------------------------------------


def legacy_of(viewer, person) -> Legacy:
    """Everything the viewer may see of the person's legacy, in a fixed number of queries.

    The caller has checked that the viewer may see the person (``visible_people``).
    """
    goals, other, update_count = work_by_goal(viewer, person)
    asks, asks_count = asks_helped(viewer, person)
    public = public_thanks(viewer, person)
    return Legacy(
        person=person,
        is_me=_is_member(viewer) and viewer.pk == person.pk,
        goals=goals,
        other_work=other,
        update_count=update_count,
        asks=asks,
        asks_count=asks_count,
        people_helped=people_helped(viewer, person),
        public_thanks=public,
        public_thanks_count=sum(p.count for p in public),
        private_thanks=private_thanks(viewer, person),
        time_zone=str(_zone(viewer)),
    )
