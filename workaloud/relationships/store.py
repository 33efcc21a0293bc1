"""Writing ``model.PairFigures`` into ``Relationship`` rows: one pair, or all of them."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from workaloud.relationships import model
from workaloud.relationships.models import Interaction, Relationship

# Relationship field ← the PairFigures array of the same name: the figures from the ledger.
LEDGER_FIELDS = (
    "a_to_b",
    "b_to_a",
    "count_a_to_b",
    "count_b_to_a",
    "first_us",
    "last_us",
    "kind_mask",
    "engaged_a_to_b",
    "engaged_b_to_a",
    "first_engaged_us",
    "last_engaged_us",
    "exchanges",
    "gratitude_a_to_b",
    "gratitude_b_to_a",
    "stage",
)
NULLABLE = {"first_engaged_us", "last_engaged_us"}  # −1 in the arrays: never engaged


def values(figures: model.PairFigures, i: int) -> dict:
    """The stored fields of pair ``i``, as Python values."""
    out = {name: getattr(figures, name)[i].item() for name in LEDGER_FIELDS}
    for name in NULLABLE:
        if out[name] < 0:
            out[name] = None
    return out


# The hot path of recording one act runs a handful of plain statements: the ORM's query
# building cost more than the statements themselves.


def _db_time(value):
    return None if value is None else connection.ops.adapt_datetimefield_value(value)


def insert_interaction(
    *, actor_id, target_id, kind, occurred_at, source, source_key, update_id, response_id, goal_id
) -> int | None:
    """Insert one ledger row unless the same act is there already; its id, or None."""
    table = Interaction._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (actor_id, target_id, kind, occurred_at, source, source_key,"
            " update_id, response_id, goal_id, recorded_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (source, source_key, kind, actor_id, target_id) DO NOTHING RETURNING id",
            [
                actor_id,
                target_id,
                str(kind),
                _db_time(occurred_at),
                source,
                source_key,
                update_id,
                response_id,
                goal_id,
                _db_time(timezone.now()),
            ],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def lock_pair(a_id: int, b_id: int) -> tuple[int, bool]:
    """The pair's row id, created if missing and locked until the transaction ends (the
    upsert takes the row lock on PostgreSQL; SQLite serialises writers), and whether it is new.
    """
    table = Relationship._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (person_a_id, person_b_id, a_to_b, b_to_a, count_a_to_b,"
            " count_b_to_a, first_us, last_us, kind_mask, engaged_a_to_b, engaged_b_to_a,"
            " exchanges, gratitude_a_to_b, gratitude_b_to_a, stage, overlap, bridge)"
            " VALUES (%s, %s, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, %s, %s, 0, 0, %s)"
            f" ON CONFLICT (person_a_id, person_b_id) DO UPDATE SET stage = {table}.stage"
            " RETURNING id, count_a_to_b + count_b_to_a",
            [a_id, b_id, False, False, False],
        )
        pk, count = cursor.fetchone()
    return pk, count == 0


def write_pair(pk: int, figures: model.PairFigures, extra: dict | None = None) -> None:
    """Store pair 0 of ``figures`` (and any ``extra`` fields) in row ``pk``."""
    fields = values(figures, 0) | (extra or {})
    assignments = ", ".join(f"{name} = %s" for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Relationship._meta.db_table} SET {assignments} WHERE id = %s",
            [*fields.values(), pk],
        )


def delete_pair(pk: int) -> None:
    Relationship.objects.filter(pk=pk).delete()
