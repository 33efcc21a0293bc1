"""Building digests: what goes into one person's email for one period, for many people at once.

A digest holds, for its person and period (``periods.py``):

* **new work** (updates without an open ask) and **open asks** from the people and goals
  they follow, newest first (a few of each, with how many there were in all);
* **asks they could help with**: open asks from across the community (people they don't
  follow) whose words match what they wrote about (their purpose, their active goals' titles
  and their recent updates), each with the words that matched;
* **responses to their work they have not seen**: unread response and reply notifications of
  the period;
* the **notifications they chose to get in the digest** (``notifications.preferences``)
  that they have not read in the app yet, other than those responses;
* their **reflection prompt** and a **one-line view of the period** (interactions given and
  received, from the ledger).

**What never goes in.** Anything the person may not see (``workaloud.audience``), and anything
from a circle: an email leaves the app, and a circle's space is confidential, so circle
updates, notifications about them, and asks shared with a circle are left out even for the
circle's members. Another person's private items never appear; the person's own words are
used to match asks but only the matched words are shown, to them alone.

**How it scales.** ``WindowBuilder`` builds the digests of every person who shares a period
(the same zone and frequency), a batch of people at a time, with a few queries per batch:
their follows, the windowed updates of the authors they follow, the updates on goals they
follow, their own texts, their unread responses, their given/received counts, and the details
of the items chosen. Per followed author it keeps only a summary of the window (counts and
the newest few items), in a cache of bounded size shared by the batches: merging the
summaries of a person's ~200 authors gives their newest items exactly, as the newest *k* of a
union lie among the newest *k* of each part. The open asks of the window are indexed once
(word → the newest asks holding it). Memory therefore depends on the window and the batch
size, not on how many people get a digest.

For a person who follows an author, the author's updates that the person may see and that
are not a circle's are exactly those with the audience "community" or "followers" (published,
not deleted, not hidden): that is ``FOLLOWED_VISIBLE`` below, the condition of
``audience.visible_updates`` for a follower without its circle branch. For updates on a
followed goal whose author the person does not follow, only "community" passes. The tests
compare both with ``visible_updates`` item by item.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
import re
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field

from django.db import connection

from workaloud.audience import Audience, goal_visible_with
from workaloud.digests.periods import Period
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.work.models import AskStatus, WorkUpdate

#: How many items of each section a digest lists (the totals are counted in full).
UPDATES_SHOWN = 6
ASKS_SHOWN = 5
HELP_SHOWN = 3
RESPONSES_SHOWN = 5
NOTES_SHOWN = 8
#: Authors whose window summary is kept between batches.
AUTHOR_CACHE_SIZE = 50_000
#: The newest asks kept per word of the ask index, and the words kept per person.
ASKS_PER_WORD = 50
WORDS_PER_PERSON = 40
#: How many of a person's own latest updates count towards their words.
OWN_UPDATES = 20
OWN_UPDATES_DAYS = 28
#: Chunk size for IN (...) lists.
CHUNK = 500

COMMUNITY = Audience.COMMUNITY.value
FOLLOWERS = Audience.FOLLOWERS.value
UPDATE_TABLE = WorkUpdate._meta.db_table
LIVE = "u.deleted_at IS NULL AND u.hidden_at IS NULL AND u.published_at IS NOT NULL"
FOLLOWED_VISIBLE = f"{LIVE} AND u.audience IN ('{COMMUNITY}', '{FOLLOWERS}')"
RESPONSE_KINDS = (NotificationKind.RESPONSE.value, NotificationKind.REPLY.value)

WORD = re.compile(r"[^\W\d_]{4,}")
STOPWORDS = frozenset(
    """
    about above after again against also anyone anything around because been before being
    below between both could does doing done down during each else even ever every from
    further have having here into just know like looking made make many more most much need
    needs only other over same should some someone something still such than that their
    theirs them then there these they thing things this those through under until very want
    week weeks were what when where which while will with would your yours today tomorrow
    yesterday work working help thanks thank good great first last next really
    """.split()
)


def words_of(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOPWORDS]


# --- what a digest holds ---------------------------------------------------------------------


@dataclass(slots=True)
class UpdateItem:
    update: WorkUpdate
    url: str
    goal_title: str = ""
    via_goal: bool = False  # there because the person follows its goal, not its author
    matched: list[str] = field(default_factory=list)  # for asks they could help with


@dataclass(slots=True)
class NoteItem:
    notification: Notification
    message: str
    url: str
    snippet: str = ""


@dataclass
class Digest:
    person: object
    period: Period
    updates: list[UpdateItem] = field(default_factory=list)
    updates_total: int = 0
    asks: list[UpdateItem] = field(default_factory=list)
    asks_total: int = 0
    could_help: list[UpdateItem] = field(default_factory=list)
    responses: list[NoteItem] = field(default_factory=list)
    responses_total: int = 0
    notes: list[NoteItem] = field(default_factory=list)
    prompt: object | None = None
    given: int = 0
    received: int = 0

    @property
    def item_count(self) -> int:
        """Items worth an email: the prompt and the one-line view alone are not."""
        return (
            self.updates_total
            + self.asks_total
            + len(self.could_help)
            + self.responses_total
            + len(self.notes)
        )

    @property
    def is_empty(self) -> bool:
        return self.item_count == 0


@dataclass(slots=True)
class _AuthorWindow:
    """One author's updates in the window that their followers may see: counts and newest
    few, apart for updates with an open ask and without."""

    count: int = 0  # without an open ask
    newest: list = field(default_factory=list)  # (published_at, id), newest first
    asks: int = 0
    newest_asks: list = field(default_factory=list)


# --- SQL helpers -----------------------------------------------------------------------------


def _chunks(ids, size=CHUNK):
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _when(moment: dt.datetime):
    return connection.ops.adapt_datetimefield_value(moment)


def _snippet(text: str, length: int = 180) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# --- the builder -----------------------------------------------------------------------------


class WindowBuilder:
    """Builds the digests of people who share one period window (``start``–``end``)."""

    def __init__(self, start: dt.datetime, end: dt.datetime, site_url: str):
        self.start, self.end = start, end
        self.site_url = site_url.rstrip("/")
        self._start_db, self._end_db = _when(start), _when(end)
        self._authors: OrderedDict[int, _AuthorWindow] = OrderedDict()
        self._ask_index: tuple[dict, dict, float] | None = None
        self._update_route = _route("update_detail")

    # -- followed authors' windows, cached ----------------------------------------------

    def _author_windows(self, author_ids: set[int]) -> dict[int, _AuthorWindow]:
        cache = self._authors
        missing = [a for a in author_ids if a not in cache]
        for chunk in _chunks(sorted(missing)):
            found = {a: _AuthorWindow() for a in chunk}
            rows = _rows(
                f"SELECT u.author_id, u.published_at, u.id, u.ask_status FROM {UPDATE_TABLE} u"
                f" WHERE u.author_id IN ({_marks(len(chunk))})"
                f" AND u.published_at >= %s AND u.published_at < %s AND {FOLLOWED_VISIBLE}"
                " ORDER BY u.author_id, u.published_at DESC, u.id DESC",
                [*chunk, self._start_db, self._end_db],
            )
            for author, published, uid, ask_status in rows:
                w = found[author]
                if ask_status == AskStatus.OPEN:
                    w.asks += 1
                    if len(w.newest_asks) < ASKS_SHOWN:
                        w.newest_asks.append((published, uid))
                else:
                    w.count += 1
                    if len(w.newest) < UPDATES_SHOWN:
                        w.newest.append((published, uid))
            cache.update(found)
        result = {}
        for a in author_ids:
            cache.move_to_end(a)
            result[a] = cache[a]
        while len(cache) > AUTHOR_CACHE_SIZE:
            cache.popitem(last=False)
        return result

    # -- the community's open asks of the window, by word ---------------------------------

    def _asks_by_word(self):
        """(word → newest ask ids holding it, ask id → (author, words), idf base), once."""
        if self._ask_index is None:
            postings: dict[str, list[int]] = defaultdict(list)
            df: Counter = Counter()
            kept: dict[int, tuple[int, frozenset]] = {}
            total = 0
            sql = (
                f"SELECT u.id, u.author_id, u.ask FROM {UPDATE_TABLE} u"
                " WHERE u.ask_status = %s AND u.audience = %s"
                f" AND u.published_at >= %s AND u.published_at < %s AND {LIVE}"
                " ORDER BY u.published_at DESC, u.id DESC"
            )
            with connection.cursor() as cur:
                cur.execute(sql, [AskStatus.OPEN, COMMUNITY, self._start_db, self._end_db])
                while rows := cur.fetchmany(5000):
                    for uid, author, text in rows:
                        total += 1
                        words = frozenset(words_of(text))
                        keep = False
                        for w in words:
                            df[w] += 1
                            if len(postings[w]) < ASKS_PER_WORD:
                                postings[w].append(uid)
                                keep = True
                        if keep:
                            kept[uid] = (author, words)
            idf = {w: math.log((1 + total) / n) + 1e-9 for w, n in df.items()}
            self._ask_index = (dict(postings), kept, idf)
        return self._ask_index

    def _could_help(self, person_id, own_words: Counter, follows: set, taken: set) -> list:
        postings, asks, idf = self._asks_by_word()
        if not postings:
            return []
        words = [w for w, _ in own_words.most_common(WORDS_PER_PERSON) if w in postings]
        scores: dict[int, float] = defaultdict(float)
        for w in words:
            for uid in postings[w]:
                scores[uid] += idf[w]
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))
        chosen = []
        for uid, _score in ranked:
            author, ask_words = asks[uid]
            if author == person_id or author in follows or uid in taken:
                continue
            matched = sorted((w for w in words if w in ask_words), key=lambda w: (-idf[w], w))
            chosen.append((uid, matched[:4]))
            if len(chosen) == HELP_SHOWN:
                break
        return chosen

    # -- per batch ----------------------------------------------------------------------

    def build(self, people: list, period_of) -> list[Digest]:
        """The digests of ``people`` (who all share this window); ``period_of(person)`` gives
        each one's ``Period``."""
        from workaloud.reflection.prompts import prompt_for

        if not people:
            return []
        ids = [p.pk for p in people]
        follows = self._follows(ids)
        windows = self._author_windows(set().union(*follows.values()) if follows else set())
        goal_updates = self._followed_goal_updates(ids, follows)
        own_words = self._own_words(people)
        responses = self._unread_responses(ids, follows)
        digest_notes = self._digest_notifications(ids, follows)
        given, received = self._given_received(ids)

        plans = []
        wanted_updates: set[int] = set()
        wanted_notes: set[int] = set()
        for person in people:
            pid = person.pk
            followed = follows.get(pid, set())
            parts = [windows[a] for a in followed]
            extra = goal_updates.get(pid, {})
            newest_asks = heapq.nlargest(
                ASKS_SHOWN,
                itertools.chain(
                    itertools.chain.from_iterable(w.newest_asks for w in parts),
                    ((p, u) for u, (p, is_ask) in extra.items() if is_ask),
                ),
            )
            ask_ids = [u for _, u in newest_asks]
            newest = heapq.nlargest(
                UPDATES_SHOWN,
                itertools.chain(
                    itertools.chain.from_iterable(w.newest for w in parts),
                    ((p, u) for u, (p, is_ask) in extra.items() if not is_ask),
                ),
            )
            update_ids = [u for _, u in newest]
            taken = set(ask_ids) | set(update_ids)
            helps = self._could_help(pid, own_words.get(pid, Counter()), followed, taken)
            notes = digest_notes.get(pid, [])[:NOTES_SHOWN]
            mine = responses.get(pid, [])
            plan = {
                "person": person,
                "update_ids": update_ids,
                "updates_total": sum(w.count for w in parts)
                + sum(1 for v in extra.values() if not v[1]),
                "ask_ids": ask_ids,
                "asks_total": sum(w.asks for w in parts) + sum(1 for v in extra.values() if v[1]),
                "goal_ids": set(extra),
                "helps": helps,
                "response_ids": [nid for _, nid in mine[:RESPONSES_SHOWN]],
                "responses_total": len(mine),
                "notes": notes,
            }
            wanted_updates.update(update_ids, ask_ids, (u for u, _ in helps))
            wanted_notes.update(plan["response_ids"], plan["notes"])
            plans.append(plan)

        updates = self._updates(wanted_updates)
        notes_by_id = self._notifications(wanted_notes)
        digests = []
        for plan in plans:
            person = plan["person"]
            period = period_of(person)
            digest = Digest(person=person, period=period)
            item = self._item_factory(person, updates, plan["goal_ids"])
            digest.updates = [item(u) for u in plan["update_ids"] if u in updates]
            digest.updates_total = plan["updates_total"]
            digest.asks = [item(u) for u in plan["ask_ids"] if u in updates]
            digest.asks_total = plan["asks_total"]
            digest.could_help = [item(u, matched) for u, matched in plan["helps"] if u in updates]
            digest.responses = [
                self._note(notes_by_id[n]) for n in plan["response_ids"] if n in notes_by_id
            ]
            digest.responses_total = plan["responses_total"]
            digest.notes = [self._note(notes_by_id[n]) for n in plan["notes"] if n in notes_by_id]
            digest.prompt = prompt_for(person, on=period.end.astimezone(period.zone).date())
            digest.given = given.get(person.pk, 0)
            digest.received = received.get(person.pk, 0)
            digests.append(digest)
        return digests

    # -- the batch queries ----------------------------------------------------------------

    def _follows(self, ids) -> dict[int, set[int]]:
        from workaloud.people.models import Follow

        follows: dict[int, set[int]] = defaultdict(set)
        for chunk in _chunks(ids):
            for follower, followed in _rows(
                f"SELECT follower_id, followed_id FROM {Follow._meta.db_table}"
                f" WHERE follower_id IN ({_marks(len(chunk))})",
                chunk,
            ):
                follows[follower].add(followed)
        return follows

    def _followed_goal_updates(self, ids, follows) -> dict[int, dict[int, tuple]]:
        """Per person, updates of the window on goals they follow by authors they don't follow
        (those they follow are counted already): {update id: (published_at, has open ask)}."""
        from workaloud.goals.models import GoalFollow

        result: dict[int, dict[int, tuple]] = defaultdict(dict)
        for chunk in _chunks(ids):
            rows = _rows(
                f"SELECT gf.person_id, u.id, u.published_at, u.ask_status, u.author_id"
                f" FROM {GoalFollow._meta.db_table} gf JOIN {UPDATE_TABLE} u"
                " ON u.goal_id = gf.goal_id"
                f" WHERE gf.person_id IN ({_marks(len(chunk))})"
                f" AND u.published_at >= %s AND u.published_at < %s AND {LIVE}"
                " AND u.audience = %s",
                [*chunk, self._start_db, self._end_db, COMMUNITY],
            )
            for person, uid, published, ask_status, author in rows:
                if author != person and author not in follows.get(person, ()):
                    result[person][uid] = (published, ask_status == AskStatus.OPEN)
        return result

    def _own_words(self, people) -> dict[int, Counter]:
        """The words of each person's purpose, active goals and latest updates (not circle
        ones: a circle's words stay in the circle)."""
        from workaloud.goals.models import Goal

        words: dict[int, Counter] = {p.pk: Counter(words_of(p.purpose or "")) for p in people}
        ids = list(words)
        since = _when(self.end - dt.timedelta(days=OWN_UPDATES_DAYS))
        for chunk in _chunks(ids):
            marks = _marks(len(chunk))
            for owner, title in _rows(
                f"SELECT owner_id, title FROM {Goal._meta.db_table}"
                f" WHERE owner_id IN ({marks}) AND status = %s",
                [*chunk, Goal.Status.ACTIVE],
            ):
                words[owner].update(words_of(title))
            for author, body, ask in _rows(
                "SELECT author_id, body, ask FROM ("
                "SELECT u.author_id, u.body, u.ask, ROW_NUMBER() OVER ("
                " PARTITION BY u.author_id ORDER BY u.published_at DESC, u.id DESC) AS n"
                f" FROM {UPDATE_TABLE} u WHERE u.author_id IN ({marks})"
                f" AND u.published_at >= %s AND u.published_at < %s AND {LIVE}"
                " AND u.audience <> %s) mine WHERE n <= %s",
                [*chunk, since, self._end_db, Audience.CIRCLE.value, OWN_UPDATES],
            ):
                words[author].update(words_of(body))
                words[author].update(words_of(ask))
        return words

    def _unread_responses(self, ids, follows) -> dict[int, list]:
        """Per person, their unread response and reply notifications of the period about
        updates they may still see and that are not a circle's: [(created_at, id)], newest
        first."""
        result: dict[int, list] = defaultdict(list)
        for chunk in _chunks(ids):
            rows = _rows(
                f"SELECT n.recipient_id, n.created_at, n.id, u.author_id, u.audience"
                f" FROM {Notification._meta.db_table} n JOIN {UPDATE_TABLE} u"
                " ON u.id = n.update_id"
                f" WHERE n.recipient_id IN ({_marks(len(chunk))}) AND n.read_at IS NULL"
                " AND n.kind IN (%s, %s) AND n.created_at >= %s AND n.created_at < %s"
                f" AND {LIVE}",
                [*chunk, *RESPONSE_KINDS, self._start_db, self._end_db],
            )
            for person, created, nid, author, audience in rows:
                if _may_see(person, author, audience, follows.get(person, ())):
                    result[person].append((created, nid))
        for items in result.values():
            items.sort(reverse=True)
        return result

    def _digest_notifications(self, ids, follows) -> dict[int, list[int]]:
        """Per person, ids of their unread notifications of the period whose kind they want in
        the digest (other than responses and replies, listed apart), newest first.

        ``preferences.digest_notifications`` for a whole batch in two queries: the same kinds
        (each person's choice, or the default), and the same visibility (``notifications_for``:
        an update or goal the person may still see), with nothing about a circle."""
        from workaloud.goals.models import Goal
        from workaloud.notifications.models import Delivery, KindDelivery
        from workaloud.notifications.preferences import DEFAULT_DELIVERY

        wanted = {
            pid: {k for k, v in DEFAULT_DELIVERY.items() if v == Delivery.DIGEST} for pid in ids
        }
        for pid, kind, delivery in KindDelivery.objects.filter(person_id__in=ids).values_list(
            "person_id", "kind", "delivery"
        ):
            if kind in DEFAULT_DELIVERY:
                (wanted[pid].add if delivery == Delivery.DIGEST else wanted[pid].discard)(kind)
        kinds = sorted(set().union(*wanted.values()) - set(RESPONSE_KINDS))
        result: dict[int, list] = defaultdict(list)
        if not kinds:
            return result
        for chunk in _chunks(ids):
            rows = _rows(
                "SELECT n.recipient_id, n.created_at, n.id, n.kind, u.author_id, u.audience,"
                " u.published_at, u.deleted_at, u.hidden_at, n.update_id,"
                " g.owner_id, g.audience, n.goal_id"
                f" FROM {Notification._meta.db_table} n"
                f" LEFT JOIN {UPDATE_TABLE} u ON u.id = n.update_id"
                f" LEFT JOIN {Goal._meta.db_table} g ON g.id = n.goal_id"
                f" WHERE n.recipient_id IN ({_marks(len(chunk))}) AND n.read_at IS NULL"
                f" AND n.kind IN ({_marks(len(kinds))}) AND n.circle_id IS NULL"
                " AND n.created_at >= %s AND n.created_at < %s",
                [*chunk, *kinds, self._start_db, self._end_db],
            )
            for (person, created, nid, kind, author, audience, published, deleted, hidden,
                 update_id, goal_owner, goal_audience, goal_id) in rows:  # fmt: skip
                followed = follows.get(person, ())
                if kind not in wanted[person]:
                    continue
                if update_id is not None and (
                    published is None
                    or deleted is not None
                    or hidden is not None
                    or not _may_see(person, author, audience, followed)
                ):
                    continue
                if goal_id is not None and not _may_see(
                    person, goal_owner, goal_audience, followed
                ):
                    continue
                result[person].append((created, nid))
        return {
            pid: [nid for _, nid in sorted(items, reverse=True)] for pid, items in result.items()
        }

    def _given_received(self, ids) -> tuple[dict, dict]:
        from workaloud.relationships.models import Interaction

        table = Interaction._meta.db_table
        given, received = {}, {}
        for chunk in _chunks(ids):
            for column, into in (("actor_id", given), ("target_id", received)):
                into.update(
                    _rows(
                        f"SELECT {column}, COUNT(*) FROM {table}"
                        f" WHERE {column} IN ({_marks(len(chunk))}) AND occurred_at >= %s"
                        " AND occurred_at < %s AND voided_at IS NULL GROUP BY " + column,
                        [*chunk, self._start_db, self._end_db],
                    )
                )
        return given, received

    def _updates(self, ids) -> dict[int, WorkUpdate]:
        found = {}
        for chunk in _chunks(ids):
            for u in (
                WorkUpdate.objects.filter(pk__in=chunk)
                .select_related("author", "goal")
                .only(
                    "id",
                    "author_id",
                    "goal_id",
                    "body",
                    "stage",
                    "ask",
                    "ask_status",
                    "audience",
                    "published_at",
                    "author__username",
                    "author__display_name",
                    "goal__title",
                    "goal__audience",
                    "goal__owner_id",
                )  # fmt: skip
            ):
                found[u.pk] = u
        return found

    def _notifications(self, ids) -> dict[int, Notification]:
        found = {}
        for chunk in _chunks(ids):
            for n in Notification.objects.filter(pk__in=chunk).select_related(
                "actor", "update", "response"
            ):
                found[n.pk] = n
        return found

    # -- items ----------------------------------------------------------------------------

    def _item_factory(self, person, updates, via_goal_ids):
        def item(uid, matched=None):
            u = updates[uid]
            goal_title = u.goal.title if u.goal_id and goal_visible_with(person, u) else ""
            return UpdateItem(
                update=u,
                url=self.site_url + self._update_route.replace(_ARG_TEXT, str(uid)),
                goal_title=goal_title,
                via_goal=uid in via_goal_ids,
                matched=matched or [],
            )

        return item

    def _note(self, n: Notification) -> NoteItem:
        url, snippet = self.site_url + "/notifications/", ""
        if n.update_id:
            url = self.site_url + self._update_route.replace(_ARG_TEXT, str(n.update_id))
            snippet = _snippet(n.update.body, 120)
        if n.response_id and n.response is not None:
            snippet = _snippet(n.response.body, 160)
        elif n.goal_id:
            url = self.site_url + _route("goal_detail").replace(_ARG_TEXT, str(n.goal_id))
        elif n.introduction_id:
            url = self.site_url + "/introductions/"
        elif n.kind in (NotificationKind.FOLLOW, NotificationKind.GOAL_FOLLOW) and not n.update_id:
            url = self.site_url + f"/people/{n.actor.username}/"
        return NoteItem(
            notification=n,
            message=f"{n.actor.name} {n.get_kind_display()}",
            url=url,
            snippet=snippet,
        )


def _may_see(person_id, author_id, audience, followed) -> bool:
    """Whether a person may see a live update in an email: theirs, or shared with everyone,
    or with followers of someone they follow; never a circle's."""
    if audience == Audience.CIRCLE:
        return False
    if author_id == person_id:
        return True
    return audience == COMMUNITY or (audience == FOLLOWERS and author_id in followed)


_ARG = 987654321
_ARG_TEXT = str(_ARG)


def _route(name: str) -> str:
    from django.urls import reverse

    return reverse(name, args=[_ARG])


def snippet(text: str, length: int = 180) -> str:
    """Text on one line, cut at ``length`` characters with an ellipsis."""
    return _snippet(text or "", length)
