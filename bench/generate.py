"""Generate a synthetic Workaloud community for the home-feed benchmark, fast.

    .venv/bin/python bench/generate.py                 # 10,000 people, 1M updates, 3M responses
    .venv/bin/python bench/generate.py --scale 0.01    # 100 people, 10k updates: a quick run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/workaloud_bench \\
        .venv/bin/python bench/generate.py

Django migrations create the schema on an empty database; the rows then go in with bulk SQL
in one transaction (executemany on SQLite with journalling off, COPY on PostgreSQL), with the
secondary indexes dropped during the load and rebuilt after. A SQLite community is cached in
bench/out/community-<scale>.sqlite3 and reused while its sizes match; PostgreSQL keeps one
community per database, recorded in a ``bench_meta`` table.

Person 1, ``bench``, is the benchmark viewer: follows 200 people and a few goals.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sqlite3
import sys
import time
from datetime import UTC, date, datetime, timedelta
from html import escape
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))

GENERATOR_VERSION = 1
BENCH_USERNAME = "bench"
BENCH_PASSWORD = "bench-password"
BENCH_FOLLOWS = 200
BENCH_GOAL_FOLLOWS = 3
SEED = 20240501

BULK_TABLES = [
    "people_user",
    "goals_goal",
    "people_follow",
    "goals_goalfollow",
    "work_workupdate",
    "responses_response",
    "responses_helpcredit",
    "notifications_notification",
]


def sqlite_path_for(scale: float) -> Path:
    label = f"{scale:g}".replace(".", "_")
    return BENCH_DIR / "out" / f"community-{label}.sqlite3"


def configure(scale: float) -> None:
    """Point Django at the benchmark database before it is set up."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if not os.environ.get("DATABASE_URL"):
        os.environ["BENCH_SQLITE_PATH"] = str(sqlite_path_for(scale))


def sizes_for(scale: float) -> dict:
    people = max(int(10_000 * scale), 250)
    return {
        "version": GENERATOR_VERSION,
        "scale": scale,
        "people": people,
        "updates": max(int(1_000_000 * scale), 5_000),
        "responses": max(int(3_000_000 * scale), 15_000),
        "bench_follows": min(BENCH_FOLLOWS, people - 1),
    }


# --- words -------------------------------------------------------------------------------------

SENTENCES = [
    "Drafted the first chapter of the onboarding guide and shared it with the team.",
    "Paired with the data team on the ingestion pipeline; we found the slow step.",
    "Ran three customer interviews about the new billing flow.",
    "Moved the staging cluster to the new region, two services left.",
    "Wrote down what we learned from last week's outage.",
    "Prototyped the search page with real data instead of fixtures.",
    "Cut the build time from 14 to 6 minutes by caching dependencies.",
    "Started a reading group on accessibility; five people joined.",
    "Sketched three options for the settings page and tested them with colleagues.",
    "Reviewed the hiring rubric with the panel and simplified the scoring.",
    "Published the quarterly numbers with a short explanation of the dip.",
    "Migrated the last reports off the old warehouse.",
    "Found out why the nightly export fails on Sundays: a timezone edge case.",
    "Spent the morning on support tickets to see where people get stuck.",
    "Rewrote the README so a newcomer can run the project in ten minutes.",
    "Tried a new format for the team retro: fewer topics, more decisions.",
    "Benchmarked the two queue libraries; the simpler one is fast enough.",
    "Shadowed the field team for a day and took notes on their tools.",
    "Finished the translation of the help centre into German.",
    "Mapped who depends on the legacy API before we retire it.",
]
ASKS = [
    "Has anyone run a load test against the payments sandbox?",
    "Who knows the history of the pricing page experiments?",
    "Looking for a reviewer for the accessibility checklist.",
    "Any tips for interviewing people who have churned?",
    "Could someone with Kubernetes experience look at our autoscaling config?",
    "Who has templates for a project kickoff they like?",
]
WHY = [
    "New colleagues spend their first week guessing; this saves them that.",
    "Support tickets about this have doubled since spring.",
    "It unblocks three teams waiting on the migration.",
    "We promised this to the customer advisory board.",
]
WHO = ["New joiners", "The support team", "Our enterprise customers", "Everyone on call"]
NEXT = [
    "Share the draft on Friday and collect comments.",
    "Pair with the platform team on the rollout plan.",
    "Write the migration guide.",
    "Test with five more people.",
]
RESPONSE_TEXT = {
    "comment": ["Nice progress!", "This matches what we saw in our team too.", "Good write-up."],
    "question": ["How did you measure that?", "What made you pick this approach?"],
    "challenge": ["Have you considered the cost of maintaining this?", "Is this the priority?"],
    "encouragement": ["Keep going, this is going to help a lot of people!", "Great step."],
    "offer_of_help": ["Happy to pair on this next week.", "I did something similar, ping me."],
    "thanks": ["Thanks for sharing this, it helped me today.", "Thank you, exactly what I needed."],
}
KIND_WEIGHTS = {
    "comment": 40,
    "encouragement": 20,
    "question": 15,
    "thanks": 10,
    "offer_of_help": 8,
    "challenge": 7,
}
GOAL_TITLES = [
    "Ship the onboarding guide",
    "Halve the build time",
    "Interview 20 customers about billing",
    "Retire the legacy reporting API",
    "Make the help centre accessible",
    "Run a monthly Working Out Loud circle",
    "Publish the design principles",
    "Move staging to the new region",
]
TEAMS = ["Platform", "Research", "People", "Sales", "Support", "Design", "Finance", "Data"]
TIMEZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tokyo", ""]


def paragraph_pool(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """(markdown body, rendered html) pairs: a short paragraph each."""
    pool = []
    for _ in range(n):
        body = " ".join(rng.sample(SENTENCES, rng.randint(2, 3)))
        pool.append((body, f"<p>{escape(body)}</p>"))
    return pool


# --- writers -------------------------------------------------------------------------------------


class SqliteWriter:
    vendor = "sqlite"

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in (
            "journal_mode=OFF",
            "synchronous=OFF",
            "locking_mode=EXCLUSIVE",
            "temp_store=MEMORY",
            "cache_size=-1000000",
            "foreign_keys=OFF",
        ):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.execute("BEGIN")
        self.saved_indexes: list[str] = []

    @staticmethod
    def ts(epoch: float | None) -> str | None:
        if epoch is None:
            return None
        return datetime.fromtimestamp(epoch, UTC).replace(tzinfo=None).isoformat(" ")

    def drop_indexes(self, tables):
        marks = ",".join("?" * len(tables))
        rows = self.conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks})",
            list(tables),
        ).fetchall()
        for name, sql in rows:
            self.conn.execute(f'DROP INDEX "{name}"')
            self.saved_indexes.append(sql)

    def insert(self, table: str, columns: list[str], rows) -> int:
        cols = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        sql = f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'
        count = 0
        for chunk in batched(rows, 50_000):
            self.conn.executemany(sql, chunk)
            count += len(chunk)
        return count

    def finish(self):
        for sql in self.saved_indexes:
            self.conn.execute(sql)
        self.conn.execute("COMMIT")
        self.conn.execute("PRAGMA locking_mode=NORMAL")
        # Production opens every connection in WAL mode; the mode is stored in the file.
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.close()


class PostgresWriter:
    vendor = "postgresql"

    def __init__(self, conninfo: dict):
        import psycopg

        self.conn = psycopg.connect(**conninfo)
        self.cur = self.conn.cursor()
        self.saved_indexes: list[str] = []
        self.cur.execute("SET synchronous_commit = off")
        self.cur.execute("SET maintenance_work_mem = '512MB'")
        try:  # skip foreign-key triggers during the load (the generator keeps keys consistent)
            self.cur.execute("SET session_replication_role = replica")
        except Exception:
            self.conn.rollback()

    @staticmethod
    def ts(epoch: float | None) -> str | None:
        if epoch is None:
            return None
        return datetime.fromtimestamp(epoch, UTC).isoformat(" ")

    def drop_indexes(self, tables):
        self.cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [list(tables)],
        )
        for name, sql in self.cur.fetchall():
            self.cur.execute(f'DROP INDEX "{name}"')
            self.saved_indexes.append(sql)

    def insert(self, table: str, columns: list[str], rows) -> int:
        cols = ", ".join(f'"{c}"' for c in columns)
        count = 0
        with self.cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def finish(self):
        for sql in self.saved_indexes:
            self.cur.execute(sql)
        for table in BULK_TABLES:
            self.cur.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
            )
        self.cur.execute("SET session_replication_role = DEFAULT")
        self.conn.commit()
        self.conn.autocommit = True
        self.cur.execute("VACUUM ANALYZE")
        self.conn.close()


def batched(iterable, n):
    it = iter(iterable)
    while chunk := list(itertools.islice(it, n)):
        yield chunk


# --- the community ----------------------------------------------------------------------------


def generate(writer, sizes: dict, log) -> dict:
    rng = random.Random(SEED)
    ts = writer.ts
    n_people, n_updates, n_responses = sizes["people"], sizes["updates"], sizes["responses"]
    now = time.time()
    start = now - 730 * 86400  # two years of history
    span = now - start
    counts = {}

    # People. Activity follows a long tail: a few narrate daily, many rarely.
    people = range(1, n_people + 1)
    inactive = set(rng.sample(range(2, n_people + 1), n_people // 100))
    active = [p for p in people if p not in inactive]
    from django.contrib.auth.hashers import make_password

    bench_password = make_password(BENCH_PASSWORD)

    def people_rows():
        for p in people:
            joined = start - rng.random() * 365 * 86400
            username = BENCH_USERNAME if p == 1 else f"person{p}"
            yield (
                p, bench_password if p == 1 else "!", None, False, username, "", "",
                f"{username}@example.org", p == 1, p not in inactive, ts(joined),
                "Bench Person" if p == 1 else f"Person {p}", "Narrating my work.",
                rng.choice(TEAMS), "", "", rng.choice(TIMEZONES), "English",
                "Helping my colleagues do their best work.",
            )  # fmt: skip

    counts["people"] = writer.insert(
        "people_user",
        ["id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
         "email", "is_staff", "is_active", "date_joined", "display_name", "bio", "team",
         "department", "location", "timezone", "languages", "purpose"],
        people_rows(),
    )  # fmt: skip
    log(f"people: {counts['people']:,}")

    # Goals: 0-6 each (the bench person has 3), mostly community-wide.
    goals_by_owner: dict[int, list[tuple[int, str]]] = {}
    goal_rows = []
    gid = 0
    for p in people:
        for _ in range(3 if p == 1 else rng.randint(0, 6)):
            gid += 1
            audience = rng.choices(["community", "followers", "only_me"], [90, 7, 3])[0]
            created = start + rng.random() * span * 0.9
            status = rng.choices(["active", "achieved", "dropped"], [60, 25, 15])[0]
            target = date.fromtimestamp(created) + timedelta(weeks=12)
            goals_by_owner.setdefault(p, []).append((gid, audience))
            goal_rows.append(
                (gid, p, rng.choice(GOAL_TITLES), rng.choice(WHY), target.isoformat(),
                 "active" if p == 1 else status, audience, ts(created), ts(created))
            )  # fmt: skip
    counts["goals"] = writer.insert(
        "goals_goal",
        ["id", "owner_id", "title", "why", "target_date", "status", "audience", "created_at",
         "updated_at"],
        goal_rows,
    )  # fmt: skip
    log(f"goals: {counts['goals']:,}")

    # Follows: the bench person follows 200 people; everyone else 5-60, popular people more.
    weights = [rng.paretovariate(1.3) for _ in people]
    cum_weights = list(itertools.accumulate(weights))
    bench_followed = set(rng.sample(range(2, n_people + 1), sizes["bench_follows"]))

    def follow_rows():
        fid = 0
        for p in people:
            if p == 1:
                targets = sorted(bench_followed)
            else:
                want = rng.randint(5, 60)
                picks = rng.choices(people, cum_weights=cum_weights, k=want)
                targets = sorted({t for t in picks if t != p})
            for t in targets:
                fid += 1
                yield (fid, p, t, ts(start + rng.random() * span))

    counts["follows"] = writer.insert(
        "people_follow", ["id", "follower_id", "followed_id", "created_at"], follow_rows()
    )
    log(f"follows: {counts['follows']:,}")

    # Goal follows: the bench person follows community goals of people it doesn't follow.
    all_goals = [(g, owner, aud) for owner, gs in goals_by_owner.items() for g, aud in gs]
    bench_goal_candidates = [
        g for g, owner, aud in all_goals if aud == "community" and owner not in bench_followed
    ]
    bench_goals = set(rng.sample(bench_goal_candidates, BENCH_GOAL_FOLLOWS))

    def goal_follow_rows():
        gfid = 0
        for p in people:
            if p == 1:
                picks = sorted(bench_goals)
            else:
                picks = sorted({rng.choice(all_goals)[0] for _ in range(rng.randint(0, 4))})
            for g in picks:
                gfid += 1
                yield (gfid, p, g, ts(start + rng.random() * span))

    counts["goal_follows"] = writer.insert(
        "goals_goalfollow", ["id", "person_id", "goal_id", "created_at"], goal_follow_rows()
    )
    log(f"goal follows: {counts['goal_follows']:,}")

    # Updates over two years, ids in time order (the community grows: more recent activity).
    t0 = time.perf_counter()
    times = sorted(start + span * (rng.random() ** 0.8) for _ in range(n_updates))
    active_weights = list(itertools.accumulate(weights[p - 1] for p in active))
    authors = rng.choices(active, cum_weights=active_weights, k=n_updates)
    paragraphs = paragraph_pool(rng, 500)
    breadth = {"community": 3, "followers": 2, "only_me": 1}
    # Per update, what responses need: (published time, is published, ask resolved?)
    published: list[float | None] = [None] * (n_updates + 1)
    resolved_asks: set[int] = set()
    r = rng.random

    def update_rows():
        for uid in range(1, n_updates + 1):
            t = times[uid - 1]
            author = authors[uid - 1]
            goal_id = None
            goal_aud = "community"
            owned = goals_by_owner.get(author)
            if owned and r() < 0.5:
                goal_id, goal_aud = rng.choice(owned)
            audience = rng.choices(["community", "followers", "only_me"], [85, 11, 4])[0]
            if breadth[audience] > breadth[goal_aud]:
                audience = goal_aud
            body, html = rng.choice(paragraphs)
            ask, ask_status, ask_resolved = "", "none", None
            if r() < 0.15:
                ask = rng.choice(ASKS)
                if r() < 0.4:
                    ask_status, ask_resolved = "resolved", t + r() * 14 * 86400
                    resolved_asks.add(uid)
                else:
                    ask_status = "open"
            draft = r() < 0.03
            pub = None if draft else t
            published[uid] = pub
            deleted = ts(t + r() * 86400) if not draft and r() < 0.02 else None
            hidden = ts(t + r() * 86400) if not draft and r() < 0.001 else None
            edited = ts(t + r() * 3600) if not draft and r() < 0.05 else None
            stage = rng.choices(["idea", "in_progress", "stuck", "done"], [15, 60, 8, 17])[0]
            yield (
                uid, author, goal_id, body, html, stage,
                rng.choice(WHY) if r() < 0.3 else "",
                rng.choice(WHO) if r() < 0.2 else "",
                rng.choice(NEXT) if r() < 0.3 else "",
                ask, ask_status, ts(ask_resolved), audience,
                ts(t - r() * 600), ts(pub), edited, deleted, hidden,
            )  # fmt: skip

    counts["updates"] = writer.insert(
        "work_workupdate",
        ["id", "author_id", "goal_id", "body", "body_html", "stage", "why_it_matters", "who_for",
         "whats_next", "ask", "ask_status", "ask_resolved_at", "audience", "created_at",
         "published_at", "edited_at", "deleted_at", "hidden_at"],
        update_rows(),
    )  # fmt: skip
    log(f"updates: {counts['updates']:,} ({time.perf_counter() - t0:.1f} s)")

    # Responses on published updates, a long tail of popular ones; ~15% are replies.
    t0 = time.perf_counter()
    targets = [u for u in range(1, n_updates + 1) if published[u] is not None]
    target_weights = list(itertools.accumulate(rng.paretovariate(1.5) for _ in targets))
    on_update = sorted(rng.choices(targets, cum_weights=target_weights, k=n_responses))
    kinds = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()), k=n_responses)
    responders = rng.choices(active, k=n_responses)
    texts = {k: [(t, f"<p>{escape(t)}</p>") for t in v] for k, v in RESPONSE_TEXT.items()}
    credits = []

    def response_rows():
        previous_update, top_level = None, []
        for i, uid in enumerate(on_update):
            rid = i + 1
            if uid != previous_update:
                previous_update, top_level = uid, []
                if uid in resolved_asks and r() < 0.5:
                    credits.append((uid, responders[i], rid))
            parent = rng.choice(top_level) if top_level and r() < 0.15 else None
            if parent is None:
                top_level.append(rid)
            body, html = rng.choice(texts[kinds[i]])
            created = published[uid] + rng.expovariate(1 / 86400)
            yield (rid, uid, responders[i], kinds[i], body, html, parent, ts(min(created, now)))

    counts["responses"] = writer.insert(
        "responses_response",
        ["id", "update_id", "author_id", "kind", "body", "body_html", "parent_id", "created_at"],
        response_rows(),
    )
    log(f"responses: {counts['responses']:,} ({time.perf_counter() - t0:.1f} s)")

    seen = set()
    credit_rows = []
    for uid, helper, rid in credits:
        if (uid, helper) not in seen:
            seen.add((uid, helper))
            credit_rows.append((len(credit_rows) + 1, uid, helper, rid, ts(published[uid] + 86400)))
    counts["help_credits"] = writer.insert(
        "responses_helpcredit", ["id", "update_id", "helper_id", "response_id", "created_at"],
        credit_rows,
    )  # fmt: skip

    # Notifications: about 20 per person, the bench person's last 40 unread.
    def notification_rows():
        nid = 0
        kinds = ["response", "reply", "mention", "follow", "goal_follow", "offer_of_help"]
        for p in people:
            n = 300 if p == 1 else rng.randint(0, 40)
            for j in range(n):
                nid += 1
                uid = rng.randint(1, n_updates)
                created = now - r() * span
                unread = j < 40 if p == 1 else r() < 0.2
                yield (
                    nid, p, rng.choice(active), rng.choice(kinds), uid, None, None,
                    ts(created), None if unread else ts(created + 3600),
                )  # fmt: skip

    counts["notifications"] = writer.insert(
        "notifications_notification",
        ["id", "recipient_id", "actor_id", "kind", "update_id", "response_id", "goal_id",
         "created_at", "read_at"],
        notification_rows(),
    )  # fmt: skip
    log(f"notifications: {counts['notifications']:,}, help credits: {counts['help_credits']:,}")
    return counts


# --- cache and driver -------------------------------------------------------------------------


def read_meta(connection) -> dict | None:
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT value FROM bench_meta WHERE key = 'sizes'")
            row = cur.fetchone()
    except Exception:
        return None
    return json.loads(row[0]) if row else None


def write_meta(connection, sizes: dict, counts: dict) -> None:
    with connection.cursor() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (key varchar(20) PRIMARY KEY, value text)"
        )
        cur.execute("DELETE FROM bench_meta")
        cur.execute(
            "INSERT INTO bench_meta (key, value) VALUES ('sizes', %s), ('counts', %s)",
            [json.dumps(sizes), json.dumps(counts)],
        )


def ensure_postgres_database(settings_db: dict) -> None:
    """Create the benchmark database if it does not exist (never a database named ``test``)."""
    import psycopg

    name = settings_db["NAME"]
    if name in {"test", "postgres", "template0", "template1"} or "bench" not in name:
        sys.exit(f"Refusing to use PostgreSQL database {name!r}: name it e.g. workaloud_bench.")
    params = {
        k: v
        for k, v in {
            "host": settings_db.get("HOST"),
            "port": settings_db.get("PORT"),
            "user": settings_db.get("USER"),
            "password": settings_db.get("PASSWORD"),
        }.items()
        if v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(scale: float, force: bool = False, analyze_sqlite: bool = False, log=print) -> dict:
    """Make sure the benchmark community exists; returns its sizes. Call before django.setup()."""
    configure(scale)
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
    if meta == sizes and not force:
        log(f"Reusing the generated community in {describe(db)}: {sizes}")
        call_command("migrate", verbosity=0)  # new indexes since it was generated
        connection.close()
        return sizes

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
    writer.drop_indexes(BULK_TABLES)

    def timed_log(msg):
        log(f"  {time.perf_counter() - started:7.1f} s  {msg}")

    counts = generate(writer, sizes, timed_log)
    timed_log("rebuilding indexes and committing …")
    writer.finish()
    if vendor == "sqlite" and analyze_sqlite:
        conn = sqlite3.connect(db["NAME"])
        conn.execute("ANALYZE")
        conn.close()
        timed_log("ANALYZE done")
    write_meta(connection, sizes, counts)
    connection.close()
    log(f"Generated in {time.perf_counter() - started:.1f} s: {counts}")
    return sizes


def describe(db: dict) -> str:
    if db["ENGINE"].endswith("sqlite3"):
        return str(db["NAME"])
    return f"postgresql://{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 10k people, 1M updates")
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="run ANALYZE on SQLite after the load (PostgreSQL is always analysed)",
    )
    args = parser.parse_args(argv)
    prepare(args.scale, force=args.force, analyze_sqlite=args.analyze)


if __name__ == "__main__":
    main()
