"""Circle-matching benchmark: ``matching.propose`` on a generated pool, an independent check of
every hard constraint, and a greedy first-fit baseline on the same pool.

    .venv/bin/python bench/circles_bench.py               # 10,000 applicants
    .venv/bin/python bench/circles_bench.py --size 1000   # quick run

Printed: the seconds ``propose`` took (target ≤ 60 s), the share of matchable people it placed
(target ≥ 95%), the hard-constraint violations found by this file's own validator (target 0),
team diversity per circle (mean, min, distribution), repeat pairs, peak memory; then the
baseline's figures and the ratios proposal / baseline. Exit status: 0 when every target
passes, 1 when one fails, 2 when the benchmark could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

from circles_generate import generate, summary  # noqa: E402

from workaloud.circles import matching  # noqa: E402

TARGET_SECONDS = 60.0
TARGET_PLACED_SHARE = 0.95
TARGET_VIOLATIONS = 0


# --- memory ---------------------------------------------------------------------------------------


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class RssSampler(threading.Thread):
    """The peak resident memory while a step runs, sampled every 20 ms."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = rss_bytes()
        self.running = True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_bytes())
            time.sleep(0.02)

    def stop(self) -> int:
        self.running = False
        self.join()
        self.peak = max(self.peak, rss_bytes())
        return self.peak


# --- the independent validator ----------------------------------------------------------------


def validate(applicants, past_pairs, proposal) -> list[str]:
    """Every hard constraint, checked from the raw pool without the matching module's helpers:
    returns one line per violation."""
    by_id = {a.id: a for a in applicants}
    problems: list[str] = []
    seen: Counter = Counter()
    past = {tuple(sorted(pair)) for pair in past_pairs}
    for n, circle in enumerate(proposal.circles):
        where = f"circle {n} (slot {circle.slot}, {circle.language}, {circle.format})"
        members = []
        for mid in circle.members:
            seen[mid] += 1
            if mid not in by_id:
                problems.append(f"{where}: unknown applicant {mid}")
            else:
                members.append(by_id[mid])
        if len(circle.members) not in (4, 5):
            problems.append(f"{where}: {len(circle.members)} members")
        if len(set(circle.members)) != len(circle.members):
            problems.append(f"{where}: a member twice")
        if not (0 <= circle.slot < 168):
            problems.append(f"{where}: slot out of the week")
        for a in members:
            if circle.slot not in a.slots:
                problems.append(f"{where}: {a.id} not available at the slot")
            if circle.language not in a.languages:
                problems.append(f"{where}: {a.id} does not speak {circle.language}")
            if circle.format == "virtual":
                if a.format not in ("virtual", "either") or circle.location != "":
                    problems.append(f"{where}: {a.id} cannot meet virtually")
            elif circle.format == "in_person":
                if a.format not in ("in_person", "either"):
                    problems.append(f"{where}: {a.id} cannot meet in person")
                if not circle.location or a.location != circle.location:
                    problems.append(f"{where}: {a.id} is not in {circle.location!r}")
            else:
                problems.append(f"{where}: format {circle.format!r}")
        repeats = 0
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                a, b = members[i], members[j]
                if b.person_id in a.avoid or a.person_id in b.avoid:
                    problems.append(f"{where}: {a.id} and {b.id} avoid each other")
                if tuple(sorted((a.person_id, b.person_id))) in past:
                    repeats += 1
        if repeats > 1:
            problems.append(f"{where}: {repeats} repeat pairs")
        if repeats != circle.repeat_pairs:
            problems.append(f"{where}: reports {circle.repeat_pairs} repeat pairs, has {repeats}")
    for mid, count in seen.items():
        if count > 1:
            problems.append(f"applicant {mid} is in {count} circles")
    placed = set(seen)
    unmatched = set(proposal.unmatched)
    if placed & unmatched:
        problems.append(f"{len(placed & unmatched)} applicants both placed and unmatched")
    missing = set(by_id) - placed - unmatched
    if missing:
        problems.append(f"{len(missing)} applicants neither placed nor explained")
    empty = [mid for mid, why in proposal.unmatched.items() if not why.strip()]
    if empty:
        problems.append(f"{len(empty)} unmatched applicants without a reason")
    return problems


# --- the greedy first-fit baseline ---------------------------------------------------------


def first_fit(applicants, past_pairs):
    """Each applicant, in pool order, joins the first open circle (oldest first) they are
    compatible with — a language, an hour and a format left in common, nobody avoided, at most
    one repeat pair — or opens a new one; a circle closes at 5; circles left under 4 at the end
    are dissolved. Returns the circles as (members, slot, language, format, location)."""
    past = {tuple(sorted(pair)) for pair in past_pairs}
    open_circles: list[dict] = []
    closed: list[dict] = []
    for a in applicants:
        mask = 0
        for s in a.slots:
            mask |= 1 << s
        modes = set()
        if a.format in ("virtual", "either"):
            modes.add(("virtual", ""))
        if a.format in ("in_person", "either") and a.location:
            modes.add(("in_person", a.location))
        if not (mask and modes and a.languages):
            continue
        home = None
        for c in open_circles:
            if not (c["mask"] & mask and c["langs"] & a.languages and c["modes"] & modes):
                continue
            if any(b.person_id in a.avoid or a.person_id in b.avoid for b in c["members"]):
                continue
            extra = sum(
                1 for b in c["members"] if tuple(sorted((a.person_id, b.person_id))) in past
            )
            if c["repeats"] + extra > 1:
                continue
            home = c
            home["repeats"] += extra
            break
        if home is None:
            home = {"members": [], "mask": mask, "langs": set(a.languages), "modes": modes}
            home["repeats"] = 0
            open_circles.append(home)
        home["members"].append(a)
        home["mask"] &= mask
        home["langs"] &= a.languages
        home["modes"] &= modes
        if len(home["members"]) == 5:
            open_circles.remove(home)
            closed.append(home)
    out = []
    for c in closed + [c for c in open_circles if len(c["members"]) >= 4]:
        slot = (c["mask"] & -c["mask"]).bit_length() - 1
        fmt, loc = sorted(c["modes"])[-1]  # virtual sorts last: prefer it
        out.append(
            matching.ProposedCircle(
                members=sorted(m.id for m in c["members"]),
                slot=slot,
                language=sorted(c["langs"])[0],
                format=fmt,
                location=loc,
                repeat_pairs=c["repeats"],
            )
        )
    return out


# --- figures -------------------------------------------------------------------------------


def circle_figures(applicants, past_pairs, circles) -> dict:
    """Team diversity and repeat pairs computed here from the members (not the figures the
    matcher reports), for the proposal and the baseline alike."""
    by_id = {a.id: a for a in applicants}
    past = {tuple(sorted(pair)) for pair in past_pairs}
    diversity, departments, related, repeats, sizes = [], [], [], 0, Counter()
    for c in circles:
        members = [by_id[m] for m in c.members]
        sizes[len(members)] += 1
        diversity.append(len({m.team or f"-{m.id}" for m in members}) / len(members))
        departments.append(len({m.department or f"-{m.id}" for m in members}) / len(members))
        pairs = [
            (members[i], members[j])
            for i in range(len(members))
            for j in range(i + 1, len(members))
        ]
        related.append(sum(1 for a, b in pairs if a.goal_terms & b.goal_terms) / len(pairs))
        repeats += sum(
            1
            for i in range(len(members))
            for j in range(i + 1, len(members))
            if tuple(sorted((members[i].person_id, members[j].person_id))) in past
        )
    placed = sum(len(c.members) for c in circles)
    return {
        "circles": len(circles),
        "sizes": dict(sorted(sizes.items())),
        "placed": placed,
        "team_diversity_mean": sum(diversity) / len(diversity) if diversity else 0.0,
        "team_diversity_min": min(diversity) if diversity else 0.0,
        "team_diversity_distribution": dict(
            sorted(Counter(round(d, 2) for d in diversity).items())
        ),
        "department_diversity_mean": sum(departments) / len(departments) if departments else 0.0,
        "goal_relatedness_mean": sum(related) / len(related) if related else 0.0,
        "repeat_pairs": repeats,
    }


def ratio(a: float, b: float) -> str:
    if b == 0:
        return "n/a (baseline 0)" if a else "1.00 (both 0)"
    return f"{a / b:.2f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="applicants (10,000)")
    parser.add_argument("--seed", type=int, default=1, help="the pool's seed")
    parser.add_argument("--match-seed", type=int, default=0, help="the matching's seed")
    parser.add_argument("--time-limit", type=float, default=50.0, help="propose's time_limit")
    args = parser.parse_args(argv)
    try:
        t = time.monotonic()
        applicants, past_pairs, zones = generate(args.size, args.seed)
        print(f"pool generated in {time.monotonic() - t:.1f} s (seed {args.seed})")
        print(summary(applicants, past_pairs, zones))
        print(f"load average {os.getloadavg()[0]:.2f}")
        print()

        before = rss_bytes()
        sampler = RssSampler()
        sampler.start()
        t, cpu = time.monotonic(), time.process_time()
        proposal = matching.propose(
            applicants, past_pairs, seed=args.match_seed, time_limit=args.time_limit
        )
        seconds, cpu = time.monotonic() - t, time.process_time() - cpu
        peak = sampler.stop()
        able = matching.matchable(applicants, past_pairs)

        t = time.monotonic()
        baseline = first_fit(applicants, past_pairs)
        baseline_seconds = time.monotonic() - t
    except Exception:
        traceback.print_exc()
        return 2

    violations = validate(applicants, past_pairs, proposal)
    base_unmatched = {a.id for a in applicants} - {m for c in baseline for m in c.members}
    base_report = matching.Proposal(
        circles=baseline, unmatched={i: "left over" for i in base_unmatched}
    )
    base_violations = validate(applicants, past_pairs, base_report)
    mine = circle_figures(applicants, past_pairs, proposal.circles)
    base = circle_figures(applicants, past_pairs, baseline)
    placed_ids = {m for c in proposal.circles for m in c.members}
    not_matchable_but_placed = len(placed_ids - able)
    share = mine["placed"] / len(able) if able else 1.0
    base_share = base["placed"] / len(able) if able else 1.0
    reasons = Counter(
        why.split(";")[0] if why.startswith("Every compatible") else why
        for why in proposal.unmatched.values()
    )

    print("propose")
    ok_seconds = verdict(seconds <= TARGET_SECONDS)
    print(f"  seconds            {seconds:8.2f}   target ≤ {TARGET_SECONDS:.0f}   {ok_seconds}")
    print(f"  CPU seconds        {cpu:8.2f}   (wall time above; the load average says how busy)")
    print(f"  phases (wall)      {proposal.figures.get('phase_seconds')}")
    print(f"  phases (CPU)       {proposal.figures.get('phase_cpu_seconds')}")
    print(
        f"  placed             {mine['placed']:,} of {len(able):,} matchable "
        f"({len(applicants):,} applicants)"
    )
    print(
        f"  of them            {proposal.figures.get('placed_by_greedy_cells'):,} in the greedy "
        "pass over cells, the rest by CP-SAT's repair and the leftovers pass"
    )
    ok_share = verdict(share >= TARGET_PLACED_SHARE)
    print(f"  placed share       {share:8.2%}   target ≥ {TARGET_PLACED_SHARE:.0%}   {ok_share}")
    print(f"  violations         {len(violations):8d}   target = 0     {verdict(not violations)}")
    for line in violations[:20]:
        print(f"    {line}")
    if not_matchable_but_placed:
        print(
            f"  placed but not counted matchable: {not_matchable_but_placed} (matchable is wrong)"
        )
    print(f"  circles            {mine['circles']:,}  sizes {mine['sizes']}")
    print(
        f"  team diversity     mean {mine['team_diversity_mean']:.4f}  "
        f"min {mine['team_diversity_min']:.2f}"
    )
    print(f"    distribution     {mine['team_diversity_distribution']}")
    print(f"  department div.    mean {mine['department_diversity_mean']:.4f}")
    print(f"  goal relatedness   mean {mine['goal_relatedness_mean']:.4f}")
    print(f"  repeat pairs       {mine['repeat_pairs']}")
    print(
        f"  peak memory        {peak / 2**20:,.0f} MiB resident during propose "
        f"(+{(peak - before) / 2**20:,.0f} MiB over the pool); process ru_maxrss "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB"
    )
    print(
        f"  CP-SAT models      {proposal.figures.get('cp_sat_models')} "
        f"({proposal.figures.get('cp_sat_optimal')} proved optimal)"
    )
    print(f"  unmatched          {len(proposal.unmatched):,}")
    for why, count in reasons.most_common(8):
        print(f"    {count:5d}  {why}")
    print()
    print(f"greedy first-fit baseline ({baseline_seconds:.2f} s)")
    print(f"  placed             {base['placed']:,}  share {base_share:.2%}")
    print(f"  violations         {len(base_violations)}")
    print(f"  circles            {base['circles']:,}  sizes {base['sizes']}")
    print(
        f"  team diversity     mean {base['team_diversity_mean']:.4f}  "
        f"min {base['team_diversity_min']:.2f}"
    )
    print(f"    distribution     {base['team_diversity_distribution']}")
    print(f"  department div.    mean {base['department_diversity_mean']:.4f}")
    print(f"  goal relatedness   mean {base['goal_relatedness_mean']:.4f}")
    print(f"  repeat pairs       {base['repeat_pairs']}")
    print()
    print("proposal / baseline")
    print(f"  placed share       {ratio(share, base_share)}")
    print(f"  team diversity     {ratio(mine['team_diversity_mean'], base['team_diversity_mean'])}")
    print(f"  repeat pairs       {ratio(mine['repeat_pairs'], base['repeat_pairs'])}")
    print()
    results = {
        "size": args.size,
        "seed": args.seed,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "load_average": os.getloadavg()[0],
        "placed_share": share,
        "violations": len(violations),
        "peak_rss_mib": peak / 2**20,
        "proposal": mine,
        "baseline": base,
        "baseline_placed_share": base_share,
        "figures": proposal.figures,
    }
    out = BENCH_DIR / "out"
    out.mkdir(exist_ok=True)
    (out / f"circles-results-{args.size}.json").write_text(json.dumps(results, indent=2))
    passed = seconds <= TARGET_SECONDS and share >= TARGET_PLACED_SHARE and not violations
    print(f"{'PASS' if passed else 'FAIL'}: every target {'met' if passed else 'not met'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
