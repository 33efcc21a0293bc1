"""Reading ledger rows into arrays (``model.Ledger``), both databases.

Times are read as exact microseconds since the epoch and kinds as their codes by the
database itself. The incremental path reads one pair's rows with ``select_sql``, row by row;
the full rebuild reads millions of rows in blocks, each block's columns aggregated into texts
that numpy parses, so no Python object is made per value.
"""

from __future__ import annotations

import functools
import multiprocessing
import sqlite3
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

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


def _context_sql() -> str:
    return (
        "CASE WHEN update_id IS NOT NULL THEN 3 * update_id"
        " WHEN goal_id IS NOT NULL THEN 3 * goal_id + 1"
        " WHEN thread IS NOT NULL THEN 3 * thread + 2 ELSE -1 END"
    )


def select_sql(where: str = "") -> str:
    table = Interaction._meta.db_table
    # SQLite: an expression, not the bare column, so the driver hands over the text instead of
    # making a datetime object of each.
    time = epoch_us_sql() if connection.vendor == "postgresql" else "occurred_at || ''"
    context = _context_sql()
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


# The full read: each block of ids comes back as one row of four texts (ids, pairs, details,
# times), aggregated by the database in C and parsed by numpy in C, so no Python object is made
# per value. The four aggregates of one query see the rows in the same order; the ids are
# read to put the rows in id order should the database hand them over in another.
_BLOCK = 250_000
_TIME_WIDTH = 26  # 'YYYY-MM-DD HH:MM:SS.ffffff'


def _block_sql(vendor: str, mark: str) -> str:
    """One block's query; ``mark`` is the driver's parameter mark."""
    table = Interaction._meta.db_table
    pair = f"actor_id * {2**_SHIFT} + target_id"
    detail = f"({_context_sql()} + 1) * {_KIND_BITS} + {_kind_code_sql()}"
    if vendor == "postgresql":
        # No ORDER BY in the aggregates (it sorts each block): the ids say the order.
        values = [
            f"string_agg(({column})::text, ' ')" for column in ("id", pair, detail, epoch_us_sql())
        ]
    else:
        values = [f"group_concat({column}, ' ')" for column in ("id", pair, detail)]
        # SQLite leaves out a zero fraction: pad every time to the same width.
        values.append(f"group_concat(substr(occurred_at || '.000000', 1, {_TIME_WIDTH}), '')")
    return (
        f"SELECT {', '.join(values)} FROM {table}"
        f" WHERE id > {mark} AND id <= {mark} AND voided_at IS NULL"
    )


def _parse_block(row, vendor: str) -> tuple[np.ndarray, ...]:
    ids, pairs, details = (np.fromstring(text, dtype=np.int64, sep=" ") for text in row[:3])
    times = row[3]
    if vendor == "postgresql":
        at = np.fromstring(times, dtype=np.int64, sep=" ")
    else:
        at = np.frombuffer(times.encode(), dtype=f"S{_TIME_WIDTH}").astype("datetime64[us]")
        at = at.astype(np.int64)
    return ids, pairs, at, details


def _read_blocks(execute, vendor: str, mark: str, low: int, high: int):
    """The live rows with low < id ≤ high, block by block: ids, pairs, times, details."""
    sql = _block_sql(vendor, mark)
    blocks = []
    for start in range(low, high, _BLOCK):
        row = execute(sql, (start, min(start + _BLOCK, high)))
        if row[0] is not None:
            blocks.append(_parse_block(row, vendor))
    if not blocks:
        return tuple(np.zeros(0, dtype=np.int64) for _ in range(4))
    return tuple(np.concatenate(parts) for parts in zip(*blocks, strict=True))


def _fetch_sqlite_range(path: str, low: int, high: int):
    """The live rows with low < id ≤ high, from a read-only connection of its own to the
    SQLite file (in a worker process)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        fetch_one = lambda sql, args: db.execute(sql, args).fetchone()  # noqa: E731
        return _read_blocks(fetch_one, "sqlite", "?", low, high)
    finally:
        db.close()


def _fetch_postgresql_range(low: int, high: int):
    """The live rows with low < id ≤ high, through a connection of its own (in a thread: the
    database server does the work, in a process of its own)."""
    db = connection.get_new_connection(connection.get_connection_params())
    try:
        with db.cursor() as cursor:

            def fetch_one(sql, args):
                cursor.execute(sql, args)
                return cursor.fetchone()

            return _read_blocks(fetch_one, "postgresql", "%s", low, high)
    finally:
        db.close()


def _second_reader():
    """A pool of one to read a range of ids beside this process, and the function to run in
    it; None where there is no second reader (an in-memory SQLite database)."""
    if connection.vendor == "postgresql":
        return ThreadPoolExecutor(1), _fetch_postgresql_range
    path = str(connection.settings_dict["NAME"])
    if "memory" in path:
        return None
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    return pool, functools.partial(_fetch_sqlite_range, path)


def _fetch_all(cursor) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every live row, in id order: packed pairs, times, packed details.

    A large ledger is read in two halves at once, the second on a connection of its own: one
    core each."""
    cursor.execute(f"SELECT MAX(id) FROM {Interaction._meta.db_table}")
    top = cursor.fetchone()[0] or 0
    vendor = connection.vendor

    def fetch_one(sql, args):
        cursor.execute(sql, list(args))
        return cursor.fetchone()

    second = _second_reader() if top >= PARALLEL_READ_ROWS else None
    if second is None:
        ids, *columns = _read_blocks(fetch_one, vendor, "%s", 0, top)
    else:
        pool, read_range = second
        middle = top // 2
        with pool:
            pending = pool.submit(read_range, middle, top)
            first = _read_blocks(fetch_one, vendor, "%s", 0, middle)
            rest = pending.result()
        ids, *columns = (np.concatenate([a, b]) for a, b in zip(first, rest, strict=True))
    if len(ids) > 1 and not np.all(ids[1:] > ids[:-1]):  # the sums are added in id order
        order = np.argsort(ids, kind="stable")
        columns = [column[order] for column in columns]
    return tuple(columns)


def _check_ids(highest: int | None) -> None:
    if (highest or 0) >= 2 ** (_SHIFT - 1):
        raise OverflowError("person ids beyond 2^31 are not supported by the ledger reader")


def read(
    where: str = "", params: list | tuple = (), *, people: tuple[int, ...] = ()
) -> model.Ledger:
    """The live (not voided) ledger rows matching ``where`` (all when empty), in id order.

    ``people``: when the rows can only be between these people, their ids, so the packing of
    ids need not be checked against the highest id in the database.
    """
    with connection.cursor() as cursor:
        if people:
            _check_ids(max(people))
        else:
            cursor.execute("SELECT MAX(id) FROM people_user")
            _check_ids(cursor.fetchone()[0])
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
        people=(a_id, b_id),
    )
