"""Reading the ledger as arrays: the packed query, and the two-process read of a large SQLite
file giving exactly the rows a single read gives."""

import sqlite3
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.db import connection
from django.utils import timezone

from workaloud.relationships import ledger, model, services
from workaloud.relationships.models import Interaction
from workaloud.testing.factories import make_goal, make_person

pytestmark = pytest.mark.django_db


def test_rows_come_back_exactly(alice, bob, carol):
    at = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)
    services.record_interaction(alice.pk, bob.pk, "question", occurred_at=at, source_key="a")
    services.record_interaction(
        bob.pk, carol.pk, "follow", occurred_at=at.replace(microsecond=0), source_key="b"
    )
    rows = ledger.read()
    assert rows.actor.tolist() == [alice.pk, bob.pk]
    assert rows.target.tolist() == [bob.pk, carol.pk]
    assert [model.KIND_CODES[k] for k in rows.kind] == ["question", "follow"]
    assert [model.from_us(us) for us in rows.at_us] == [at, at.replace(microsecond=0)]
    assert rows.context.tolist() == [-1, -1]


def _record_twenty_acts_and_void_six(alice, bob, carol) -> int:
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    people = [alice, bob, carol]
    goal = make_goal(alice)
    for i in range(20):
        actor, target = people[i % 3], people[(i + 1 + i % 2) % 3]
        services.record_interaction(
            actor.pk,
            target.pk,
            model.KIND_CODES[i % len(model.KIND_CODES)],
            occurred_at=start + timedelta(hours=i, microseconds=(i % 4) * 250_001),
            source_key=f"act:{i}",
            goal_id=goal.pk if i % 2 else None,
        )
    voided = Interaction.objects.order_by("id").values_list("id", flat=True)[6:12]
    Interaction.objects.filter(id__in=list(voided)).update(voided_at=timezone.now())
    return goal.pk


def _assert_same_rows(blocks, rows) -> None:
    assert len(blocks) == len(rows) == 14
    for field in ("actor", "target", "kind", "at_us", "context"):
        assert getattr(blocks, field).tolist() == getattr(rows, field).tolist(), field


def test_the_full_read_in_blocks_gives_the_rows_a_row_by_row_read_gives(
    alice, bob, carol, monkeypatch
):
    """Blocks of three ids: some hold voided rows only, one holds none at all."""
    goal_id = _record_twenty_acts_and_void_six(alice, bob, carol)
    monkeypatch.setattr(ledger, "_BLOCK", 3)
    blocks = ledger.read()
    assert sorted(set(blocks.context.tolist())) == [-1, 3 * goal_id + 1]
    _assert_same_rows(blocks, ledger.read("1 = 1"))  # the incremental path's row-by-row query


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's second reader is a process (below)"
)
@pytest.mark.django_db(transaction=True)  # the second connection sees committed rows only
def test_rows_out_of_id_order_or_read_in_halves_give_the_rows_of_one_read(
    alice, bob, carol, monkeypatch
):
    _record_twenty_acts_and_void_six(alice, bob, carol)
    # A row updated in place moves to the end of its page: a scan hands it over last.
    Interaction.objects.filter(id=Interaction.objects.order_by("id")[0].id).update(
        recorded_at=timezone.now()
    )
    one_read = ledger.read("1 = 1")
    with connection.cursor() as cursor:  # a plain scan of the table, in its physical order
        cursor.execute("SET enable_indexscan = off; SET enable_bitmapscan = off")
        try:
            _assert_same_rows(ledger.read(), one_read)
        finally:
            cursor.execute("RESET enable_indexscan; RESET enable_bitmapscan")
    monkeypatch.setattr(ledger, "_BLOCK", 3)
    monkeypatch.setattr(ledger, "PARALLEL_READ_ROWS", 1)
    _assert_same_rows(ledger.read(), one_read)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the two-process read is SQLite's")
def test_a_range_read_by_a_worker_matches_the_database(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE relationships_interaction (id INTEGER PRIMARY KEY, actor_id INT,"
        " target_id INT, kind TEXT, occurred_at TEXT, update_id INT, goal_id INT, thread INT,"
        " voided_at TEXT)"
    )
    start = timezone.now().replace(tzinfo=None)
    rows = [
        (
            i,
            i % 7 + 1,
            i % 5 + 10,
            model.KIND_CODES[i % len(model.KIND_CODES)],
            str(start + timedelta(seconds=i, microseconds=i % 3)),
            i if i % 3 == 0 else None,
            i if i % 3 == 1 else None,
            2**39 + i if i % 3 == 2 and i % 2 else None,  # an imported thread
            "2026-01-01 00:00:00" if i % 11 == 0 else None,
        )
        for i in range(1, 200)
    ]
    db.executemany("INSERT INTO relationships_interaction VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    ids, pair, at, detail = ledger._fetch_sqlite_range(str(path), 50, 150)
    live = [r for r in rows if 50 < r[0] <= 150 and r[8] is None]
    assert ids.tolist() == [r[0] for r in live]
    assert (pair >> 32).tolist() == [r[1] for r in live]
    assert (pair & (2**32 - 1)).tolist() == [r[2] for r in live]
    assert [model.KIND_CODES[k] for k in detail % 16] == [r[3] for r in live]
    expected_context = [
        3 * r[5] if r[5] else 3 * r[6] + 1 if r[6] else 3 * r[7] + 2 if r[7] else -1 for r in live
    ]
    assert any(c % 3 == 2 for c in expected_context)
    assert (detail // 16 - 1).tolist() == expected_context
    times = [model.to_us(datetime.fromisoformat(r[4]).replace(tzinfo=UTC)) for r in live]
    assert at.tolist() == times
    assert np.all(np.diff(at) > 0)


def test_person_ids_too_large_to_pack_are_refused(alice, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(OverflowError):
        ledger.read_pair(alice.pk, 2**31)
    make_person("far", pk=2**31)
    with pytest.raises(OverflowError):
        ledger.read()
