"""Generate a synthetic community and interaction ledger for the relationships benchmark, fast.

    .venv/bin/python bench/relationships_generate.py                # 100,000 people, 10M acts
    .venv/bin/python bench/relationships_generate.py --scale 0.01   # 1,000 people, 100k: quick
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/workaloud_relbench \\
        .venv/bin/python bench/relationships_generate.py

Django migrations create the schema on an empty database; the rows then go in with bulk SQL in
one transaction (executemany with journalling off on SQLite, COPY on PostgreSQL), secondary
indexes dropped during the load and rebuilt after. A SQLite database is cached in
bench/out/relationships-<scale>.sqlite3 and reused while its sizes and GENERATOR_VERSION match.

The structure (seeded, every run builds the same community):

* people in teams of heavy-tailed sizes, teams grouped into departments; the team column reads
  ``"<department> / <team>"``; activity (acts made) and popularity (acts received) follow
  Pareto tails, with a quarter of the people nearly silent;
* each act's target is in the actor's team (60%), department (27%) or anywhere (13%), picked in
  proportion to popularity (preferential attachment); about half of the acts return to someone
  the actor already acted towards (a personal circle), close in time to that earlier act;
* acts are answered back (team 45%, department 35%, elsewhere 25%), some answers answered again;
  follows are answered with a follow back; a person follows another at most once;
* most acts are about one of the target's goals (the goal the target was pursuing at that
  moment), so the same goal carries both sides of an exchange; there are no update rows
  behind interactions, only recent updates (the last 90 days) for the persona window;
* the benchmark person ``@bench`` (password ``bench-password``) is acted on by nobody else and
  has interactions with exactly 2,000 other people (fewer at small scales).

Nothing is computed here: the benchmark's first step, the full recompute, fills the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))

from bench.generate import (  # noqa: E402
    PostgresWriter,
    SqliteWriter,
    describe,
    ensure_postgres_database,
    read_meta,
    write_meta,
)

GENERATOR_VERSION = 1
SEED = 20261124
BENCH_ID = 1
BENCH_USERNAME = "bench"
BENCH_PASSWORD = "bench-password"
BENCH_RELATIONSHIPS = 2_000
DAY = 86_400.0
HISTORY_DAYS = 730
POSTS_WINDOW_DAYS = 90

INTERACTION_TABLE = "relationships_interaction"
LOADED_TABLES = ["people_user", "goals_goal", "work_workupdate", INTERACTION_TABLE]
FIGURE_TABLES = [
    "relationships_relationship",
    "relationships_networkposition",
    "relationships_community",
]

# Kinds (the values of InteractionKind); the arrays below hold their index in KINDS.
KINDS = (
    "comment",
    "question",
    "challenge",
    "encouragement",
    "offer_of_help",
    "thanks",
    "reply",
    "mention",
    "follow",
    "help_credited",
    "introduction",
    "circle_meeting",
    "imported",
)
K = {kind: code for code, kind in enumerate(KINDS)}
# The first act of an exchange, and the answer back (percent).
OPENING_MIX = {
    "comment": 30, "encouragement": 13, "question": 12, "mention": 12, "reply": 6,
    "offer_of_help": 6, "thanks": 6, "follow": 5, "challenge": 4, "help_credited": 3,
    "circle_meeting": 1.5, "imported": 1, "introduction": 0.5,
}  # fmt: skip
ANSWER_MIX = {
    "reply": 40, "thanks": 18, "comment": 14, "encouragement": 8, "question": 8,
    "help_credited": 4, "offer_of_help": 4, "mention": 4,
}  # fmt: skip
# Share of acts about one of the target's goals, by kind (the rest have no context).
CONTEXT_SHARE = {"follow": 0.0, "mention": 0.5, "imported": 0.0, "introduction": 0.3}
DEFAULT_CONTEXT_SHARE = 0.85

SCOPES = ("team", "department", "anywhere")
SCOPE_MIX = (0.60, 0.27, 0.13)
ANSWER_RATE = (0.45, 0.35, 0.25)  # by scope
ANSWER_AGAIN_RATE = 0.30
RETURN_RATE = 0.5  # acts that go back to someone already in the actor's circle
RETURN_SPREAD_DAYS = 45
TIME_SKEW = 0.7  # t = start + span · u^0.7: denser recently

DEPARTMENTS = [
    "Research", "Platform", "People", "Sales", "Support", "Design", "Finance", "Data",
    "Legal", "Marketing", "Operations", "Security", "Product", "Field", "Learning",
]  # fmt: skip
TEAM_WORDS = [
    "Atlas", "Beacon", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris",
    "Juniper", "Kite", "Lumen", "Meadow", "Nimbus", "Orbit", "Pioneer", "Quartz", "Ridge",
]  # fmt: skip
GOAL_TITLES = [
    "Ship the onboarding guide", "Halve the build time", "Interview 20 customers",
    "Retire the legacy reporting API", "Make the help centre accessible",
    "Run a monthly Working Out Loud circle", "Publish the design principles",
    "Move staging to the new region", "Learn the basics of data analysis",
]  # fmt: skip
UPDATE_BODIES = [
    "Drafted the first chapter of the onboarding guide and shared it with the team.",
    "Paired with the data team on the ingestion pipeline; we found the slow step.",
    "Ran three customer interviews about the new billing flow.",
    "Wrote down what we learned from last week's outage.",
    "Cut the build time from 14 to 6 minutes by caching dependencies.",
    "Started a reading group on accessibility; five people joined.",
]


def sizes_for(scale: float) -> dict:
    people = max(int(100_000 * scale), 300)
    teams = max(people // 50, 6)
    return {
        "generator": "relationships",
        "version": GENERATOR_VERSION,
        "scale": scale,
        "people": people,
        "interactions": max(int(10_000_000 * scale), 30_000),
        "teams": teams,
        "departments": max(round(teams / 20), 3),
        "goals": 2 * people,
        "bench_relationships": min(BENCH_RELATIONSHIPS, (people - 1) // 4),
    }


def sqlite_path_for(scale: float) -> Path:
    label = f"{scale:g}".replace(".", "_")
    return BENCH_DIR / "out" / f"relationships-{label}.sqlite3"


def configure(scale: float, sqlite_path: Path | None = None) -> None:
    """Point Django at the benchmark database before it is set up."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if not os.environ.get("DATABASE_URL"):
        os.environ["BENCH_SQLITE_PATH"] = str(sqlite_path or sqlite_path_for(scale))


# --- the structure ------------------------------------------------------------------------------


@dataclass
class Structure:
    """Who is where and how active, by *position*: people ordered by department, then team, so
    each team and each department is a contiguous range of positions."""

    people: int
    ids: np.ndarray  # position → person id
    team: np.ndarray  # position → team number
    team_lo: np.ndarray  # team → first position
    team_hi: np.ndarray  # team → one past its last position
    team_department: np.ndarray  # team → department number
    department_lo: np.ndarray
    department_hi: np.ndarray
    team_names: list[str]
    activity: np.ndarray  # position → weight of making acts (0 for @bench)
    popularity: np.ndarray  # position → weight of receiving them (0 for @bench)
    goal_first: np.ndarray  # person id → id of their first goal
    goal_count: np.ndarray  # person id → number of goals (each covers an equal slice of time)
    posts: np.ndarray  # person id → updates published in the last 90 days
    bench_position: int

    @property
    def position_of(self) -> np.ndarray:
        out = np.zeros(self.people + 1, dtype=np.int64)
        out[self.ids] = np.arange(self.people)
        return out

    def team_name_of_id(self) -> np.ndarray:
        names = np.empty(self.people + 1, dtype=object)
        names[self.ids] = np.array(self.team_names, dtype=object)[self.team]
        return names


def _fix_total(rng, sizes: np.ndarray, weights: np.ndarray, total: int, least: int) -> np.ndarray:
    sizes = sizes.copy()
    while (diff := total - int(sizes.sum())) != 0:
        if diff > 0:
            np.add.at(sizes, rng.choice(len(sizes), diff, p=weights / weights.sum()), 1)
        else:
            room = np.flatnonzero(sizes > least)
            p = sizes[room] / sizes[room].sum()
            picks = rng.choice(room, min(-diff, len(room)), replace=False, p=p)
            sizes[picks] -= 1
    return sizes


def build_structure(sizes: dict) -> Structure:
    rng = np.random.default_rng(SEED)
    n, n_teams, n_departments = sizes["people"], sizes["teams"], sizes["departments"]

    # Teams of heavy-tailed sizes (at least 3 people), departments of heavy-tailed team counts.
    raw = rng.lognormal(0.0, 0.9, n_teams)
    team_size = _fix_total(rng, np.maximum(3, (raw / raw.sum() * n).astype(np.int64)), raw, n, 3)
    dept_weights = rng.lognormal(0.0, 0.7, n_departments)
    team_department = np.concatenate(
        [
            rng.permutation(n_departments),
            rng.choice(n_departments, n_teams - n_departments, p=dept_weights / dept_weights.sum()),
        ]
    )
    order = np.argsort(team_department, kind="stable")  # teams laid out department by department
    team_size, team_department = team_size[order], team_department[order]
    team_hi = np.cumsum(team_size)
    team_lo = team_hi - team_size
    team = np.repeat(np.arange(n_teams), team_size)
    department_lo = np.full(n_departments, n, dtype=np.int64)
    department_hi = np.zeros(n_departments, dtype=np.int64)
    np.minimum.at(department_lo, team_department, team_lo)
    np.maximum.at(department_hi, team_department, team_hi)
    team_names = [
        f"{DEPARTMENTS[d % len(DEPARTMENTS)]} {d + 1:03d} / "
        f"{TEAM_WORDS[t % len(TEAM_WORDS)]} {t + 1:04d}"
        for t, d in enumerate(team_department.tolist())
    ]

    # Person ids are in joining order, unrelated to teams; @bench is in a mid-sized team.
    ids = rng.permutation(n) + 1
    mid = np.flatnonzero((team_size >= 20) & (team_size <= 80))
    bench_team = int(mid[0]) if len(mid) else int(np.argmax(team_size))
    bench_position = int(team_lo[bench_team])
    swap = int(np.flatnonzero(ids == BENCH_ID)[0])
    ids[swap], ids[bench_position] = ids[bench_position], ids[swap]

    # Activity: a Pareto tail (capped: nobody acts a hundred times a day), a quarter nearly silent.
    activity = rng.pareto(1.3, n) + 1.0
    activity = np.minimum(activity, 60 * activity.mean())
    activity[rng.random(n) < 0.25] *= 0.1
    # Popularity: its own Pareto tail, a little higher for active people.
    popularity = (rng.pareto(1.6, n) + 1.0) * (activity / activity.mean() + 0.2) ** 0.3
    popularity = np.minimum(popularity, 100 * popularity.mean())
    activity[bench_position] = popularity[bench_position] = 0.0

    # Goals: one to a dozen each, more for active people; ~2 per person on average.
    by_id = np.empty(n + 1)
    by_id[0] = 0
    by_id[ids] = activity / activity.mean()
    lam = by_id**0.4
    lam *= (sizes["goals"] / n - 1) / lam[1:].mean()
    goal_count = np.minimum(1 + rng.poisson(lam), 12)
    goal_count[0] = 0
    goal_count[BENCH_ID] = 3
    goal_first = np.concatenate([[1], 1 + np.cumsum(goal_count)[:-1]])
    posts = np.minimum(rng.poisson(1.2 * by_id**0.7), 60)
    posts[0] = 0
    return Structure(
        people=n,
        ids=ids,
        team=team,
        team_lo=team_lo,
        team_hi=team_hi,
        team_department=team_department,
        department_lo=department_lo,
        department_hi=department_hi,
        team_names=team_names,
        activity=activity,
        popularity=popularity,
        goal_first=goal_first,
        goal_count=goal_count,
        posts=posts,
        bench_position=bench_position,
    )


# --- acts ---------------------------------------------------------------------------------------


@dataclass
class Acts:
    """Ledger rows as arrays: person ids, kind codes (index in KINDS), epoch seconds, goal id
    (0 for none)."""

    actor: np.ndarray
    target: np.ndarray
    kind: np.ndarray
    at: np.ndarray
    goal: np.ndarray

    def __len__(self) -> int:
        return len(self.actor)

    def take(self, index) -> Acts:
        return Acts(*(getattr(self, f)[index] for f in self.__dataclass_fields__))

    @staticmethod
    def concat(parts: list[Acts]) -> Acts:
        return Acts(
            *(np.concatenate([getattr(p, f) for p in parts]) for f in Acts.__dataclass_fields__)
        )


def _mix(rng, mix: dict, k: int) -> np.ndarray:
    codes = np.array([K[kind] for kind in mix])
    weights = np.array(list(mix.values()), dtype=float)
    return codes[rng.choice(len(codes), k, p=weights / weights.sum())]


def _pick(rng, cumulative: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A position in [lo, hi) for each entry, in proportion to the weights behind
    ``cumulative``."""
    base = np.where(lo > 0, cumulative[np.maximum(lo - 1, 0)], 0.0)
    u = base + rng.random(len(lo)) * (cumulative[hi - 1] - base)
    return np.clip(np.searchsorted(cumulative, u, side="right"), lo, hi - 1)


def _within(at: np.ndarray, start: float, now: float) -> np.ndarray:
    """Times folded back into [start, now] (reflected at the ends, so none pile up there)."""
    at = np.where(at < start, 2 * start - at, at)
    at = np.where(at > now, 2 * now - at, at)
    return np.clip(at, start, now)


def _goal_at(s: Structure, person: np.ndarray, at: np.ndarray, start: float, span: float):
    """The goal ``person`` was pursuing at ``at``: each goal covers an equal slice of time."""
    count = s.goal_count[person]
    k = np.minimum((np.clip(at - start, 0, span) / span * count).astype(np.int64), count - 1)
    return np.where(count > 0, s.goal_first[person] + k, 0)


def _contexts(rng, s, kind, target, at, start, span) -> np.ndarray:
    share = np.full(len(KINDS), DEFAULT_CONTEXT_SHARE)
    for name, value in CONTEXT_SHARE.items():
        share[K[name]] = value
    about_goal = rng.random(len(kind)) < share[kind]
    return np.where(about_goal, _goal_at(s, target, at, start, span), 0)


def answered(rng, s: Structure, opening: Acts, scope: np.ndarray, now: float) -> Acts:
    """The answers back to ``opening`` acts, and some answers to those answers."""

    def answer(acts: Acts, rate) -> Acts:
        chosen = acts.take(rng.random(len(acts)) < rate)
        kind = _mix(rng, ANSWER_MIX, len(chosen))
        kind = np.where(chosen.kind == K["follow"], K["follow"], kind)  # a follow back
        delay = rng.exponential(DAY, len(chosen))
        # Not after now: an act of the last hours is answered within what is left of them.
        late = chosen.at + delay > now
        delay[late] = (now - chosen.at[late]) * rng.random(int(late.sum()))
        at = chosen.at + delay
        return Acts(chosen.target, chosen.actor, kind, at, chosen.goal)

    first = answer(opening, np.asarray(ANSWER_RATE)[scope])
    second = answer(first.take(first.kind != K["follow"]), ANSWER_AGAIN_RATE)
    return Acts.concat([first, second])


def opening_acts(
    rng, s: Structure, count: int, start: float, now: float
) -> tuple[Acts, np.ndarray]:
    """``count`` first acts by the structure: (acts, scope of each)."""
    span = now - start
    n = s.people
    cum_activity = np.cumsum(s.activity)
    cum_popularity = np.cumsum(s.popularity)
    zeros = np.zeros(count, dtype=np.int64)
    actor = _pick(rng, cum_activity, zeros, np.full(count, n))
    scope = rng.choice(3, count, p=SCOPE_MIX)
    team = s.team[actor]
    lo = np.select(
        [scope == 0, scope == 1], [s.team_lo[team], s.department_lo[s.team_department[team]]], 0
    )
    hi = np.select(
        [scope == 0, scope == 1], [s.team_hi[team], s.department_hi[s.team_department[team]]], n
    )
    target = _pick(rng, cum_popularity, lo, hi)
    at = start + span * rng.random(count) ** TIME_SKEW

    # A personal circle: some acts go back to a target of one of the actor's earlier
    # (first-time) acts, close in time to it.
    order = np.argsort(actor, kind="stable")
    actor_s = actor[order]
    group_start = np.r_[True, actor_s[1:] != actor_s[:-1]]
    fresh = group_start | (rng.random(count) >= RETURN_RATE)
    fresh_index = np.flatnonzero(fresh)  # into the sorted arrays
    fresh_actor = actor_s[fresh_index]
    first_fresh = np.searchsorted(fresh_actor, actor_s)
    n_fresh = np.searchsorted(fresh_actor, actor_s, side="right") - first_fresh
    source = fresh_index[first_fresh + (rng.random(count) * n_fresh).astype(np.int64)]
    back = ~fresh
    target_s, scope_s, at_s = target[order], scope[order], at[order]
    target_s[back] = target_s[source[back]]
    scope_s[back] = scope_s[source[back]]
    spread = rng.normal(0.0, RETURN_SPREAD_DAYS * DAY, int(back.sum()))
    at_s[back] = _within(at_s[source[back]] + spread, start, now)
    lo_s, hi_s = lo[order], hi[order]
    lo_s[back], hi_s[back] = lo_s[source[back]], hi_s[source[back]]

    # Nobody acts towards themselves or towards @bench (who has a ledger of their own).
    for _ in range(3):
        bad = (target_s == actor_s) | (target_s == s.bench_position)
        if not bad.any():
            break
        width = hi_s[bad] - lo_s[bad]
        target_s[bad] = lo_s[bad] + (target_s[bad] - lo_s[bad] + 1) % width
    keep = (target_s != actor_s) & (target_s != s.bench_position)
    actor_id, target_id = s.ids[actor_s[keep]], s.ids[target_s[keep]]
    at_k = at_s[keep]
    kind = _mix(rng, OPENING_MIX, len(actor_id))
    goal = _contexts(rng, s, kind, target_id, at_k, start, span)
    return Acts(actor_id, target_id, kind, at_k, goal), scope_s[keep]


def bench_acts(rng, s: Structure, relationships: int, start: float, now: float) -> Acts:
    """@bench's ledger: interactions either way with exactly ``relationships`` people."""
    span = now - start
    me = s.bench_position
    team = s.team[me]
    department = s.team_department[team]
    positions = np.arange(s.people)
    in_team = (positions >= s.team_lo[team]) & (positions < s.team_hi[team]) & (positions != me)
    in_dept = (
        (positions >= s.department_lo[department])
        & (positions < s.department_hi[department])
        & ~in_team
        & (positions != me)
    )
    elsewhere = ~in_team & ~in_dept & (positions != me)
    chosen, scopes = [], []
    want = relationships
    for scope, mask, share in ((0, in_team, 1.0), (1, in_dept, 0.35), (2, elsewhere, 1.0)):
        pool = np.flatnonzero(mask)
        k = min(len(pool), want if share == 1.0 else int(relationships * share), want)
        weights = s.popularity[pool] + 1e-9
        picks = rng.choice(pool, k, replace=False, p=weights / weights.sum())
        chosen.append(picks)
        scopes.append(np.full(k, scope))
        want -= k
    others, scope = np.concatenate(chosen), np.concatenate(scopes)
    assert len(others) == relationships, (len(others), relationships)
    # Acts per pair: many with the team, a few with everyone else; each pair its own period.
    per_pair = 1 + rng.poisson(np.asarray([6.0, 2.0, 0.6])[scope])
    other = np.repeat(others, per_pair)
    scope = np.repeat(scope, per_pair)
    centre = np.repeat(start + span * rng.random(len(others)) ** TIME_SKEW, per_pair)
    at = _within(centre + rng.normal(0.0, RETURN_SPREAD_DAYS * DAY, len(other)), start, now)
    mine = rng.random(len(other)) < 0.5
    actor = np.where(mine, s.ids[me], s.ids[other])
    target = np.where(mine, s.ids[other], s.ids[me])
    kind = _mix(rng, OPENING_MIX, len(actor))
    goal = _contexts(rng, s, kind, target, at, start, span)
    opening = Acts(actor, target, kind, at, goal)
    return Acts.concat([opening, answered(rng, s, opening, scope, now)])


def dedupe_follows(acts: Acts) -> Acts:
    """A person follows another once: later follows of the same pair become mentions."""
    follows = np.flatnonzero(acts.kind == K["follow"])
    follows = follows[np.argsort(acts.at[follows], kind="stable")]
    key = acts.actor[follows] * (int(acts.target.max()) + 1) + acts.target[follows]
    _, first = np.unique(key, return_index=True)
    again = np.ones(len(follows), dtype=bool)
    again[first] = False
    acts.kind[follows[again]] = K["mention"]
    acts.goal[follows[again]] = 0
    return acts


def community_acts(rng, s: Structure, total: int, start: float, now: float) -> Acts:
    """Exactly ``total`` rows by the structure (openings and their answers)."""
    parts, have = [], 0
    per_opening = 1 + float(np.dot(SCOPE_MIX, ANSWER_RATE)) * (1 + ANSWER_AGAIN_RATE)
    while have < total:
        count = int((total - have) / per_opening * 1.03) + 100
        opening, scope = opening_acts(rng, s, count, start, now)
        part = Acts.concat([opening, answered(rng, s, opening, scope, now)])
        parts.append(part)
        have += len(part)
    acts = Acts.concat(parts)
    keep = np.sort(rng.choice(len(acts), total, replace=False))
    return acts.take(keep)


def draw_new_acts(s: Structure, count: int, seed: int) -> list[tuple[int, int, str, int | None]]:
    """New acts by the same structure (for the incremental benchmark): (actor, target, kind,
    goal id or None)."""
    rng = np.random.default_rng(seed)
    now = time.time()
    acts, _ = opening_acts(rng, s, count, now - HISTORY_DAYS * DAY, now)
    return [
        (a, t, KINDS[k], g or None)
        for a, t, k, g in zip(
            acts.actor.tolist(),
            acts.target.tolist(),
            acts.kind.tolist(),
            acts.goal.tolist(),
            strict=True,
        )
    ]


# --- writing ------------------------------------------------------------------------------------


def _sqlite_times(seconds: np.ndarray) -> list[str]:
    us = np.rint(seconds * 1e6).astype(np.int64).astype("datetime64[us]")
    return [t.replace("T", " ") for t in np.datetime_as_string(us, unit="us").tolist()]


def _pg_times(seconds: np.ndarray) -> list[str]:
    return [t + "+00" for t in _sqlite_times(seconds)]


def table_columns(writer, table: str) -> dict[str, bool]:
    """Column → required (NOT NULL without a default), read from the database itself."""
    if writer.vendor == "sqlite":
        rows = writer.conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        return {r[1]: bool(r[3]) and r[4] is None and not r[5] for r in rows}
    writer.cur.execute(
        "SELECT column_name, is_nullable = 'NO' AND column_default IS NULL "
        "FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %s",
        [table],
    )
    return {name: bool(required) and name != "id" for name, required in writer.cur.fetchall()}


def insert_columns(writer, table: str, columns: dict, count: int, log) -> int:
    """Insert ``columns`` (name → list/array or a constant) into ``table``, checking that every
    required column is given and leaving the other columns of the live schema at NULL."""
    known = table_columns(writer, table)
    missing = [c for c, required in known.items() if required and c not in columns]
    if missing:
        raise SystemExit(f"{table} has required columns this generator does not fill: {missing}")
    unknown = [c for c in columns if c not in known]
    if unknown:
        log(f"  ({table} has no column {', '.join(unknown)}: left out)")
    names = [c for c in columns if c in known]
    chunk = 200_000
    done = 0
    for lo in range(0, count, chunk):
        hi = min(lo + chunk, count)
        cols = []
        for name in names:
            value = columns[name]
            if callable(value):
                value = value(lo, hi)
            elif isinstance(value, list | np.ndarray):
                value = value[lo:hi]
                value = value.tolist() if isinstance(value, np.ndarray) else value
            else:
                value = [value] * (hi - lo)
            cols.append(value)
        done += writer.insert(table, names, zip(*cols, strict=True))
    return done


def generate(writer, sizes: dict, log) -> dict:
    rng = np.random.default_rng(SEED + 1)
    now = float(int(time.time()))
    start = now - HISTORY_DAYS * DAY
    span = now - start
    times = _sqlite_times if writer.vendor == "sqlite" else _pg_times
    counts: dict = {"now": now}

    t0 = time.perf_counter()
    s = build_structure(sizes)
    n = s.people
    log(f"structure: {n:,} people, {len(s.team_lo):,} teams, {len(s.department_lo)} departments")

    from django.contrib.auth.hashers import make_password

    team_of_id = s.team_name_of_id()
    ids = np.arange(1, n + 1)
    joined = times(start - rng.random(n) * 365 * DAY)
    usernames = [BENCH_USERNAME if p == BENCH_ID else f"person{p}" for p in range(1, n + 1)]
    counts["people"] = insert_columns(
        writer,
        "people_user",
        {
            "id": ids,
            "password": [make_password(BENCH_PASSWORD) if p == BENCH_ID else "!" for p in ids],
            "last_login": None,
            "is_superuser": False,
            "username": usernames,
            "first_name": "",
            "last_name": "",
            "email": [f"{u}@example.org" for u in usernames],
            "is_staff": [p == BENCH_ID for p in ids.tolist()],
            "is_active": True,
            "date_joined": joined,
            "display_name": ["Bench Person" if p == BENCH_ID else f"Person {p}" for p in ids],
            "bio": "",
            "team": team_of_id[1:].tolist(),
            "department": [name.split(" / ")[0] for name in team_of_id[1:].tolist()],
            "location": "",
            "timezone": "",
            "languages": "English",
            "purpose": "",
        },
        n,
        log,
    )
    log(f"people: {counts['people']:,}")

    # Goals: goal k of a person covers the k-th equal slice of the two years.
    owner = np.repeat(np.arange(n + 1), s.goal_count)
    k = np.arange(len(owner)) - (s.goal_first[owner] - 1)
    count_of = s.goal_count[owner]
    created = start + span * k / count_of - rng.random(len(owner)) * 14 * DAY
    last = k == count_of - 1
    status = np.where(last, "active", np.where(rng.random(len(owner)) < 0.7, "achieved", "dropped"))
    target_date = [
        datetime.fromtimestamp(t, UTC).date().isoformat()
        for t in (start + span * (k + 1) / count_of).tolist()
    ]
    counts["goals"] = insert_columns(
        writer,
        "goals_goal",
        {
            "id": np.arange(1, len(owner) + 1),
            "owner_id": owner,
            "title": [GOAL_TITLES[i] for i in (np.arange(len(owner)) % len(GOAL_TITLES))],
            "why": "",
            "target_date": target_date,
            "status": status.tolist(),
            "audience": "community",
            "created_at": times(created),
            "updated_at": times(created),
        },
        len(owner),
        log,
    )
    log(f"goals: {counts['goals']:,}")

    # Updates: only the last 90 days (the persona window counts them).
    author = np.repeat(np.arange(n + 1), s.posts)
    published = now - rng.random(len(author)) * POSTS_WINDOW_DAYS * DAY
    update_goal = _goal_at(s, author, published, start, span)
    bodies = [UPDATE_BODIES[i % len(UPDATE_BODIES)] for i in range(len(author))]
    deleted = np.where(rng.random(len(author)) < 0.02, published + 3600, np.nan)
    counts["updates"] = insert_columns(
        writer,
        "work_workupdate",
        {
            "id": np.arange(1, len(author) + 1),
            "author_id": author,
            "goal_id": [g or None for g in update_goal.tolist()],
            "body": bodies,
            "body_html": [f"<p>{b}</p>" for b in bodies],
            "stage": "in_progress",
            "why_it_matters": "",
            "who_for": "",
            "whats_next": "",
            "ask": "",
            "ask_status": "none",
            "ask_resolved_at": None,
            "audience": "community",
            "created_at": times(published - 600),
            "published_at": times(published),
            "edited_at": None,
            "deleted_at": [
                None if np.isnan(d) else t
                for d, t in zip(deleted.tolist(), times(np.nan_to_num(deleted)), strict=True)
            ],
            "hidden_at": None,
        },
        len(author),
        log,
    )
    log(f"updates (last {POSTS_WINDOW_DAYS} days): {counts['updates']:,}")

    # The ledger: @bench's rows, then the community's, in time order.
    mine = bench_acts(rng, s, sizes["bench_relationships"], start, now)
    others = community_acts(rng, s, sizes["interactions"] - len(mine), start, now)
    acts = dedupe_follows(Acts.concat([mine, others]))
    acts = acts.take(np.argsort(acts.at, kind="stable"))
    log(f"ledger drawn: {len(acts):,} rows ({time.perf_counter() - t0:.1f} s)")
    total = len(acts)

    def occurred(lo, hi):
        return times(acts.at[lo:hi])

    counts["interactions"] = insert_columns(
        writer,
        INTERACTION_TABLE,
        {
            "id": np.arange(1, total + 1),
            "actor_id": acts.actor,
            "target_id": acts.target,
            "kind": lambda lo, hi: [KINDS[c] for c in acts.kind[lo:hi].tolist()],
            "occurred_at": occurred,
            "update_id": None,
            "response_id": None,
            "goal_id": lambda lo, hi: [g or None for g in acts.goal[lo:hi].tolist()],
            "source": "bench",
            "source_key": lambda lo, hi: [f"b{i}" for i in range(lo + 1, hi + 1)],
            "recorded_at": occurred,
            "voided_at": None,
        },
        total,
        log,
    )
    log(f"interactions: {counts['interactions']:,} ({time.perf_counter() - t0:.1f} s)")
    counts.update(describe_ledger(acts, s))
    return counts


def describe_ledger(acts: Acts, s: Structure) -> dict:
    """A few shape figures of the generated ledger (printed, stored in bench_meta)."""
    low, high = np.minimum(acts.actor, acts.target), np.maximum(acts.actor, acts.target)
    pair_keys, per_pair = np.unique(low * (s.people + 1) + high, return_counts=True)
    a, b = pair_keys // (s.people + 1), pair_keys % (s.people + 1)
    degree = np.bincount(np.concatenate([a, b]), minlength=s.people + 1)
    made = np.bincount(acts.actor, minlength=s.people + 1)[1:]
    team_id = np.zeros(s.people + 1, dtype=np.int64)
    team_id[s.ids] = s.team
    dept_id = s.team_department[team_id]
    same_team = team_id[acts.actor] == team_id[acts.target]
    same_dept = dept_id[acts.actor] == dept_id[acts.target]
    kinds = np.bincount(acts.kind, minlength=len(KINDS))
    return {
        "pairs": int(len(pair_keys)),
        "bench_relationships": int(degree[BENCH_ID]),
        "rows_per_pair_median": float(np.median(per_pair)),
        "rows_per_pair_max": int(per_pair.max()),
        "degree_median": float(np.median(degree[1:])),
        "degree_p99": float(np.percentile(degree[1:], 99)),
        "degree_max": int(degree.max()),
        "acts_made_median": float(np.median(made)),
        "acts_made_max": int(made.max()),
        "share_same_team": round(float(same_team.mean()), 3),
        "share_same_department_other_team": round(float((same_dept & ~same_team).mean()), 3),
        "share_with_goal": round(float((acts.goal > 0).mean()), 3),
        "kinds": {KINDS[i]: int(c) for i, c in enumerate(kinds.tolist()) if c},
    }


class RelSqliteWriter(SqliteWriter):
    def __init__(self, path: Path):
        super().__init__(path)
        self.conn.execute("PRAGMA threads=2")  # sort for CREATE INDEX on both cores


class RelPostgresWriter(PostgresWriter):
    def finish(self):
        for sql in self.saved_indexes:
            self.cur.execute(sql)
        for table in LOADED_TABLES:
            self.cur.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
            )
        self.cur.execute("SET session_replication_role = DEFAULT")
        self.conn.commit()
        self.conn.autocommit = True
        self.cur.execute("VACUUM ANALYZE")
        self.conn.close()


# --- cache and driver ---------------------------------------------------------------------------


def prepare(
    scale: float, force: bool = False, log=print, sqlite_path: Path | None = None
) -> tuple[dict, dict]:
    """Make sure the benchmark database exists; returns (sizes, counts). Sets Django up."""
    configure(scale, sqlite_path)
    import django
    from django.conf import settings

    sizes = sizes_for(scale)
    db = settings.DATABASES["default"]
    vendor = "sqlite" if db["ENGINE"].endswith("sqlite3") else "postgresql"
    if vendor == "postgresql":
        ensure_postgres_database(db)
    else:
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    meta = read_meta(connection)
    if meta is not None and meta.get("generator") != "relationships" and vendor == "postgresql":
        sys.exit(
            f"{describe(db)} holds another benchmark's data; give the relationships benchmark "
            "its own database (e.g. workaloud_relbench)."
        )
    if meta == sizes and not force:
        log(f"Reusing the generated ledger in {describe(db)}: {sizes}")
        # The figures are derived (the benchmark recomputes them first): emptied, a migration
        # of their tables has no rows to convert.
        with connection.cursor() as cur:
            existing = set(connection.introspection.table_names(cur))
            for table in FIGURE_TABLES:
                if table in existing:
                    cur.execute(f'DELETE FROM "{table}"')
        call_command("migrate", verbosity=0)  # new columns or indexes since it was generated
        connection.close()
        return sizes, read_counts(connection)

    log(f"Generating {sizes} into {describe(db)} …")
    started = time.perf_counter()
    connection.close()
    if vendor == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(db["NAME"] + suffix).unlink(missing_ok=True)
    else:
        with connection.cursor() as cur:
            cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        connection.close()
    call_command("migrate", verbosity=0)
    connection.close()

    if vendor == "sqlite":
        writer = RelSqliteWriter(Path(db["NAME"]))
    else:
        conninfo = {
            "dbname": db["NAME"],
            "host": db.get("HOST"),
            "port": db.get("PORT"),
            "user": db.get("USER"),
            "password": db.get("PASSWORD"),
        }
        writer = RelPostgresWriter({k: v for k, v in conninfo.items() if v})
    writer.drop_indexes(LOADED_TABLES)

    def timed_log(msg):
        log(f"  {time.perf_counter() - started:7.1f} s  {msg}")

    counts = generate(writer, sizes, timed_log)
    timed_log("rebuilding indexes and committing …")
    writer.finish()
    write_meta(connection, sizes, counts)
    connection.close()
    size = ""
    if vendor == "sqlite":
        size = f", {Path(db['NAME']).stat().st_size / 1e9:.2f} GB"
    log(f"Generated in {time.perf_counter() - started:.1f} s{size}:")
    log(json.dumps(counts, indent=1))
    return sizes, counts


def read_counts(connection) -> dict:
    with connection.cursor() as cur:
        cur.execute("SELECT value FROM bench_meta WHERE key = 'counts'")
        row = cur.fetchone()
    return json.loads(row[0]) if row else {}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100k people, 10M acts")
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = parser.parse_args(argv)
    prepare(args.scale, force=args.force)


if __name__ == "__main__":
    main()
