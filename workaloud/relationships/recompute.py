"""Rebuild every relationship from the ledger, replaying it in id order.

It applies interactions through the same ``model.apply_interaction`` as the incremental path,
so it stores exactly the same figures (after changing weights or the half-life, run it).
"""

from __future__ import annotations

from django.db import transaction

from workaloud.relationships import model
from workaloud.relationships.models import Interaction, Relationship


def _context(update_id, goal_id):
    if update_id is not None:
        return ("u", update_id)
    if goal_id is not None:
        return ("g", goal_id)
    return None


def rebuild_all(batch_size: int = 5000) -> int:
    """Replace all stored relationships with figures recomputed from the ledger."""
    pairs: dict[tuple[int, int], Relationship] = {}
    engaged: set[tuple[int, int, tuple]] = set()  # (actor, target, context) already engaged
    rows = (
        Interaction.objects.order_by("id")
        .values_list("id", "actor_id", "target_id", "kind", "occurred_at", "update_id", "goal_id")
        .iterator(chunk_size=batch_size)
    )
    for _id, actor, target, kind, occurred_at, update_id, goal_id in rows:
        key = (min(actor, target), max(actor, target))
        rel = pairs.get(key)
        if rel is None:
            rel = pairs[key] = model.new_relationship(actor, target, occurred_at)
        completes = False
        context = _context(update_id, goal_id)
        if model.is_engagement(kind) and context is not None:
            if (actor, target, context) not in engaged:
                completes = (target, actor, context) in engaged
                engaged.add((actor, target, context))
        model.apply_interaction(
            rel, actor_id=actor, kind=kind, occurred_at=occurred_at, completes_exchange=completes
        )
    with transaction.atomic():
        Relationship.objects.all().delete()
        Relationship.objects.bulk_create(pairs.values(), batch_size=batch_size)
    return len(pairs)
