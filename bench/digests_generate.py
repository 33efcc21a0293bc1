"""Generate a community for the digest benchmark: one busy week, seen by everyone.

    .venv/bin/python bench/digests_generate.py                # 10,000 people, 1M updates
    .venv/bin/python bench/digests_generate.py --scale 0.1    # 1,000 people, 100k updates

At scale 1 (seeded, so every run builds the same community): 10,000 people in five time zones
(UTC, Berlin, New York, Tokyo, Kolkata), each following 200 others (popular people more often)
and 0–6 goals; 1,000,000 updates published within the week of Monday 2 March 2026 as every
zone sees it (so all of them fall in someone's period window), plus 100,000 in the four weeks
before; audiences 85/10/3/2% community/followers/only me/circle (circle updates with no
circle: their author's alone), 2% deleted, 0.1% hidden, 15% with an ask (60% of them still
open) written from a vocabulary of 400 topic words, which purposes and goals draw on too;
about 20 notifications per person in the week (60% unread) and 30 interactions each.

The SQLite file is bench/out/digests-<scale>.sqlite3, reused while its sizes match (like
bench/generate.py, whose bulk writers this uses: journalling off, indexes rebuilt after).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import sys
import time
from html import escape
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.generate import (  # noqa: E402
    SENTENCES,
    PostgresWriter,
    SqliteWriter,
    ensure_postgres_database,
)

GENERATOR_VERSION = 1
SEED = 20260302
#: The benchmark's week (Monday, UTC date) and the moment it runs: after every zone's week ended.
WEEK = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 9, 12, 0, tzinfo=dt.UTC)
ZONES = ["", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Asia/Kolkata"]
# Every zone's week of 2 March lies within these instants (Tokyo's starts first, New York's
# ends last).
WINDOW = (
    dt.datetime(2026, 3, 1, 15, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 9, 4, 0, tzinfo=dt.UTC),
)
TABLES = [
    "people_user",
    "goals_goal",
    "people_follow",
    "goals_goalfollow",
    "work_workupdate",
    "notifications_notification",
    "relationships_interaction",
]

TOPICS = [
    f"{a}{b}"
    for a, b in itertools.product(
        ["data", "cloud", "design", "sales", "people", "brand", "search", "billing", "mobile",
         "privacy", "support", "pricing", "security", "hiring", "quality", "content", "partner",
         "growth", "finance", "learning"],
        ["", "ops", "flow", "kit", "metrics", "review", "mesh", "studio", "guide", "lab",
         "rollout", "audit", "portal", "playbook", "sprint", "index", "network", "model",
         "survey", "budget"],
    )
]  # fmt: skip
ASK_TEMPLATES = [
    "Could someone with {a} experience look at our {b} plan?",
    "Who knows the history of the {a} and {b} work?",
    "Looking for a reviewer for the {a} checklist before the {b} launch.",
    "Any tips on {a} when the {b} is this tight?",
    "Has anyone combined {a} with {b} before?",
]


def sizes_for(scale: float) -> dict:
    people = max(int(10_000 * scale), 200)
    return {
        "version": GENERATOR_VERSION,
        "scale": scale,
        "people": people,
        "follows_each": min(200, people - 1),
        "updates": max(int(1_000_000 * scale), 20_000),
        "history": max(int(100_000 * scale), 2_000),
    }


def sqlite_path_for(scale: float) -> Path:
    return BENCH_DIR / "out" / f"digests-{f'{scale:g}'.replace('.', '_')}.sqlite3"


def configure(scale: float) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if not os.environ.get("DATABASE_URL"):
        os.environ["BENCH_SQLITE_PATH"] = str(sqlite_path_for(scale))


def generate(writer, sizes: dict, log) -> dict:
    rng = random.Random(SEED)
    r = rng.random
    ts = writer.ts
    n = sizes["people"]
    people = range(1, n + 1)
    counts = {}
    start, end = (w.timestamp() for w in WINDOW)
    history_start = start - 28 * 86400
    topics_of = {p: rng.sample(TOPICS, 3) for p in people}

    def people_rows():
        for p in people:
            a, b, c = topics_of[p]
            yield (
                p, "!", None, False, "", "", f"person{p}@example.org", False, True,
                ts(history_start), f"person{p}", f"Person {p}", "", "Team", "", "",
                ZONES[p % len(ZONES)], "English",
                f"Making {a} and {b} easier for everyone, and learning {c}.",
            )  # fmt: skip

    counts["people"] = writer.insert(
        "people_user",
        ["id", "password", "last_login", "is_superuser", "first_name", "last_name", "email",
         "is_staff", "is_active", "date_joined", "username", "display_name", "bio", "team",
         "department", "location", "timezone", "languages", "purpose"],
        people_rows(),
    )  # fmt: skip

    goals_of: dict[int, list[tuple[int, str]]] = {}
    goal_rows = []
    for p in people:
        for _ in range(rng.randint(0, 6)):
            gid = len(goal_rows) + 1
            audience = rng.choices(["community", "followers", "only_me"], [90, 7, 3])[0]
            a, b = rng.sample(topics_of[p], 2)
            goals_of.setdefault(p, []).append((gid, audience))
            goal_rows.append(
                (gid, p, f"Ship the {a} {b}", "", None, "active", audience,
                 ts(history_start), ts(history_start))
            )  # fmt: skip
    counts["goals"] = writer.insert(
        "goals_goal",
        ["id", "owner_id", "title", "why", "target_date", "status", "audience", "created_at",
         "updated_at"],
        goal_rows,
    )  # fmt: skip

    weights = list(itertools.accumulate(rng.paretovariate(1.5) for _ in people))
    follows_each = sizes["follows_each"]

    def follow_rows():
        fid = 0
        for p in people:
            chosen = set()
            while len(chosen) < follows_each:
                for t in rng.choices(people, cum_weights=weights, k=follows_each):
                    if t != p:
                        chosen.add(t)
                if len(chosen) < follows_each:  # popular people fill up: top up uniformly
                    chosen.update(t for t in rng.sample(people, 20) if t != p)
            for t in sorted(chosen)[:follows_each]:
                fid += 1
                yield (fid, p, t, ts(history_start))

    counts["follows"] = writer.insert(
        "people_follow", ["id", "follower_id", "followed_id", "created_at"], follow_rows()
    )
    all_goals = [g for gs in goals_of.values() for g, aud in gs if aud == "community"]

    def goal_follow_rows():
        gfid = 0
        for p in people:
            for g in sorted(set(rng.sample(all_goals, min(len(all_goals), rng.randint(0, 6))))):
                gfid += 1
                yield (gfid, p, g, ts(history_start))

    counts["goal_follows"] = writer.insert(
        "goals_goalfollow", ["id", "person_id", "goal_id", "created_at"], goal_follow_rows()
    )
    log(f"people {counts['people']:,}, follows {counts['follows']:,}, goals {counts['goals']:,}")

    total = sizes["history"] + sizes["updates"]
    times = sorted(
        [history_start + r() * (start - history_start) for _ in range(sizes["history"])]
        + [start + r() * (end - start) for _ in range(sizes["updates"])]
    )
    authors = rng.choices(people, cum_weights=weights, k=total)
    paragraphs = [" ".join(rng.sample(SENTENCES, 2)) for _ in range(300)]
    breadth = {"community": 3, "followers": 2, "only_me": 1}
    own_updates: dict[int, list[int]] = {}

    def update_rows():
        for uid in range(1, total + 1):
            t = times[uid - 1]
            author = authors[uid - 1]
            audience = rng.choices(["community", "followers", "only_me", "circle"], [85, 10, 3, 2])[
                0
            ]
            goal_id = None
            owned = goals_of.get(author)
            if owned and audience != "circle" and r() < 0.5:
                goal_id, goal_audience = rng.choice(owned)
                if breadth[audience] > breadth[goal_audience]:
                    audience = goal_audience
            a, b = rng.sample(topics_of[author], 2)
            body = f"{rng.choice(paragraphs)} Next on {a} and {b}."
            ask, ask_status = "", "none"
            if r() < 0.15:
                x, y = (rng.choice(TOPICS) if r() < 0.5 else a), rng.choice(TOPICS)
                ask = rng.choice(ASK_TEMPLATES).format(a=x, b=y)
                ask_status = "open" if r() < 0.6 else "resolved"
            if len(own_updates.setdefault(author, [])) < 5 and t >= start:
                own_updates[author].append(uid)
            yield (
                uid, author, goal_id, body, f"<p>{escape(body)}</p>", "in_progress", "", "",
                "", ask, ask_status, None, audience, None, None, None, ts(t - 60), ts(t),
                None, ts(t + 3600) if r() < 0.02 else None,
                ts(t + 3600) if r() < 0.001 else None,
            )  # fmt: skip

    counts["updates"] = writer.insert(
        "work_workupdate",
        ["id", "author_id", "goal_id", "body", "body_html", "stage", "why_it_matters", "who_for",
         "whats_next", "ask", "ask_status", "ask_resolved_at", "audience", "circle_id",
         "campaign_id", "campaign_day", "created_at", "published_at", "edited_at",
         "deleted_at", "hidden_at"],
        update_rows(),
    )  # fmt: skip
    log(f"updates {counts['updates']:,}")

    kinds = ["response", "response", "response", "mention", "follow", "offer_of_help", "thanks"]

    def notification_rows():
        nid = 0
        for p in people:
            mine = own_updates.get(p) or [None]
            for _ in range(rng.randint(10, 30)):
                nid += 1
                kind = rng.choice(kinds)
                actor = rng.randint(1, n)
                actor = actor if actor != p else (p % n) + 1
                update = rng.choice(mine) if kind in ("response", "offer_of_help") else None
                if kind in ("response", "offer_of_help") and update is None:
                    kind = "follow"
                t = start + r() * (end - start)
                yield (
                    nid, p, actor, kind, update, None, None, None, ts(t),
                    None if r() < 0.6 else ts(t + 600),
                )  # fmt: skip

    counts["notifications"] = writer.insert(
        "notifications_notification",
        ["id", "recipient_id", "actor_id", "kind", "update_id", "response_id", "goal_id",
         "circle_id", "created_at", "read_at"],
        notification_rows(),
    )  # fmt: skip

    def interaction_rows():
        iid = 0
        for p in people:
            for _ in range(30):
                iid += 1
                target = rng.choices(people, cum_weights=weights, k=1)[0]
                if target == p:
                    target = (p % n) + 1
                t = ts(start + r() * (end - start))
                yield (
                    iid, p, target, rng.choice(["comment", "question", "thanks", "encouragement"]),
                    t, None, None, None, "bench", f"bench:{iid}", t, None,
                )  # fmt: skip

    counts["interactions"] = writer.insert(
        "relationships_interaction",
        ["id", "actor_id", "target_id", "kind", "occurred_at", "update_id", "response_id",
         "goal_id", "source", "source_key", "recorded_at", "voided_at"],
        interaction_rows(),
    )  # fmt: skip
    log(f"notifications {counts['notifications']:,}, interactions {counts['interactions']:,}")
    return counts


def prepare(scale: float, force: bool = False, log=print) -> dict:
    """Make sure the community exists; returns its sizes. Call before django.setup()."""
    configure(scale)
    import django
    from django.conf import settings

    from bench.generate import describe, read_meta, write_meta

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
    if meta == sizes and not force:
        log(f"Reusing the generated community in {describe(db)}: {json.dumps(sizes)}")
        call_command("migrate", verbosity=0)
        connection.close()
        return sizes
    log(f"Generating {json.dumps(sizes)} into {describe(db)} …")
    started = time.perf_counter()
    connection.close()
    if vendor == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(db["NAME"]) + suffix).unlink(missing_ok=True)
    else:
        with connection.cursor() as cur:
            cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        connection.close()
    call_command("migrate", verbosity=0)
    connection.close()
    if vendor == "sqlite":
        writer = SqliteWriter(Path(db["NAME"]))
    else:
        writer = PostgresWriter(
            {
                k: v
                for k, v in {
                    "dbname": db["NAME"],
                    "host": db.get("HOST"),
                    "port": db.get("PORT"),
                    "user": db.get("USER"),
                    "password": db.get("PASSWORD"),
                }.items()
                if v
            }
        )
    writer.drop_indexes(TABLES)

    def timed(msg):
        log(f"  {time.perf_counter() - started:7.1f} s  {msg}")

    counts = generate(writer, sizes, timed)
    timed("rebuilding indexes and committing …")
    writer.finish()
    write_meta(connection, sizes, counts)
    connection.close()
    log(f"Generated in {time.perf_counter() - started:.1f} s: {counts}")
    return sizes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 10k people, 1M updates")
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = parser.parse_args(argv)
    prepare(args.scale, force=args.force)


if __name__ == "__main__":
    main()
