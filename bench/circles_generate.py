"""A generated pool for the circle-matching benchmark (seeded: a size and a seed always give
the same pool).

    .venv/bin/python bench/circles_generate.py [--size 10000] [--seed 1]   # prints a summary

The pool (see bench/README.md, "Circle-matching benchmark"):

* 24 time zones (whole-hour, half-hour and 45-minute offsets, both hemispheres' daylight-saving
  rules), weighted towards Europe, the Americas and India as a company's staff would be;
* 6 languages: each zone has a local language, and most people also speak English (everyone in
  an English-speaking zone does);
* 200 teams in 20 departments; a team sits mostly in one zone, so teammates share hours;
* availability in the member's own zone: two to four blocks (early morning, lunch, an afternoon
  work-hour block, evening) on two to five weekdays, sometimes a weekend morning, converted to
  UTC with ``matching.utc_slots`` for the round's first week;
* 70% virtual, 18% either, 12% in person; in-person people in one of their zone's cities;
* 4% avoid one to three people (mostly their own department), and past pairs from 600 earlier
  circles of 4–5 drawn mostly within departments;
* goals as 2–4 significant words, from their department's themes and a shared vocabulary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workaloud.circles.matching import Applicant, utc_slots  # noqa: E402

ROUND_STARTS = dt.date(2027, 3, 22)  # US on summer time, Europe not yet: a realistic mix

# zone, weight, local language, cities
ZONES = [
    ("Pacific/Honolulu", 1, "english", ["honolulu"]),
    ("America/Anchorage", 1, "english", ["anchorage"]),
    ("America/Los_Angeles", 8, "english", ["san francisco", "seattle"]),
    ("America/Denver", 3, "english", ["denver"]),
    ("America/Chicago", 6, "english", ["chicago", "austin"]),
    ("America/New_York", 10, "english", ["new york", "boston", "toronto"]),
    ("America/Halifax", 1, "english", ["halifax"]),
    ("America/Sao_Paulo", 5, "portuguese", ["sao paulo", "rio de janeiro"]),
    ("America/Noronha", 1, "portuguese", ["recife"]),
    ("Atlantic/Azores", 1, "portuguese", ["ponta delgada"]),
    ("Europe/London", 8, "english", ["london", "manchester"]),
    ("Europe/Berlin", 10, "german", ["berlin", "munich", "hamburg"]),
    ("Europe/Paris", 7, "french", ["paris", "lyon"]),
    ("Europe/Madrid", 5, "spanish", ["madrid", "barcelona"]),
    ("Europe/Athens", 2, "english", ["athens"]),
    ("Europe/Istanbul", 2, "english", ["istanbul"]),
    ("Asia/Dubai", 2, "english", ["dubai"]),
    ("Asia/Kolkata", 8, "english", ["bangalore", "pune"]),
    ("Asia/Kathmandu", 1, "english", ["kathmandu"]),
    ("Asia/Singapore", 4, "english", ["singapore"]),
    ("Asia/Tokyo", 5, "japanese", ["tokyo", "osaka"]),
    ("Australia/Adelaide", 1, "english", ["adelaide"]),
    ("Australia/Sydney", 4, "english", ["sydney", "melbourne"]),
    ("Pacific/Auckland", 2, "english", ["auckland"]),
]
SPANISH_AMERICAS = {"America/Los_Angeles", "America/Chicago", "America/New_York"}
LANGUAGES = ["english", "german", "french", "spanish", "portuguese", "japanese"]

# local availability blocks: (first hour, hours)
BLOCKS = {
    "early": (7, 2),
    "morning": (9, 3),
    "lunch": (12, 2),
    "afternoon": (14, 3),
    "late": (16, 2),
    "evening": (18, 3),
}
DEPARTMENT_THEMES = [
    ["sales", "customers", "pipeline", "negotiation", "accounts"],
    ["engineering", "architecture", "testing", "reliability", "code"],
    ["design", "research", "users", "prototype", "accessibility"],
    ["finance", "forecasting", "budget", "reporting", "audit"],
    ["marketing", "brand", "campaigns", "content", "events"],
    ["people", "hiring", "onboarding", "culture", "coaching"],
    ["operations", "logistics", "suppliers", "quality", "process"],
    ["legal", "contracts", "compliance", "privacy", "policy"],
    ["data", "analytics", "dashboards", "models", "experiments"],
    ["support", "tickets", "knowledge", "escalations", "satisfaction"],
]
SHARED_TERMS = [
    "leadership",
    "presentation",
    "writing",
    "networking",
    "mentoring",
    "wellbeing",
    "learning",
    "feedback",
    "visibility",
    "community",
    "public",
    "speaking",
    "strategy",
    "innovation",
    "sustainability",
]


def generate(size: int = 10_000, seed: int = 1):
    """``(applicants, past_pairs, zones)``: the pool, the person-id pairs who met before, and
    each applicant's zone (by applicant id), for the benchmark's own checks."""
    rng = random.Random(seed)
    zone_weights = [z[1] for z in ZONES]
    n_teams = 200 if size >= 2000 else max(10, size // 50)
    n_departments = 20 if size >= 2000 else max(2, n_teams // 10)
    teams = []
    for t in range(n_teams):
        home = rng.choices(range(len(ZONES)), zone_weights)[0]
        teams.append((f"team-{t + 1:03d}", f"dept-{t % n_departments + 1:02d}", home))
    applicants: list[Applicant] = []
    zones: dict[int, str] = {}
    person_dept: dict[int, str] = {}
    for i in range(size):
        entry_id = 1000 + i
        person_id = 1 + i
        team, department, home = teams[rng.randrange(n_teams)]
        zi = home if rng.random() < 0.65 else rng.choices(range(len(ZONES)), zone_weights)[0]
        zone, _, local, cities = ZONES[zi]
        langs = {local}
        if local != "english" and rng.random() < 0.75:
            langs.add("english")
        if zone in SPANISH_AMERICAS and rng.random() < 0.12:
            langs.add("spanish")
        if rng.random() < 0.05:
            langs.add(rng.choice(LANGUAGES))
        r = rng.random()
        fmt = "virtual" if r < 0.70 else "either" if r < 0.88 else "in_person"
        location = rng.choice(cities) if fmt != "virtual" else ""
        if fmt == "either" and rng.random() < 0.2:
            location = ""  # either, but gave no city: virtual only in practice
        # availability: blocks on some weekdays, local time
        days = sorted(rng.sample(range(5), rng.randint(2, 5)))
        if rng.random() < 0.1:
            days.append(rng.choice([5, 6]))
        names = rng.sample(list(BLOCKS), rng.randint(2, 4))
        local_slots = set()
        for d in days:
            for name in names:
                if rng.random() < 0.75:
                    first, hours = BLOCKS[name]
                    first += rng.choice([0, 0, 0, -1, 1])
                    local_slots.update(d * 24 + h for h in range(first, first + hours))
        slots = utc_slots(local_slots, zone, ROUND_STARTS)
        theme = DEPARTMENT_THEMES[int(department[-2:]) % len(DEPARTMENT_THEMES)]
        terms = set(rng.sample(theme, rng.randint(1, 2)))
        terms.update(rng.sample(SHARED_TERMS, rng.randint(1, 2)))
        team_name = team if rng.random() > 0.01 else ""
        applicants.append(
            Applicant(
                id=entry_id,
                person_id=person_id,
                team=team_name,
                department=department if team_name else "",
                languages=frozenset(langs),
                format=fmt,
                location=location,
                slots=slots,
                avoid=frozenset(),
                goal_terms=frozenset(terms),
            )
        )
        zones[entry_id] = zone
        person_dept[person_id] = department
    # avoid lists: 4% of people, one to three others, mostly in their department
    by_dept: dict[str, list[int]] = {}
    for pid, d in person_dept.items():
        by_dept.setdefault(d, []).append(pid)
    out = []
    for a in applicants:
        if rng.random() < 0.04:
            pool = by_dept[person_dept[a.person_id]] if rng.random() < 0.7 else None
            k = rng.randint(1, 3)
            avoid = set()
            while len(avoid) < k:
                pid = rng.choice(pool) if pool else rng.randint(1, size)
                if pid != a.person_id:
                    avoid.add(pid)
            a = Applicant(**{**a.__dict__, "avoid": frozenset(avoid)})
        out.append(a)
    applicants = out
    # past circles: mostly within a department
    past_pairs: set[frozenset[int]] = set()
    depts = sorted(by_dept)
    for _ in range(max(1, size * 6 // 100)):
        dept_people = by_dept[rng.choice(depts)]
        k = min(len(dept_people), rng.choice([4, 5]))
        if rng.random() < 0.8:
            members = rng.sample(dept_people, k)
        else:
            members = rng.sample(range(1, size + 1), min(size, k))
        for x, p in enumerate(members):
            for q in members[x + 1 :]:
                past_pairs.add(frozenset((p, q)))
    return applicants, past_pairs, zones


def summary(applicants, past_pairs, zones) -> str:
    langs = Counter(lang for a in applicants for lang in a.languages)
    fmts = Counter(a.format for a in applicants)
    slots = sum(len(a.slots) for a in applicants) / max(1, len(applicants))
    lines = [
        f"applicants {len(applicants):,}; time zones {len(set(zones.values()))}; "
        f"teams {len({a.team for a in applicants if a.team})}; "
        f"departments {len({a.department for a in applicants if a.department})}",
        "languages " + ", ".join(f"{k} {v:,}" for k, v in langs.most_common()),
        "formats " + ", ".join(f"{k} {v:,}" for k, v in fmts.most_common()),
        f"cities {len({a.location for a in applicants if a.location})}; "
        f"mean available UTC hours {slots:.1f}; "
        f"avoiding {sum(1 for a in applicants if a.avoid):,}; past pairs {len(past_pairs):,}",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(summary(*generate(args.size, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
