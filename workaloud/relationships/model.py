"""The relationship model: weights, decay, strength and depth stages.

Pure functions over a ``Relationship`` row; the incremental path (services.record_interaction)
and the rebuild (recompute.py) both apply interactions through ``apply_interaction``, so they
store exactly the same figures. docs/relationship-model.md states every rule here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from workaloud.relationships.models import InteractionKind as K
from workaloud.relationships.models import Relationship

KIND_WEIGHTS: dict[str, float] = {
    K.MENTION: 1,
    K.FOLLOW: 1,
    K.COMMENT: 2,
    K.ENCOURAGEMENT: 2,
    K.REPLY: 2,
    K.QUESTION: 3,
    K.CHALLENGE: 3,
    K.OFFER_OF_HELP: 4,
    K.THANKS: 4,
    K.INTRODUCTION: 4,
    K.CIRCLE_MEETING: 5,
    K.HELP_CREDITED: 6,
    K.IMPORTED: 1,
}
AWARENESS_KINDS = frozenset({K.FOLLOW, K.MENTION})
GRATITUDE_KINDS = frozenset({K.THANKS, K.HELP_CREDITED})

MULTIPLEXITY_FULL = 6  # distinct kinds for a full multiplexity score
DURATION_FULL_DAYS = 180
STRENGTH_CAP = 100.0
COMPONENT_WEIGHTS = {"reciprocity": 0.5, "multiplexity": 0.25, "duration": 0.25, "shared": 0.5}

STAGE_NAMES = {
    0: "Unaware",
    1: "Aware",
    2: "Interacted",
    3: "Reciprocal exchange",
    4: "Collaborating",
    5: "Trusted over time",
}
COLLABORATING_EXCHANGES = 2
COLLABORATING_SPAN = timedelta(days=7)
TRUSTED_EXCHANGES = 4
TRUSTED_SPAN = timedelta(days=84)


def half_life_days() -> float:
    return float(settings.RELATIONSHIP_HALF_LIFE_DAYS)


def decay(earlier: datetime, later: datetime) -> float:
    """The factor a weight loses from ``earlier`` to ``later``: 2^(−days / half-life)."""
    days = (later - earlier).total_seconds() / 86400
    return 2.0 ** (-days / half_life_days())


def is_engagement(kind: str) -> bool:
    return kind not in AWARENESS_KINDS


def new_relationship(a_id: int, b_id: int, at: datetime) -> Relationship:
    a_id, b_id = sorted((a_id, b_id))
    return Relationship(
        person_a_id=a_id, person_b_id=b_id, reference_at=at, first_at=at, last_at=at
    )


def apply_interaction(
    rel: Relationship, *, actor_id: int, kind: str, occurred_at: datetime, completes_exchange: bool
) -> None:
    """Fold one interaction into the pair's stored figures (in place)."""
    weight = KIND_WEIGHTS[kind]
    forward = actor_id == rel.person_a_id
    if occurred_at >= rel.reference_at:
        factor = decay(rel.reference_at, occurred_at)
        rel.a_to_b *= factor
        rel.b_to_a *= factor
        rel.reference_at = occurred_at
        added = weight
    else:  # a late-arriving (e.g. imported) act, valued at the reference time
        added = weight * decay(occurred_at, rel.reference_at)
    if forward:
        rel.a_to_b += added
        rel.count_a_to_b += 1
    else:
        rel.b_to_a += added
        rel.count_b_to_a += 1
    rel.first_at = min(rel.first_at, occurred_at)
    rel.last_at = max(rel.last_at, occurred_at)
    kinds = set(filter(None, rel.kinds.split(",")))
    kinds.add(str(kind))
    rel.kinds = ",".join(sorted(kinds))
    if is_engagement(kind):
        if forward:
            rel.engaged_a_to_b += 1
        else:
            rel.engaged_b_to_a += 1
        if rel.first_engaged_at is None or occurred_at < rel.first_engaged_at:
            rel.first_engaged_at = occurred_at
        if rel.last_engaged_at is None or occurred_at > rel.last_engaged_at:
            rel.last_engaged_at = occurred_at
        if completes_exchange:
            rel.exchanges += 1
    if kind in GRATITUDE_KINDS:
        if forward:
            rel.gratitude_a_to_b = True
        else:
            rel.gratitude_b_to_a = True
    rel.stage = stage_of(rel)


def engaged_span(rel: Relationship) -> timedelta:
    if rel.first_engaged_at is None:
        return timedelta(0)
    return rel.last_engaged_at - rel.first_engaged_at


def stage_of(rel: Relationship) -> int:
    """Depth stage 0–5 by the rules in docs/relationship-model.md."""
    if rel.count_a_to_b + rel.count_b_to_a == 0:
        return 0
    if not (rel.engaged_a_to_b or rel.engaged_b_to_a):
        return 1
    if not (rel.engaged_a_to_b and rel.engaged_b_to_a):
        return 2
    span = engaged_span(rel)
    if rel.exchanges < COLLABORATING_EXCHANGES or span < COLLABORATING_SPAN:
        return 3
    if (
        rel.exchanges < TRUSTED_EXCHANGES
        or span < TRUSTED_SPAN
        or not (rel.gratitude_a_to_b and rel.gratitude_b_to_a)
    ):
        return 4
    return 5


def directed_now(rel: Relationship, now: datetime) -> tuple[float, float]:
    """(a→b, b→a) decayed to ``now``."""
    factor = decay(rel.reference_at, now) if now >= rel.reference_at else 1.0
    return rel.a_to_b * factor, rel.b_to_a * factor


def components(rel: Relationship, now: datetime, shared: float = 0.0) -> dict[str, float]:
    ab, ba = directed_now(rel, now)
    kinds = [k for k in rel.kinds.split(",") if k]
    return {
        "intensity": ab + ba,
        "recency": decay(rel.last_at, now) if now >= rel.last_at else 1.0,
        "reciprocity": (min(ab, ba) / max(ab, ba)) if max(ab, ba) > 0 else 0.0,
        "multiplexity": min(1.0, len(kinds) / MULTIPLEXITY_FULL),
        "duration": min(
            1.0, (rel.last_at - rel.first_at).total_seconds() / 86400 / DURATION_FULL_DAYS
        ),
        "shared_connections": shared,
    }


def strength_from(parts: dict[str, float]) -> float:
    """0–100: decayed intensity times a bonus for reciprocity, multiplexity, duration, overlap."""
    w = COMPONENT_WEIGHTS
    multiplier = (
        1
        + w["reciprocity"] * parts["reciprocity"]
        + w["multiplexity"] * parts["multiplexity"]
        + w["duration"] * parts["duration"]
        + w["shared"] * parts["shared_connections"]
    )
    return min(STRENGTH_CAP, parts["intensity"] * multiplier)


def strength(rel: Relationship, now: datetime, shared: float = 0.0) -> float:
    return strength_from(components(rel, now, shared))
