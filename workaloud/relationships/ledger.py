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

_COLUMNS = 6
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


def select_sql(where: str = "") -> str:
    table = Interaction._meta.db_table
    return (
        f"SELECT id, actor_id, target_id, {_kind_code_sql()}, {epoch_us_sql()},"
        " CASE WHEN update_id IS NOT NULL THEN 2 * update_id"
        " WHEN goal_id IS NOT NULL THEN 2 * goal_id + 1 ELSE -1 END"
        f" FROM {table} WHERE voided_at IS NULL {('AND ' + where) if where else ''}"
        " ORDER BY id"
    )


def read(where: str = "", params: list | tuple = ()) -> model.Ledger:
    """The live (not voided) ledger rows matching ``where``, in id order."""
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute(select_sql(where), params)
        while rows := cursor.fetchmany(_CHUNK):
            chunks.append(np.array(rows, dtype=np.int64).reshape(-1, _COLUMNS))
    data = np.concatenate(chunks) if chunks else np.zeros((0, _COLUMNS), dtype=np.int64)
    return model.Ledger(*(np.ascontiguousarray(data[:, i]) for i in range(_COLUMNS)))


def read_pair(a_id: int, b_id: int) -> model.Ledger:
    return read(
        "((actor_id = %s AND target_id = %s) OR (actor_id = %s AND target_id = %s))",
        [a_id, b_id, b_id, a_id],
    )
