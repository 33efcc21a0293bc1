"""Search: one interface, two backends (SQLite FTS5, PostgreSQL full-text search).

    results = query(viewer, "onboarding guide", kinds=["updates"], team="Platform",
                    stage="stuck", open_ask=True, since=date(2026, 1, 1), until=None,
                    cursor=None, limit=20)
    results.hits         # [Hit(kind, object, score, title_html, snippet_html, team_html)]
    results.counts       # {"people": Count(n, capped), "goals": ..., "updates": ...}
    results.next_cursor  # opaque; None on the last page

Every hit passes the same visibility rules as the feeds (``workaloud.audience``'s SQL forms),
applied to the source rows at query time; counts are counts of visible hits, capped at
``COUNT_CAP`` ("1,000+"). Highlighted text is escaped, with ``<mark>`` as its only markup.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from html import escape
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from workaloud.audience import visible_goals_sql, visible_updates_sql
from workaloud.search.index import PG_CONFIG, SOURCES
from workaloud.search.parse import Term, fts5_query, parse, tsquery_text
from workaloud.work.models import AskStatus, Stage

KINDS = ("people", "goals", "updates")
COUNT_CAP = 1000
MAX_LIMIT = 100
MAX_OFFSET = 1000
# On SQLite, a query matching more than this many rows of a kind is ranked among its newest
# matches first (then wider, if visibility and filters leave too few): BM25 over a window
# costs the same whether a word is in a hundred rows or in half a million.
RANK_WINDOW = 500

START, STOP = "\x02", "\x03"  # highlight markers, turned into <mark> after escaping


@dataclass(frozen=True)
class Filters:
    team: str = ""
    stage: str = ""
    open_ask: bool = False
    since: date | None = None
    until: date | None = None

    def applies_to(self, kind: str) -> bool:
        """Whether a kind can meet these filters at all: stage and asks are updates' alone;
        a date range reads when a goal was set or an update published."""
        if kind != "updates" and (self.stage or self.open_ask):
            return False
        return not (kind == "people" and (self.since or self.until))


@dataclass(frozen=True)
class Count:
    n: int
    capped: bool = False

    def __str__(self) -> str:
        return f"{self.n:,}+" if self.capped else f"{self.n:,}"


@dataclass
class Hit:
    kind: str
    object: Any
    score: float
    title_html: SafeString = field(default_factory=lambda: mark_safe(""))
    snippet_html: SafeString = field(default_factory=lambda: mark_safe(""))
    team_html: SafeString = field(default_factory=lambda: mark_safe(""))


@dataclass
class Results:
    text: str
    terms: list[Term]
    kinds: tuple[str, ...]
    hits: list[Hit]
    counts: dict[str, Count]
    next_cursor: str | None = None

    @property
    def total(self) -> Count:
        counted = [self.counts[k] for k in self.kinds if k in self.counts]
        return Count(sum(c.n for c in counted), any(c.capped for c in counted))


# --- highlighting ----------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00\x01\x04-\x08\x0b\x0c\x0e-\x1f]")


def marked(text: str | None) -> SafeString:
    """Escape ``text``, turning the highlight markers into balanced ``<mark>`` tags: the only
    HTML in what is shown."""
    out, inside = [], False
    for part in re.split(f"([{START}{STOP}])", _CONTROL.sub("", text or "")):
        if part == START:
            if not inside:
                out.append("<mark>")
                inside = True
        elif part == STOP:
            if inside:
                out.append("</mark>")
                inside = False
        else:
            out.append(escape(part))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))


_MARKDOWN = (
    (re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*\)"), r"\1"),  # [text](url) → text
    (re.compile(r"\*\*|__|~~|`+"), ""),  # emphasis and code marks
    (re.compile(r"(?m)^[ \t]{0,3}(?:#{1,6}|>|[-*+]|\d+\.)[ \t]+"), ""),  # headings, quotes, lists
)


def plain_markdown(text: str | None) -> str:
    """An update's Markdown as readable plain text for a snippet (the syntax left out)."""
    text = text or ""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text


# --- cursors ---------------------------------------------------------------------------------


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, offset = raw.split(":")
        offset = int(offset)
        if tag != "o" or not 0 < offset <= MAX_OFFSET:
            raise ValueError(raw)
        return offset
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(
            {"cursor": "This page link is not valid; start from the first page."}
        ) from None


# --- visibility and filters, as SQL on the source row aliased ``t`` ------------------------

WHEN = {"people": "date_joined", "goals": "created_at", "updates": "published_at"}
OWNER = {"goals": "owner_id", "updates": "author_id"}


def _is_member(viewer) -> bool:
    return bool(viewer and viewer.is_authenticated and viewer.is_active)


def _day_start(day: date) -> Any:
    moment = timezone.make_aware(datetime.combine(day, time.min))
    return connection.ops.adapt_datetimefield_value(moment)


def where_sql(kind: str, viewer, filters: Filters) -> tuple[str, list]:
    """Rows of ``kind`` that ``viewer`` may see (exactly as the feeds say) and that meet
    ``filters``."""
    if kind == "people":  # ``visible_people``
        if not _is_member(viewer) and not settings.COMMUNITY_PUBLIC:
            return "1 = 0", []
        conditions, params = ["t.is_active = %s"], [True]
    elif kind == "goals":
        sql, params = visible_goals_sql(viewer, "t")
        conditions, params = [sql], list(params)
    else:
        sql, params = visible_updates_sql(viewer, "t")
        conditions, params = [sql], list(params)
    if filters.team:
        if kind == "people":
            conditions.append("t.team = %s")
        else:
            conditions.append(f"t.{OWNER[kind]} IN (SELECT id FROM people_user WHERE team = %s)")
        params.append(filters.team)
    if kind == "updates":
        if filters.stage:
            conditions.append("t.stage = %s")
            params.append(filters.stage)
        if filters.open_ask:
            conditions.append("t.ask_status = %s")
            params.append(AskStatus.OPEN.value)
    if filters.since:
        conditions.append(f"t.{WHEN[kind]} >= %s")
        params.append(_day_start(filters.since))
    if filters.until:
        conditions.append(f"t.{WHEN[kind]} < %s")
        params.append(_day_start(filters.until + timedelta(days=1)))
    return " AND ".join(f"({c})" for c in conditions), params


# --- the backends ----------------------------------------------------------------------------


class SqliteBackend:
    """FTS5: the best ``k`` candidates by BM25 inside FTS5 (``ORDER BY rank LIMIT k``), then
    visibility and filters on those ids alone; ``k`` widens when they leave too few."""

    def __init__(self, terms: list[Term]):
        self.match = fts5_query(terms)

    def _newest_bound(self, db, s, window: int) -> int | None:
        """The rowid of the ``window``-th newest match, or None when there are fewer."""
        db.execute(
            f"SELECT rowid FROM {s.fts} WHERE {s.fts} MATCH %s ORDER BY rowid DESC"
            " LIMIT 1 OFFSET %s",
            [self.match, window],
        )
        row = db.fetchone()
        return row[0] if row else None

    def search(self, kind, viewer, filters, need: int, counted: bool = True):
        """The visible-hit count and the best ``need`` visible hits (id, score, when).

        Few matches (at most ``RANK_WINDOW``): one pass ranks and filters them all, and the
        count is exact. Many: the count stops at the cap, and BM25 ranks the newest
        ``RANK_WINDOW`` matches (rowids grow with time), the best ``k`` of which are then
        checked for visibility; window and ``k`` widen while too few are left."""
        s = SOURCES[kind]
        where, params = where_sql(kind, viewer, filters)
        with connection.cursor() as db:
            bound = self._newest_bound(db, s, RANK_WINDOW)
            if bound is None:
                db.execute(
                    f"SELECT t.id, f.rank, t.{WHEN[kind]} FROM {s.fts} f JOIN {s.table} t"
                    f" ON t.id = f.rowid WHERE f.{s.fts} MATCH %s AND {where}",
                    [self.match, *params],
                )
                rows = [(pk, -rank, when) for pk, rank, when in db.fetchall()]
                rows.sort(key=lambda r: (r[1], r[2] or "", r[0]), reverse=True)
                return Count(min(len(rows), COUNT_CAP), len(rows) > COUNT_CAP), rows[:need]
            count = self.count(kind, viewer, filters) if counted else None
            if count is not None and count.n == 0:
                return count, []
            k, window = max(need * 4, 100), RANK_WINDOW
            while True:
                bounded = bound is not None
                db.execute(
                    f"SELECT rowid, rank FROM {s.fts} WHERE {s.fts} MATCH %s"
                    f"{' AND rowid >= %s' if bounded else ''} ORDER BY rank LIMIT %s",
                    [self.match, *([bound] if bounded else []), k],
                )
                rank = dict(db.fetchall())
                exhausted = len(rank) < k and not bounded
                db.execute(
                    f"SELECT t.id, t.{WHEN[kind]} FROM {s.table} t"
                    f" WHERE t.id IN (SELECT value FROM json_each(%s)) AND {where}",
                    [json.dumps(list(rank)), *params],
                )
                rows = [(pk, -rank[pk], when) for pk, when in db.fetchall()]
                if len(rows) >= need or exhausted:
                    rows.sort(key=lambda r: (r[1], r[2] or "", r[0]), reverse=True)
                    return count, rows[:need]
                k *= 8
                window *= 8
                bound = self._newest_bound(db, s, window) if bounded else None

    def ranked(self, kind, viewer, filters, need: int) -> list[tuple[int, float, Any]]:
        return self.search(kind, viewer, filters, need, counted=False)[1]

    def count(self, kind, viewer, filters) -> Count:
        s = SOURCES[kind]
        where, params = where_sql(kind, viewer, filters)
        with connection.cursor() as db:
            db.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {s.fts} f JOIN {s.table} t"
                f" ON t.id = f.rowid WHERE f.{s.fts} MATCH %s AND {where} LIMIT %s)",
                [self.match, *params, COUNT_CAP + 1],
            )
            n = db.fetchone()[0]
        return Count(min(n, COUNT_CAP), n > COUNT_CAP)

    def highlights(self, kind, ids: list[int]) -> dict[int, dict[str, str]]:
        s = SOURCES[kind]
        mark = f"'{START}', '{STOP}'"
        if kind == "people":
            columns = {
                "name": f"highlight({s.fts}, 0, {mark})",
                "username": f"highlight({s.fts}, 1, {mark})",
                "team": f"highlight({s.fts}, 2, {mark})",
                "snippet": f"snippet({s.fts}, 3, {mark}, '…', 24)",
            }
        elif kind == "goals":
            columns = {
                "title": f"highlight({s.fts}, 0, {mark})",
                "snippet": f"snippet({s.fts}, 1, {mark}, '…', 24)",
            }
        else:
            columns = {"snippet": f"snippet({s.fts}, -1, {mark}, '…', 32)"}
        with connection.cursor() as db:
            db.execute(
                # a list, not a subquery: FTS5 then seeks each rowid in the match
                f"SELECT rowid, {', '.join(columns.values())} FROM {s.fts}"
                f" WHERE {s.fts} MATCH %s AND rowid IN ({', '.join(['%s'] * len(ids))})",
                [self.match, *ids],
            )
            return {row[0]: dict(zip(columns, row[1:], strict=True)) for row in db.fetchall()}


class PostgresBackend:
    """tsvector columns with GIN indexes, ranked by ``ts_rank_cd`` (weights A > B > C > D),
    highlighted by ``ts_headline``."""

    def __init__(self, terms: list[Term]):
        self.tsquery = tsquery_text(terms)

    def ranked(self, kind, viewer, filters, need: int) -> list[tuple[int, float, Any]]:
        s = SOURCES[kind]
        where, params = where_sql(kind, viewer, filters)
        with connection.cursor() as db:
            db.execute(
                f"SELECT t.id, ts_rank_cd(t.search_document, q, 1) AS score, t.{WHEN[kind]}"
                f" FROM {s.table} t, to_tsquery('{PG_CONFIG}', %s) q"
                f" WHERE t.search_document @@ q AND {where}"
                f" ORDER BY score DESC, t.{WHEN[kind]} DESC, t.id DESC LIMIT %s",
                [self.tsquery, *params, need],
            )
            return [(pk, float(score), when) for pk, score, when in db.fetchall()]

    def search(self, kind, viewer, filters, need: int, counted: bool = True):
        count = self.count(kind, viewer, filters) if counted else None
        if count is not None and count.n == 0:
            return count, []
        return count, self.ranked(kind, viewer, filters, need)

    def count(self, kind, viewer, filters) -> Count:
        s = SOURCES[kind]
        where, params = where_sql(kind, viewer, filters)
        with connection.cursor() as db:
            db.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {s.table} t,"
                f" to_tsquery('{PG_CONFIG}', %s) q WHERE t.search_document @@ q AND {where}"
                " LIMIT %s) x",
                [self.tsquery, *params, COUNT_CAP + 1],
            )
            n = db.fetchone()[0]
        return Count(min(n, COUNT_CAP), n > COUNT_CAP)

    def highlights(self, kind, ids: list[int]) -> dict[int, dict[str, str]]:
        s = SOURCES[kind]
        marks = f'StartSel="{START}", StopSel="{STOP}"'
        whole = f"'{marks}, HighlightAll=true'"
        part = f"'{marks}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"'"

        def headline(expr, options):
            return f"ts_headline('{PG_CONFIG}', {expr}, q, {options})"

        if kind == "people":
            columns = {
                "name": headline("t.display_name", whole),
                "username": headline("t.username", whole),
                "team": headline("t.team", whole),
                "snippet": headline("t.purpose", part),
            }
        elif kind == "goals":
            columns = {"title": headline("t.title", whole), "snippet": headline("t.why", part)}
        else:
            text = "concat_ws(' … ', t.body, NULLIF(t.ask, ''), NULLIF(t.why_it_matters, ''))"
            columns = {"snippet": headline(text, part)}
        with connection.cursor() as db:
            db.execute(
                f"SELECT t.id, {', '.join(columns.values())} FROM {s.table} t,"
                f" to_tsquery('{PG_CONFIG}', %s) q WHERE t.id = ANY(%s)",
                [self.tsquery, ids],
            )
            return {row[0]: dict(zip(columns, row[1:], strict=True)) for row in db.fetchall()}


def backend_for(terms: list[Term]):
    return PostgresBackend(terms) if connection.vendor == "postgresql" else SqliteBackend(terms)


# --- the interface ---------------------------------------------------------------------------


def _clean_kinds(kinds) -> tuple[str, ...]:
    if not kinds:
        return KINDS
    if isinstance(kinds, str):
        kinds = [kinds]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValidationError(
            {"kind": f"Unknown kind “{unknown[0]}”; use people, goals or updates."}
        )
    return tuple(k for k in KINDS if k in kinds)


def _clean_filters(team, stage, open_ask, since, until) -> Filters:
    if stage and stage not in Stage.values:
        raise ValidationError(
            {"stage": f"Unknown stage “{stage}”; use one of {', '.join(Stage.values)}."}
        )
    if since and until and since > until:
        raise ValidationError({"until": "The end of the date range is before its start."})
    return Filters(
        team=(team or "").replace("\x00", "").strip()[:80],
        stage=stage or "",
        open_ask=bool(open_ask),
        since=since,
        until=until,
    )


def query(
    viewer,
    text: str,
    *,
    kinds=None,
    team: str = "",
    stage: str = "",
    open_ask: bool = False,
    since: date | None = None,
    until: date | None = None,
    cursor: str | None = None,
    limit: int = 20,
    with_counts: bool = True,
) -> Results:
    """The hits ``viewer`` may see for ``text``, best first (recency breaking ties), with
    highlighted titles and snippets, and visible-hit counts per kind."""
    kinds = _clean_kinds(kinds)
    filters = _clean_filters(team, stage, open_ask, since, until)
    offset = decode_cursor(cursor)
    limit = max(1, min(int(limit or 20), MAX_LIMIT))
    terms = parse(text)
    results = Results(text=text, terms=terms, kinds=kinds, hits=[], counts={})
    if not terms:
        return results
    backend = backend_for(terms)
    need = offset + limit + 1
    ranked = []
    for kind in KINDS:
        if not filters.applies_to(kind):
            if with_counts:
                results.counts[kind] = Count(0)
        elif kind in kinds:
            count, rows = backend.search(kind, viewer, filters, need, counted=with_counts)
            if with_counts:
                results.counts[kind] = count
            ranked += [(kind, pk, score, when) for pk, score, when in rows]
        elif with_counts:  # another tab's count
            results.counts[kind] = backend.count(kind, viewer, filters)
    ranked.sort(key=lambda r: (r[2], r[3] or "", r[1]), reverse=True)
    page = ranked[offset : offset + limit]
    if len(ranked) > offset + limit and offset + limit < MAX_OFFSET:
        results.next_cursor = encode_cursor(offset + limit)
    results.hits = _load(backend, page)
    return results


def _load(backend, page) -> list[Hit]:
    from workaloud.goals.models import Goal
    from workaloud.people.models import User
    from workaloud.work.feeds import attach_response_summaries
    from workaloud.work.models import WorkUpdate

    by_kind: dict[str, list[int]] = {}
    for kind, pk, _, _ in page:
        by_kind.setdefault(kind, []).append(pk)
    # No ORDER BY (the models' default ordering): SQLite would walk an ordering index
    # instead of looking the ids up.
    objects = {
        "people": User.objects.order_by().in_bulk(by_kind.get("people", [])),
        "goals": Goal.objects.select_related("owner").order_by().in_bulk(by_kind.get("goals", [])),
        "updates": WorkUpdate.objects.select_related("author", "goal")
        .order_by()
        .in_bulk(by_kind.get("updates", [])),
    }
    attach_response_summaries(list(objects["updates"].values()))
    marks = {kind: backend.highlights(kind, ids) for kind, ids in by_kind.items()}
    hits = []
    for kind, pk, score, _ in page:
        obj = objects[kind].get(pk)
        if obj is None:  # deleted between the two queries
            continue
        h = marks[kind].get(pk, {})
        hit = Hit(kind, obj, score)
        if kind == "people":
            hit.title_html = marked(h.get("name") if obj.display_name else h.get("username"))
            hit.team_html = marked(h.get("team"))
            hit.snippet_html = marked(h.get("snippet"))
        elif kind == "goals":
            hit.title_html = marked(h.get("title"))
            hit.snippet_html = marked(h.get("snippet"))
        else:
            hit.snippet_html = marked(plain_markdown(h.get("snippet")))
        hits.append(hit)
    return hits
