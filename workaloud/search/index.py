"""The search index, kept by the database itself.

SQLite: one FTS5 table per kind, with *external content* (the text stays in the source table;
the index holds only the terms), tokenised by ``porter unicode61 remove_diacritics 2``, and
triggers on the source tables that mirror every insert, change and delete into it. A trigger
sees every write, whatever made it (a service, the admin, a bulk ``update()``, a data
migration, raw SQL), so the index cannot drift from the rows.

PostgreSQL: a generated ``search_document`` tsvector column on each source table (weighted: A
for names and titles, B for bodies and asks, C for context, D for a purpose) with a GIN index;
PostgreSQL recomputes it on every write. The text search configuration ``workaloud_search`` is
English (Snowball stemming, stop words) with ``unaccent`` before it when the extension can be
created, so "cafe" finds "café" as on SQLite.

What is *visible* is never in the index: visibility (audience, circle, publication, deletion,
moderation, deactivation) is read from the source rows at query time, through the same SQL as
the feeds (``workaloud.audience``), so changing an update's audience needs no re-indexing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection as default_connection
from django.db import transaction

TOKENIZER = "porter unicode61 remove_diacritics 2"
# Prefix indexes for 2- and 3-character beginnings: a word being typed ("da", "dat") is then
# one index lookup instead of a merge of every term that starts so.
PREFIXES = "2 3"
PG_CONFIG = "workaloud_search"


@dataclass(frozen=True)
class Source:
    kind: str
    table: str  # the source table
    fts: str  # the SQLite FTS5 table
    columns: tuple[str, ...]  # indexed columns, in FTS5 order
    bm25: tuple[float, ...]  # FTS5 column weights (higher: a match counts more)
    pg_weights: tuple[str, ...]  # PostgreSQL setweight letter per column


SOURCES = {
    "people": Source(
        "people",
        "people_user",
        "search_person_fts",
        ("display_name", "username", "team", "purpose"),
        (10.0, 8.0, 4.0, 1.0),
        ("A", "A", "B", "D"),
    ),
    "goals": Source(
        "goals", "goals_goal", "search_goal_fts", ("title", "why"), (10.0, 2.0), ("A", "C")
    ),
    "updates": Source(
        "updates",
        "work_workupdate",
        "search_update_fts",
        ("body", "ask", "why_it_matters", "who_for", "whats_next"),
        (2.0, 2.0, 1.0, 1.0, 1.0),
        ("B", "B", "C", "C", "C"),
    ),
}


# --- SQLite ------------------------------------------------------------------------------


def _sqlite_triggers(s: Source) -> list[str]:
    cols = ", ".join(s.columns)
    new = ", ".join(f"new.{c}" for c in s.columns)
    old = ", ".join(f"old.{c}" for c in s.columns)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in s.columns)
    add = f"INSERT INTO {s.fts}(rowid, {cols}) VALUES (new.id, {new});"
    remove = f"INSERT INTO {s.fts}({s.fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {s.fts}_ai AFTER INSERT ON {s.table} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS {s.fts}_ad AFTER DELETE ON {s.table} BEGIN {remove} END",
        f"CREATE TRIGGER IF NOT EXISTS {s.fts}_au AFTER UPDATE OF {cols} ON {s.table}"
        f" WHEN {changed} BEGIN {remove} {add} END",
    ]


def _sqlite_trigger_names() -> list[str]:
    return [f"{s.fts}_{suffix}" for s in SOURCES.values() for suffix in ("ai", "ad", "au")]


def _sqlite_install(cursor, *, rebuild: bool = True) -> None:
    for s in SOURCES.values():
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {s.fts} USING fts5({', '.join(s.columns)},"
            f" content='{s.table}', content_rowid='id', tokenize='{TOKENIZER}',"
            f" prefix='{PREFIXES}')"
        )
        weights = ", ".join(f"{w:g}" for w in s.bm25)
        cursor.execute(f"INSERT INTO {s.fts}({s.fts}, rank) VALUES ('rank', 'bm25({weights})')")
        for sql in _sqlite_triggers(s):
            cursor.execute(sql)
        if rebuild:
            cursor.execute(f"INSERT INTO {s.fts}({s.fts}) VALUES ('rebuild')")


def _sqlite_uninstall(cursor) -> None:
    for name in _sqlite_trigger_names():
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    for s in SOURCES.values():
        cursor.execute(f"DROP TABLE IF EXISTS {s.fts}")


def drop_sqlite_triggers(cursor) -> None:
    """For bulk loads (the benchmark): write the rows, then ``rebuild()``."""
    for name in _sqlite_trigger_names():
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


# --- PostgreSQL ----------------------------------------------------------------------------


def pg_document_sql(s: Source) -> str:
    parts = [
        f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, coalesce({c}, '')), '{w}')"
        for c, w in zip(s.columns, s.pg_weights, strict=True)
    ]
    return " || ".join(parts)


def _pg_install(cursor) -> None:
    cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [PG_CONFIG])
    if cursor.fetchone() is None:
        try:
            with transaction.atomic():  # a savepoint: the extension may not be available
                cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            unaccent = True
        except Exception:
            unaccent = False
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = english)")
        if unaccent:
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} ALTER MAPPING FOR"
                " hword, hword_part, word WITH unaccent, english_stem"
            )
    for s in SOURCES.values():
        cursor.execute(
            f"ALTER TABLE {s.table} ADD COLUMN IF NOT EXISTS search_document tsvector"
            f" GENERATED ALWAYS AS ({pg_document_sql(s)}) STORED"
        )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {s.fts.replace('_fts', '_doc')} ON {s.table}"
            " USING GIN (search_document)"
        )


def _pg_uninstall(cursor) -> None:
    for s in SOURCES.values():
        cursor.execute(f"ALTER TABLE {s.table} DROP COLUMN IF EXISTS search_document")
    cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}")


# --- both ----------------------------------------------------------------------------------


def install(connection=None) -> None:
    """Create the index and build it from the existing rows (idempotent)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_install(cursor)
        elif connection.vendor == "postgresql":
            _pg_install(cursor)


def uninstall(connection=None) -> None:
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_uninstall(cursor)
        elif connection.vendor == "postgresql":
            _pg_uninstall(cursor)


def recreate(connection=None) -> None:
    """Drop and create the index again (after a change to its definition), built from the rows."""
    connection = connection or default_connection
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            _sqlite_uninstall(cursor)
    install(connection)


def rebuild(connection=None) -> None:
    """Rebuild the index from the source rows (SQLite; PostgreSQL's columns are always current)
    and put back any missing trigger."""
    connection = connection or default_connection
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            _sqlite_install(cursor, rebuild=True)


def missing_triggers(connection=None) -> list[str]:
    connection = connection or default_connection
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in _sqlite_trigger_names() if name not in present]


def ensure_after_migrate(sender, using="default", **kwargs) -> None:
    """After any app's migrations: if a trigger went missing (SQLite), restore it and rebuild,
    since writes made meanwhile were not indexed."""
    from django.db import connections

    if sender.label != "search":
        return
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [SOURCES["people"].fts])
        if cursor.fetchone() is None:
            return  # not migrated (yet, or backwards)
    if missing_triggers(connection):
        rebuild(connection)
