"""Graph measures of the network of relationships, with igraph (C core; chosen by the benchmark,
see bench/README.md): neighbourhood overlap per pair, communities, bridges and who reaches which
communities (for brokers).

The full rebuild measures every pair at once; a pair seen for the first time is measured at
once from its two neighbourhoods (``measure_new_pair``); other pairs keep their measures until
the next rebuild, as one new tie barely moves them.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

import igraph
import numpy as np
from django.db import connection

from workaloud.relationships import model

COMMUNITY_SEED = 20240501
REACH_MIN_TIES = 2  # ties into a community for it to count as one a person reaches
REACH_KEEP = 12


@dataclass
class NetworkMeasures:
    overlap: np.ndarray  # per pair
    bridge: np.ndarray  # per pair
    community: np.ndarray  # per person id (index), −1 for none
    labels: dict[int, tuple[str, int]]  # community → (label, size)
    reaches: dict[int, str]  # person id → "community:ties,…"


def team_codes(size: int) -> tuple[np.ndarray, list[str]]:
    """Each person's team as a code (index = person id; −1 when blank), and the team names."""
    codes = np.full(size, -1, dtype=np.int64)
    names: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, team FROM people_user WHERE id < %s", [size])
        for pk, team in cursor.fetchall():
            key = (team or "").strip().casefold()
            if key:
                codes[pk] = names.setdefault(key, len(names))
    display = [""] * len(names)
    with connection.cursor() as cursor:
        cursor.execute("SELECT team FROM people_user WHERE team <> ''")
        for (team,) in cursor.fetchall():
            code = names.get(team.strip().casefold())
            if code is not None and not display[code]:
                display[code] = team.strip()
    return codes, display


def is_bridge(overlap, union, team_a, team_b, community_a, community_b):
    """A weak tie (low overlap of enough connections) to another team or another community.

    Works on arrays too. ``union`` is the number of people either knows besides each other:
    with fewer than ``model.WEAK_TIE_MIN_CONNECTIONS`` the overlap says nothing yet.
    """
    other_team = (team_a >= 0) & (team_b >= 0) & (team_a != team_b)
    other_community = (community_a >= 0) & (community_b >= 0) & (community_a != community_b)
    weak = (overlap < model.WEAK_TIE_OVERLAP) & (union >= model.WEAK_TIE_MIN_CONNECTIONS)
    return weak & (other_team | other_community)


def measure(person_a: np.ndarray, person_b: np.ndarray) -> NetworkMeasures:
    """Every graph measure for the pairs (person_a[i], person_b[i])."""
    size = int(max(person_a.max(), person_b.max())) + 1 if len(person_a) else 1
    edges = np.column_stack([person_a, person_b])
    graph = igraph.Graph(n=size, edges=edges, directed=False)
    degree = np.asarray(graph.degree(), dtype=np.int64)
    jaccard = np.asarray(graph.similarity_jaccard(pairs=edges, loops=False), dtype=np.float64)
    # igraph's neighbourhoods hold each other; ours leave each other out (model.overlap).
    da, db = degree[person_a], degree[person_b]
    common = np.rint(jaccard * (da + db) / (1 + jaccard)).astype(np.int64)
    union = (da - 1) + (db - 1) - common
    overlap = np.divide(common, union, out=np.zeros(len(union)), where=union > 0)

    # Leiden optimising modularity: the same partition quality as Louvain in half the time
    # (bench/README.md), seeded so a rebuild of the same ledger finds the same communities.
    igraph.set_random_number_generator(random.Random(COMMUNITY_SEED))
    try:
        found = graph.community_leiden(objective_function="modularity", n_iterations=2)
    finally:
        igraph.set_random_number_generator(random)
    membership = np.asarray(found.membership, dtype=np.int64)
    community = np.where(degree > 0, membership, -1)
    teams, team_names = team_codes(size)
    bridge = is_bridge(
        overlap, union, teams[person_a], teams[person_b], community[person_a], community[person_b]
    )
    return NetworkMeasures(
        overlap=overlap,
        bridge=bridge,
        community=community,
        labels=_labels(community, teams, team_names),
        reaches=_reaches(person_a, person_b, community),
    )


def _labels(community, teams, team_names) -> dict[int, tuple[str, int]]:
    """Each community by its two largest teams ('Research & People'), and its size."""
    members = community >= 0
    sizes = Counter(community[members].tolist())
    by_team = Counter(zip(community[members].tolist(), teams[members].tolist(), strict=True))
    tops: dict[int, list[tuple[int, int]]] = {}
    for (c, team), count in by_team.items():
        if team >= 0:
            tops.setdefault(c, []).append((count, team))
    labels = {}
    for c, size in sizes.items():
        best = sorted(tops.get(c, []), key=lambda item: (-item[0], team_names[item[1]]))[:2]
        label = " & ".join(team_names[team] for _, team in best) or f"Group {c + 1}"
        labels[c] = (label, size)
    return labels


def _reaches(person_a, person_b, community) -> dict[int, str]:
    """Per person: the communities their ties go into, with the number of ties, most first."""
    people = np.concatenate([person_a, person_b])
    into = np.concatenate([community[person_b], community[person_a]])
    width = int(into.max()) + 2 if len(into) else 1  # communities are −1…max
    keys, counts = np.unique(people * width + (into + 1), return_counts=True)
    keep = (counts >= REACH_MIN_TIES) & (keys % width > 0)
    keys, counts = keys[keep], counts[keep]
    order = np.lexsort((-counts, keys // width))
    pairs = zip((keys[order] // width).tolist(), (keys[order] % width - 1).tolist(), strict=True)
    out: dict[int, list[str]] = {}
    for (person, c), n in zip(pairs, counts[order].tolist(), strict=True):
        items = out.setdefault(person, [])
        if len(items) < REACH_KEEP:
            items.append(f"{c}:{n}")
    return {person: ",".join(items) for person, items in out.items()}


def measure_new_pair(a: int, b: int) -> dict:
    """Overlap and bridge flag of a pair seen for the first time, from the two neighbourhoods
    (two queries: the pairs around both people, and their teams and communities)."""
    hoods: dict[int, set[int]] = {a: set(), b: set()}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_a_id, person_b_id FROM relationships_relationship"
            " WHERE person_a_id IN (%s, %s) OR person_b_id IN (%s, %s)",
            [a, b, a, b],
        )
        for x, y in cursor.fetchall():
            if x in hoods:
                hoods[x].add(y)
            if y in hoods:
                hoods[y].add(x)
        cursor.execute(
            "SELECT u.id, u.team, p.community FROM people_user u"
            " LEFT JOIN relationships_networkposition p ON p.person_id = u.id"
            " WHERE u.id IN (%s, %s)",
            [a, b],
        )
        about = {pk: ((team or "").strip().casefold(), community) for pk, team, community in
                 cursor.fetchall()}  # fmt: skip
    na, nb = hoods[a] | {b}, hoods[b] | {a}
    common = len((na - {b}) & (nb - {a}))
    overlap = model.overlap(common, len(na), len(nb))
    union = len((na - {b}) | (nb - {a}))
    team_a, community_a = about.get(a, ("", None))
    team_b, community_b = about.get(b, ("", None))
    same_team = np.int64(0 if team_a == team_b else 1)
    bridge = is_bridge(
        overlap,
        union,
        np.int64(0 if team_a else -1),
        same_team if team_b else np.int64(-1),
        np.int64(-1 if community_a is None else community_a),
        np.int64(-1 if community_b is None else community_b),
    )
    return {"overlap": overlap, "bridge": bool(bridge)}
