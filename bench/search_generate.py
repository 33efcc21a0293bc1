"""Generate a community for the search benchmark: 100,000 people, ~150,000 goals and 1,000,000
work updates whose words follow a Zipf distribution (function words at the head, then work
words, then a long tail of rare ones), as real text does.

    .venv/bin/python bench/search_generate.py                # full scale, a few minutes
    .venv/bin/python bench/search_generate.py --scale 0.01   # 1,000 people, 10,000 updates

SQLite only. The database goes to var/search-bench-<scale>.sqlite3 and is reused while its
sizes match. Django's migrations create the schema (the search index included); the rows go in
with executemany, the index triggers set aside during the load, and the FTS5 index is rebuilt
once at the end. Person 1, ``bench``, is the viewer: follows 150 people, is in one circle.
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
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))

GENERATOR_VERSION = 2
SEED = 20261125
VIEWER_FOLLOWS = 150

# The most frequent words of any English text, nobody searches for; they take the head of the
# Zipf distribution, as they do in real text, so that work words are common but not in every
# other update.
FUNCTION_WORDS = """the of and to a in for is on that with we it this as at be by from our have
are was not but or an will so i if they you all can more about what which when there their has
up out one also into just been some them than then now only its these other how any would like
""".split()

COMMON = """work team project update customer data review plan week release support new first
design test meeting guide build report user service page process time help feedback draft
question people change issue problem tool team's goal sprint launch idea product code docs
interview migration pipeline onboarding dashboard billing pricing research survey analysis
workshop roadmap backlog deploy deployment staging production incident outage latency cache
database query index search api integration partner contract budget forecast hiring candidate
rubric training course learning mentoring pairing retro retrospective standup demo prototype
sketch wireframe accessibility translation localisation german french spanish mobile android
ios browser performance security audit compliance privacy policy legal invoice payment checkout
subscription churn retention growth marketing campaign newsletter webinar conference talk slide
deck blog post article handbook wiki template checklist runbook playbook alert monitoring
logging metrics tracing kubernetes docker terraform cluster region network firewall vpn laptop
warehouse inventory shipping logistics supplier vendor procurement finance quarterly annual
monthly weekly daily morning afternoon friday monday colleague manager director customer's
interviewed shipped fixed wrote drafted reviewed tested migrated published shared learned
found tried started finished paired benchmarked prototyped sketched mapped moved cut rewrote
onboarded explained documented automated simplified measured analysed planned scheduled
""".split()

SYLLABLES = "ka lo mi ner sol tav ri qu en dor fa lin mor ve za pel ton gri bu sha".split()
FIRST = """Ada Ben Cleo Dan Eva Finn Gia Hugo Ines Jon Kai Lea Mia Noah Omar Pia Quinn Rosa Sam
Tara Uma Vic Wen Xia Yara Zoe Alex Bea Carl Dora Emil Fay Gus Hana Ivo Jade Karl Lina Milo
Nina Otto Pau Rhea Sven Tess Udo Vera Will Yusuf Zara""".split()
LAST = """Archer Baker Chen Dietz Evans Fischer Garcia Hahn Ito Jensen Kim Lopez Meyer Novak
Okafor Petrov Quist Rossi Schmidt Tanaka Ueda Varga Weber Xu Young Zimmer Alvarez Berg Costa
Dubois Eriksen Fontaine Gruber Horvat Ivanova Janssen Kowalski Larsen Moreau Nilsen Olsen
Pereira Ramos Santos Thomsen Ulrich Vogel Walsh Yilmaz Zhou""".split()
TEAMS = """Platform Research People Sales Support Design Finance Data Legal Security Mobile Web
Growth Marketing Operations Infrastructure Payments Billing Search Identity Analytics
Localisation Partnerships Procurement Facilities Learning Recruiting Quality Reliability
Documentation""".split()
STAGES = ["idea", "in_progress", "stuck", "done"]


def db_path_for(scale: float) -> Path:
    return REPO / "var" / f"search-bench-{f'{scale:g}'.replace('.', '_')}.sqlite3"


def sizes_for(scale: float) -> dict:
    return {
        "version": GENERATOR_VERSION,
        "scale": scale,
        "people": max(int(100_000 * scale), 500),
        "updates": max(int(1_000_000 * scale), 5_000),
    }


def vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    """Real words first (the most frequent), then invented ones for the long tail."""
    words = list(dict.fromkeys(FUNCTION_WORDS + COMMON))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def configure(scale: float) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_SQLITE_PATH"] = str(db_path_for(scale))


def ts(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).replace(tzinfo=None).isoformat(" ")


class Table:
    """Inserts rows given as dicts, filling any other NOT NULL column with an empty value, so
    a column added later by another app does not break the generator."""

    def __init__(self, conn, name: str, columns: list[str]):
        info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
        self.extra = {
            col: (0 if any(t in (ctype or "").lower() for t in ("int", "bool", "real")) else "")
            for _, col, ctype, notnull, default, pk in info
            if notnull and default is None and not pk and col not in columns
        }
        self.columns = columns + list(self.extra)
        self.conn, self.name = conn, name
        cols = ", ".join(f'"{c}"' for c in self.columns)
        self.sql = f'INSERT INTO "{name}" ({cols}) VALUES ({", ".join("?" * len(self.columns))})'

    def insert(self, rows) -> int:
        tail = tuple(self.extra.values())
        n = 0
        it = iter(rows)
        while chunk := list(itertools.islice(it, 50_000)):
            self.conn.executemany(self.sql, [row + tail for row in chunk])
            n += len(chunk)
        return n


def generate(conn, sizes: dict, log) -> dict:
    rng = random.Random(SEED)
    vocab = vocabulary(rng)
    cum = list(itertools.accumulate(1 / (r + 1) ** 1.07 for r in range(len(vocab))))
    n_people, n_updates = sizes["people"], sizes["updates"]
    now = time.time()
    start = now - 730 * 86400
    counts = {}

    def words(k: int) -> str:
        return " ".join(rng.choices(vocab, cum_weights=cum, k=k))

    def sentence(lo: int, hi: int) -> str:
        text = words(rng.randint(lo, hi))
        return text[0].upper() + text[1:] + "."

    teams = {p: rng.choice(TEAMS) for p in range(1, n_people + 1)}
    inactive = set(rng.sample(range(2, n_people + 1), n_people // 100))

    def people_rows():
        for p in range(1, n_people + 1):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            username = "bench" if p == 1 else f"{first.lower()}.{last.lower()}{p}"
            yield (
                p, "!", False, username, "", "", f"{username}@example.org", False,
                p not in inactive, ts(start - rng.random() * 365 * 86400), f"{first} {last}",
                "", teams[p], "", "", "", "", sentence(8, 25),
            )  # fmt: skip

    counts["people"] = Table(
        conn, "people_user",
        ["id", "password", "is_superuser", "username", "first_name", "last_name", "email",
         "is_staff", "is_active", "date_joined", "display_name", "bio", "team", "department",
         "location", "timezone", "languages", "purpose"],
    ).insert(people_rows())  # fmt: skip
    log(f"people: {counts['people']:,}")

    goal_owner = []

    def goal_rows():
        gid = 0
        for p in range(1, n_people + 1):
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                gid += 1
                created = start + rng.random() * 700 * 86400
                audience = rng.choices(["community", "followers", "only_me"], [90, 7, 3])[0]
                goal_owner.append(p)
                yield (
                    gid, p, sentence(3, 8).rstrip("."), sentence(10, 30), None, "active",
                    audience, ts(created), ts(created),
                )  # fmt: skip

    counts["goals"] = Table(
        conn, "goals_goal",
        ["id", "owner_id", "title", "why", "target_date", "status", "audience", "created_at",
         "updated_at"],
    ).insert(goal_rows())  # fmt: skip
    log(f"goals: {counts['goals']:,}")

    followed = sorted(rng.sample(range(2, n_people + 1), VIEWER_FOLLOWS))

    def follow_rows():
        fid = 0
        for t in followed:
            fid += 1
            yield (fid, 1, t, ts(now - 86400))
        for p in range(2, n_people + 1):
            for t in sorted({rng.randint(1, n_people) for _ in range(rng.randint(2, 20))} - {p}):
                fid += 1
                yield (fid, p, t, ts(now - 86400))

    counts["follows"] = Table(
        conn, "people_follow", ["id", "follower_id", "followed_id", "created_at"]
    ).insert(follow_rows())
    log(f"follows: {counts['follows']:,}")

    # Circles of five: the viewer is in circle 1.
    n_circles = n_people // 50
    circle_members: dict[int, list[int]] = {}
    pool = rng.sample(range(2, n_people + 1), n_circles * 5)
    for c in range(1, n_circles + 1):
        circle_members[c] = pool[(c - 1) * 5 : c * 5]
    circle_members[1] = [1, *circle_members[1][:4]]
    circle_of = {p: c for c, ps in circle_members.items() for p in ps}
    Table(
        conn, "circles_circle",
        ["id", "title", "language", "timezone", "weekday", "start_time", "starts_on", "status",
         "feed_token", "created_at"],
    ).insert(
        (c, f"Circle {c}", "English", "Europe/Berlin", 2, "09:00:00", "2026-01-07", "closed",
         f"bench-feed-{c}", ts(now)) for c in circle_members
    )  # fmt: skip
    Table(
        conn, "circles_membership", ["id", "circle_id", "person_id", "joined_at", "left_at"]
    ).insert(
        (i, c, p, ts(now), None)
        for i, (c, p) in enumerate(
            ((c, p) for c, ps in circle_members.items() for p in ps), start=1
        )
    )

    t0 = time.perf_counter()
    times = sorted(start + 730 * 86400 * (rng.random() ** 0.8) for _ in range(n_updates))
    active = [p for p in range(1, n_people + 1) if p not in inactive]
    weights = list(itertools.accumulate(rng.paretovariate(1.3) for _ in active))
    authors = rng.choices(active, cum_weights=weights, k=n_updates)

    def update_rows():
        for i in range(n_updates):
            author = authors[i]
            when = times[i]
            audience = rng.choices(["community", "followers", "circle", "only_me"], [85, 8, 2, 5])[
                0
            ]
            circle = circle_of.get(author) if audience == "circle" else None
            if audience == "circle" and circle is None:
                audience = "community"
            draft = rng.random() < 0.02
            deleted = rng.random() < 0.01
            body = " ".join(sentence(6, 18) for _ in range(rng.randint(1, 3)))
            has_ask = rng.random() < 0.2
            ask = sentence(5, 14).replace(".", "?") if has_ask else ""
            status = rng.choice(("open", "open", "resolved")) if has_ask else "none"
            yield (
                i + 1, author, None, body, f"<p>{body}</p>", rng.choice(STAGES),
                sentence(5, 12) if rng.random() < 0.3 else "", "", "", ask, status, None,
                audience, circle, None, None, ts(when), None if draft else ts(when), None,
                ts(when + 3600) if deleted else None, None,
            )  # fmt: skip
            if (i + 1) % 200_000 == 0:
                log(f"updates: {i + 1:,} ({time.perf_counter() - t0:.0f} s)")

    counts["updates"] = Table(
        conn, "work_workupdate",
        ["id", "author_id", "goal_id", "body", "body_html", "stage", "why_it_matters", "who_for",
         "whats_next", "ask", "ask_status", "ask_resolved_at", "audience", "circle_id",
         "campaign_id", "campaign_day", "created_at", "published_at", "edited_at", "deleted_at",
         "hidden_at"],
    ).insert(update_rows())  # fmt: skip
    log(f"updates: {counts['updates']:,}")
    return counts


def prepare(scale: float, force: bool = False, log=print) -> dict:
    """Make sure the benchmark database exists; returns its sizes. Call before django.setup()."""
    configure(scale)
    import django

    path = db_path_for(scale)
    path.parent.mkdir(parents=True, exist_ok=True)
    sizes = sizes_for(scale)
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    meta = None
    if path.exists():
        try:
            conn = sqlite3.connect(path)
            meta = json.loads(
                conn.execute("SELECT value FROM bench_meta WHERE key = 'sizes'").fetchone()[0]
            )
            conn.close()
        except Exception:
            meta = None
    if meta == sizes and not force:
        log(f"Reusing {path}: {sizes}")
        call_command("migrate", verbosity=0)
        return sizes

    log(f"Generating {sizes} into {path} …")
    started = time.perf_counter()
    connection.close()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    connection.close()

    from workaloud.search import index

    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-500000", "foreign_keys=OFF"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("BEGIN")
    index.drop_sqlite_triggers(conn.cursor())

    def timed(msg):
        log(f"  {time.perf_counter() - started:7.1f} s  {msg}")

    counts = generate(conn, sizes, timed)
    conn.execute("COMMIT")
    timed("building the search index …")
    conn.execute("BEGIN")
    index._sqlite_install(conn.cursor(), rebuild=True)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute(
        "INSERT OR REPLACE INTO bench_meta VALUES ('sizes', ?), ('counts', ?)",
        [json.dumps(sizes), json.dumps(counts)],
    )
    conn.close()
    timed(f"done: {counts}")
    return sizes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100k people, 1M updates")
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = parser.parse_args(argv)
    prepare(args.scale, force=args.force)


if __name__ == "__main__":
    main()
