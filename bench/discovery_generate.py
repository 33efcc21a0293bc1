"""A community for the discovery benchmark: people with purposes, goals and updates whose words
come from topics (each person works on two), so that aligned people and helpers exist.

    .venv/bin/python bench/discovery_generate.py --scale 0.01

Written once to var/discovery-bench-<scale>.sqlite3 (or the PostgreSQL ``DATABASE_URL``) and
reused while its sizes match. 100,000 people and 1,000,000 updates at scale 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEOPLE, UPDATES = 100_000, 1_000_000
TOPICS, TOPIC_WORDS, COMMON_WORDS = 400, 12, 4000
ASK_SHARE = 0.05
SEED = 7


def sizes_for(scale: float) -> dict:
    return {"people": max(200, int(PEOPLE * scale)), "updates": max(2000, int(UPDATES * scale))}


def sqlite_path_for(scale: float) -> Path:
    return ROOT / "var" / f"discovery-bench-{scale:g}.sqlite3"


def configure(scale: float) -> None:
    if not os.environ.get("DATABASE_URL"):
        path = sqlite_path_for(scale)
        path.parent.mkdir(exist_ok=True)
        os.environ["BENCH_SQLITE_PATH"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def vocabulary(rng) -> tuple[list[str], list[list[str]]]:
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
    words = set()
    while len(words) < COMMON_WORDS + TOPICS * TOPIC_WORDS:
        n = rng.integers(2, 4)
        words.add("".join(rng.choice(syllables, n)))
    words = sorted(words)
    rng.shuffle(words)
    common = words[:COMMON_WORDS]
    topical = words[COMMON_WORDS:]
    topics = [topical[i * TOPIC_WORDS : (i + 1) * TOPIC_WORDS] for i in range(TOPICS)]
    return common, topics


def sentence(rng, common, topic_words, n: int, topical_share: float = 0.6) -> str:
    k = int(n * topical_share)
    zipf = np.minimum(rng.zipf(1.3, n - k), len(common)) - 1
    parts = list(rng.choice(topic_words, k)) + [common[i] for i in zipf]
    rng.shuffle(parts)
    return " ".join(parts)


def generate(sizes: dict, log=print) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from workaloud.goals.models import Goal
    from workaloud.people.models import User
    from workaloud.work.models import AskStatus, WorkUpdate

    call_command("migrate", verbosity=0)
    rng = np.random.default_rng(SEED)
    common, topics = vocabulary(rng)
    n_people, n_updates = sizes["people"], sizes["updates"]
    person_topics = rng.integers(0, TOPICS, size=(n_people, 2))
    started = time.perf_counter()
    with transaction.atomic():
        users = []
        for i in range(n_people):
            words = topics[person_topics[i, 0]] + topics[person_topics[i, 1]]
            users.append(
                User(
                    username=f"p{i}",
                    password="!",
                    display_name=f"Person {i}",
                    team=f"Team {person_topics[i, 0] % 300}",
                    purpose=sentence(rng, common, words, 14, 0.7),
                )
            )
        User.objects.bulk_create(users, batch_size=5000)
    ids = np.array(User.objects.order_by("pk").values_list("pk", flat=True))
    log(f"  {n_people:,} people in {time.perf_counter() - started:.0f} s")
    with transaction.atomic():
        goals = [
            Goal(
                owner_id=int(ids[i]),
                title=sentence(rng, common, topics[person_topics[i, 0]], 6, 0.8),
                why=sentence(rng, common, topics[person_topics[i, 0]], 15),
            )
            for i in range(0, n_people, 2)
        ]
        Goal.objects.bulk_create(goals, batch_size=5000)
    now = datetime.now(UTC)
    authors = rng.integers(0, n_people, size=n_updates)
    ages = rng.uniform(0, 365, size=n_updates)
    asks = rng.random(n_updates) < ASK_SHARE
    batch = 20_000
    for start in range(0, n_updates, batch):
        rows = []
        for j in range(start, min(start + batch, n_updates)):
            a = authors[j]
            words = topics[person_topics[a, rng.integers(0, 2)]]
            at = now - timedelta(days=float(ages[j]))
            rows.append(
                WorkUpdate(
                    author_id=int(ids[a]),
                    body=sentence(rng, common, words, 30),
                    ask=sentence(rng, common, words, 12) if asks[j] else "",
                    ask_status=AskStatus.OPEN if asks[j] else AskStatus.NONE,
                    published_at=at,
                )
            )
        with transaction.atomic():
            WorkUpdate.objects.bulk_create(rows, batch_size=5000)
        if (start // batch) % 10 == 0:
            log(f"  {start + len(rows):,} updates, {time.perf_counter() - started:.0f} s")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"  generated in {time.perf_counter() - started:.0f} s")


def prepare(scale: float, log=print) -> dict:
    """The community at this scale, generated if missing; returns its sizes."""
    from workaloud.people.models import User
    from workaloud.work.models import WorkUpdate

    sizes = sizes_for(scale)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    have = {"people": User.objects.count(), "updates": WorkUpdate.objects.count()}
    if have != sizes:
        if have["people"]:
            raise SystemExit(
                f"The bench database holds {have}, not {sizes}: remove it (var/) to regenerate."
            )
        log(f"Generating {sizes['people']:,} people and {sizes['updates']:,} updates…")
        generate(sizes, log)
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    configure(args.scale)
    prepare(args.scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
