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


def backfill_ledger() -> int:
    """Record the acts that existed before the ledger did (follows, responses, mentions, credits).

    Idempotent: an act already in the ledger is skipped, so it can be run again after a
    failure. Acts are recorded in the order they happened. Returns the number of new rows.
    """
    from workaloud.people.models import Follow
    from workaloud.relationships import services
    from workaloud.responses.models import HelpCredit, Mention, Response

    before = Interaction.objects.count()
    acts = [(f.created_at, 0, f.pk, services.record_follow, f) for f in Follow.objects.all()]
    acts += [
        (r.created_at, 1, r.pk, services.record_response, r)
        for r in Response.objects.select_related("update", "parent")
    ]
    acts += [
        (m.created_at, 2, m.pk, services.record_mention, m)
        for m in Mention.objects.select_related("update")
    ]
    acts += [
        (c.created_at, 3, c.pk, services.record_help_credit, c)
        for c in HelpCredit.objects.select_related("update")
    ]
    acts.sort(key=lambda act: act[:3])
    for _at, _order, _pk, record, obj in acts:
        with transaction.atomic():
            record(obj)
    return Interaction.objects.count() - before


def redate_from_sources(interactions) -> None:
    """Set each interaction's ``occurred_at`` to its source object's ``created_at``.

    For loaders that backdate objects after creating them through the services (the demo).
    Rebuild the figures afterwards.
    """
    from workaloud.people.models import Follow
    from workaloud.responses.models import HelpCredit, Mention, Response

    models_by_prefix = {
        "follow": Follow,
        "response": Response,
        "mention": Mention,
        "help_credit": HelpCredit,
    }
    rows = list(interactions.filter(source=Interaction.NATIVE))
    wanted: dict[str, set[int]] = {}
    for row in rows:
        prefix, _, pk = row.source_key.partition(":")
        wanted.setdefault(prefix, set()).add(int(pk))
    times = {
        (prefix, pk): at
        for prefix, pks in wanted.items()
        for pk, at in models_by_prefix[prefix]
        .objects.filter(pk__in=pks)
        .values_list("pk", "created_at")
    }
    changed = []
    for row in rows:
        prefix, _, pk = row.source_key.partition(":")
        at = times.get((prefix, int(pk)))
        if at is not None and at != row.occurred_at:
            row.occurred_at = at
            changed.append(row)
    Interaction.objects.bulk_update(changed, ["occurred_at"], batch_size=1000)
