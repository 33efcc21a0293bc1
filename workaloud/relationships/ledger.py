"""Reading ledger rows into arrays (``model.Ledger``), one query, both databases.

Times are read as exact microseconds since the epoch and kinds as their codes by the
database itself, so the full rebuild can read millions of rows without making a Python
object per value; the incremental path reads one pair's rows through the same query.
"""

from __future__ import annotations

import numpy as np
from django.db import connection

from workaloud.relationships import model
from workaloud.relationships.models import Interaction

_CHUNK = 200_000


def epoch_us_sql(column: str = "occurred_at") -> str:
    """SQL for a datetime column as exact microseconds since the epoch."""
    if connection.vendor == "postgresql":
        return f"(EXTRACT(EPOCH FROM {column}) * 1000000)::bigint"
    # SQLite keeps 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC.
    return (
        f"CAST(strftime('%%s', {column}) AS INTEGER) * 1000000"
        f" + CAST(substr({column} || '.000000', 21, 6) AS INTEGER)"
    )


def _kind_code_sql() -> str:
    cases = " ".join(f"WHEN '{kind}' THEN {code}" for code, kind in enumerate(model.KIND_CODES))
    return f"CASE kind {cases} END"


# Three values a row: fewer, larger values read much faster than many small ones.
#   pair:   actor id · 2^32 + target id  (ids below 2^31, checked in ``read``)
#   time:   microseconds since the epoch (SQLite: its text, parsed by numpy, exactly)
#   detail: (context + 1) · 16 + kind code, context being 2·update id, 2·goal id + 1, or −1
_SHIFT = 32
_KIND_BITS = 16


def select_sql(where: str = "") -> str:
    table = Interaction._meta.db_table
    # SQLite: an expression, not the bare column, so the driver hands over the text instead of
    # making a datetime object of each.
    time = epoch_us_sql() if connection.vendor == "postgresql" else "occurred_at || ''"
    context = (
        "CASE WHEN update_id IS NOT NULL THEN 2 * update_id"
        " WHEN goal_id IS NOT NULL THEN 2 * goal_id + 1 ELSE -1 END"
    )
    return (
        f"SELECT actor_id * {2**_SHIFT} + target_id, {time},"
        f" ({context} + 1) * {_KIND_BITS} + {_kind_code_sql()}"
        f" FROM {table} WHERE voided_at IS NULL {('AND ' + where) if where else ''}"
        " ORDER BY id"
    )


def _times(values) -> np.ndarray:
    if connection.vendor == "postgresql":
        return np.array(values, dtype=np.int64)
    return np.array(values, dtype="datetime64[us]").astype(np.int64)


def read(where: str = "", params: list | tuple = ()) -> model.Ledger:
    """The live (not voided) ledger rows matching ``where``, in id order."""
    pairs, times, details = [], [], []
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM people_user")
        if (cursor.fetchone()[0] or 0) >= 2 ** (_SHIFT - 1):
            raise OverflowError("person ids beyond 2^31 are not supported by the ledger reader")
        cursor.execute(select_sql(where), list(params))
        while rows := cursor.fetchmany(_CHUNK):
            pair, at, detail = zip(*rows, strict=True)
            pairs.append(np.array(pair, dtype=np.int64))
            times.append(_times(at))
            details.append(np.array(detail, dtype=np.int64))
    pair = np.concatenate(pairs) if pairs else np.zeros(0, dtype=np.int64)
    detail = np.concatenate(details) if details else np.zeros(0, dtype=np.int64)
    return model.Ledger(
        actor=pair >> _SHIFT,
        target=pair & (2**_SHIFT - 1),
        kind=detail % _KIND_BITS,
        at_us=np.concatenate(times) if times else np.zeros(0, dtype=np.int64),
        context=detail // _KIND_BITS - 1,
    )


def read_pair(a_id: int, b_id: int) -> model.Ledger:
    return read(
        "((actor_id = %s AND target_id = %s) OR (actor_id = %s AND target_id = %s))",
        [a_id, b_id, b_id, a_id],
    )
