"""The relationship figures computed the straightforward way: plain Python and networkx.

The benchmark runs this on a sample of the ledger, for two things: the speed of the obvious
implementation (to compare with ``rebuild_all``, per interaction), and a second, independent
reading of docs/relationship-model.md to check the real recompute against (sums, stages,
overlap, weak ties, personas). It follows the document, not the code in
workaloud/relationships/: only the weights (``model.KIND_WEIGHTS``), the persona rules
(``personas.classify``) and the thresholds' constants are shared.

    .venv/bin/python bench/relationships_reference.py bench/out/relationships-0_01.sqlite3

reads the database with ``sqlite3`` and prints a summary of the figures and the time each step
took. The rows are read as Python tuples; pairs, neighbourhoods and communities come from an
``nx.Graph``; each pair is a loop over its rows.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import networkx as nx

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

LOUVAIN_SEED = 20240501
WEEK = timedelta(days=7)
TWELVE_WEEKS = timedelta(days=84)


@dataclass
class Pair:
    """Everything the document defines for a pair (``a`` < ``b``)."""

    a: int
    b: int
    a_to_b: float = 0.0  # decayed sums valued at the pair's last interaction
    b_to_a: float = 0.0
    count_a_to_b: int = 0
    count_b_to_a: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None
    kinds: set = field(default_factory=set)
    exchanges: int = 0
    stage: int = 0
    overlap: float = 0.0
    union: int = 0  # people either knows besides each other
    weak: bool = False
    bridge: bool = False


@dataclass
class Reference:
    pairs: dict[tuple[int, int], Pair]
    personas: dict[int, str]
    communities: list[set[int]]
    seconds: dict[str, float]
    rows: int
    edges: int


def read_ledger(path: Path | str) -> tuple[list[tuple], dict[int, str], dict[int, int], list]:
    """(ledger rows in id order, team per person, updates published per person with their
    times) from a Workaloud SQLite database, with plain sqlite3."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT id, actor_id, target_id, kind, occurred_at, update_id, goal_id"
            " FROM relationships_interaction WHERE voided_at IS NULL ORDER BY id"
        ).fetchall()
        teams = dict(conn.execute("SELECT id, team FROM people_user").fetchall())
        posts = conn.execute(
            "SELECT author_id, published_at FROM work_workupdate"
            " WHERE published_at IS NOT NULL AND deleted_at IS NULL"
        ).fetchall()
    finally:
        conn.close()
    return rows, teams, posts


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def compute(
    rows: list[tuple],
    teams: dict[int, str],
    posts: list[tuple],
    now: datetime,
    half_life_days: float,
) -> Reference:
    """Every figure of docs/relationship-model.md, the straightforward way. ``now`` is naive
    UTC, like the times SQLite keeps."""
    from workaloud.relationships.model import (
        AWARENESS_KINDS,
        GRATITUDE_KINDS,
        KIND_WEIGHTS,
        WEAK_TIE_MIN_CONNECTIONS,
        WEAK_TIE_OVERLAP,
    )
    from workaloud.relationships.personas import WINDOW_DAYS, classify

    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        seconds[step] = time.perf_counter() - clock
        clock = time.perf_counter()

    # Rows by pair, in id order, with parsed times.
    by_pair: dict[tuple[int, int], list] = defaultdict(list)
    parsed = []
    for _id, actor, target, kind, occurred_at, update_id, goal_id in rows:
        at = parse_time(occurred_at)
        if update_id is not None:
            context = ("update", update_id)
        elif goal_id is not None:
            context = ("goal", goal_id)
        else:
            context = None
        row = (actor, target, kind, at, context)
        parsed.append(row)
        by_pair[(min(actor, target), max(actor, target))].append(row)
    lap("read rows")

    pairs: dict[tuple[int, int], Pair] = {}
    for (a, b), pair_rows in by_pair.items():
        p = Pair(a, b)
        p.last_at = max(r[3] for r in pair_rows)
        p.first_at = min(r[3] for r in pair_rows)
        engaged = {a: 0, b: 0}
        engaged_times = []
        grateful = {a: False, b: False}
        engaged_in: dict[tuple, set[int]] = defaultdict(set)  # context → who engaged there
        for actor, _target, kind, at, context in pair_rows:
            days = (p.last_at - at).total_seconds() / 86400
            value = KIND_WEIGHTS[kind] * 2 ** (-days / half_life_days)
            if actor == a:
                p.a_to_b += value
                p.count_a_to_b += 1
            else:
                p.b_to_a += value
                p.count_b_to_a += 1
            p.kinds.add(kind)
            if kind not in AWARENESS_KINDS:
                engaged[actor] += 1
                engaged_times.append(at)
                if context is not None:
                    engaged_in[context].add(actor)
            if kind in GRATITUDE_KINDS:
                grateful[actor] = True
        p.exchanges = sum(1 for who in engaged_in.values() if len(who) == 2)
        span = (max(engaged_times) - min(engaged_times)) if engaged_times else timedelta(0)
        # Depth stages, as the document's table states them.
        stage = 1
        if engaged[a] or engaged[b]:
            stage = 2
        if engaged[a] and engaged[b]:
            stage = 3
            if p.exchanges >= 2 and span >= WEEK:
                stage = 4
                if p.exchanges >= 4 and span >= TWELVE_WEEKS and grateful[a] and grateful[b]:
                    stage = 5
        p.stage = stage
        pairs[(a, b)] = p
    lap("pair sums and stages")

    graph = nx.Graph()
    graph.add_edges_from(pairs)
    lap("build graph")
    for u, v, jaccard in nx.jaccard_coefficient(graph, pairs.keys()):
        # networkx's neighbourhoods hold each other; the document's leave each other out.
        du, dv = graph.degree(u), graph.degree(v)
        common = round(jaccard * (du + dv) / (1 + jaccard))
        union = (du - 1) + (dv - 1) - common
        pairs[(u, v)].overlap = common / union if union > 0 else 0.0
        pairs[(u, v)].union = union
    lap("overlap (jaccard)")
    communities = nx.community.louvain_communities(graph, seed=LOUVAIN_SEED)
    lap("communities (louvain)")
    community_of = {person: c for c, members in enumerate(communities) for person in members}

    def team(person):
        return (teams.get(person) or "").strip().casefold()

    for p in pairs.values():
        # Low overlap among enough connections (below that the overlap says nothing yet).
        p.weak = p.overlap < WEAK_TIE_OVERLAP and p.union >= WEAK_TIE_MIN_CONNECTIONS
        other_team = bool(team(p.a)) and bool(team(p.b)) and team(p.a) != team(p.b)
        other_community = community_of[p.a] != community_of[p.b]
        p.bridge = p.weak and (other_team or other_community)
    lap("weak ties and bridges")

    since = now - timedelta(days=WINDOW_DAYS)
    given, received, posted = Counter(), Counter(), Counter()
    for actor, target, kind, at, _context in parsed:
        if at >= since and kind not in AWARENESS_KINDS:
            given[actor] += 1
            received[target] += 1
    for author, published_at in posts:
        if parse_time(published_at) >= since:
            posted[author] += 1
    personas = {
        person: classify(given[person], received[person], posted[person]) for person in teams
    }
    lap("personas")
    return Reference(
        pairs=pairs,
        personas=personas,
        communities=communities,
        seconds=seconds,
        rows=len(rows),
        edges=graph.number_of_edges(),
    )


def run(path: Path | str, now: datetime, half_life_days: float) -> Reference:
    """Read ``path`` and compute; the reading is timed as part of the computation."""
    started = time.perf_counter()
    rows, teams, posts = read_ledger(path)
    read = time.perf_counter() - started
    ref = compute(rows, teams, posts, now, half_life_days)
    ref.seconds = {"read database": read, **ref.seconds}
    return ref


def relative_difference(x: float, y: float) -> float:
    scale = max(abs(x), abs(y))
    return abs(x - y) / scale if scale > 0 else 0.0


def summary(ref: Reference) -> str:
    stages = Counter(p.stage for p in ref.pairs.values())
    personas = Counter(ref.personas.values())
    lines = [
        f"{ref.rows:,} rows, {len(ref.pairs):,} pairs, {len(ref.communities):,} communities",
        "stages: " + ", ".join(f"{s}: {stages[s]:,}" for s in sorted(stages)),
        f"weak ties: {sum(p.weak for p in ref.pairs.values()):,}, "
        f"bridges: {sum(p.bridge for p in ref.pairs.values()):,}",
        "personas: " + ", ".join(f"{k}: {v:,}" for k, v in personas.most_common()),
        "seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in ref.seconds.items()),
        f"total {sum(ref.seconds.values()):.2f} s",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    import argparse
    import os

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", help="a Workaloud SQLite database file")
    parser.add_argument("--now", help="ISO time (UTC) the personas are counted to; default now")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("BENCH_SQLITE_PATH", str(Path(args.database).resolve()))
    import django

    django.setup()
    from django.conf import settings

    now = datetime.fromisoformat(args.now) if args.now else datetime.now(UTC)
    ref = run(args.database, now.replace(tzinfo=None), settings.RELATIONSHIP_HALF_LIFE_DAYS)
    print(summary(ref))
    return 0


if __name__ == "__main__":
    sys.exit(main())
