"""Recording interactions in the ledger and keeping each pair's figures current.

The other apps' services call ``record_*`` inside their own transactions: one call each.
The ledger and the figures are private: callers show a person only pairs they belong to
(reading: ``queries`` for lists, ``story`` for one relationship).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from workaloud.relationships import graph, ledger, model, store
from workaloud.relationships.models import Interaction, InteractionKind, Relationship


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
    fields = dict(
        actor_id=actor_id,
        target_id=target_id,
        kind=InteractionKind(kind),
        occurred_at=occurred_at,
        source=source,
        source_key=source_key,
        update_id=update_id,
        response_id=response_id,
        goal_id=goal_id,
    )
    pk = store.insert_interaction(**fields)
    if pk is None:  # already recorded (perhaps concurrently)
        return None
    refresh_pair(actor_id, target_id)
    return Interaction(pk=pk, **fields)


def refresh_pair(a_id: int, b_id: int) -> None:
    """Recompute one pair's stored figures from its live ledger rows.

    The pair's row is created if missing and locked first, so concurrent acts on one pair
    apply one after the other, each seeing the other's ledger row. A new pair gets its graph
    measures at once; existing pairs keep theirs until the next rebuild. A pair with no live
    row left (all voided) is deleted.
    """
    a_id, b_id = sorted((a_id, b_id))
    pk, is_new = store.lock_pair(a_id, b_id)
    rows = ledger.read_pair(a_id, b_id)
    if not len(rows):
        store.delete_pair(pk)
        return
    extra = graph.measure_new_pair(a_id, b_id) if is_new else None
    store.write_pair(pk, model.one_pair_figures(rows), extra)


@transaction.atomic
def void_update(update_id: int) -> int:
    """An update was deleted: its interactions stop counting; their pairs are recomputed."""
    rows = Interaction.objects.filter(update_id=update_id, voided_at__isnull=True)
    pairs = {tuple(sorted(p)) for p in rows.values_list("actor_id", "target_id")}
    voided = rows.update(voided_at=timezone.now())
    for a_id, b_id in sorted(pairs):
        refresh_pair(a_id, b_id)
    return voided


@transaction.atomic
def void_interactions(
    source_key: str, *, involving: int | None = None, source: str = Interaction.NATIVE
) -> int:
    """The acts recorded from one object stop counting (only those ``involving`` one person,
    as actor or target, when given); their pairs are recomputed. For an act that is withdrawn,
    such as someone un-marked as present at a circle meeting."""
    rows = Interaction.objects.filter(source=source, source_key=source_key, voided_at__isnull=True)
    if involving is not None:
        rows = rows.filter(Q(actor_id=involving) | Q(target_id=involving))
    pairs = {tuple(sorted(p)) for p in rows.values_list("actor_id", "target_id")}
    voided = rows.update(voided_at=timezone.now())
    for a_id, b_id in sorted(pairs):
        refresh_pair(a_id, b_id)
    return voided


@transaction.atomic
def record_or_restore_interaction(
    actor_id: int, target_id: int, kind: str, *, occurred_at: datetime, source_key: str, **fields
) -> bool:
    """``record_interaction``, or, when the same act was recorded and later voided, make it
    count again (the act was re-affirmed: someone marked present again). True if it changed."""
    if actor_id == target_id:
        return False
    restored = Interaction.objects.filter(
        source=fields.get("source", Interaction.NATIVE),
        source_key=source_key,
        kind=InteractionKind(kind),
        actor_id=actor_id,
        target_id=target_id,
        voided_at__isnull=False,
    ).update(voided_at=None)
    if restored:
        refresh_pair(actor_id, target_id)
        return True
    return (
        record_interaction(
            actor_id, target_id, kind, occurred_at=occurred_at, source_key=source_key, **fields
        )
        is not None
    )


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


def stage(a_id: int, b_id: int) -> int:
    rel = relationship_between(a_id, b_id)
    return rel.stage if rel else 0


def stages_with(person_id: int, other_ids) -> dict[int, int]:
    """The depth stage of ``person_id``'s relationship with each of ``other_ids`` (one query)."""
    others = set(other_ids)
    stages = dict.fromkeys(others, 0)
    rows = Relationship.objects.filter(
        Q(person_a_id=person_id, person_b_id__in=others)
        | Q(person_b_id=person_id, person_a_id__in=others)
    ).values_list("person_a_id", "person_b_id", "stage")
    for a, b, stage in rows:
        stages[b if a == person_id else a] = stage
    return stages


def strength(a_id: int, b_id: int, now: datetime | None = None) -> float:
    rel = relationship_between(a_id, b_id)
    return model.strength(rel, now or timezone.now()) if rel else 0.0
