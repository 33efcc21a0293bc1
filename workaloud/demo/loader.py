"""Build the demo community through the services real members use, then backdate it.

Everything a member could do in the product (sign-up checks, profiles, follows, goals, work
updates with their rendering and mentions, typed responses, resolving asks) goes through the
same service functions as the web views and the API, so the demo shows exactly what real use
would produce, notifications included. Only the timestamps are changed afterwards, with
queryset ``.update()`` calls, so the activity spans the last six weeks instead of one second.

The plan is made first, with a seeded ``random.Random``: who follows whom, when each update,
response and resolution happens. The events are then executed in time order, so ids grow with
time and every visibility check (followers-only updates, mentions) sees the follows that
already existed at that moment.
"""

from __future__ import annotations

import heapq
import itertools
import random
import textwrap
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from workaloud.audience import Audience
from workaloud.demo import content
from workaloud.demo.circles import load_demo_circles
from workaloud.demo.introductions import load_demo_introductions
from workaloud.demo.relationship_lists import load_demo_lists
from workaloud.demo.responses import AUTHOR_REPLIES, GENERIC, RESOLVED_THANKS, THANKS_NOTES
from workaloud.demo.staying_current import load_demo_rhythm
from workaloud.discovery import store as discovery_store
from workaloud.generosity.models import Thanks
from workaloud.generosity.services import say_thanks
from workaloud.goals.models import Goal, GoalFollow
from workaloud.goals.services import create_goal, follow_goal
from workaloud.markup import mentioned_usernames
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.people.models import Follow, User
from workaloud.people.services import follow, update_profile
from workaloud.relationships.models import Interaction
from workaloud.relationships.recompute import rebuild_all, redate_from_sources
from workaloud.responses.models import HelpCredit, Mention, Response
from workaloud.responses.services import respond
from workaloud.work.models import WorkUpdate
from workaloud.work.services import create_update, resolve_ask

SEED = 20240611
DEMO_USERNAME = "maya"
# Long, not a dictionary password, not like any demo person's name: passes the validators.
DEMO_PASSWORD = "narrate-your-work-in-progress"
WINDOW_DAYS = 42  # the activity spans the last six weeks
MIN_FOLLOWS, MAX_FOLLOWS = 4, 12
DEMO_UNREAD = 9  # notifications the demo login finds waiting


class DemoAlreadyLoaded(Exception):
    """The demo people exist already; loading again would clash with their usernames."""


@dataclass
class Summary:
    people: int = 0
    goals: int = 0
    goal_follows: int = 0
    follows: int = 0
    updates: int = 0
    drafts: int = 0
    responses: int = 0
    asks: int = 0
    resolved_asks: int = 0
    help_credits: int = 0
    thanks: int = 0
    circles: int = 0
    pool_entries: int = 0
    first_activity: datetime | None = None
    last_activity: datetime | None = None
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass(order=True)
class _Event:
    at: datetime
    seq: int
    run: Callable[[], None] = field(compare=False)


def _dedent(text: str) -> str:
    return textwrap.dedent(text).strip()


class DemoLoader:
    def __init__(self, *, now: datetime | None = None, seed: int = SEED):
        self.rng = random.Random(seed)
        self.now = now or timezone.now()
        self.start = self.now - timedelta(days=WINDOW_DAYS)
        self.people: dict[str, User] = {}
        self.specs = {p.username: p for p in content.PEOPLE}
        self.teams: dict[str, list[str]] = {}
        for p in content.PEOPLE:
            self.teams.setdefault(p.team, []).append(p.username)
        self.follow_at: dict[tuple[str, str], datetime] = {}  # (follower, followed) -> when
        self.events: list[_Event] = []
        self._seq = itertools.count()
        self.summary = Summary()
        self._first_notification = 0
        self._first_mention = 0
        self._first_interaction = 0

    # --- public ---------------------------------------------------------------------------

    @transaction.atomic
    def load(self) -> Summary:
        taken = list(
            User.objects.filter(username__in=list(self.specs)).values_list("username", flat=True)
        )
        if taken:
            raise DemoAlreadyLoaded(
                f"Demo people already exist ({', '.join(sorted(taken)[:3])}…); nothing loaded."
            )
        self._first_notification = self._max_id(Notification)
        self._first_mention = self._max_id(Mention)
        self._first_interaction = self._max_id(Interaction)
        self._create_people()
        self._plan_follows()
        for spec in content.PEOPLE:
            self._plan_person(spec)
        self._plan_goal_follows()
        while self.events:
            heapq.heappop(self.events).run()
        circles = load_demo_circles(self.now)
        load_demo_rhythm(self.now)
        load_demo_introductions()
        load_demo_lists(self.now)
        User.objects.get(username=DEMO_USERNAME).user_permissions.add(
            Permission.objects.get(codename="run_imports")  # Maya may import other tools' history
        )
        self.summary.circles, self.summary.pool_entries = circles.circles, circles.pool_entries
        self._date_notifications_and_mentions()
        self._date_interactions()
        self._mark_old_notifications_read()
        # Discovery profiles at once, so the first page shows aligned people and who could
        # help (the job would build them within a minute of the consumer starting).
        discovery_store.refresh_all()
        return self.summary

    # --- people and follows -----------------------------------------------------------------

    def _create_people(self) -> None:
        password_hash = make_password(DEMO_PASSWORD)  # one slow hash, shared by everyone
        for spec in content.PEOPLE:
            user = User(
                username=spec.username,
                email=f"{spec.username}@demo.workaloud.example",
                display_name=spec.display_name,
            )
            user.full_clean(exclude=["password"])
            password_validation.validate_password(DEMO_PASSWORD, user)
            user.password = password_hash
            user.save()
            update_profile(
                user,
                bio=spec.bio,
                team=spec.team,
                department=content.DEPARTMENTS[spec.team],
                location=spec.location,
                timezone=spec.timezone,
                languages=spec.languages,
                purpose=spec.purpose,
            )
            joined = self.now - timedelta(days=self.rng.uniform(60, 150))
            User.objects.filter(pk=user.pk).update(date_joined=joined)
            self.people[spec.username] = user
            self.summary.people += 1

    def _plan_follows(self) -> None:
        """Who follows whom: teammates, people they talk to, and some cross-team ties."""
        wanted: dict[str, set[str]] = {name: set() for name in self.specs}

        def tie(a: str, b: str) -> None:
            if a != b:
                wanted[a].add(b)

        for spec in content.PEOPLE:
            for u in self._all_updates(spec):
                for r in u.responses:
                    tie(r.who, spec.username)  # a responder reads the author's updates
                for name in mentioned_usernames(u.body):
                    tie(spec.username, name)
                    tie(name, spec.username)
        for name, follows in wanted.items():
            teammates = [t for t in self.teams[self.specs[name].team] if t != name]
            for t in self.rng.sample(teammates, k=min(len(teammates), 3)):
                follows.add(t)
            target = self.rng.randint(6, MAX_FOLLOWS) if name != DEMO_USERNAME else MAX_FOLLOWS
            others = [n for n in self.specs if n != name and n not in follows]
            self.rng.shuffle(others)
            while len(follows) < max(target, MIN_FOLLOWS) and others:
                follows.add(others.pop())
        everyone_follows_demo = [n for n in self.specs if n != DEMO_USERNAME]
        for name in self.rng.sample(everyone_follows_demo, k=14):
            wanted[name].add(DEMO_USERNAME)  # the demo login starts with a real audience
        for follower, followed_names in wanted.items():
            for followed in sorted(followed_names):
                # Most ties predate the window; some form during it, as people discover work.
                if self.rng.random() < 0.85:
                    at = self.start - timedelta(days=self.rng.uniform(1, 20))
                else:
                    at = self.now - timedelta(days=self.rng.uniform(2, WINDOW_DAYS - 2))
                self.follow_at[(follower, followed)] = at
                self._schedule(at, self._do_follow, follower, followed, at)

    def _do_follow(self, follower: str, followed: str, at: datetime) -> None:
        relation = follow(self.people[follower], self.people[followed])
        Follow.objects.filter(pk=relation.pk).update(created_at=at)
        self.summary.follows += 1

    def _followers_at(self, author: str, at: datetime) -> list[str]:
        return sorted(
            follower
            for (follower, followed), when in self.follow_at.items()
            if followed == author and when < at
        )

    # --- goals, updates and responses ---------------------------------------------------------

    @staticmethod
    def _all_updates(spec: content.P):
        for g in spec.goals:
            yield from g.updates
        yield from spec.updates

    def _plan_person(self, spec: content.P) -> None:
        tz = zoneinfo.ZoneInfo(spec.timezone)
        for goal_spec in spec.goals:
            goal_at = self.start - timedelta(days=self.rng.uniform(0.5, 14))
            holder: dict[str, Goal] = {}
            self._schedule(goal_at, self._do_goal, spec.username, goal_spec, goal_at, holder)
            times = self._spread(len(goal_spec.updates), tz)
            for u, at in zip(goal_spec.updates, times, strict=True):
                self._plan_update(spec, u, at, holder)
        for u in spec.updates:
            self._plan_update(spec, u, self._spread(1, tz)[0], None)

    def _spread(self, count: int, tz: zoneinfo.ZoneInfo) -> list[datetime]:
        """``count`` moments across the window in order, in the author's working hours."""
        span = (WINDOW_DAYS - 0.5) / count
        moments = []
        for i in range(count):
            days_ago = WINDOW_DAYS - 0.3 - span * i - self.rng.uniform(0, span)
            moments.append(self._working_hours(self.now - timedelta(days=days_ago), tz))
        return sorted(moments)

    def _working_hours(self, at: datetime, tz: zoneinfo.ZoneInfo) -> datetime:
        local = at.astimezone(tz)
        if local.weekday() >= 5 and self.rng.random() < 0.85:
            local -= timedelta(days=local.weekday() - 4)  # to Friday
        local = local.replace(
            hour=self.rng.randint(8, 17), minute=self.rng.randint(0, 59), second=0, microsecond=0
        )
        moment = local.astimezone(UTC)
        if moment > self.now - timedelta(minutes=30):
            moment = self.now - timedelta(minutes=self.rng.randint(30, 300))
        return max(moment, self.start)

    def _do_goal(self, owner: str, spec: content.G, at: datetime, holder: dict) -> None:
        target = (at + timedelta(weeks=12)).date()
        goal = create_goal(
            self.people[owner],
            title=spec.title,
            why=spec.why,
            target_date=target,
            status=spec.status,
            audience=spec.audience,
        )
        Goal.objects.filter(pk=goal.pk).update(created_at=at, updated_at=at)
        holder["goal"] = goal
        self.summary.goals += 1

    def _plan_update(self, spec: content.P, u: content.U, at: datetime, goal_holder) -> None:
        holder: dict = {}
        self._schedule(at, self._do_update, spec.username, u, at, goal_holder, holder)
        if u.draft or u.audience == Audience.ONLY_ME:
            return
        author = spec.username
        cursor = at
        offers: list[tuple[str, dict]] = []  # (helper, holder) of offers of help
        planned: list[tuple[datetime, str, str, str, dict | None, dict]] = []

        def add(who, kind, body, parent=None, *, gap_hours=5.0):
            nonlocal cursor
            when = self._after(cursor if parent is None else parent["at"], gap_hours)
            if parent is None:
                cursor = when
            response_holder = {"at": when}
            planned.append((when, who, kind, body, parent, response_holder))
            return response_holder

        for r in u.responses:
            top = add(r.who, r.kind, r.body)
            if r.kind == "offer_of_help":
                offers.append((r.who, top))
            if r.reply:
                add(
                    author,
                    "thanks" if r.kind == "offer_of_help" else "comment",
                    r.reply,
                    top,
                    gap_hours=3,
                )
        # General responses from the people around the author, more on stuck work and asks.
        extra = self.rng.choice([0, 1, 1, 2, 2, 3]) - len(u.responses) // 2
        if u.stage == "stuck" or u.ask:
            extra += 1
        used = {r.who for r in u.responses} | {author}
        for _ in range(max(extra, 0)):
            who = self._pick_responder(author, at, u.audience, used)
            if who is None:
                break
            used.add(who)
            kind = self._pick_kind(u)
            top = add(who, kind, self._generic(kind, author, who))
            if kind == "offer_of_help":
                offers.append((who, top))
            if kind in AUTHOR_REPLIES and self.rng.random() < 0.55:
                reply_kind = "thanks" if kind in ("offer_of_help", "encouragement") else "comment"
                add(author, reply_kind, self.rng.choice(AUTHOR_REPLIES[kind]), top, gap_hours=3)
        if u.ask and not offers and (u.resolved or self.rng.random() < 0.6):
            who = self._pick_responder(author, at, u.audience, used)
            if who:
                body = self._generic("offer_of_help", author, who)
                offers.append((who, add(who, "offer_of_help", body)))
        for when, who, kind, body, parent, response_holder in planned:
            self._schedule(
                when, self._do_response, holder, who, kind, body, parent, response_holder
            )
        if u.ask and u.resolved and offers:
            last = max(p[0] for p in planned)
            when = self._after(last, 8)
            self._schedule(when, self._do_resolve, author, holder, offers, when)

    def _after(self, moment: datetime, mean_hours: float) -> datetime:
        """A moment a little after ``moment``, never later than a minute ago."""
        latest = self.now - timedelta(minutes=1)
        when = (
            moment + timedelta(minutes=10) + timedelta(hours=self.rng.expovariate(1 / mean_hours))
        )
        if when >= latest:
            when = moment + (latest - moment) * self.rng.uniform(0.3, 0.95)
        return when

    def _pick_responder(self, author: str, at: datetime, audience: str, used: set[str]):
        followers = [f for f in self._followers_at(author, at) if f not in used]
        if audience == Audience.FOLLOWERS or (followers and self.rng.random() < 0.7):
            pool = followers
        else:
            pool = [n for n in self.specs if n not in used]
        return self.rng.choice(pool) if pool else None

    def _pick_kind(self, u: content.U) -> str:
        weights = {
            "idea": {"comment": 3, "question": 3, "challenge": 2, "encouragement": 2,
                     "offer_of_help": 1, "thanks": 0},
            "in_progress": {"comment": 3, "question": 2, "challenge": 1, "encouragement": 3,
                            "offer_of_help": 1, "thanks": 1},
            "stuck": {"comment": 1, "question": 2, "challenge": 1, "encouragement": 3,
                      "offer_of_help": 4, "thanks": 0},
            "done": {"comment": 2, "question": 1, "challenge": 1, "encouragement": 4,
                     "offer_of_help": 0, "thanks": 3},
        }[u.stage]  # fmt: skip
        if u.ask:
            weights = {**weights, "offer_of_help": weights["offer_of_help"] + 2}
        kinds = list(weights)
        return self.rng.choices(kinds, weights=[weights[k] for k in kinds])[0]

    def _generic(self, kind: str, author: str, responder: str) -> str:
        text = self.rng.choice(GENERIC[kind])
        if "{mention}" in text:
            team = self.specs[author].team
            candidates = [n for n in self.teams[team] if n not in (author, responder)]
            text = text.replace("{mention}", "@" + self.rng.choice(candidates))
        return text

    def _do_update(self, author: str, u: content.U, at: datetime, goal_holder, holder) -> None:
        update = create_update(
            self.people[author],
            publish=not u.draft,
            body=_dedent(u.body),
            goal=goal_holder["goal"] if goal_holder else None,
            stage=u.stage,
            why_it_matters=u.why,
            who_for=u.who_for,
            whats_next=u.next,
            ask=u.ask,
            audience=u.audience,
        )
        WorkUpdate.objects.filter(pk=update.pk).update(
            created_at=at, published_at=None if u.draft else at
        )
        holder["update"] = update
        if u.draft:
            self.summary.drafts += 1
        else:
            self.summary.updates += 1
            self.summary.asks += bool(u.ask)
            first, last = self.summary.first_activity, self.summary.last_activity
            self.summary.first_activity = min(filter(None, [first, at]))
            self.summary.last_activity = max(filter(None, [last, at]))

    def _do_response(self, holder, who, kind, body, parent, response_holder) -> None:
        at = response_holder["at"]
        response = respond(
            holder["update"],
            self.people[who],
            kind=kind,
            body=body,
            parent_id=parent["response"].pk if parent else None,
        )
        Response.objects.filter(pk=response.pk).update(created_at=at)
        response_holder["response"] = response
        self.summary.responses += 1
        self.summary.by_kind[kind] = self.summary.by_kind.get(kind, 0) + 1

    def _do_resolve(self, author: str, holder, offers, at: datetime) -> None:
        update = holder["update"]
        update.refresh_from_db()
        credits = resolve_ask(
            update,
            self.people[author],
            response_ids=[h["response"].pk for _, h in offers],
        )
        WorkUpdate.objects.filter(pk=update.pk).update(ask_resolved_at=at)
        HelpCredit.objects.filter(pk__in=[c.pk for c in credits]).update(created_at=at)
        self.summary.resolved_asks += 1
        self.summary.help_credits += len(credits)
        when = self._after(at, 1)
        if self.rng.random() < 0.5:
            helpers = " and ".join(sorted({f"@{who}" for who, _ in offers}))
            body = self.rng.choice(RESOLVED_THANKS).format(helpers=helpers)
            self._schedule(when, self._do_response, holder, author, "thanks", body, None,
                           {"at": when})  # fmt: skip
        else:  # a quiet "Say thanks" on each offer instead of a public reply
            for _, offer in offers:
                self._schedule(when, self._do_say_thanks, author, offer, when)

    def _do_say_thanks(self, author: str, offer_holder, at: datetime) -> None:
        note = self.rng.choice(THANKS_NOTES)
        thanks = say_thanks(self.people[author], response_id=offer_holder["response"].pk, note=note)
        Thanks.objects.filter(pk=thanks.pk).update(created_at=at)
        self.summary.thanks += 1

    def _plan_goal_follows(self) -> None:
        """People follow a few goals of people they follow (never their own, never hidden)."""
        goal_specs = {
            name: [(i, g) for i, g in enumerate(spec.goals)] for name, spec in self.specs.items()
        }
        for (follower, followed), when in sorted(self.follow_at.items()):
            for index, g in goal_specs[followed]:
                if g.audience == Audience.ONLY_ME or self.rng.random() > 0.18:
                    continue
                at = max(when, self.start) + timedelta(days=self.rng.uniform(0.5, 20))
                if at >= self.now:
                    continue
                self._schedule(at, self._do_goal_follow, follower, followed, index, at)

    def _do_goal_follow(self, follower: str, owner: str, index: int, at: datetime) -> None:
        title = self.specs[owner].goals[index].title
        goal = Goal.objects.get(owner=self.people[owner], title=title)
        relation = follow_goal(self.people[follower], goal)
        GoalFollow.objects.filter(pk=relation.pk).update(created_at=at)
        self.summary.goal_follows += 1

    # --- bookkeeping --------------------------------------------------------------------------

    def _schedule(self, at: datetime, run, *args) -> None:
        heapq.heappush(self.events, _Event(at, next(self._seq), lambda: run(*args)))

    @staticmethod
    def _max_id(model) -> int:
        return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def _date_notifications_and_mentions(self) -> None:
        """Give each notification and mention the moment of the act that caused it.

        Done once at the end, in a handful of UPDATE statements, rather than after each act.
        """
        notes = Notification.objects.filter(pk__gt=self._first_notification)
        response_time = Subquery(
            Response.objects.filter(pk=OuterRef("response_id")).values("created_at")
        )
        update_time = Subquery(
            WorkUpdate.objects.filter(pk=OuterRef("update_id")).values("published_at")
        )
        notes.filter(
            kind__in=[
                NotificationKind.RESPONSE,
                NotificationKind.REPLY,
                NotificationKind.OFFER_OF_HELP,
            ]
        ).update(created_at=response_time)
        notes.filter(kind=NotificationKind.MENTION, response__isnull=False).update(
            created_at=response_time
        )
        notes.filter(kind=NotificationKind.MENTION, response__isnull=True).update(
            created_at=update_time
        )
        notes.filter(kind=NotificationKind.FOLLOW).update(
            created_at=Subquery(
                Follow.objects.filter(
                    follower_id=OuterRef("actor_id"), followed_id=OuterRef("recipient_id")
                ).values("created_at")
            )
        )
        notes.filter(kind=NotificationKind.GOAL_FOLLOW).update(
            created_at=Subquery(
                GoalFollow.objects.filter(
                    person_id=OuterRef("actor_id"), goal_id=OuterRef("goal_id")
                ).values("created_at")
            )
        )
        notes.filter(kind=NotificationKind.THANKS).update(
            created_at=Subquery(
                Thanks.objects.filter(
                    giver_id=OuterRef("actor_id"),
                    receiver_id=OuterRef("recipient_id"),
                    response_id=OuterRef("response_id"),
                ).values("created_at")[:1]
            )
        )
        notes.filter(kind=NotificationKind.CREDITED).update(
            created_at=Subquery(
                HelpCredit.objects.filter(
                    update_id=OuterRef("update_id"), helper_id=OuterRef("recipient_id")
                ).values("created_at")
            )
        )
        mentions = Mention.objects.filter(pk__gt=self._first_mention)
        mentions.filter(response__isnull=False).update(created_at=response_time)
        mentions.filter(response__isnull=True).update(created_at=update_time)

    def _date_interactions(self) -> None:
        """The ledger takes the backdated times of its acts; the figures are rebuilt from it."""
        redate_from_sources(Interaction.objects.filter(pk__gt=self._first_interaction))
        rebuild_all()

    def _mark_old_notifications_read(self) -> None:
        """People have read what is older than a few days; the demo login has news waiting."""
        demo = self.people[DEMO_USERNAME]
        mine = Notification.objects.filter(recipient__in=list(self.people.values()))
        mine.filter(created_at__lt=self.now - timedelta(days=3)).exclude(recipient=demo).update(
            read_at=F("created_at") + timedelta(hours=6)
        )
        newest = mine.filter(recipient=demo).order_by("-created_at", "-pk")
        news = list(newest.values_list("pk", flat=True)[:DEMO_UNREAD])
        newest.exclude(pk__in=news).filter(created_at__lt=self.now - timedelta(hours=6)).update(
            read_at=F("created_at") + timedelta(hours=6)
        )


def load_demo(*, now: datetime | None = None) -> Summary:
    return DemoLoader(now=now).load()
