"""The rankings, as plain functions over arrays: the pages, the API and the benchmarks all call
these, so what the quality benchmark measures is what members get.

Who could help with an ask = what someone knows (text similarity of their profile to the ask,
scaled so the best match is 1) + whether they help (people helped before, on a log scale) −
how loaded they already are (asks they were asked to help with that are still open). Text alone
loses to "the most active members" in a small community (docs/discovery.md has the figures);
the prior alone sends every ask to the same few people; the load penalty spreads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Weight of "has helped before" against the best text match (1.0).
HELP_WEIGHT = 2.5
#: Taken off per open ask a person was already asked to help with…
LOAD_WEIGHT = 0.05
#: …counting at most this many.
LOAD_CAP = 4
#: Small nudges for aligned purpose: favour weak ties and people from other teams.
WEAK_TIE_BONUS = 0.1
OTHER_TEAM_BONUS = 0.1
#: Relationship stage from which a person is "already close" (reciprocal exchange and deeper):
#: aligned-purpose suggestions leave them out.
STRONG_STAGE = 3
#: How many of the best text matches are considered before priors are applied.
TEXT_POOL = 300
#: A text match below this share of the best one is no match at all.
MIN_TEXT_SHARE = 0.05


@dataclass
class Ranked:
    person_id: int
    score: float
    text: float  # the text similarity, scaled so that the best match is 1
    facts: dict = field(default_factory=dict)


def scaled(text: np.ndarray) -> np.ndarray:
    top = float(text.max()) if len(text) else 0.0
    return text / top if top > 0 else np.zeros_like(text, dtype=np.float32)


def helper_scores(
    text: np.ndarray, helped: np.ndarray, load: np.ndarray, helped_max: float | None = None
) -> np.ndarray:
    """One score per candidate (all arrays aligned): text + help prior − load penalty."""
    t = scaled(np.asarray(text, dtype=np.float32))
    helped = np.asarray(helped, dtype=np.float32)
    top = helped_max if helped_max is not None else (float(helped.max()) if len(helped) else 0.0)
    prior = np.log1p(helped) / np.log1p(max(top, 1.0))
    penalty = LOAD_WEIGHT * np.minimum(np.asarray(load, dtype=np.float32), LOAD_CAP)
    return t + HELP_WEIGHT * prior - penalty


def rank_helpers(
    ids: np.ndarray,
    text: np.ndarray,
    helped: np.ndarray,
    load: np.ndarray,
    *,
    k: int = 10,
    exclude: set[int] = frozenset(),
    helped_max: float | None = None,
) -> list[Ranked]:
    """The ``k`` people most likely to help, best first. Only people who match the ask's text
    at all, or who have helped before, are candidates."""
    ids = np.asarray(ids)
    text = np.asarray(text, dtype=np.float32)
    helped = np.asarray(helped, dtype=np.float32)
    scores = helper_scores(text, helped, load, helped_max)
    t = scaled(text)
    eligible = (t >= MIN_TEXT_SHARE) | (helped > 0)
    if exclude:
        eligible &= ~np.isin(ids, np.fromiter(exclude, dtype=np.int64))
    candidates = np.flatnonzero(eligible)
    order = candidates[np.argsort(-scores[candidates], kind="stable")][:k]
    return [
        Ranked(
            int(ids[i]),
            float(scores[i]),
            float(t[i]),
            {"helped": int(helped[i]), "load": int(load[i])},
        )
        for i in order
    ]


def rank_text(
    ids: np.ndarray, text: np.ndarray, *, k: int = 10, exclude: set[int] = frozenset()
) -> list[Ranked]:
    """Text similarity alone (the text-only variant in the benchmark)."""
    ids = np.asarray(ids)
    t = scaled(np.asarray(text, dtype=np.float32))
    eligible = t >= MIN_TEXT_SHARE
    if exclude:
        eligible &= ~np.isin(ids, np.fromiter(exclude, dtype=np.int64))
    candidates = np.flatnonzero(eligible)
    order = candidates[np.argsort(-t[candidates], kind="stable")][:k]
    return [Ranked(int(ids[i]), float(t[i]), float(t[i])) for i in order]


def aligned_scores(text: np.ndarray, weak_tie: np.ndarray, other_team: np.ndarray) -> np.ndarray:
    """Aligned purpose: text similarity, nudged towards weak ties and other teams."""
    t = scaled(np.asarray(text, dtype=np.float32))
    bonus = WEAK_TIE_BONUS * np.asarray(weak_tie, dtype=np.float32)
    bonus += OTHER_TEAM_BONUS * np.asarray(other_team, dtype=np.float32)
    return np.where(t >= MIN_TEXT_SHARE, t + bonus, 0.0)


def top_indices(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest scores, best first (argpartition: linear in the size)."""
    if len(scores) <= k:
        return np.argsort(-scores, kind="stable")
    part = np.argpartition(-scores, k)[:k]
    return part[np.argsort(-scores[part], kind="stable")]


def concentration(recommended: list[list[int]], top: int = 10) -> dict[str, float]:
    """How concentrated recommendations are: the share of all slots taken by the ``top`` most
    recommended people, and the Gini coefficient of slots per recommended person."""
    counts: dict[int, int] = {}
    for row in recommended:
        for pid in row:
            counts[pid] = counts.get(pid, 0) + 1
    if not counts:
        return {"top_share": 0.0, "gini": 0.0, "people": 0}
    values = np.sort(np.fromiter(counts.values(), dtype=np.float64))
    n = len(values)
    gini = float((2 * np.arange(1, n + 1) - n - 1) @ values / (n * values.sum()))
    return {
        "top_share": float(values[-top:].sum() / values.sum()),
        "gini": gini,
        "people": n,
    }
