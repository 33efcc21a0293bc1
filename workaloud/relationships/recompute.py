"""Rebuild every figure from the ledger: pairs, stages, graph measures, personas.

Pair figures come from the same ``model.pair_figures`` as the incremental path, so the stored
figures are exactly the same (after changing weights or the half-life, run it). The work is
vectorised: the ledger is read as arrays (``ledger.read``), the graph measured with igraph,
and the rows written with bulk SQL in one transaction.
"""

from __future__ import annotations

import time
from datetime import datetime

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from workaloud.relationships import graph, ledger, model, store
from workaloud.relationships.models import (
    Community,
    Interaction,
    NetworkPosition,
    Relationship,
)

_BATCH = 50_000
PAIR_COLUMNS = ("person_a_id", "person_b_id", *store.LEDGER_FIELDS, "overlap", "bridge")


def _pair_columns(f: model.PairFigures, measures: graph.NetworkMeasures) -> list[np.ndarray]:
    """The arrays for ``PAIR_COLUMNS``; −1 (never engaged) becomes NULL."""
    ledger_columns = [
        np.where(column < 0, None, column.astype(object)) if name in store.NULLABLE else column
        for name in store.LEDGER_FIELDS
        for column in [getattr(f, name)]
    ]
    return [f.person_a, f.person_b, *ledger_columns, measures.overlap, measures.bridge]


def _insert(table: str, columns: tuple[str, ...], data: list[np.ndarray]) -> None:
    """Bulk insert column arrays: COPY on PostgreSQL, executemany on SQLite."""
    total = len(data[0]) if data else 0
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        for start in range(0, total, _BATCH):
            chunk = [column[start : start + _BATCH].tolist() for column in data]
            rows = list(zip(*chunk, strict=True))
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _replace_pairs(figures: model.PairFigures, measures: graph.NetworkMeasures) -> None:
    """Empty the pairs table and write every pair, in (person_a, person_b) order.

    The reverse index is dropped while the rows go in and built once after: keeping it up
    to date row by row, in random order, cost most of the time.
    """
    table = Relationship._meta.db_table
    reverse = next(i for i in Relationship._meta.indexes if i.name == "relationship_rev")
    columns = ", ".join(Relationship._meta.get_field(f).column for f in reverse.fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table}")
        else:
            cursor.execute(f"DELETE FROM {table}")  # SQLite truncates a table without triggers
        cursor.execute(f"DROP INDEX {reverse.name}")
        _insert(table, PAIR_COLUMNS, _pair_columns(figures, measures))
        cursor.execute(f"CREATE INDEX {reverse.name} ON {table} ({columns})")


def activity(rows: model.Ledger, now: datetime, size: int):
    """Per person id: engagement given and received, and updates published, in 90 days."""
    since = model.to_us(now - model.TREND_WINDOW)
    recent = (rows.at_us >= since) & model.engagement_mask(rows.kind)
    given = np.bincount(rows.actor[recent], minlength=size)
    received = np.bincount(rows.target[recent], minlength=size)
    posts = np.zeros(size, dtype=np.int64)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT author_id, COUNT(*) FROM work_workupdate WHERE published_at >= %s"
            " AND deleted_at IS NULL GROUP BY author_id",
            [now - model.TREND_WINDOW],
        )
        for author, count in cursor.fetchall():
            if author < size:
                posts[author] = count
    return given, received, posts


def _positions(rows, measures, people: np.ndarray, now: datetime) -> list[np.ndarray]:
    from workaloud.relationships.personas import classify

    size = int(max(people.max(initial=0), len(measures.community) - 1)) + 1
    given, received, posts = activity(rows, now, size)
    community = np.full(size, -1, dtype=np.int64)
    community[: len(measures.community)] = measures.community
    personas = np.array(
        [
            classify(g, r, p)
            for g, r, p in zip(
                given[people].tolist(),
                received[people].tolist(),
                posts[people].tolist(),
                strict=True,
            )
        ],
        dtype=object,
    )
    return [
        people,
        np.where(community[people] >= 0, community[people], None),
        np.array([measures.reaches.get(p, "") for p in people.tolist()], dtype=object),
        personas,
        given[people],
        received[people],
        posts[people],
        np.full(len(people), now, dtype=object),
    ]


def rebuild_all(now: datetime | None = None) -> dict:
    """Replace every stored figure with figures recomputed from the ledger.

    Returns a summary: pairs, people, communities and the seconds each step took.
    """
    now = now or timezone.now()
    took: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        took[step] = time.perf_counter() - clock
        clock = time.perf_counter()

    rows = ledger.read()
    lap("read ledger")
    figures = model.pair_figures(rows)
    lap("pair figures")
    measures = graph.measure(figures.person_a, figures.person_b)
    lap("graph measures")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM people_user ORDER BY id")
        people = np.array([pk for (pk,) in cursor.fetchall()], dtype=np.int64)
    positions = _positions(rows, measures, people, now)
    lap("personas")
    with transaction.atomic():
        NetworkPosition.objects.all().delete()
        Community.objects.all().delete()
        _replace_pairs(figures, measures)
        _insert(
            NetworkPosition._meta.db_table,
            (
                "person_id",
                "community",
                "reaches",
                "persona",
                "given_90",
                "received_90",
                "posts_90",
                "computed_at",
            ),
            positions,
        )
        Community.objects.bulk_create(
            Community(number=c, label=label[:200], size=size)
            for c, (label, size) in measures.labels.items()
        )
    if connection.vendor == "postgresql":
        # Fresh statistics for the replaced tables: with the old ones the planner scans whole
        # tables to join a person's pairs (autovacuum would get there, later).
        with connection.cursor() as cursor:
            cursor.execute(
                f"ANALYZE {Relationship._meta.db_table}, {NetworkPosition._meta.db_table}"
            )
    lap("write")
    return {
        "interactions": len(rows),
        "pairs": len(figures),
        "people": len(people),
        "communities": len(measures.labels),
        "seconds": took,
    }


def backfill_ledger() -> int:
    """Record the acts that existed before the ledger did (follows, responses, mentions, credits).

    Idempotent: an act already in the ledger is skipped, so it can be run again after a
    failure. Acts are recorded in the order they happened. Returns the number of new rows.
    """
    from workaloud.people.models import Follow
    from workaloud.relationships import services
    from workaloud.responses.models import HelpCredit, Mention, Response

    before = Interaction.objects.count()
    acts = [(f.created_at, 0, f.pk, services.record_follow, f) for f in Follow.objects.all()]
    acts += [
        (r.created_at, 1, r.pk, services.record_response, r)
        for r in Response.objects.select_related("update", "parent")
    ]
    acts += [
        (m.created_at, 2, m.pk, services.record_mention, m)
        for m in Mention.objects.select_related("update")
    ]
    acts += [
        (c.created_at, 3, c.pk, services.record_help_credit, c)
        for c in HelpCredit.objects.select_related("update")
    ]
    acts.sort(key=lambda act: act[:3])
    for _at, _order, _pk, record, obj in acts:
        with transaction.atomic():
            record(obj)
    return Interaction.objects.count() - before


def redate_from_sources(interactions) -> None:
    """Set each interaction's ``occurred_at`` to its source object's ``created_at``.

    For loaders that backdate objects after creating them through the services (the demo).
    Rebuild the figures afterwards.
    """
    from workaloud.circles.models import CheckIn, Meeting
    from workaloud.generosity.models import Thanks
    from workaloud.introductions.models import Introduction
    from workaloud.people.models import Follow
    from workaloud.responses.models import HelpCredit, Mention, Response

    # source key prefix -> the model and the field that says when the act happened
    sources = {
        "thanks": (Thanks, "created_at"),
        "follow": (Follow, "created_at"),
        "response": (Response, "created_at"),
        "mention": (Mention, "created_at"),
        "help_credit": (HelpCredit, "created_at"),
        "circle_meeting": (Meeting, "starts_at"),
        "circle_check_in": (CheckIn, "created_at"),
        "introduction": (Introduction, "accepted_at"),
    }
    rows = list(interactions.filter(source=Interaction.NATIVE))
    wanted: dict[str, set[int]] = {}
    for row in rows:
        prefix, _, pk = row.source_key.partition(":")
        wanted.setdefault(prefix, set()).add(int(pk))
    times = {
        (prefix, pk): at
        for prefix, pks in wanted.items()
        for pk, at in sources[prefix][0]
        .objects.filter(pk__in=pks)
        .values_list("pk", sources[prefix][1])
    }
    changed = []
    for row in rows:
        prefix, _, pk = row.source_key.partition(":")
        at = times.get((prefix, int(pk)))
        if at is not None and at != row.occurred_at:
            row.occurred_at = at
            changed.append(row)
    Interaction.objects.bulk_update(changed, ["occurred_at"], batch_size=1000)
