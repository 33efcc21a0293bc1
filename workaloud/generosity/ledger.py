"""My contribution ledger: what I gave and received, read from the interaction ledger.

Strictly the viewer's own: every function here takes the viewer and reads only ledger rows
where the viewer is the actor (given) or the target (received). docs/generosity.md describes
the categories, the balance and the personas.
"""

from __future__ import annotations

import importlib
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import get_text_list

from workaloud.audience import visible_updates
from workaloud.generosity.models import Thanks
from workaloud.people.models import User
from workaloud.relationships import personas
from workaloud.relationships.model import AWARENESS_KINDS
from workaloud.relationships.models import Interaction
from workaloud.relationships.models import InteractionKind as K
from workaloud.work.models import AskStatus, WorkUpdate

#: The ledger's categories of generosity, in the order pages show them: (key, label, kinds).
CATEGORIES: list[tuple[str, str, tuple[str, ...]]] = [
    ("help", "Help credited", (K.HELP_CREDITED,)),
    ("answers", "Answers", (K.COMMENT, K.QUESTION, K.CHALLENGE, K.REPLY)),
    ("offers", "Offers of help", (K.OFFER_OF_HELP,)),
    ("thanks", "Thanks", (K.THANKS,)),
    ("encouragement", "Encouragement", (K.ENCOURAGEMENT,)),
    ("introductions", "Introductions", (K.INTRODUCTION,)),
]
CATEGORY_KEYS = tuple(key for key, _, _ in CATEGORIES)
CATEGORY_OF_KIND = {kind: key for key, _, kinds in CATEGORIES for kind in kinds}
CATEGORY_LABELS = {key: label for key, label, _ in CATEGORIES}
LEDGER_KINDS = tuple(CATEGORY_OF_KIND)
#: Acts of engagement that count for a persona but are no act of generosity in the table.
ENGAGEMENT_BEYOND_LEDGER = tuple(
    kind for kind in K if kind not in AWARENESS_KINDS and kind not in CATEGORY_OF_KIND
)
KIND_LABELS = dict(K.choices)
DIRECTIONS = ("given", "received")
PERIODS = ("week", "month")
PERIOD_BUCKETS = 12
PAGE_SIZE = 25


def _live(rows):
    """Rows that still count: one whose update was deleted is voided and no longer does."""
    return rows.filter(voided_at__isnull=True)


def my_rows(viewer, *, direction: str = "", category: str = ""):
    """The viewer's generosity rows (given and received), optionally one direction/category."""
    pk = viewer.pk
    if direction == "given":
        mine = Q(actor_id=pk)
    elif direction == "received":
        mine = Q(target_id=pk)
    else:
        mine = Q(actor_id=pk) | Q(target_id=pk)
    kinds = dict((k, ks) for k, _, ks in CATEGORIES).get(category, LEDGER_KINDS)
    return _live(Interaction.objects.filter(mine, kind__in=kinds))


def counts(viewer) -> dict:
    """Given and received per category, and the totals (one query)."""
    pk = viewer.pk
    per_kind = (
        my_rows(viewer)
        .values("kind")
        .annotate(
            given=Count("id", filter=Q(actor_id=pk)), received=Count("id", filter=Q(target_id=pk))
        )
        .order_by()
    )
    by_category = {key: {"given": 0, "received": 0} for key in CATEGORY_KEYS}
    for row in per_kind:
        tally = by_category[CATEGORY_OF_KIND[row["kind"]]]
        tally["given"] += row["given"]
        tally["received"] += row["received"]
    rows = [{"category": key, "label": label, **by_category[key]} for key, label, _ in CATEGORIES]
    return {
        "categories": rows,
        "given": sum(r["given"] for r in rows),
        "received": sum(r["received"] for r in rows),
    }


@dataclass
class Entry:
    """One act in my ledger, as I may see it."""

    id: int
    direction: str  # given | received
    kind: str
    kind_label: str
    category: str
    category_label: str
    person: User  # the other person
    occurred_at: datetime
    update: WorkUpdate | None  # only when the viewer may see it
    update_hidden: bool  # the act was on an update the viewer can no longer see
    response_id: int | None
    note: str  # the note of a thanks, for its giver and receiver


def entries(viewer, interactions) -> list[Entry]:
    """Shape a page of the viewer's rows: the other person, and the update only if the viewer
    may see it (one query for that, one for thanks notes)."""
    rows = list(interactions)
    update_ids = {r.update_id for r in rows if r.update_id is not None}
    seen = set(visible_updates(viewer).filter(pk__in=update_ids).values_list("pk", flat=True))
    thanks_ids = [
        int(r.source_key.removeprefix("thanks:"))
        for r in rows
        if r.kind == K.THANKS and r.source_key.startswith("thanks:")
    ]
    notes = dict(
        Thanks.objects.filter(pk__in=thanks_ids)
        .filter(Q(giver_id=viewer.pk) | Q(receiver_id=viewer.pk))
        .values_list("pk", "note")
    )
    out = []
    for r in rows:
        given = r.actor_id == viewer.pk
        visible = r.update_id in seen
        note = ""
        if r.kind == K.THANKS and r.source_key.startswith("thanks:"):
            note = notes.get(int(r.source_key.removeprefix("thanks:")), "")
        out.append(
            Entry(
                id=r.pk,
                direction="given" if given else "received",
                kind=r.kind,
                kind_label=KIND_LABELS[r.kind],
                category=CATEGORY_OF_KIND[r.kind],
                category_label=CATEGORY_LABELS[CATEGORY_OF_KIND[r.kind]],
                person=r.target if given else r.actor,
                occurred_at=r.occurred_at,
                update=r.update if visible else None,
                update_hidden=r.update_id is not None and not visible,
                response_id=r.response_id if visible else None,
                note=note,
            )
        )
    return out


def ledger_page(viewer, *, page=1, per_page: int = PAGE_SIZE, direction="", category=""):
    """One page of the viewer's ledger, newest first: ``(page, entries)``.

    ``page`` is a Django ``Page`` (out-of-range numbers give the last page).
    """
    rows = (
        my_rows(viewer, direction=direction, category=category)
        .select_related("actor", "target", "update")
        .order_by("-occurred_at", "-id")
    )
    paginator = Paginator(rows, per_page)
    current = paginator.get_page(page)
    return current, entries(viewer, current.object_list)


# --- the balance over time -----------------------------------------------------------------


def _zone(viewer):
    try:
        return zoneinfo.ZoneInfo(viewer.timezone) if viewer.timezone else UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def _bucket_starts(period: str, now: datetime, zone) -> list[datetime]:
    """The starts of the last ``PERIOD_BUCKETS`` weeks (from Monday) or months, oldest first,
    at midnight in ``zone``."""
    local = now.astimezone(zone)
    day = local.date()
    starts = []
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        for back in range(PERIOD_BUCKETS - 1, -1, -1):
            starts.append(monday - timedelta(weeks=back))
    else:
        year, month = day.year, day.month
        for back in range(PERIOD_BUCKETS - 1, -1, -1):
            y, m = divmod(year * 12 + month - 1 - back, 12)
            starts.append(day.replace(year=y, month=m + 1, day=1))
    return [datetime(d.year, d.month, d.day, tzinfo=zone) for d in starts]


def _label(period: str, start: datetime) -> str:
    if period == "week":
        return f"{start.day} {start:%b}"
    return f"{start:%b %Y}" if start.month == 1 else f"{start:%b}"


def balance(viewer, period: str = "week", now: datetime | None = None) -> dict:
    """Given vs received per week (last 12 weeks) or month (last 12 months), with totals.

    Weeks start on Monday and months on the 1st, in the viewer's time zone (UTC if unset).
    """
    if period not in PERIODS:
        period = "week"
    now = now or timezone.now()
    zone = _zone(viewer)
    starts = _bucket_starts(period, now, zone)
    ends = starts[1:] + [None]
    buckets = [
        {"start": s, "end": e, "label": _label(period, s), "given": 0, "received": 0}
        for s, e in zip(starts, ends, strict=True)
    ]
    rows = my_rows(viewer).filter(occurred_at__gte=starts[0], occurred_at__lte=now)
    bounds = [s.astimezone(UTC) for s in starts]
    for occurred_at, actor_id in rows.values_list("occurred_at", "actor_id"):
        i = _index(bounds, occurred_at)
        buckets[i]["given" if actor_id == viewer.pk else "received"] += 1
    peak = max([max(b["given"], b["received"]) for b in buckets] + [1])
    return {
        "period": period,
        "buckets": buckets,
        "given": sum(b["given"] for b in buckets),
        "received": sum(b["received"] for b in buckets),
        "peak": peak,
        "time_zone": str(zone),
    }


def _index(bounds: list[datetime], moment: datetime) -> int:
    i = len(bounds) - 1
    while i > 0 and moment < bounds[i]:
        i -= 1
    return i


# --- personas ------------------------------------------------------------------------------


def persona_figures(viewer, now: datetime | None = None) -> dict:
    """The persona's inputs over the last ``personas.WINDOW_DAYS`` days (two queries):
    engagement given and received (every kind but follow and mention), and updates published
    (not deleted)."""
    now = now or timezone.now()
    since = now - timedelta(days=personas.WINDOW_DAYS)
    pk = viewer.pk
    tally = (
        _live(Interaction.objects.filter(Q(actor_id=pk) | Q(target_id=pk)))
        .filter(occurred_at__gte=since, occurred_at__lte=now)
        .exclude(kind__in=AWARENESS_KINDS)
        .aggregate(
            given=Count("id", filter=Q(actor_id=pk)), received=Count("id", filter=Q(target_id=pk))
        )
    )
    posts = WorkUpdate.objects.filter(
        author_id=pk, published_at__gte=since, published_at__lte=now, deleted_at__isnull=True
    ).count()
    return {"given": tally["given"] or 0, "received": tally["received"] or 0, "posts": posts}


def my_persona(viewer, now: datetime | None = None) -> dict:
    """The viewer's persona with its figures, the thresholds and what it would take to move."""
    figures = persona_figures(viewer, now)
    g, r, p = figures["given"], figures["received"], figures["posts"]
    name = personas.classify(g, r, p)
    return {
        "persona": name,
        "label": personas.PERSONAS[name]["label"],
        "summary": personas.PERSONAS[name]["summary"],
        **figures,
        "window_days": personas.WINDOW_DAYS,
        "thresholds": dict(personas.THRESHOLDS),
        "rules": [
            {"persona": key, "label": personas.PERSONAS[key]["label"], "rule": rule}
            for key, rule in personas.RULES
        ],
        "what_it_takes": personas.what_it_takes(g, r, p),
        "beyond_the_ledger": get_text_list(
            [f"{kind.label.lower()}s" for kind in ENGAGEMENT_BEYOND_LEDGER], "and"
        ),
    }


# --- what could I offer? ---------------------------------------------------------------------

PROMPT_CANDIDATES = 20
PROMPT_SUGGESTIONS = 3


def _optional(module: str):
    """``module`` if it is part of this installation, else None (without hiding its own
    import errors)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


def people_to_offer(viewer) -> tuple[list[User], str]:
    """Who the prompt may be about, and from where: the people on my relationship lists, or
    (without lists) my strongest relationships."""
    lists = _optional("workaloud.relationship_lists.services")
    if lists is not None and hasattr(lists, "listed_people"):
        people = [p for p in lists.listed_people(viewer) if p.pk != viewer.pk and p.is_active]
        if people:
            return people[:PROMPT_CANDIDATES], "lists"
    for name in ("workaloud.relationships.queries", "workaloud.relationships.services"):
        module = _optional(name)
        if module is not None and hasattr(module, "my_relationships"):
            found = module.my_relationships(viewer)  # strongest first
            rows = list(getattr(found, "rows", found))[:PROMPT_CANDIDATES]
            ids = [row["person"].pk if "person" in row else row["person_id"] for row in rows]
            people = User.objects.filter(is_active=True).exclude(pk=viewer.pk).in_bulk(ids)
            return [people[pk] for pk in ids if pk in people], "relationships"
    return [], "relationships"


def _least_given(viewer, people: list[User], now: datetime) -> User:
    """The person I gave least to lately (ties: the first in the list's order)."""
    since = now - timedelta(days=personas.WINDOW_DAYS)
    given = dict(
        _live(Interaction.objects.filter(actor_id=viewer.pk, target__in=[p.pk for p in people]))
        .filter(occurred_at__gte=since)
        .exclude(kind__in=AWARENESS_KINDS)
        .values("target_id")
        .annotate(n=Count("id"))
        .values_list("target_id", "n")
        .order_by()
    )
    return min(people, key=lambda p: given.get(p.pk, 0))


def _open_asks(viewer, other: User) -> list[dict]:
    asks = visible_updates(viewer).filter(author=other, ask_status=AskStatus.OPEN)
    return [
        {"text": f"Their ask: {u.ask}", "url": u.get_absolute_url(), "kind": "open_ask"}
        for u in asks.order_by("-published_at", "-id")[:PROMPT_SUGGESTIONS]
    ]


def offer_prompt(viewer, now: datetime | None = None) -> dict | None:
    """ "What could you offer Bob?": one person from my lists (the one I gave least to in the
    persona window) with concrete suggestions; None when there is nobody to ask about."""
    now = now or timezone.now()
    people, source = people_to_offer(viewer)
    if not people:
        return None
    other = _least_given(viewer, people, now)
    story = _optional("workaloud.relationships.story")
    if story is not None and hasattr(story, "suggestions"):
        ideas = list(story.suggestions(viewer, other, now=now))
    else:
        ideas = _open_asks(viewer, other)
    if not ideas:
        ideas = [
            {
                "text": f"See what {other.name} is working on, and respond to an update.",
                "url": other.get_absolute_url(),
                "kind": "recent_work",
            }
        ]
    return {"person": other, "suggestions": ideas[:PROMPT_SUGGESTIONS], "source": source}
