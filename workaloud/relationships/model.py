"""The relationship model: weights, decay, strength and depth stages.

``pair_figures`` turns ledger rows into every stored figure of every pair, vectorised with
numpy. The incremental path (one pair's rows), the full rebuild (the whole ledger) and the
relationship story (a pair's rows up to a moment) all call it, so they store exactly the same
figures: per pair the sums are added in ledger-id order by ``np.bincount``, which is a plain
sequential loop, and the terms are computed by the same numpy operations.
docs/relationship-model.md states every rule here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings

from workaloud.relationships.models import EPOCH
from workaloud.relationships.models import InteractionKind as K

# The code of each kind in ledger arrays and its bit in ``Relationship.kind_mask``.
# Append only: the position is stored.
KIND_CODES: tuple[str, ...] = (
    K.COMMENT,
    K.QUESTION,
    K.CHALLENGE,
    K.ENCOURAGEMENT,
    K.OFFER_OF_HELP,
    K.THANKS,
    K.REPLY,
    K.MENTION,
    K.FOLLOW,
    K.HELP_CREDITED,
    K.INTRODUCTION,
    K.CIRCLE_MEETING,
    K.IMPORTED,
    K.CIRCLE_CHECK_IN,
    K.REACTION,
)

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
    K.CIRCLE_CHECK_IN: 2,
    K.REACTION: 1,
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

TREND_WINDOW = timedelta(days=90)
TREND_DEEPENING = 1.25  # intensity now ≥ 1.25 × 90 days ago
TREND_FADING = 0.75  # intensity now ≤ 0.75 × 90 days ago

WEAK_TIE_OVERLAP = 0.1  # a tie whose neighbourhood overlap is below this is weak…
WEAK_TIE_MIN_CONNECTIONS = 3  # …when the two know at least this many others between them

US_PER_DAY = 86_400_000_000

_WEIGHT_BY_CODE = np.array([KIND_WEIGHTS[k] for k in KIND_CODES], dtype=np.float64)
_ENGAGEMENT_BY_CODE = np.array([k not in AWARENESS_KINDS for k in KIND_CODES])
_GRATITUDE_BY_CODE = np.array([k in GRATITUDE_KINDS for k in KIND_CODES])


def half_life_days() -> float:
    return float(settings.RELATIONSHIP_HALF_LIFE_DAYS)


def to_us(moment: datetime) -> int:
    """Microseconds since the Unix epoch, exactly (the ledger arrays' time unit)."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=int(us))


def decay(earlier: datetime, later: datetime) -> float:
    """The factor a weight loses from ``earlier`` to ``later``: 2^(−days / half-life)."""
    return float(decay_us(np.array([to_us(later) - to_us(earlier)]))[0])


def decay_us(elapsed_us: np.ndarray) -> np.ndarray:
    return np.exp2(-(elapsed_us.astype(np.float64) / (US_PER_DAY * half_life_days())))


def kinds_of(mask: int) -> list[str]:
    return [kind for code, kind in enumerate(KIND_CODES) if mask >> code & 1]


@dataclass
class Ledger:
    """Ledger rows as arrays, in id order. ``context`` is 3·update id, 3·goal id + 1 when the
    act has no update, 3·thread + 2 for an imported act with a thread, or −1 when it has none
    of these (exchanges are counted per context)."""

    actor: np.ndarray
    target: np.ndarray
    kind: np.ndarray
    at_us: np.ndarray
    context: np.ndarray

    def __len__(self) -> int:
        return len(self.actor)

    def head(self, n: int) -> Ledger:
        return Ledger(*(getattr(self, f)[:n] for f in self.__dataclass_fields__))


@dataclass
class PairFigures:
    """Stored figures of each pair (arrays, one entry per pair, ``person_a`` < ``person_b``)."""

    person_a: np.ndarray
    person_b: np.ndarray
    last_us: np.ndarray  # the latest interaction: the sums are valued at it
    first_us: np.ndarray
    a_to_b: np.ndarray
    b_to_a: np.ndarray
    count_a_to_b: np.ndarray
    count_b_to_a: np.ndarray
    kind_mask: np.ndarray
    engaged_a_to_b: np.ndarray
    engaged_b_to_a: np.ndarray
    first_engaged_us: np.ndarray  # −1 when never engaged
    last_engaged_us: np.ndarray
    exchanges: np.ndarray
    gratitude_a_to_b: np.ndarray
    gratitude_b_to_a: np.ndarray
    stage: np.ndarray

    def __len__(self) -> int:
        return len(self.person_a)


def _group_max(index: np.ndarray, values: np.ndarray, size: int, empty: int) -> np.ndarray:
    out = np.full(size, empty, dtype=np.int64)
    np.maximum.at(out, index, values)
    return out


def _group_min(index: np.ndarray, values: np.ndarray, size: int, empty: int) -> np.ndarray:
    out = np.full(size, empty, dtype=np.int64)
    np.minimum.at(out, index, values)
    return out


def pair_figures(ledger: Ledger) -> PairFigures:
    """Every stored figure of every pair in ``ledger`` (rows in id order)."""
    low = np.minimum(ledger.actor, ledger.target)
    high = np.maximum(ledger.actor, ledger.target)
    width = int(high.max()) + 1 if len(ledger) else 1
    keys, pair = np.unique(low * width + high, return_inverse=True)
    n = len(keys)
    forward = ledger.actor == low  # person_a → person_b
    backward = ~forward
    kind = ledger.kind
    at = ledger.at_us

    last = _group_max(pair, at, n, np.iinfo(np.int64).min)
    first = _group_min(pair, at, n, np.iinfo(np.int64).max)
    terms = _WEIGHT_BY_CODE[kind] * decay_us(last[pair] - at)
    a_to_b = np.bincount(pair[forward], weights=terms[forward], minlength=n)
    b_to_a = np.bincount(pair[backward], weights=terms[backward], minlength=n)
    count_ab = np.bincount(pair[forward], minlength=n)
    count_ba = np.bincount(pair[backward], minlength=n)
    kind_mask = np.zeros(n, dtype=np.int64)
    np.bitwise_or.at(kind_mask, pair, np.left_shift(1, kind.astype(np.int64)))

    engaged = _ENGAGEMENT_BY_CODE[kind]
    engaged_ab = np.bincount(pair[engaged & forward], minlength=n)
    engaged_ba = np.bincount(pair[engaged & backward], minlength=n)
    first_engaged = _group_min(pair[engaged], at[engaged], n, np.iinfo(np.int64).max)
    last_engaged = _group_max(pair[engaged], at[engaged], n, -1)
    first_engaged[last_engaged < 0] = -1

    # An exchange: a context (update or goal) on which both engaged each other.
    in_context = engaged & (ledger.context >= 0)
    contexts = ledger.context[in_context]
    ctx_width = int(contexts.max()) + 1 if len(contexts) else 1
    if ctx_width > (2**62) // max(n, 1):  # imported threads are large numbers: rank them
        contexts = np.unique(contexts, return_inverse=True)[1].astype(np.int64)
        ctx_width = int(contexts.max()) + 1
    ctx_keys, ctx_group = np.unique(pair[in_context] * ctx_width + contexts, return_inverse=True)
    directions = np.zeros(len(ctx_keys), dtype=np.int64)
    np.bitwise_or.at(directions, ctx_group, np.where(forward[in_context], 1, 2))
    exchanges = np.bincount(ctx_keys[directions == 3] // ctx_width, minlength=n)

    grateful = _GRATITUDE_BY_CODE[kind]
    gratitude_ab = np.bincount(pair[grateful & forward], minlength=n) > 0
    gratitude_ba = np.bincount(pair[grateful & backward], minlength=n) > 0

    figures = PairFigures(
        person_a=keys // width,
        person_b=keys % width,
        last_us=last,
        first_us=first,
        a_to_b=a_to_b,
        b_to_a=b_to_a,
        count_a_to_b=count_ab,
        count_b_to_a=count_ba,
        kind_mask=kind_mask,
        engaged_a_to_b=engaged_ab,
        engaged_b_to_a=engaged_ba,
        first_engaged_us=first_engaged,
        last_engaged_us=last_engaged,
        exchanges=exchanges,
        gratitude_a_to_b=gratitude_ab,
        gratitude_b_to_a=gratitude_ba,
        stage=np.zeros(n, dtype=np.int64),
    )
    figures.stage = stages(figures)
    return figures


def one_pair_figures(ledger: Ledger) -> PairFigures:
    """``pair_figures`` for the rows of a single pair, without the grouping machinery.

    The sums are the same numpy terms added by ``np.bincount`` in the same (id) order, so they
    equal ``pair_figures``'s bit for bit; the rest are integers and flags.
    """
    a = int(min(ledger.actor[0], ledger.target[0]))
    b = int(max(ledger.actor[0], ledger.target[0]))
    forward = ledger.actor == a
    at, kind = ledger.at_us, ledger.kind
    last = int(at.max())
    terms = _WEIGHT_BY_CODE[kind] * decay_us(last - at)
    zero_f = np.zeros(int(forward.sum()), dtype=np.int64)
    zero_b = np.zeros(len(forward) - len(zero_f), dtype=np.int64)
    engaged = _ENGAGEMENT_BY_CODE[kind]
    engaged_at = at[engaged]
    contexts = {True: set(), False: set()}
    for fwd, ctx in zip(forward[engaged].tolist(), ledger.context[engaged].tolist(), strict=True):
        if ctx >= 0:
            contexts[fwd].add(ctx)
    grateful = _GRATITUDE_BY_CODE[kind]
    mask = 0
    for code in set(kind.tolist()):
        mask |= 1 << code
    figures = PairFigures(
        person_a=np.array([a]),
        person_b=np.array([b]),
        last_us=np.array([last]),
        first_us=np.array([int(at.min())]),
        a_to_b=np.bincount(zero_f, weights=terms[forward], minlength=1),
        b_to_a=np.bincount(zero_b, weights=terms[~forward], minlength=1),
        count_a_to_b=np.array([len(zero_f)]),
        count_b_to_a=np.array([len(zero_b)]),
        kind_mask=np.array([mask]),
        engaged_a_to_b=np.array([int((engaged & forward).sum())]),
        engaged_b_to_a=np.array([int((engaged & ~forward).sum())]),
        first_engaged_us=np.array([int(engaged_at.min()) if len(engaged_at) else -1]),
        last_engaged_us=np.array([int(engaged_at.max()) if len(engaged_at) else -1]),
        exchanges=np.array([len(contexts[True] & contexts[False])]),
        gratitude_a_to_b=np.array([bool((grateful & forward).any())]),
        gratitude_b_to_a=np.array([bool((grateful & ~forward).any())]),
        stage=np.zeros(1, dtype=np.int64),
    )
    figures.stage = stages(figures)
    return figures


def stages(f: PairFigures) -> np.ndarray:
    """Depth stage 0–5 of each pair, by the rules in docs/relationship-model.md."""
    span = f.last_engaged_us - f.first_engaged_us
    either = (f.engaged_a_to_b > 0) | (f.engaged_b_to_a > 0)
    both = (f.engaged_a_to_b > 0) & (f.engaged_b_to_a > 0)
    collaborating = (f.exchanges >= COLLABORATING_EXCHANGES) & (
        span >= COLLABORATING_SPAN // timedelta(microseconds=1)
    )
    trusted = (
        (f.exchanges >= TRUSTED_EXCHANGES)
        & (span >= TRUSTED_SPAN // timedelta(microseconds=1))
        & f.gratitude_a_to_b
        & f.gratitude_b_to_a
    )
    stage = np.where(f.count_a_to_b + f.count_b_to_a > 0, 1, 0)
    stage = np.where(either, 2, stage)
    stage = np.where(both, 3, stage)
    stage = np.where(both & collaborating, 4, stage)
    return np.where(both & collaborating & trusted, 5, stage)


def stage_moments(ledger: Ledger) -> dict[int, int]:
    """For one pair's rows: stage → index of the row at which the pair first reached it.

    The rows are taken in the order they happened (by time, then by id): imported history is
    recorded after native acts it predates. Stages never go back as rows are added, so each
    is found by binary search over prefixes. Indexes are into ``ledger`` as given.
    """
    moments: dict[int, int] = {}
    if not len(ledger):
        return moments
    order = np.argsort(ledger.at_us, kind="stable")
    in_time = Ledger(*(getattr(ledger, f)[order] for f in ledger.__dataclass_fields__))
    return {stage: int(order[i]) for stage, i in _prefix_moments(in_time).items()}


def _prefix_moments(ledger: Ledger) -> dict[int, int]:
    moments: dict[int, int] = {}
    final = int(one_pair_figures(ledger).stage[0])
    lo = 1
    for target in range(1, final + 1):
        hi = len(ledger)
        while lo < hi:
            mid = (lo + hi) // 2
            if one_pair_figures(ledger.head(mid)).stage[0] >= target:
                hi = mid
            else:
                lo = mid + 1
        moments[target] = lo - 1
    return moments


def component_arrays(
    a_to_b: np.ndarray,
    b_to_a: np.ndarray,
    last_us: np.ndarray,
    first_us: np.ndarray,
    kind_mask: np.ndarray,
    overlap: np.ndarray,
    now_us: int,
) -> dict[str, np.ndarray]:
    """The strength components of pairs at ``now`` (a pair's sums decay from its last act)."""
    recency = decay_us(np.maximum(now_us - last_us, 0))
    ab, ba = a_to_b * recency, b_to_a * recency
    high, low = np.maximum(ab, ba), np.minimum(ab, ba)
    return {
        "intensity": ab + ba,
        "recency": recency,
        "reciprocity": np.divide(low, high, out=np.zeros(len(high)), where=high > 0),
        "multiplexity": np.minimum(
            1.0, np.bitwise_count(kind_mask.astype(np.uint64)) / MULTIPLEXITY_FULL
        ),
        "duration": np.minimum(1.0, (last_us - first_us) / US_PER_DAY / DURATION_FULL_DAYS),
        "shared_connections": overlap.astype(np.float64),
    }


def strength_arrays(parts: dict[str, np.ndarray]) -> np.ndarray:
    """0–100: decayed intensity times a bonus for reciprocity, multiplexity, duration, overlap."""
    w = COMPONENT_WEIGHTS
    multiplier = (
        1
        + w["reciprocity"] * parts["reciprocity"]
        + w["multiplexity"] * parts["multiplexity"]
        + w["duration"] * parts["duration"]
        + w["shared"] * parts["shared_connections"]
    )
    return np.minimum(STRENGTH_CAP, parts["intensity"] * multiplier)


def rel_components(rel, now: datetime) -> dict[str, float]:
    """One stored pair's components (through the same arrays code as lists of pairs)."""
    parts = component_arrays(
        np.array([rel.a_to_b]),
        np.array([rel.b_to_a]),
        np.array([rel.last_us]),
        np.array([rel.first_us]),
        np.array([rel.kind_mask]),
        np.array([rel.overlap]),
        to_us(now),
    )
    return {name: float(values[0]) for name, values in parts.items()}


def strength_from(parts: dict[str, float]) -> float:
    return float(strength_arrays({k: np.array([v]) for k, v in parts.items()})[0])


def strength(rel, now: datetime) -> float:
    return strength_from(rel_components(rel, now))


def trends(intensity_now: np.ndarray, gained_now: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Deepening / steady / fading / new: intensity now against intensity 90 days ago.

    ``gained_now`` is the part of today's intensity added in the window (decayed to now);
    what is left, undone by the decay over the window, is the intensity 90 days ago.
    Returns each pair's trend and ratio (NaN when the pair is new within the window).
    """
    window = decay_us(np.array([TREND_WINDOW // timedelta(microseconds=1)]))[0]
    before = (intensity_now - gained_now) / window
    known = before > 1e-9
    ratio = np.divide(intensity_now, before, out=np.full(len(before), np.nan), where=known)
    labels = np.where(
        known,
        np.where(
            ratio >= TREND_DEEPENING,
            "deepening",
            np.where(ratio <= TREND_FADING, "fading", "steady"),
        ),
        np.where(gained_now > 0, "new", "steady"),
    )
    return labels.tolist(), ratio


def overlap(common: int, degree_a: int, degree_b: int) -> float:
    """Jaccard overlap of two neighbourhoods, each without the other person.

    ``degree_*`` count the other person; ``common`` is the number of shared neighbours.
    """
    union = (degree_a - 1) + (degree_b - 1) - common
    return common / union if union > 0 else 0.0


def engagement_mask(kind_codes: np.ndarray) -> np.ndarray:
    return _ENGAGEMENT_BY_CODE[kind_codes]


def weights(kind_codes: np.ndarray) -> np.ndarray:
    return _WEIGHT_BY_CODE[kind_codes]
