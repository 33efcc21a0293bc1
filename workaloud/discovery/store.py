"""Stored profiles: building them from the database, and the in-process index over them.

``refresh_profiles(ids)`` rebuilds the given people's profile texts in a few batched queries,
and re-encodes only those whose text changed. ``current_index()`` is the in-process index of
every stored profile for the configured text method; it is rebuilt when profiles changed, at
most once per ``INDEX_REFRESH_SECONDS`` (new text is found within that delay).

pgvector: on PostgreSQL with the ``vector`` extension installed the embeddings could be
searched in the database; ``pgvector_available()`` detects it. The in-process index is used
everywhere today (docs/discovery.md says why that suffices at 100,000 people).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from workaloud.audience import Audience, GoalAudience
from workaloud.discovery import profiles, text
from workaloud.discovery.models import Profile

BATCH = 2000
INDEX_REFRESH_SECONDS = 30


def _live_community(prefix: str = "") -> dict:
    """Lookups for an update everyone may read (``prefix``: the path to it, "update__"). Used as
    a join from responses and credits: ``update__in=<subquery>`` made SQLite read every update
    for each batch."""
    return {
        f"{prefix}audience": Audience.COMMUNITY,
        f"{prefix}published_at__isnull": False,
        f"{prefix}deleted_at__isnull": True,
        f"{prefix}hidden_at__isnull": True,
    }


def profile_texts(person_ids: list[int]) -> dict[int, tuple[str, int]]:
    """Each person's profile text and how many asks they helped on (community items only)."""
    from workaloud.goals.models import Goal
    from workaloud.people.models import User
    from workaloud.responses.models import HelpCredit, Response
    from workaloud.work.models import AskStatus, WorkUpdate

    ids = list(person_ids)
    purpose = dict(User.objects.filter(pk__in=ids).values_list("pk", "purpose"))
    goals: dict[int, list[str]] = defaultdict(list)
    for owner, title, why in (
        Goal.objects.filter(owner_id__in=ids, audience=GoalAudience.COMMUNITY)
        .exclude(status=Goal.Status.DROPPED)
        .order_by("-created_at")
        .values_list("owner_id", "title", "why")
    ):
        goals[owner].append(f"{title}. {why}")
    items: dict[int, list[tuple]] = defaultdict(list)
    live = WorkUpdate.objects.filter(**_live_community())
    for author, at, body, ask, nxt, why in live.filter(author_id__in=ids).values_list(
        "author_id", "published_at", "body", "ask", "whats_next", "why_it_matters"
    ):
        items[author].append((at, profiles.update_text(body, ask, nxt, why)))
    on_live = _live_community("update__")
    for author, at, body in Response.objects.filter(author_id__in=ids, **on_live).values_list(
        "author_id", "created_at", "body"
    ):
        items[author].append((at, body))
    helped: dict[int, set[int]] = defaultdict(set)
    for author, update in (
        Response.objects.filter(author_id__in=ids, **on_live)
        .exclude(update__ask_status=AskStatus.NONE)
        .exclude(update__author_id=F("author_id"))
        .values_list("author_id", "update_id")
    ):
        helped[author].add(update)
    for helper, update in (
        HelpCredit.objects.filter(helper_id__in=ids, **on_live)
        .exclude(update__ask_status=AskStatus.NONE)
        .values_list("helper_id", "update_id")
    ):
        helped[helper].add(update)
    out = {}
    for pid in ids:
        if pid not in purpose:
            continue
        newest = [t for _, t in sorted(items[pid], key=lambda x: x[0], reverse=True)]
        out[pid] = (profiles.profile_text(purpose[pid], goals[pid], newest), len(helped[pid]))
    return out


def refresh_profiles(person_ids, *, force: bool = False) -> int:
    """Rebuild these people's profiles; encode only changed texts. Returns how many changed."""
    ids = sorted(set(person_ids))
    changed = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        texts = profile_texts(batch)
        existing = {
            p.person_id: p
            for p in Profile.objects.filter(person_id__in=batch).defer("lexical", "embedding")
        }
        todo = [
            pid
            for pid, (body, helped) in texts.items()
            if force
            or pid not in existing
            or existing[pid].text_hash != profiles.text_hash(body)
            or existing[pid].helped != helped
        ]
        if not todo:
            continue
        lexical = text.get_method("lexical").encode([texts[pid][0] for pid in todo])
        embedded = [None] * len(todo)
        if text.configured_method_name() == "embedding":  # only when it is the method in use
            method = text.get_method("embedding")
            method.warm([texts[pid][0] for pid in todo])
            embedded = method.encode([texts[pid][0] for pid in todo])
        now = timezone.now()
        rows = [
            Profile(
                person_id=pid,
                text_hash=profiles.text_hash(texts[pid][0]),
                length=lex.length,
                lexical=lex.data,
                embedding=emb.data if emb is not None else None,
                helped=texts[pid][1],
                updated_at=now,
            )
            for pid, lex, emb in zip(todo, lexical, embedded, strict=True)
        ]
        with transaction.atomic():
            Profile.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["person"],
                update_fields=[
                    "text_hash",
                    "length",
                    "lexical",
                    "embedding",
                    "helped",
                    "updated_at",
                ],
                batch_size=500,
            )
        changed += len(rows)
    if changed:
        reset_index()  # this process sees the change at once; others within the refresh delay
    return changed


def changed_since(since) -> set[int]:
    """People whose profile text may have changed since ``since``: they shared, edited,
    deleted or had hidden an update, changed a goal, responded, or were credited."""
    from django.db.models import Q

    from workaloud.goals.models import Goal
    from workaloud.responses.models import HelpCredit, Response
    from workaloud.work.models import WorkUpdate

    ids = set(
        WorkUpdate.objects.filter(
            Q(published_at__gte=since)
            | Q(edited_at__gte=since)
            | Q(deleted_at__gte=since)
            | Q(hidden_at__gte=since)
        ).values_list("author_id", flat=True)
    )
    ids |= set(Goal.objects.filter(updated_at__gte=since).values_list("owner_id", flat=True))
    ids |= set(Response.objects.filter(created_at__gte=since).values_list("author_id", flat=True))
    ids |= set(HelpCredit.objects.filter(created_at__gte=since).values_list("helper_id", flat=True))
    return ids


def refresh_changed(minutes: int = 3) -> int:
    """Refresh the profiles of people whose text changed in the last ``minutes`` (the job runs
    every minute; the overlap is free, as unchanged texts are not re-encoded)."""
    since = timezone.now() - timedelta(minutes=minutes)
    return refresh_profiles(changed_since(since))


def refresh_all(*, force: bool = False) -> int:
    from workaloud.people.models import User

    ids = list(User.objects.filter(is_active=True).values_list("pk", flat=True))
    return refresh_profiles(ids, force=force)


def pgvector_available() -> bool:
    """Whether this database could hold vectors (PostgreSQL with the pgvector extension)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        return cursor.fetchone() is not None


# --- the in-process index ------------------------------------------------------------------


@dataclass
class LoadedIndex:
    method: text.TextMethod
    index: text.Index
    helped: np.ndarray  # aligned with index.ids
    position: dict[int, int]
    stamp: tuple
    loaded_at: float

    @property
    def ids(self) -> np.ndarray:
        return self.index.ids

    @property
    def helped_max(self) -> float:
        return float(self.helped.max()) if len(self.helped) else 0.0


_cache: dict[str, LoadedIndex] = {}
_lock = threading.Lock()


def _stamp() -> tuple:
    row = Profile.objects.aggregate(last=Max("updated_at"))
    return (row["last"], Profile.objects.count())


def _load(method: text.TextMethod) -> LoadedIndex:
    field = "lexical" if method.name == "lexical" else "embedding"
    stamp = _stamp()
    qs = Profile.objects.filter(person__is_active=True).order_by("person_id")
    if field == "embedding":
        qs = qs.filter(embedding__isnull=False)
    ids, vectors, helped = [], [], []
    for pid, data, length, h in qs.values_list("person_id", field, "length", "helped").iterator(
        chunk_size=5000
    ):
        ids.append(pid)
        vectors.append(text.StoredVector(bytes(data), length))
        helped.append(h)
    index = method.build_index(np.array(ids, dtype=np.int64), vectors)
    return LoadedIndex(
        method,
        index,
        np.array(helped, dtype=np.float32),
        {pid: i for i, pid in enumerate(ids)},
        stamp,
        time.monotonic(),
    )


def current_index(method_name: str | None = None) -> LoadedIndex:
    method = text.get_method(method_name)
    loaded = _cache.get(method.name)
    if loaded is not None and time.monotonic() - loaded.loaded_at < INDEX_REFRESH_SECONDS:
        return loaded
    with _lock:
        loaded = _cache.get(method.name)
        if loaded is not None:
            if time.monotonic() - loaded.loaded_at < INDEX_REFRESH_SECONDS:
                return loaded
            if _stamp() == loaded.stamp:
                loaded.loaded_at = time.monotonic()
                return loaded
        _cache[method.name] = _load(method)
        return _cache[method.name]


def reset_index() -> None:
    """Forget the loaded indexes (the next read loads them again)."""
    _cache.clear()
