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


def sentences(rng, common, topics, topic_of: np.ndarray, n: int, topical: float = 0.6) -> list[str]:
    """One text per row of ``topic_of`` (a topic number each): ``n`` words, a share of them
    from the topic and the rest from the common words (Zipf-distributed), drawn at once."""
    rows = len(topic_of)
    k = int(n * topical)
    topic_words = np.array(topics, dtype=object)  # TOPICS × TOPIC_WORDS
    picks = topic_words[topic_of[:, None], rng.integers(0, TOPIC_WORDS, size=(rows, k))]
    zipf = np.minimum(rng.zipf(1.3, size=(rows, n - k)), len(common)) - 1
    words = np.concatenate([picks, np.array(common, dtype=object)[zipf]], axis=1)
    order = np.argsort(rng.random((rows, n)), axis=1)
    words = np.take_along_axis(words, order, axis=1)
    return [" ".join(row) for row in words.tolist()]


def insert(table, model, rows: list[dict], log=None) -> None:
    """Insert plain rows fast: every concrete column, its default where a row gives none."""
    from django.db import connection, transaction

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    defaults = {f.attname: f.get_default() for f in fields}
    sql = f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'
    adapt = connection.ops.adapt_datetimefield_value
    for start in range(0, len(rows), 50_000):
        params = []
        for row in rows[start : start + 50_000]:
            values = []
            for f in fields:
                v = row.get(f.attname, defaults[f.attname])
                if isinstance(v, datetime):
                    v = adapt(v)
                values.append(v)
            params.append(values)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, params)


def generate(sizes: dict, log=print) -> None:
    from django.core.management import call_command
    from django.db import connection

    from workaloud.goals.models import Goal
    from workaloud.people.models import User
    from workaloud.work.models import AskStatus, WorkUpdate

    call_command("migrate", verbosity=0)
    rng = np.random.default_rng(SEED)
    common, topics = vocabulary(rng)
    n_people, n_updates = sizes["people"], sizes["updates"]
    person_topics = rng.integers(0, TOPICS, size=(n_people, 2))
    started = time.perf_counter()
    now = datetime.now(UTC)
    purposes = sentences(rng, common, topics, person_topics[:, 0], 14, 0.7)
    insert(
        User._meta.db_table,
        User,
        [
            {
                "username": f"p{i}",
                "password": "!",
                "display_name": f"Person {i}",
                "team": f"Team {person_topics[i, 0] % 300}",
                "purpose": purposes[i],
                "date_joined": now,
                "is_active": True,
            }
            for i in range(n_people)
        ],
    )
    ids = np.array(User.objects.order_by("pk").values_list("pk", flat=True))
    log(f"  {n_people:,} people in {time.perf_counter() - started:.0f} s")
    owners = np.arange(0, n_people, 2)
    titles = sentences(rng, common, topics, person_topics[owners, 0], 6, 0.8)
    whys = sentences(rng, common, topics, person_topics[owners, 0], 15)
    insert(
        Goal._meta.db_table,
        Goal,
        [
            {"owner_id": int(ids[o]), "title": t, "why": w, "created_at": now, "updated_at": now}
            for o, t, w in zip(owners, titles, whys, strict=True)
        ],
    )
    batch = 100_000
    for start in range(0, n_updates, batch):
        count = min(batch, n_updates - start)
        authors = rng.integers(0, n_people, size=count)
        topic_of = person_topics[authors, rng.integers(0, 2, size=count)]
        bodies = sentences(rng, common, topics, topic_of, 30)
        ask_texts = sentences(rng, common, topics, topic_of, 12)
        asks = rng.random(count) < ASK_SHARE
        ages = rng.uniform(0, 365 * 86400, size=count)
        rows = []
        for j in range(count):
            at = now - timedelta(seconds=float(ages[j]))
            rows.append(
                {
                    "author_id": int(ids[authors[j]]),
                    "body": bodies[j],
                    "ask": ask_texts[j] if asks[j] else "",
                    "ask_status": AskStatus.OPEN.value if asks[j] else AskStatus.NONE.value,
                    "published_at": at,
                    "created_at": at,
                }
            )
        insert(WorkUpdate._meta.db_table, WorkUpdate, rows)
        log(f"  {start + count:,} updates, {time.perf_counter() - started:.0f} s")
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
