"""Feeds of work updates: home, discover, asks, a profile, a goal, drafts, search.

Every feed starts from ``visible_updates`` and pages by an opaque cursor (published time and
id), so a page costs the same queries however deep it is and however many items it holds.
"""

import base64
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import reduce
from operator import and_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL

from workaloud.audience import Audience, visible_updates
from workaloud.goals.models import GoalFollow
from workaloud.people.models import Follow
from workaloud.responses.models import Response, ResponseKind
from workaloud.work.models import AskStatus, WorkUpdate


@dataclass
class FeedPage:
    items: list[WorkUpdate]
    next_cursor: str | None = None
    extra: dict = field(default_factory=dict)


def encode_cursor(update: WorkUpdate) -> str:
    raw = f"{update.published_at.isoformat()}|{update.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.split("|")
        when, pk = datetime.fromisoformat(stamp), int(pk)
        if when.tzinfo is None or not 0 < pk < 2**63:  # not one encode_cursor made
            raise ValueError(raw)
        return when.astimezone(UTC), pk  # OverflowError here, not in the query
    except (ValueError, UnicodeDecodeError, OverflowError):
        raise ValidationError({"cursor": "This page link is not valid; start from the first page."}) from None


def attach_response_summaries(updates: list[WorkUpdate]) -> None:
    """Give each update ``response_summary``: counts by kind, in one query for the whole page."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    if updates:
        rows = (
            Response.objects.filter(update_id__in=[u.pk for u in updates])
            .values_list("update_id", "kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        for update_id, kind, n in rows:
            counts[update_id][kind] = n
    labels = dict(ResponseKind.choices)
    for update in updates:
        by_kind = counts.get(update.pk, {})
        update.response_summary = {
            "total": sum(by_kind.values()),
            "by_kind": [
                {"kind": kind, "label": labels[kind], "count": by_kind[kind]}
                for kind in ResponseKind.values
                if kind in by_kind
            ],
        }


ORDER = ("-published_at", "-id")


def _page_size(limit: int | None) -> int:
    return min(max(int(limit or settings.FEED_PAGE_SIZE), 1), 100)


def _after(queryset, cursor: str | None):
    """Rows strictly after the cursor in feed order."""
    if not cursor:
        return queryset
    stamp, pk = decode_cursor(cursor)
    # The first term is implied by the second; it gives the database an index range to seek to.
    return queryset.filter(
        Q(published_at__lte=stamp), Q(published_at__lt=stamp) | Q(published_at=stamp, pk__lt=pk)
    )


def _fetch(queryset, limit: int) -> FeedPage:
    rows = list(queryset.select_related("author", "goal").order_by(*ORDER)[: limit + 1])
    items = rows[:limit]
    attach_response_summaries(items)
    next_cursor = encode_cursor(items[-1]) if len(rows) > limit else None
    return FeedPage(items=items, next_cursor=next_cursor)


def paginate(queryset, cursor: str | None, limit: int | None = None) -> FeedPage:
    limit = _page_size(limit)
    return _fetch(_after(queryset, cursor), limit)


def paginate_union(querysets, cursor: str | None, limit: int | None = None) -> FeedPage:
    """A page of the union of several feeds of visible updates, in one query.

    The page of a union is the page of the union of each part's own page, so every part is
    cut to a page first, each along its own index, and only those few ids are then fetched
    and sorted. Asking for ``a OR b OR c`` instead makes the database collect every matching
    row of the whole history before it can sort them (on SQLite a multi-index OR, on
    PostgreSQL a sequential scan with hashed subplans). The parts are glued with UNION ALL in
    SQL because Django cannot combine sliced querysets on SQLite.
    """
    limit = _page_size(limit)
    parts, params = [], []
    for n, queryset in enumerate(querysets):
        part = _after(queryset, cursor).order_by(*ORDER).values("pk")[: limit + 1]
        sql, part_params = part.query.get_compiler(using=part.db).as_sql()
        parts.append(f"SELECT * FROM ({sql}) part{n}")
        params.extend(part_params)
    page_ids = RawSQL(" UNION ALL ".join(parts), params)
    return _fetch(WorkUpdate.objects.filter(pk__in=page_ids), limit)


def home_feed(viewer, cursor: str | None = None, limit: int | None = None) -> FeedPage:
    """Updates from me, the people I follow and the goals I follow."""
    followed_people = Follow.objects.filter(follower=viewer).values("followed_id")
    followed_goals = GoalFollow.objects.filter(person=viewer).values("goal_id")
    visible = visible_updates(viewer)
    return paginate_union(
        [
            visible.filter(author_id=viewer.pk),
            visible.filter(author_id__in=followed_people),
            visible.filter(goal_id__in=followed_goals),
        ],
        cursor,
        limit,
    )


def discover_feed(viewer, cursor: str | None = None, limit: int | None = None) -> FeedPage:
    """Community-wide updates from people and goals I don't already follow."""
    qs = visible_updates(viewer).filter(audience=Audience.COMMUNITY)
    if viewer.is_authenticated:
        qs = qs.exclude(author_id=viewer.pk).exclude(
            author_id__in=Follow.objects.filter(follower=viewer).values("followed_id")
        )
        qs = qs.exclude(goal_id__in=GoalFollow.objects.filter(person=viewer).values("goal_id"))
    return paginate(qs, cursor, limit)


def asks_feed(viewer, cursor: str | None = None, limit: int | None = None, *, mine=False) -> FeedPage:
    """Open asks: by default the ones others posted that I could answer; ``mine`` for my own."""
    qs = visible_updates(viewer).filter(ask_status=AskStatus.OPEN)
    if viewer.is_authenticated:
        qs = qs.filter(author_id=viewer.pk) if mine else qs.exclude(author_id=viewer.pk)
    return paginate(qs, cursor, limit)


def person_feed(viewer, person, cursor: str | None = None, limit: int | None = None) -> FeedPage:
    return paginate(visible_updates(viewer).filter(author_id=person.pk), cursor, limit)


def goal_feed(viewer, goal, cursor: str | None = None, limit: int | None = None) -> FeedPage:
    return paginate(visible_updates(viewer).filter(goal_id=goal.pk), cursor, limit)


def drafts(viewer) -> list[WorkUpdate]:
    return list(
        WorkUpdate.objects.filter(author=viewer, published_at__isnull=True, deleted_at__isnull=True)
        .select_related("goal")
        .order_by("-created_at")
    )


def search_updates(viewer, query: str, cursor: str | None = None, limit: int | None = None) -> FeedPage:
    """Visible updates containing every word of ``query`` in their text, context or ask."""
    words = query.replace("\x00", "").split()[:8]  # PostgreSQL text can't hold NUL
    if not words:
        return FeedPage(items=[])
    matches = [
        Q(body__icontains=w) | Q(ask__icontains=w) | Q(why_it_matters__icontains=w) for w in words
    ]
    return paginate(visible_updates(viewer).filter(reduce(and_, matches)), cursor, limit)
