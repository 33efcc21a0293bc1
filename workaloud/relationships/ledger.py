"""Reading ledger rows into arrays (``model.Ledger``), one query, both databases.

Times are read as exact microseconds since the epoch and kinds as their codes by the
database itself, so the full rebuild can read millions of rows without making a Python
object per value; the incremental path reads one pair's rows through the same query.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from django.db import connection

from workaloud.relationships import model
from workaloud.relationships.models import Interaction

_CHUNK = 200_000
PARALLEL_READ_ROWS = 2_000_000


def epoch_us_sql(column: str = "occurred_at") -> str:
    """SQL for a datetime column as exact microseconds since the epoch."""
    if connection.vendor == "postgresql":
        return f"(EXTRACT(EPOCH FROM {column}) * 1000000)::bigint"
    # SQLite keeps 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC.
    return (
        f"CAST(strftime('%%s', substr({column}, 1, 19)) AS INTEGER) * 1000000"
        f" + CAST(substr({column} || '.000000', 21, 6) AS INTEGER)"
    )


def _kind_code_sql() -> str:
    cases = " ".join(f"WHEN '{kind}' THEN {code}" for code, kind in enumerate(model.KIND_CODES))
    return f"CASE kind {cases} END"


# Three values a row: fewer, larger values read much faster than many small ones.
#   pair:   actor id · 2^32 + target id  (ids below 2^31, checked in ``read``)
#   time:   microseconds since the epoch (SQLite: its text, parsed by numpy, exactly)
#   detail: (context + 1) · 16 + kind code, context being 3·update id, 3·goal id + 1,
#           3·thread + 2 (imported acts), or −1
_SHIFT = 32
_KIND_BITS = 16


def select_sql(where: str = "") -> str:
    table = Interaction._meta.db_table
    # SQLite: an expression, not the bare column, so the driver hands over the text instead of
    # making a datetime object of each.
    time = epoch_us_sql() if connection.vendor == "postgresql" else "occurred_at || ''"
    context = (
        "CASE WHEN update_id IS NOT NULL THEN 3 * update_id"
        " WHEN goal_id IS NOT NULL THEN 3 * goal_id + 1"
        " WHEN thread IS NOT NULL THEN 3 * thread + 2 ELSE -1 END"
    )
    return (
        f"SELECT actor_id * {2**_SHIFT} + target_id, {time},"
        f" ({context} + 1) * {_KIND_BITS} + {_kind_code_sql()}"
        f" FROM {table} WHERE voided_at IS NULL {('AND ' + where) if where else ''}"
        " ORDER BY id"
    )


def _times(values, vendor: str) -> np.ndarray:
    if vendor == "postgresql":
        return np.array(values, dtype=np.int64)
    return np.array(values, dtype="datetime64[us]").astype(np.int64)


def _fetch(cursor, vendor: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The executed query's rows as three arrays: packed pairs, times, packed details."""
    pairs, times, details = [], [], []
    while rows := cursor.fetchmany(_CHUNK):
        pair, at, detail = zip(*rows, strict=True)
        pairs.append(np.array(pair, dtype=np.int64))
        times.append(_times(at, vendor))
        details.append(np.array(detail, dtype=np.int64))
    empty = np.zeros(0, dtype=np.int64)
    return tuple(np.concatenate(parts) if parts else empty for parts in (pairs, times, details))


def _fetch_sqlite_range(path: str, low: int, high: int):
    """In a worker process: the live rows with low < id ≤ high, from its own read-only
    connection to the SQLite file."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = db.execute(select_sql("id > ? AND id <= ?"), (low, high))
        return _fetch(cursor, "sqlite")
    finally:
        db.close()


def _fetch_all(cursor) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every live row. A large SQLite ledger is read in two halves at once, the second by a
    worker process: reading is bound by the driver making Python values, one core each."""
    cursor.execute(f"SELECT MAX(id) FROM {Interaction._meta.db_table}")
    top = cursor.fetchone()[0] or 0
    path = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite" or top < PARALLEL_READ_ROWS or "memory" in str(path):
        cursor.execute(select_sql(), [])
        return _fetch(cursor, connection.vendor)
    middle = top // 2
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        second = pool.submit(_fetch_sqlite_range, str(path), middle, top)
        cursor.execute(select_sql("id <= %s"), [middle])
        first = _fetch(cursor, "sqlite")
        rest = second.result()
    return tuple(np.concatenate([a, b]) for a, b in zip(first, rest, strict=True))


def read(where: str = "", params: list | tuple = ()) -> model.Ledger:
    """The live (not voided) ledger rows matching ``where`` (all when empty), in id order."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM people_user")
        if (cursor.fetchone()[0] or 0) >= 2 ** (_SHIFT - 1):
            raise OverflowError("person ids beyond 2^31 are not supported by the ledger reader")
        if where:
            cursor.execute(select_sql(where), list(params))
            pair, at, detail = _fetch(cursor, connection.vendor)
        else:
            pair, at, detail = _fetch_all(cursor)
    return model.Ledger(
        actor=pair >> _SHIFT,
        target=pair & (2**_SHIFT - 1),
        kind=detail % _KIND_BITS,
        at_us=at,
        context=detail // _KIND_BITS - 1,
    )


def read_pair(a_id: int, b_id: int) -> model.Ledger:
    return read(
        "((actor_id = %s AND target_id = %s) OR (actor_id = %s AND target_id = %s))",
        [a_id, b_id, b_id, a_id],
    )
