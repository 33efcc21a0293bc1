"""Imported history is older than native acts recorded before it: the moments a pair reached
each stage follow when acts happened, not the order they were recorded in."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from workaloud.imports import pipeline
from workaloud.relationships import ledger, model
from workaloud.relationships.models import Interaction
from workaloud.relationships.recompute import rebuild_all
from workaloud.relationships.story import story

pytestmark = pytest.mark.django_db


def test_stage_moments_follow_time_when_older_rows_come_later(alice, bob, tmp_path):
    now = timezone.now()
    for actor, target, at, key in (
        (alice, bob, now - timedelta(days=1), "a"),
        (bob, alice, now, "b"),
    ):
        Interaction.objects.create(
            actor=actor,
            target=target,
            kind="comment",
            occurred_at=at,
            source="native",
            source_key=f"test:{key}",
        )
    acts = tmp_path / "acts.csv"
    acts.write_text(
        "source,target,kind,timestamp\n"
        "alice@example.org,bob@example.org,reply,2024-01-01T10:00:00Z\n"
        "bob@example.org,alice@example.org,reply,2024-01-02T10:00:00Z\n"
    )
    found = pipeline.review("plain", "old", str(acts))
    pipeline.write(found, "plain", str(acts), pipeline.Options())
    rebuild_all()
    moments = {m["stage"]: m["at"] for m in story(alice, bob)["moments"]}
    assert moments == {
        1: datetime(2024, 1, 1, 10, tzinfo=UTC),
        2: datetime(2024, 1, 1, 10, tzinfo=UTC),
        3: datetime(2024, 1, 2, 10, tzinfo=UTC),
    }
    # The figures themselves do not depend on the order rows were recorded in.
    rows = ledger.read_pair(alice.pk, bob.pk)
    reverse = model.Ledger(*(getattr(rows, f)[::-1] for f in rows.__dataclass_fields__))
    ahead, behind = model.one_pair_figures(rows), model.one_pair_figures(reverse)
    for name in ("first_us", "last_us", "stage", "kind_mask", "first_engaged_us"):
        assert getattr(ahead, name).tolist() == getattr(behind, name).tolist()
    assert ahead.a_to_b[0] == pytest.approx(behind.a_to_b[0], rel=1e-12)
