"""Circle matching: from a round's pool to proposed circles of 4–5, with reasons for whoever is
left unmatched. Pure Python over plain data (no database), shared by the organiser's pages and
the benchmark; docs/circle-matching.md explains the method and every figure.

Hard constraints for every circle: 4 or 5 members; one UTC hour of the week every member has;
a language every member speaks; a compatible format (a virtual circle takes "virtual" and
"either", an in-person circle takes "in_person" and "either", all in the same location); nobody
grouped with someone either of them avoids; at most one pair who were in a circle before.

The method, in short:

1. **Compatible groups.** A *cell* is (language, format, location, UTC hour); each applicant
   belongs to every cell they could meet in. :func:`matchable` finds, per applicant, a cell
   holding a valid group of 4 that includes them.
2. **Cells.** A greedy pass opens the cell with the most unassigned matchable people and takes
   them all (large cells give the most freedom for mixing teams), keeping each cell's count
   splittable into 4s and 5s. CP-SAT then repairs what the greedy pass left: the people still
   unassigned, the cells they could meet in, and a few people from other cells who could move
   there, in bounded sub-problems that maximise the people placed.
3. **Circles.** Each cell's people are dealt into chunks of about 20 spread across departments,
   and CP-SAT splits each chunk into circles: the hard constraints, then mixed teams and
   departments, few repeat pairs, related goals.
4. **Leftovers.** Anyone still unplaced is offered to a compatible circle of 4 or grouped with
   other leftovers, and otherwise gets a sentence saying why.

CP-SAT runs single-threaded with deterministic-time limits and the given seed, so a pool and a
seed always give the same proposal (a wall-clock guard only cuts in on a machine far slower than
the limits assume).
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
import time
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

MIN_SIZE = 4
MAX_SIZE = 5
HOURS_PER_WEEK = 168
VIRTUAL = "virtual"
IN_PERSON = "in_person"
EITHER = "either"
FORMATS = (VIRTUAL, IN_PERSON, EITHER)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Objective weights inside one chunk (see docs/circle-matching.md, "What is optimised").
W_PLACED = 10_000
W_SAME_TEAM = 100
W_SAME_DEPARTMENT = 20
W_REPEAT = 40
W_GOAL = 4
CHUNK_TARGET = 20
SEARCH_STEP_LIMIT = 20_000


@dataclass(frozen=True)
class Applicant:
    id: int  # the PoolEntry id
    person_id: int
    team: str  # may be ""
    department: str  # may be ""
    languages: frozenset[str]  # lowercased language names
    format: str  # "virtual" | "in_person" | "either"
    location: str  # normalised lowercase city, "" if none
    slots: frozenset[int]  # available weekly hours in UTC: weekday*24+hour, 0..167
    avoid: frozenset[int]  # person_ids they will not be grouped with (either direction)
    goal_terms: frozenset[str]  # lowercased significant words of their goal


@dataclass
class ProposedCircle:
    members: list[int]  # applicant ids
    slot: int  # the shared UTC hour-of-week
    language: str
    format: str  # "virtual" | "in_person"
    location: str  # "" for virtual
    team_diversity: float = 0.0  # distinct teams / size ("" counts as a team of its own)
    department_diversity: float = 0.0  # distinct departments / size (likewise)
    repeat_pairs: int = 0  # member pairs who were in a circle together before
    goal_relatedness: float = 0.0  # share of member pairs whose goals share a term
    common_slots: int = 0  # UTC hours of the week all members share


@dataclass
class Proposal:
    circles: list[ProposedCircle]
    unmatched: dict[int, str]  # applicant id -> why
    figures: dict = field(default_factory=dict)


# --- time zones ---------------------------------------------------------------------------------


def slot_label(slot: int) -> str:
    """``Tuesday 18:00 UTC`` for a UTC hour-of-week."""
    return f"{DAY_NAMES[slot // 24]} {slot % 24:02d}:00 UTC"


def utc_slots(local_slots: Iterable[int], timezone: str, on: dt.date) -> frozenset[int]:
    """A member's local hour-of-week slots (in the IANA zone ``timezone``) as UTC hours of the
    week, for the week starting at ``on``: each weekday's slots are read on the first date on or
    after ``on`` that falls on that weekday (as the circle's first meetings are), so the offset
    is the one in force that day.

    A UTC hour is kept only when the whole hour lies inside the member's available time. In
    whole-hour zones that is the plain conversion; in half-hour and 45-minute zones (Asia/Kolkata
    is UTC+5:30) one local hour straddles two UTC hours, so a UTC hour needs two consecutive
    available local hours (18:00 and 19:00 in Kolkata give 13:00 UTC, which is 18:30–19:30 there).
    A local hour that does not exist that day (skipped by a daylight-saving change) is dropped;
    a repeated one counts once, at its first occurrence.
    """
    zone = zoneinfo.ZoneInfo(timezone)
    quarters: set[int] = set()
    for slot in local_slots:
        slot = int(slot)
        if not 0 <= slot < HOURS_PER_WEEK:
            raise ValueError(f"{slot} is not an hour of the week (0–167).")
        weekday, hour = divmod(slot, 24)
        day = on + dt.timedelta(days=(weekday - on.weekday()) % 7)
        local = dt.datetime(day.year, day.month, day.day, hour, tzinfo=zone)
        instant = local.astimezone(dt.UTC)
        if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
            continue  # a local hour skipped by a daylight-saving change
        start = (instant.weekday() * 24 * 60 + instant.hour * 60 + instant.minute) // 15
        for q in range(4):
            quarters.add((start + q) % (HOURS_PER_WEEK * 4))
    return frozenset(
        h for h in range(HOURS_PER_WEEK) if all(4 * h + q in quarters for q in range(4))
    )


# --- the pool, indexed --------------------------------------------------------------------------


def _mask(slots: Iterable[int]) -> int:
    m = 0
    for s in slots:
        if 0 <= s < HOURS_PER_WEEK:
            m |= 1 << s
    return m


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _modes(a: Applicant) -> list[tuple[str, str]]:
    """The (format, location) pairs an applicant can meet in."""
    modes = []
    if a.format in (VIRTUAL, EITHER):
        modes.append((VIRTUAL, ""))
    if a.format in (IN_PERSON, EITHER) and a.location:
        modes.append((IN_PERSON, a.location))
    return modes


class _Pool:
    """Applicants by index, with their conflicts and their cells."""

    def __init__(self, applicants: Sequence[Applicant], past_pairs):
        ids = [a.id for a in applicants]
        if len(set(ids)) != len(ids):
            raise ValueError("Applicant ids must be unique.")
        self.apps = list(applicants)
        self.n = len(self.apps)
        self.masks = [_mask(a.slots) for a in self.apps]
        by_person: dict[int, list[int]] = defaultdict(list)
        for i, a in enumerate(self.apps):
            by_person[a.person_id].append(i)
        self.avoid: list[set[int]] = [set() for _ in range(self.n)]
        for i, a in enumerate(self.apps):
            for pid in a.avoid:
                for j in by_person.get(pid, ()):
                    if j != i:
                        self.avoid[i].add(j)
                        self.avoid[j].add(i)
        self.repeat: list[set[int]] = [set() for _ in range(self.n)]
        for pair in past_pairs:
            pair = tuple(pair)
            if len(pair) != 2:
                continue
            for i in by_person.get(pair[0], ()):
                for j in by_person.get(pair[1], ()):
                    if i != j:
                        self.repeat[i].add(j)
                        self.repeat[j].add(i)
        # cells: (language, format, location, slot) -> indices, ascending
        self.cells: dict[tuple[str, str, str, int], list[int]] = defaultdict(list)
        self.cells_of: list[list[tuple[str, str, str, int]]] = [[] for _ in range(self.n)]
        for i, a in enumerate(self.apps):
            slots = _bits(self.masks[i])
            for lang in sorted(a.languages):
                for fmt, loc in _modes(a):
                    for s in slots:
                        cell = (lang, fmt, loc, s)
                        self.cells[cell].append(i)
                        self.cells_of[i].append(cell)

    def group_ok(self, members: Sequence[int]) -> bool:
        """Avoid lists and the one-repeat-pair rule for a set of indices."""
        repeats = 0
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if j in self.avoid[i]:
                    return False
                if j in self.repeat[i]:
                    repeats += 1
        return repeats <= 1

    def find_group(self, p: int, cell, size: int = MIN_SIZE, within=None) -> list[int] | None:
        """A valid group of ``size`` in ``cell`` (among ``within`` if given) that includes
        ``p``, or None. Exhaustive up to SEARCH_STEP_LIMIT steps; past that it answers as if one
        exists, with ``[p]`` alone (so :func:`matchable` stays an upper bound)."""
        candidates = [
            q
            for q in self.cells[cell]
            if q != p and q not in self.avoid[p] and (within is None or q in within)
        ]
        if len(candidates) < size - 1:
            return None
        steps = 0
        chosen = [p]

        def extend(start: int, repeats: int) -> bool:
            nonlocal steps
            if len(chosen) == size:
                return True
            for x in range(start, len(candidates) - (size - len(chosen)) + 1):
                steps += 1
                if steps > SEARCH_STEP_LIMIT:
                    raise _TooLong
                q = candidates[x]
                if any(q in self.avoid[c] for c in chosen[1:]):
                    continue
                extra = sum(1 for c in chosen if q in self.repeat[c])
                if repeats + extra > 1:
                    continue
                chosen.append(q)
                if extend(x + 1, repeats + extra):
                    return True
                chosen.pop()
            return False

        try:
            return list(chosen) if extend(0, 0) else None
        except _TooLong:
            return [p]


class _TooLong(Exception):
    pass


def _matchable(pool: _Pool) -> set[int]:
    out = set()
    for p in range(pool.n):
        for cell in pool.cells_of[p]:
            if len(pool.cells[cell]) >= MIN_SIZE and pool.find_group(p, cell) is not None:
                out.add(p)
                break
    return out


def matchable(applicants: Sequence[Applicant], past_pairs=frozenset()) -> set[int]:
    """The ids of applicants who could be in *some* valid circle of 4–5 on their own account:
    there is a language, format, location and UTC hour they share with three others, with no
    avoid-list conflict among the four and at most one repeat pair. (A valid circle of 5 always
    contains a valid one of 4, so 4 is enough.) Whether everybody can be placed *at once* is
    the matching's question; this is the upper bound its placed share is measured against."""
    pool = _Pool(applicants, past_pairs)
    return {pool.apps[i].id for i in _matchable(pool)}


# --- checking one circle ------------------------------------------------------------------------


def _names(ids: Sequence[int]) -> str:
    ids = [str(i) for i in ids]
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


def check_circle(
    members: Sequence[Applicant],
    slot: int,
    language: str,
    format: str,
    location: str,
    past_pairs=frozenset(),
) -> list[str]:
    """The hard constraints for one circle, as sentences naming people by applicant id; an
    empty list when the circle is valid. Used to validate an organiser's move."""
    problems: list[str] = []
    n = len(members)
    if not MIN_SIZE <= n <= MAX_SIZE:
        problems.append(f"A circle needs 4 or 5 members; this one would have {n}.")
    seen: set[int] = set()
    for a in members:
        if a.id in seen:
            problems.append(f"Applicant {a.id} is listed twice.")
        seen.add(a.id)
    if not isinstance(slot, int) or not 0 <= slot < HOURS_PER_WEEK:
        problems.append(f"{slot!r} is not an hour of the week (0–167).")
        slot = None
    else:
        away = [a.id for a in members if slot not in a.slots]
        if away:
            verb = "is" if len(away) == 1 else "are"
            problems.append(
                f"Applicant{'s' if len(away) > 1 else ''} {_names(away)} {verb} not available "
                f"at {slot_label(slot)}."
            )
    language = (language or "").strip().lower()
    if not language:
        problems.append("A circle needs a language.")
    else:
        mute = [a.id for a in members if language not in a.languages]
        if mute:
            verb = "does" if len(mute) == 1 else "do"
            problems.append(
                f"Applicant{'s' if len(mute) > 1 else ''} {_names(mute)} {verb} not speak "
                f"{language.title()}."
            )
    location = (location or "").strip().lower()
    if format == VIRTUAL:
        apart = [a.id for a in members if a.format == IN_PERSON]
        if apart:
            problems.append(
                f"Applicant{'s' if len(apart) > 1 else ''} {_names(apart)} only "
                f"want{'s' if len(apart) == 1 else ''} to meet in person."
            )
    elif format == IN_PERSON:
        if not location:
            problems.append("An in-person circle needs a location.")
        online = [a.id for a in members if a.format == VIRTUAL]
        if online:
            problems.append(
                f"Applicant{'s' if len(online) > 1 else ''} {_names(online)} only "
                f"want{'s' if len(online) == 1 else ''} to meet virtually."
            )
        if location:
            elsewhere = [a.id for a in members if a.format != VIRTUAL and a.location != location]
            for a in members:
                if a.id in elsewhere:
                    where = a.location.title() if a.location else "no location given"
                    problems.append(
                        f"Applicant {a.id} is in {where}, not {location.title()}."
                        if a.location
                        else f"Applicant {a.id} gave no location, so cannot meet in "
                        f"{location.title()}."
                    )
    else:
        problems.append(f"{format!r} is not a circle format (virtual or in person).")
    by_person = {a.person_id: a for a in members}
    conflicts = set()
    for a in members:
        for pid in a.avoid:
            other = by_person.get(pid)
            if other is not None and other.id != a.id:
                conflicts.add(tuple(sorted((a.id, other.id))))
    for x, y in sorted(conflicts):
        problems.append(
            f"Applicants {x} and {y} cannot be in one circle: one of them asked not to be "
            "grouped with the other."
        )
    past = {frozenset(p) for p in past_pairs}
    repeats = []
    for x, a in enumerate(members):
        for b in members[x + 1 :]:
            if a.person_id != b.person_id and frozenset((a.person_id, b.person_id)) in past:
                repeats.append(tuple(sorted((a.id, b.id))))
    if len(repeats) > 1:
        pairs = [f"{x} and {y}" for x, y in sorted(repeats)]
        problems.append(
            f"Applicants {', '.join(pairs[:-1])} and {pairs[-1]} were in a circle together "
            "before; at most one such pair is allowed in a circle."
        )
    return problems


# --- proposing circles --------------------------------------------------------------------------


def _feasible(n: int) -> bool:
    """Can n people be split into circles of 4 and 5?"""
    return n == 0 or n >= 12 or n in (4, 5, 8, 9, 10)


def _feasible_floor(n: int) -> int:
    while n > 0 and not _feasible(n):
        n -= 1
    return n


class _Matcher:
    def __init__(self, pool: _Pool, seed: int, time_limit: float):
        self.pool = pool
        self.seed = seed
        self.rng = random.Random(seed)
        self.started = time.monotonic()
        self.deadline = self.started + time_limit
        self.time_limit = time_limit
        self.rank = list(range(pool.n))
        self.rng.shuffle(self.rank)  # seeded tie-breaks
        self.assign: list[tuple | None] = [None] * pool.n
        self.cell_n: dict[tuple, int] = defaultdict(int)
        self.stats: dict = {"cp_sat_models": 0, "cp_sat_optimal": 0}

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def _solver(self, deterministic_time: float, light: bool = False) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        if light:  # small models: no LP relaxation; it costs more than it prunes here
            solver.parameters.linearization_level = 0
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed
        solver.parameters.max_deterministic_time = deterministic_time
        # a wall-clock guard, looser than the deterministic limit so it only cuts in on a
        # machine far slower than the deterministic limits assume
        guard = max(2.0, 20 * deterministic_time)
        solver.parameters.max_time_in_seconds = max(0.05, min(guard, self.left()))
        return solver

    def _solve(self, model, deterministic_time: float, light: bool = False):
        solver = self._solver(deterministic_time, light)
        status = solver.Solve(model)
        self.stats["cp_sat_models"] += 1
        if status == cp_model.OPTIMAL:
            self.stats["cp_sat_optimal"] += 1
        return solver, status

    # 1. cells: greedy ---------------------------------------------------------------------------

    def greedy_cells(self, people: set[int]) -> None:
        pool = self.pool
        count: dict[tuple, int] = defaultdict(int)
        for p in people:
            for cell in pool.cells_of[p]:
                count[cell] += 1
        tie = {}
        heap = []
        for cell, c in count.items():
            if c >= MIN_SIZE:
                tie[cell] = self.rng.random()
                heapq.heappush(heap, (-c, tie[cell], cell))
        unassigned = set(people)
        while heap:
            neg, t, cell = heapq.heappop(heap)
            c = count[cell]
            if -neg != c:
                if c >= MIN_SIZE:
                    heapq.heappush(heap, (-c, t, cell))
                continue
            if c < MIN_SIZE:
                break
            members = [p for p in pool.cells[cell] if p in unassigned]
            keep = _feasible_floor(len(members))
            if keep < len(members):
                # leave out those with the most other cells; they have the best chances elsewhere
                members.sort(key=lambda p: (len(pool.cells_of[p]), self.rank[p]))
                members = members[:keep]
            for p in members:
                self.assign[p] = cell
                unassigned.discard(p)
                for other in pool.cells_of[p]:
                    count[other] -= 1
            self.cell_n[cell] += len(members)
            # anyone left out to keep the count splittable stays counted, so the cell can be
            # chosen again if enough remain (a sum of splittable counts is splittable)
            count[cell] = len([p for p in pool.cells[cell] if p in unassigned])
            if count[cell] >= MIN_SIZE:
                heapq.heappush(heap, (-count[cell], t, cell))

    # 1b. cells: CP-SAT repair --------------------------------------------------------------------

    def repair_cells(self, people: set[int], budget: float, batch: int = 120) -> None:
        """Place unassigned matchable people by opening or growing cells, moving a few assigned
        people where that helps, in CP-SAT sub-problems of at most ``batch`` unassigned people."""
        pool = self.pool
        todo = sorted((p for p in people if self.assign[p] is None), key=lambda p: self.rank[p])
        if not todo:
            return
        # batches: group unassigned people who share cells (connected through their cells)
        parent = {p: p for p in todo}

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        first_in_cell: dict[tuple, int] = {}
        for p in todo:
            for cell in pool.cells_of[p]:
                q = first_in_cell.setdefault(cell, p)
                if q != p:
                    parent[find(p)] = find(q)
        groups: dict[int, list[int]] = defaultdict(list)
        for p in todo:
            groups[find(p)].append(p)
        batches: list[list[int]] = []
        for g in sorted(groups.values(), key=lambda g: (-len(g), self.rank[g[0]])):
            for i in range(0, len(g), batch):
                batches.append(g[i : i + batch])
        per_batch = budget / max(1, len(batches))
        for b in batches:
            if self.left() < 0.25 * self.time_limit:
                break
            self._repair_batch(b, max(0.5, min(per_batch, 10.0)), people)

    def _repair_batch(self, group: list[int], dtime: float, people: set[int]) -> None:
        pool = self.pool
        group = [p for p in group if self.assign[p] is None]
        if not group:
            return
        cand: dict[int, list[tuple]] = {}
        cells: set[tuple] = set()
        for u in group:
            opts = [c for c in pool.cells_of[u] if len(pool.cells[c]) >= MIN_SIZE]
            # the cells most likely to work: already open ones first, then the most populous
            opts.sort(key=lambda c: (-self.cell_n.get(c, 0), -len(pool.cells[c])))
            cand[u] = opts[:12]
            cells.update(cand[u])
        group_set = set(group)
        movers: dict[int, None] = {}
        for cell in sorted(cells, key=lambda c: (-len(pool.cells[c]), c)):
            taken = 0
            need = max(0, MIN_SIZE + 1 - self.cell_n.get(cell, 0))
            if need == 0:
                continue
            others = [
                q
                for q in pool.cells[cell]
                if q not in group_set and q in people and self.assign[q] not in (None, cell)
            ]
            others.sort(key=lambda q: (-self.cell_n[self.assign[q]], self.rank[q]))
            for q in others:
                if taken >= need + 1:
                    break
                movers.setdefault(q, None)
                taken += 1
        model = cp_model.CpModel()
        x: dict[tuple[int, tuple], cp_model.IntVar] = {}
        in_cell: dict[tuple, list] = defaultdict(list)
        for u in group:
            for c in cand[u]:
                x[u, c] = model.new_bool_var("")
                in_cell[c].append(x[u, c])
        moves = []
        for m in movers:
            home = self.assign[m]
            opts = {home} | (set(pool.cells_of[m]) & cells)
            for c in sorted(opts):
                x[m, c] = model.new_bool_var("")
                in_cell[c].append(x[m, c])
                if c != home:
                    moves.append(x[m, c])
        own: dict[int, list] = defaultdict(list)
        for (p, _), v in x.items():
            own[p].append(v)
        for vars_ in own.values():
            model.add(sum(vars_) <= 1)
        moving_out: dict[tuple, int] = defaultdict(int)
        for m in movers:
            moving_out[self.assign[m]] += 1
        fixed = {c: self.cell_n.get(c, 0) - moving_out[c] for c in in_cell}
        for c, vars_ in in_cell.items():
            total = fixed[c] + sum(vars_)
            top = (fixed[c] + len(vars_)) // MIN_SIZE
            k = model.new_int_var(0, top, "")
            model.add(total >= MIN_SIZE * k)
            model.add(total <= MAX_SIZE * k)
        placed = [v for (p, _), v in x.items()]
        model.maximize(1000 * sum(placed) - sum(moves))
        for (p, c), v in x.items():
            model.add_hint(v, self.assign[p] == c)
        solver, status = self._solve(model, dtime)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return
        chosen: dict[int, tuple | None] = {p: None for p in list(group) + list(movers)}
        for (p, c), v in x.items():
            if solver.boolean_value(v):
                chosen[p] = c
        # the objective counts everyone in the model, so a mover leaves only when that places
        # more people than it costs
        for p, c in chosen.items():
            if self.assign[p] != c:
                if self.assign[p] is not None:
                    self.cell_n[self.assign[p]] -= 1
                if c is not None:
                    self.cell_n[c] += 1
                self.assign[p] = c

    # 2. circles within cells ----------------------------------------------------------------------

    def form_circles(self, dtime: float) -> list[tuple[tuple, list[int]]]:
        pool = self.pool
        by_cell: dict[tuple, list[int]] = defaultdict(list)
        for p, cell in enumerate(self.assign):
            if cell is not None:
                by_cell[cell].append(p)
        chunks: list[tuple[tuple, list[int]]] = []
        for cell in sorted(by_cell):
            people = by_cell[cell]
            people.sort(key=lambda p: (pool.apps[p].department, pool.apps[p].team, self.rank[p]))
            n = len(people)
            q = max(1, round(n / CHUNK_TARGET)) if n >= 12 else 1
            parts = [people[i::q] for i in range(q)]
            chunks.extend((cell, part) for part in parts)

        circles: list[tuple[tuple, list[int]]] = []
        for cell, part in chunks:
            fast = self.left() < 0.1 * self.time_limit
            circles.extend((cell, c) for c in self._split(part, dtime, fast))
        return circles

    def _greedy_split(self, people: list[int], k: int) -> list[list[int]]:
        groups: list[list[int]] = [[] for _ in range(k)]
        for i, p in enumerate(people):
            groups[i % k].append(p)
        return groups

    def _split(self, people: list[int], dtime: float, fast: bool) -> list[list[int]]:
        hint = self._greedy_split(people, self._circles_for(len(people)))
        if fast and all(self.pool.group_ok(g) for g in hint):
            return hint
        out = self._split_model(people, dtime, hint, everyone=True)
        if out is None:  # avoid lists or repeat pairs leave someone out: place as many as can be
            out = self._split_model(people, dtime, hint, everyone=False)
        if out is None:
            out = [g for g in hint if self.pool.group_ok(g)]
        return out

    @staticmethod
    def _circles_for(n: int) -> int:
        k = -(-n // MAX_SIZE)
        return k if MIN_SIZE * k <= n else n // MIN_SIZE

    def _split_model(self, people, dtime, hint, everyone: bool) -> list[list[int]] | None:
        """Split one chunk (people of one cell, a count of 4–5s) into circles.

        The model: x[p, c] says person p sits in circle c; a circle holds 0 or 4–5 people;
        avoid pairs never share a circle; each circle holds at most one repeat pair. Maximised:
        people placed, then distinct teams and departments per circle (as the members beyond
        the first of each team or department, penalised), then fewer repeat pairs, then related
        goals (the fewest circles each shared goal term is spread over)."""
        pool = self.pool
        k = len(hint)
        if k == 0:
            return []
        apps = pool.apps
        model = cp_model.CpModel()
        circles = range(k)
        x = {(p, c): model.new_bool_var("") for p in people for c in circles}
        opened = [model.new_bool_var("") for _ in circles]
        for i, p in enumerate(people):
            if everyone:
                model.add_exactly_one(x[p, c] for c in circles)
            else:
                model.add(sum(x[p, c] for c in circles) <= 1)
            for c in range(i + 1, k):  # symmetry: person i sits in one of the first i+1 circles
                model.add(x[p, c] == 0)
        for c in circles:
            size = sum(x[p, c] for p in people)
            model.add(size >= MIN_SIZE * opened[c])
            model.add(size <= MAX_SIZE * opened[c])
        objective = [] if everyone else [W_PLACED * x[p, c] for p in people for c in circles]
        # pairs: avoid lists (hard) and repeat pairs (at most one per circle, and penalised)
        repeat_vars: dict[int, list] = defaultdict(list)
        chunk = set(people)
        for p in people:
            for q in pool.avoid[p]:
                if q in chunk and p < q:
                    for c in circles:
                        model.add_bool_or([x[p, c].Not(), x[q, c].Not()])
            for q in pool.repeat[p]:
                if q in chunk and p < q and q not in pool.avoid[p]:
                    for c in circles:
                        both = model.new_bool_var("")
                        model.add_bool_or([x[p, c].Not(), x[q, c].Not(), both])
                        repeat_vars[c].append(both)
                        objective.append(-W_REPEAT * both)
        for vars_ in repeat_vars.values():
            if len(vars_) > 1:
                model.add(sum(vars_) <= 1)
        # teams and departments: members beyond the first of each, per circle
        for attr, weight in (("team", W_SAME_TEAM), ("department", W_SAME_DEPARTMENT)):
            groups: dict[str, list[int]] = defaultdict(list)
            for p in people:
                value = getattr(apps[p], attr)
                if value:
                    groups[value].append(p)
            for members in groups.values():
                if len(members) < 2:
                    continue
                for c in circles:
                    extra = model.new_int_var(0, MAX_SIZE, "")
                    model.add(extra >= sum(x[p, c] for p in members) - 1)
                    objective.append(-weight * extra)
        # goal terms: each term held by two or more people costs a little in every circle it
        # appears in, so the solver gathers the holders of a term (members beyond the first of
        # each term, rewarded: the mirror of the team penalty)
        holders: dict[str, list[int]] = defaultdict(list)
        for p in people:
            for term in sorted(apps[p].goal_terms):
                holders[term].append(p)
        for term in sorted(holders):
            members = holders[term]
            if len(members) < 2:
                continue
            for c in circles:
                present = model.new_bool_var("")
                for p in members:
                    model.add_implication(x[p, c], present)
                objective.append(-W_GOAL * present)
        model.maximize(sum(objective))
        for c, g in enumerate(hint):
            for p in g:
                model.add_hint(x[p, c], True)
        solver, status = self._solve(model, dtime, light=True)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        out = []
        for c in circles:
            g = [p for p in people if solver.boolean_value(x[p, c])]
            if g:
                out.append(g)
        return out

    # 3. leftovers ------------------------------------------------------------------------------

    def place_leftovers(self, circles: list[tuple[tuple, list[int]]], people: set[int]) -> None:
        pool = self.pool
        placed = {p for _, g in circles for p in g}
        left = sorted((p for p in people if p not in placed), key=lambda p: self.rank[p])
        if not left:
            return
        # into a circle of 4 in one of their cells
        fours: dict[tuple, list[int]] = defaultdict(list)
        for i, (cell, g) in enumerate(circles):
            if len(g) == MIN_SIZE:
                fours[cell].append(i)
        still = []
        for p in left:
            done = False
            for cell in pool.cells_of[p]:
                for i in fours.get(cell, ()):
                    g = circles[i][1]
                    if len(g) < MAX_SIZE and pool.group_ok(g + [p]):
                        g.append(p)
                        done = True
                        break
                if done:
                    break
            if not done:
                still.append(p)
        # new circles among the leftovers
        still_set = set(still)
        for p in still:
            if p not in still_set:
                continue
            for cell in pool.cells_of[p]:
                mates = [q for q in pool.cells[cell] if q in still_set and q != p]
                if len(mates) < MIN_SIZE - 1:
                    continue
                g = pool.find_group(p, cell, within=still_set)
                if g and len(g) == MIN_SIZE:
                    for q in mates:
                        if q not in g and len(g) < MAX_SIZE and pool.group_ok(g + [q]):
                            g.append(q)
                    circles.append((cell, g))
                    still_set.difference_update(g)
                    break


def _circle_figures(pool: _Pool, cell: tuple, members: list[int]) -> ProposedCircle:
    apps = [pool.apps[p] for p in members]
    size = len(apps)
    teams = {a.team or f"\0{a.id}" for a in apps}
    departments = {a.department or f"\0{a.id}" for a in apps}
    pairs = [(i, j) for x, i in enumerate(members) for j in members[x + 1 :]]
    repeat = sum(1 for i, j in pairs if j in pool.repeat[i])
    related = sum(1 for i, j in pairs if pool.apps[i].goal_terms & pool.apps[j].goal_terms)
    common = -1
    for p in members:
        common &= pool.masks[p]
    lang, fmt, loc, slot = cell
    return ProposedCircle(
        members=sorted(a.id for a in apps),
        slot=slot,
        language=lang,
        format=fmt,
        location=loc,
        team_diversity=round(len(teams) / size, 4),
        department_diversity=round(len(departments) / size, 4),
        repeat_pairs=repeat,
        goal_relatedness=round(related / len(pairs), 4) if pairs else 0.0,
        common_slots=bin(common & ((1 << HOURS_PER_WEEK) - 1)).count("1"),
    )


class _Explainer:
    """Why an applicant is in no circle: the first constraint, in the order language, format and
    location, language within format, hours, avoid lists and repeat pairs, then the matching."""

    def __init__(self, pool: _Pool, unplaced: set[int], matchable_set: set[int]):
        self.pool = pool
        self.unplaced = unplaced
        self.matchable = matchable_set
        self.speakers: dict[str, set[int]] = defaultdict(set)
        self.by_mode: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.by_mode_lang: dict[tuple[str, str, str], set[int]] = defaultdict(set)
        for i, a in enumerate(pool.apps):
            for lang in a.languages:
                self.speakers[lang].add(i)
            for mode in _modes(a):
                self.by_mode[mode].add(i)
                for lang in a.languages:
                    self.by_mode_lang[(lang, *mode)].add(i)

    @staticmethod
    def _others(n: int) -> str:
        return "1 other person" if n == 1 else f"{n} other people"

    def _union(self, sets: list[set[int]], p: int) -> set[int]:
        out: set[int] = set()
        for s in sets:
            if len(s) >= MIN_SIZE:  # enough on its own: no need to build the whole union
                return s
            out |= s
        return out - {p}

    def __call__(self, p: int) -> str:
        pool = self.pool
        a = pool.apps[p]
        if not a.languages:
            return "They gave no language."
        if a.format not in FORMATS:
            return f"{a.format!r} is not a format (virtual, in person or either)."
        if a.format == IN_PERSON and not a.location:
            return "They chose to meet in person but gave no location."
        if not a.slots:
            return "They gave no available hour in which a one-hour meeting fits."
        langs = " or ".join(sorted(lang.title() for lang in a.languages))
        speakers = self._union([self.speakers[lang] for lang in sorted(a.languages)], p) - {p}
        if not speakers:
            return f"Nobody else in the pool speaks {langs}."
        if len(speakers) < MIN_SIZE - 1:
            verb = "speaks" if len(speakers) == 1 else "speak"
            return f"Only {self._others(len(speakers))} in the pool {verb} {langs}."
        modes = _modes(a)
        in_person_only = modes == [(IN_PERSON, a.location)]
        able = self._union([self.by_mode[m] for m in modes], p) - {p}
        if len(able) < MIN_SIZE - 1:
            if in_person_only:
                people = "1 person" if not able else f"{len(able) + 1} people"
                return f"Only {people} can meet in person in {a.location.title()}."
            return "Too few people can meet in the formats they chose."
        both = self._union(
            [self.by_mode_lang[(lang, *m)] for m in modes for lang in sorted(a.languages)], p
        ) - {p}
        if len(both) < MIN_SIZE - 1:
            where = (
                f"meet in person in {a.location.title()}"
                if in_person_only
                else "meet in their format"
            )
            verb = "speaks" if len(both) == 1 else "speak"
            return f"Only {self._others(len(both))} who can {where} {verb} {langs}."
        if not any(len(pool.cells[c]) >= MIN_SIZE for c in pool.cells_of[p]):
            return "No group of 4 shares an hour in which they are available."
        if p not in self.matchable:
            return (
                "Every group of 4 that shares their language, format and an hour would put "
                "together people who asked not to be grouped, or more than one pair who met before."
            )
        mates = {q for c in pool.cells_of[p] for q in pool.cells[c] if q in self.unplaced}
        if len(mates) <= 1:
            return (
                "Every compatible circle was full, and nobody else in their language and hours "
                "was left over to start another."
            )
        return (
            f"Every compatible circle was full; {len(mates)} people in their language and hours "
            "were left over."
        )


def propose(
    applicants: Sequence[Applicant],
    past_pairs=frozenset(),
    *,
    seed: int = 0,
    time_limit: float = 50.0,
) -> Proposal:
    """Propose circles for a pool (see the module's docstring and docs/circle-matching.md)."""
    started = time.monotonic()
    pool = _Pool(applicants, past_pairs)
    matcher = _Matcher(pool, seed, time_limit)
    phases = {}
    cpu: dict[str, float] = {}
    c0 = time.process_time()
    t = time.monotonic()
    able = _matchable(pool)
    phases["matchable"] = time.monotonic() - t
    cpu["matchable"], c0 = time.process_time() - c0, time.process_time()
    t = time.monotonic()
    matcher.greedy_cells(able)
    phases["greedy_cells"] = time.monotonic() - t
    cpu["greedy_cells"], c0 = time.process_time() - c0, time.process_time()
    greedy_assigned = sum(1 for c in matcher.assign if c is not None)
    t = time.monotonic()
    matcher.repair_cells(able, budget=0.3 * time_limit)
    phases["repair_cells"] = time.monotonic() - t
    cpu["repair_cells"], c0 = time.process_time() - c0, time.process_time()
    t = time.monotonic()
    chunk_dtime = 0.03
    circles = matcher.form_circles(chunk_dtime)
    phases["form_circles"] = time.monotonic() - t
    cpu["form_circles"], c0 = time.process_time() - c0, time.process_time()
    t = time.monotonic()
    matcher.place_leftovers(circles, able)
    phases["leftovers"] = time.monotonic() - t
    cpu["leftovers"], c0 = time.process_time() - c0, time.process_time()
    proposed = [_circle_figures(pool, cell, g) for cell, g in circles if len(g) >= MIN_SIZE]
    proposed.sort(key=lambda c: (c.language, c.format, c.location, c.slot, c.members))
    placed_idx = {i for _, g in circles if len(g) >= MIN_SIZE for i in g}
    unplaced = set(range(pool.n)) - placed_idx
    explain = _Explainer(pool, unplaced, able)
    unmatched = {pool.apps[p].id: explain(p) for p in sorted(unplaced)}
    placed = len(placed_idx)
    diversity = [c.team_diversity for c in proposed]
    figures = {
        "applicants": pool.n,
        "matchable": len(able),
        "placed": placed,
        "unmatched": len(unmatched),
        "placed_share": round(placed / len(able), 4) if able else 1.0,
        "placed_share_of_pool": round(placed / pool.n, 4) if pool.n else 1.0,
        "circles": len(proposed),
        "circles_of_4": sum(1 for c in proposed if len(c.members) == 4),
        "circles_of_5": sum(1 for c in proposed if len(c.members) == 5),
        "mean_team_diversity": round(sum(diversity) / len(diversity), 4) if diversity else 0.0,
        "min_team_diversity": min(diversity) if diversity else 0.0,
        "mean_department_diversity": round(
            sum(c.department_diversity for c in proposed) / len(proposed), 4
        )
        if proposed
        else 0.0,
        "mean_goal_relatedness": round(sum(c.goal_relatedness for c in proposed) / len(proposed), 4)
        if proposed
        else 0.0,
        "repeat_pairs": sum(c.repeat_pairs for c in proposed),
        "placed_by_greedy_cells": greedy_assigned,
        "cp_sat_models": matcher.stats["cp_sat_models"],
        "cp_sat_optimal": matcher.stats["cp_sat_optimal"],
        "phase_seconds": {k: round(v, 3) for k, v in phases.items()},
        "phase_cpu_seconds": {k: round(v, 3) for k, v in cpu.items()},
        "seed": seed,
        "seconds": round(time.monotonic() - started, 3),
    }
    return Proposal(circles=proposed, unmatched=unmatched, figures=figures)
