"""Imported acts keep their thread, so imported history deepens relationships the way native
activity does: exchanges are counted per thread, as they are per update or goal."""

from datetime import UTC, datetime

import pytest

from workaloud.imports import pipeline
from workaloud.relationships import services
from workaloud.relationships.models import Interaction
from workaloud.relationships.story import story

pytestmark = pytest.mark.django_db

ACTS = """source,target,kind,timestamp,context
alice@example.org,bob@example.org,reply,2024-01-01T10:00:00Z,rota-thread
bob@example.org,alice@example.org,reply,2024-01-01T11:00:00Z,rota-thread
alice@example.org,bob@example.org,reply,2024-01-09T10:00:00Z,budget-thread
bob@example.org,alice@example.org,reply,2024-01-09T12:00:00Z,budget-thread
alice@example.org,bob@example.org,mention,2024-01-10T09:00:00Z,
"""


def test_two_imported_threads_a_week_apart_make_collaborators(alice, bob, tmp_path):
    path = tmp_path / "acts.csv"
    path.write_text(ACTS)
    found = pipeline.review("plain", "chat", str(path))
    pipeline.write(found, "plain", str(path), pipeline.Options())
    threads = dict(Interaction.objects.values_list("source_key", "thread"))
    assert len(set(threads.values())) == 3  # two threads, and no thread for the mention
    assert None in threads.values()
    assert all(t is None or 0 <= t < 2**40 for t in threads.values())

    pipeline.recompute()
    assert services.stage(alice.pk, bob.pk) == 4
    moments = {m["stage"]: m["at"] for m in story(alice, bob)["moments"]}
    assert moments[4] == datetime(2024, 1, 9, 12, tzinfo=UTC)

    # The numbers are the same on every run: a second import of the file finds every act.
    again = pipeline.write(found, "plain", str(path), pipeline.Options())
    assert again.interactions_recorded == 0
    assert dict(Interaction.objects.values_list("source_key", "thread")) == threads


def test_without_threads_imported_history_stops_at_a_reciprocal_exchange(alice, bob, tmp_path):
    path = tmp_path / "acts.csv"
    path.write_text("\n".join(line.rsplit(",", 1)[0] + "," for line in ACTS.splitlines()))
    found = pipeline.review("plain", "chat", str(path))
    pipeline.write(found, "plain", str(path), pipeline.Options())
    pipeline.recompute()
    assert services.stage(alice.pk, bob.pk) == 3
