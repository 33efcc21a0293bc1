"""Feeds of work updates: home, discover, asks, a profile, a goal, drafts (search is
``workaloud.search``).

Every feed starts from ``visible_updates`` and pages by an opaque cursor (published time and
id), so a page costs the same queries however deep it is and however many items it holds.
"""

import base64
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q

from workaloud.audience import Audience, visible_updates, visible_updates_sql
from workaloud.circles.models import Membership
from workaloud.goals.models import GoalFollow
from workaloud.people.models import Follow
from workaloud.responses.models import Response, ResponseKind
from workaloud.work.models import AskStatus, WorkUpdate


@dataclass
class FeedPage:
    items: list[WorkUpdate]
    next_cursor: str | None = None


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
        raise ValidationError(
            {"cursor": "This page link is not valid; start from the first page."}
        ) from None


KIND_LABELS = tuple(ResponseKind.choices)  # built once: Choices.choices is rebuilt per access


def attach_response_summaries(updates: list[WorkUpdate]) -> None:
    """Give each update ``response_summary``: counts by kind, in one query for the whole page."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    if updates:
        ids = [u.pk for u in updates]
        with connection.cursor() as db:  # plain SQL: this runs on every feed page
            db.execute(
                f"SELECT update_id, kind, COUNT(*) FROM {Response._meta.db_table}"
                f" WHERE update_id IN ({', '.join(['%s'] * len(ids))}) GROUP BY update_id, kind",
                ids,
            )
            for update_id, kind, n in db.fetchall():
                counts[update_id][kind] = n
    for update in updates:
        by_kind = counts.get(update.pk, {})
        update.response_summary = {
            "total": sum(by_kind.values()),
            "by_kind": [
                {"kind": kind, "label": label, "count": by_kind[kind]}
                for kind, label in KIND_LABELS
                if kind in by_kind
            ],
        }


ORDER = ("-published_at", "-id")


def with_cards(queryset):
    """What a feed card shows beside each update: its author and goal, in the same query."""
    return queryset.select_related("author", "goal")


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
    rows = list(with_cards(queryset).order_by(*ORDER)[: limit + 1])
    items = rows[:limit]
    attach_response_summaries(items)
    next_cursor = encode_cursor(items[-1]) if len(rows) > limit else None
    return FeedPage(items=items, next_cursor=next_cursor)


def paginate(queryset, cursor: str | None, limit: int | None = None) -> FeedPage:
    limit = _page_size(limit)
    return _fetch(_after(queryset, cursor), limit)


def home_feed(viewer, cursor: str | None = None, limit: int | None = None) -> FeedPage:
    """Updates from me, the people I follow, the goals I follow and my circles.

    The hottest read in the product, so its page of ids comes from one hand-written query:
    a page from each source along its own index, merged (a page of a union is the page of
    the union of each part's page). An ``a OR b OR c`` filter instead makes the database
    collect every matching row of the whole history before it can sort them, and building
    the equivalent ORM query costs more than running it.
    """
    limit = _page_size(limit)
    visible, visible_params = visible_updates_sql(viewer, "u")
    after, after_params = "", []
    if cursor:
        stamp, pk = decode_cursor(cursor)
        stamp = connection.ops.adapt_datetimefield_value(stamp)
        # The first term is implied by the rest; it gives the database an index range to seek.
        after = (
            " AND u.published_at <= %s"
            " AND (u.published_at < %s OR (u.published_at = %s AND u.id < %s))"
        )
        after_params = [stamp, stamp, stamp, pk]
    follows, goal_follows = Follow._meta.db_table, GoalFollow._meta.db_table
    memberships = Membership._meta.db_table
    sources = [
        ("u.author_id = %s", [viewer.pk]),
        (
            f"u.author_id IN (SELECT followed_id FROM {follows} WHERE follower_id = %s)",
            [viewer.pk],
        ),
        (
            f"u.goal_id IN (SELECT goal_id FROM {goal_follows} WHERE person_id = %s)",
            [viewer.pk],
        ),
        (
            f"u.circle_id IN (SELECT circle_id FROM {memberships}"
            " WHERE person_id = %s AND left_at IS NULL)",
            [viewer.pk],
        ),
    ]
    parts, params = [], []
    for n, (source, source_params) in enumerate(sources):
        parts.append(
            f"SELECT * FROM (SELECT u.id, u.published_at FROM {WorkUpdate._meta.db_table} u"
            f" WHERE {source} AND {visible}{after}"
            f" ORDER BY u.published_at DESC, u.id DESC LIMIT %s) part{n}"
        )
        params += [*source_params, *visible_params, *after_params, limit + 1]
    sql = (
        f"SELECT id FROM ({' UNION '.join(parts)}) page"
        " ORDER BY published_at DESC, id DESC LIMIT %s"
    )
    with connection.cursor() as db:
        db.execute(sql, [*params, limit + 1])
        ids = [row[0] for row in db.fetchall()]
    by_id = with_cards(WorkUpdate.objects).in_bulk(ids[:limit])
    items = [by_id[pk] for pk in ids[:limit]]
    attach_response_summaries(items)
    next_cursor = encode_cursor(items[-1]) if len(ids) > limit else None
    return FeedPage(items=items, next_cursor=next_cursor)


def discover_feed(viewer, cursor: str | None = None, limit: int | None = None) -> FeedPage:
    """Community-wide updates from people and goals I don't already follow."""
    qs = visible_updates(viewer).filter(audience=Audience.COMMUNITY)
    if viewer.is_authenticated:
        qs = qs.exclude(author_id=viewer.pk).exclude(
            author_id__in=Follow.objects.filter(follower=viewer).values("followed_id")
        )
        qs = qs.exclude(goal_id__in=GoalFollow.objects.filter(person=viewer).values("goal_id"))
    return paginate(qs, cursor, limit)


def asks_feed(
    viewer, cursor: str | None = None, limit: int | None = None, *, mine=False
) -> FeedPage:
    """Open asks: by default the ones others posted that I could answer; ``mine`` for my own."""
    qs = visible_updates(viewer).filter(ask_status=AskStatus.OPEN)
    if viewer.is_authenticated:
        qs = qs.filter(author_id=viewer.pk) if mine else qs.exclude(author_id=viewer.pk)
    return paginate(qs, cursor, limit)


def person_feed(viewer, person, cursor: str | None = None, limit: int | None = None) -> FeedPage:
    return paginate(visible_updates(viewer).filter(author_id=person.pk), cursor, limit)


def goal_feed(viewer, goal, cursor: str | None = None, limit: int | None = None) -> FeedPage:
    return paginate(visible_updates(viewer).filter(goal_id=goal.pk), cursor, limit)


def circle_feed(viewer, circle, cursor: str | None = None, limit: int | None = None) -> FeedPage:
    """The updates shared with ``circle`` that ``viewer`` may read: all of them for a current
    member, only their own for anyone else (the author of an update in a circle they left)."""
    qs = visible_updates(viewer).filter(audience=Audience.CIRCLE, circle_id=circle.pk)
    return paginate(qs, cursor, limit)


def drafts(viewer) -> list[WorkUpdate]:
    return list(
        WorkUpdate.objects.filter(author=viewer, published_at__isnull=True, deleted_at__isnull=True)
        .select_related("goal")
        .order_by("-created_at")
    )
