"""Recording interactions in the ledger, and reading a person's relationships.

The other apps' services call ``record_*`` inside their own transactions: one call each.
The ledger and the figures are private: callers show a person only pairs they belong to.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from workaloud.relationships import model
from workaloud.relationships.models import Interaction, InteractionKind, Relationship


def _context_q(update_id, goal_id) -> Q | None:
    """The exchange context: the update, or the goal when there is no update."""
    if update_id is not None:
        return Q(update_id=update_id)
    if goal_id is not None:
        return Q(update__isnull=True, goal_id=goal_id)
    return None


def _completes_exchange(interaction: Interaction) -> bool:
    """Whether this engagement makes its update/goal an exchange (both ways) for the first time."""
    if not model.is_engagement(interaction.kind):
        return False
    context = _context_q(interaction.update_id, interaction.goal_id)
    if context is None:
        return False
    earlier = Interaction.objects.filter(context, id__lt=interaction.id).exclude(
        kind__in=model.AWARENESS_KINDS
    )
    a, t = interaction.actor_id, interaction.target_id
    if earlier.filter(actor_id=a, target_id=t).exists():
        return False
    return earlier.filter(actor_id=t, target_id=a).exists()


@transaction.atomic
def record_interaction(
    actor_id: int,
    target_id: int,
    kind: str,
    *,
    occurred_at: datetime,
    source_key: str,
    source: str = Interaction.NATIVE,
    update_id: int | None = None,
    response_id: int | None = None,
    goal_id: int | None = None,
) -> Interaction | None:
    """Record one act once (idempotent) and update the pair's figures at once.

    Returns None for a self-interaction (never recorded) or an act already recorded.
    """
    if actor_id == target_id:
        return None
    kind = InteractionKind(kind)
    key = dict(source=source, source_key=source_key, kind=kind, actor_id=actor_id)
    if Interaction.objects.filter(**key, target_id=target_id).exists():
        return None
    try:
        with transaction.atomic():
            interaction = Interaction.objects.create(
                **key,
                target_id=target_id,
                occurred_at=occurred_at,
                update_id=update_id,
                response_id=response_id,
                goal_id=goal_id,
            )
    except IntegrityError:  # recorded concurrently
        return None
    a_id, b_id = sorted((actor_id, target_id))
    # Create the pair's row if it is missing without racing a concurrent first interaction
    # (INSERT … ON CONFLICT DO NOTHING), then lock it for this update.
    Relationship.objects.bulk_create(
        [model.new_relationship(a_id, b_id, occurred_at)], ignore_conflicts=True
    )
    rel = Relationship.objects.select_for_update().get(person_a_id=a_id, person_b_id=b_id)
    model.apply_interaction(
        rel,
        actor_id=actor_id,
        kind=kind,
        occurred_at=occurred_at,
        completes_exchange=_completes_exchange(interaction),
    )
    rel.save()
    return interaction


def record_response(response) -> None:
    """A response: its kind to the update's author; a reply also ``reply`` to the parent's author.

    On your own update the typed kind goes to the person you reply to (see the model doc).
    """
    update = response.update
    actor = response.author_id
    parent_author = response.parent.author_id if response.parent_id else None
    typed_target = update.author_id
    if parent_author is not None and typed_target == actor:
        typed_target = parent_author
    targets = [(typed_target, response.kind)]
    if parent_author is not None and parent_author != typed_target:
        targets.append((parent_author, InteractionKind.REPLY))
    for target, kind in targets:
        record_interaction(
            actor,
            target,
            kind,
            occurred_at=response.created_at,
            source_key=f"response:{response.pk}",
            update_id=update.pk,
            response_id=response.pk,
            goal_id=update.goal_id,
        )


def record_mention(mention) -> None:
    record_interaction(
        mention.author_id,
        mention.person_id,
        InteractionKind.MENTION,
        occurred_at=mention.created_at,
        source_key=f"mention:{mention.pk}",
        update_id=mention.update_id,
        response_id=mention.response_id,
        goal_id=mention.update.goal_id,
    )


def record_follow(follow) -> None:
    record_interaction(
        follow.follower_id,
        follow.followed_id,
        InteractionKind.FOLLOW,
        occurred_at=follow.created_at,
        source_key=f"follow:{follow.pk}",
    )


def record_help_credit(credit) -> None:
    """Help credited on a resolved ask: recorded as help *given*, helper → asker."""
    update = credit.update
    record_interaction(
        credit.helper_id,
        update.author_id,
        InteractionKind.HELP_CREDITED,
        occurred_at=credit.created_at,
        source_key=f"help_credit:{credit.pk}",
        update_id=update.pk,
        response_id=credit.response_id,
        goal_id=update.goal_id,
    )


def relationship_between(a_id: int, b_id: int) -> Relationship | None:
    a_id, b_id = sorted((a_id, b_id))
    return Relationship.objects.filter(person_a_id=a_id, person_b_id=b_id).first()


def neighbourhood(person_id: int) -> set[int]:
    """The people ``person_id`` has any interaction with, either way."""
    rows = Relationship.objects.filter(Q(person_a_id=person_id) | Q(person_b_id=person_id))
    return {b if a == person_id else a for a, b in rows.values_list("person_a_id", "person_b_id")}


def shared_connections(a_id: int, b_id: int) -> tuple[float, set[int]]:
    """Jaccard overlap of the two neighbourhoods (each without the other), and the overlap."""
    na, nb = neighbourhood(a_id) - {b_id}, neighbourhood(b_id) - {a_id}
    union = na | nb
    common = na & nb
    return (len(common) / len(union) if union else 0.0), common


def pair_interactions(a_id: int, b_id: int):
    return Interaction.objects.filter(
        Q(actor_id=a_id, target_id=b_id) | Q(actor_id=b_id, target_id=a_id)
    ).order_by("occurred_at", "id")


def stage(a_id: int, b_id: int) -> int:
    rel = relationship_between(a_id, b_id)
    return rel.stage if rel else 0


def strength(a_id: int, b_id: int, now: datetime | None = None) -> float:
    rel = relationship_between(a_id, b_id)
    if rel is None:
        return 0.0
    return model.strength(rel, now or timezone.now(), shared_connections(a_id, b_id)[0])


def explain(viewer_id: int, other_id: int, now: datetime | None = None) -> dict:
    """Every figure of the viewer's relationship with ``other_id``, with the ledger rows behind it.

    Only for the viewer's own relationships: the caller passes the logged-in person as viewer.
    """
    now = now or timezone.now()
    rel = relationship_between(viewer_id, other_id)
    rows = list(pair_interactions(viewer_id, other_id))
    if rel is None:
        return {"strength": 0.0, "stage": 0, "stage_name": model.STAGE_NAMES[0], "components": {}}
    shared, common = shared_connections(viewer_id, other_id)
    parts = model.components(rel, now, shared)
    given = [r for r in rows if r.actor_id == viewer_id]
    received = [r for r in rows if r.actor_id == other_id]
    weighted = [
        {
            "interaction": r,
            "weight": model.KIND_WEIGHTS[r.kind],
            "decayed": model.KIND_WEIGHTS[r.kind] * model.decay(r.occurred_at, now),
        }
        for r in rows
    ]
    first_of_kind: dict[str, Interaction] = {}
    for r in rows:
        first_of_kind.setdefault(r.kind, r)
    return {
        "strength": model.strength_from(parts),
        "stage": rel.stage,
        "stage_name": model.STAGE_NAMES[rel.stage],
        "half_life_days": model.half_life_days(),
        "components": {
            "intensity": {"value": parts["intensity"], "rows": weighted},
            "recency": {"value": parts["recency"], "rows": rows[-1:]},
            "reciprocity": {
                "value": parts["reciprocity"],
                "given": given,
                "received": received,
            },
            "multiplexity": {"value": parts["multiplexity"], "rows": list(first_of_kind.values())},
            "duration": {"value": parts["duration"], "rows": [rows[0], rows[-1]] if rows else []},
            "shared_connections": {"value": shared, "people": sorted(common)},
        },
    }


def my_relationships(viewer, now: datetime | None = None) -> list[dict]:
    """The viewer's own relationships, strongest first. Never anyone else's.

    Three queries: the viewer's pairs (with the other person), and the neighbourhoods of
    those people, for the shared-connections component.
    """
    now = now or timezone.now()
    pk = viewer.pk
    rels = list(
        Relationship.objects.filter(Q(person_a_id=pk) | Q(person_b_id=pk)).select_related(
            "person_a", "person_b"
        )
    )
    others = {r.person_b_id if r.person_a_id == pk else r.person_a_id for r in rels}
    hoods: dict[int, set[int]] = {o: set() for o in others}
    around = Relationship.objects.filter(
        Q(person_a_id__in=list(others)) | Q(person_b_id__in=list(others))
    ).values_list("person_a_id", "person_b_id")
    for a, b in around:
        if a in hoods:
            hoods[a].add(b)
        if b in hoods:
            hoods[b].add(a)
    mine = others
    rows = []
    for rel in rels:
        other = rel.person_b if rel.person_a_id == pk else rel.person_a
        na, nb = mine - {other.pk}, hoods[other.pk] - {pk}
        shared = len(na & nb) / len(na | nb) if na | nb else 0.0
        rows.append(
            {
                "person": other,
                "strength": model.strength(rel, now, shared),
                "stage": rel.stage,
                "stage_name": model.STAGE_NAMES[rel.stage],
                "first_at": rel.first_at,
                "last_at": rel.last_at,
            }
        )
    rows.sort(key=lambda r: (-r["strength"], r["person"].username))
    return rows
