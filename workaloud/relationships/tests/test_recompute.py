"""The rebuild from the ledger stores exactly what the incremental path stored."""

import random
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from workaloud.relationships import model, services
from workaloud.relationships.models import Interaction, InteractionKind, Relationship
from workaloud.testing.factories import make_goal, make_person, make_update

pytestmark = pytest.mark.django_db

# Figures derived from the ledger alone. Graph measures (overlap, bridge) depend on the whole
# network: the incremental path measures a pair when it first appears, the rebuild measures all.
GRAPH_FIELDS = {"overlap", "bridge"}
FIELDS = [
    f.attname
    for f in Relationship._meta.concrete_fields
    if f.attname != "id" and f.attname not in GRAPH_FIELDS
]


def snapshot():
    return {(r["person_a_id"], r["person_b_id"]): r for r in Relationship.objects.values(*FIELDS)}


def test_recompute_gives_exactly_the_incremental_figures(settings):
    settings.RELATIONSHIP_HALF_LIFE_DAYS = 30
    rng = random.Random(20261124)
    people = [make_person(f"p{i}", team=f"t{i % 4}") for i in range(40)]
    goals = [make_goal(rng.choice(people), title=f"Goal {i}") for i in range(6)]
    updates = [make_update(g.owner, body=f"On goal {g.pk}", goal=g) for g in goals]
    updates += [make_update(rng.choice(people), body=f"Loose {i}") for i in range(10)]
    Interaction.objects.all().delete()
    Relationship.objects.all().delete()
    kinds = list(InteractionKind)
    start = timezone.now() - timedelta(days=400)
    # Heavy-tailed activity: a few people act far more than the rest.
    activity = [1 / (i + 1) for i in range(len(people))]
    for n in range(3000):
        actor, target = rng.choices(people, weights=activity, k=2)
        context = rng.random()
        update = rng.choice(updates) if context < 0.7 else None
        goal_id = update.goal_id if update else (rng.choice(goals).pk if context < 0.8 else None)
        # Mostly in time order, sometimes late (imported) acts from the past.
        at = start + timedelta(hours=n * 3 + rng.random())
        if rng.random() < 0.05:
            at -= timedelta(days=rng.randint(1, 60))
        services.record_interaction(
            actor.pk,
            target.pk,
            rng.choice(kinds),
            occurred_at=at,
            source_key=f"k{rng.randint(0, 2500)}",  # some repeats: idempotent no-ops
            update_id=update.pk if update else None,
            goal_id=goal_id,
        )
    incremental = snapshot()
    assert len(incremental) > 200
    assert {r["stage"] for r in incremental.values()} >= {1, 2, 3, 4}
    call_command("recompute_relationships", stdout=open("/dev/null", "w"))
    rebuilt = snapshot()
    assert rebuilt.keys() == incremental.keys()
    for pair, row in incremental.items():
        for field in FIELDS:
            assert rebuilt[pair][field] == row[field], (pair, field)
    # The rebuild's overlap (igraph) is exactly the documented formula on the neighbourhoods.
    hoods: dict[int, set[int]] = {}
    for a, b in rebuilt:
        hoods.setdefault(a, set()).add(b)
        hoods.setdefault(b, set()).add(a)
    stored = dict(
        ((a, b), overlap)
        for a, b, overlap in Relationship.objects.values_list(
            "person_a_id", "person_b_id", "overlap"
        )
    )
    for (a, b), overlap in stored.items():
        common = len((hoods[a] - {b}) & (hoods[b] - {a}))
        assert overlap == model.overlap(common, len(hoods[a]), len(hoods[b])), (a, b)
    assert any(v > 0 for v in stored.values())


def test_backfill_records_acts_from_before_the_ledger_and_is_idempotent(alice, bob, carol):
    from io import StringIO

    from workaloud.people.services import follow
    from workaloud.testing.factories import make_response
    from workaloud.work.services import resolve_ask

    follow(bob, alice)
    update = make_update(alice, body="Help wanted, @carol?", ask="Who can review?")
    offer = make_response(update, bob, kind="offer_of_help")
    make_response(update, alice, kind="thanks", body="Thanks!", parent_id=offer.pk)
    resolve_ask(update, alice, response_ids=[offer.pk])
    columns = ("actor_id", "target_id", "kind", "source_key", "occurred_at", "update_id")
    expected = sorted(Interaction.objects.values_list(*columns))
    figures = snapshot()
    Interaction.objects.all().delete()
    Relationship.objects.all().delete()
    out = StringIO()
    call_command("recompute_relationships", "--backfill", stdout=out)
    assert f"Recorded {len(expected)} missing interactions." in out.getvalue()
    assert sorted(Interaction.objects.values_list(*columns)) == expected
    assert snapshot() == figures
    call_command("recompute_relationships", "--backfill", stdout=out)
    assert Interaction.objects.count() == len(expected)
    assert snapshot() == figures
