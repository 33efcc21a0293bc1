"""Home-feed benchmark: server time of the home page and the feed API against the framework floor.

    .venv/bin/python bench/feed_bench.py                  # full scale on SQLite (generates once)
    .venv/bin/python bench/feed_bench.py --scale 0.01     # quick run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/workaloud_bench \\
        .venv/bin/python bench/feed_bench.py

Every request goes through Django's full WSGI handler and middleware stack, in-process, with the
benchmark person's session cookie; the same method times the floor (``/bench/floor``, a fixed
small JSON body behind the same middleware), the HTML home page ``/`` and the API
``/api/feed/home?limit=20``. Requests are interleaved round by round so that drift in the
machine affects every target alike. Queries are counted in a separate, untimed pass.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.generate import BENCH_USERNAME, prepare  # noqa: E402

TARGET_MEDIAN_MS = 15.0
TARGET_P95_MS = 40.0
TARGET_RATIO = 4.0

FLOOR = ("floor", "/bench/floor", "")
HOME = ("home page", "/", "")
API = ("feed API", "/api/feed/home", "limit=20")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class Server:
    """Django's WSGI handler called directly with a logged-in session: no sockets, no client."""

    def __init__(self, user):
        from django.core.handlers.wsgi import WSGIHandler
        from django.test import Client

        client = Client()
        client.force_login(user)
        from django.conf import settings

        self.cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        self.handler = WSGIHandler()

    def get(self, path: str, query: str = "") -> tuple[int, bytes]:
        status = []
        environ = {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "testserver",
            "HTTP_COOKIE": self.cookie,
            "HTTP_ACCEPT": "text/html,application/json",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        result = self.handler(environ, lambda s, headers, exc_info=None: status.append(s))
        try:
            body = b"".join(result)
        finally:
            result.close()
        return int(status[0].split()[0]), body


def count_queries(fn) -> tuple[int, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def route_works(server: Server, target) -> tuple[bool, str]:
    _, path, query = target
    try:
        status, body = server.get(path, query)
    except Exception as exc:  # a view or template still being written
        return False, f"{type(exc).__name__}: {exc}"
    if status != 200:
        return False, f"HTTP {status}"
    return True, f"{len(body):,} bytes"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 10k people, 1M updates")
    parser.add_argument("-n", "--requests", type=int, default=300, help="timed requests per target")
    parser.add_argument("--warmup", type=int, default=30, help="untimed requests per target first")
    parser.add_argument("--show-queries", action="store_true", help="print each target's SQL")
    parser.add_argument("--explain", action="store_true", help="print the home feed query plan")
    args = parser.parse_args(argv)

    prepare(args.scale)  # generates the community on the first run, sets Django up

    from django import get_version
    from django.db import connection

    from workaloud.people.models import User
    from workaloud.work import feeds

    user = User.objects.get(username=BENCH_USERNAME)
    server = Server(user)

    def direct():
        page = feeds.home_feed(user, limit=20)
        assert len(page.items) == 20, len(page.items)

    targets = [FLOOR, HOME, API]
    available = {}
    for target in targets:
        ok, note = route_works(server, target)
        available[target] = ok
        if not ok:
            print(f"  {target[0]} {target[1]} is not servable yet ({note}); skipped.")
    if not available[FLOOR]:
        print("The floor view does not answer; is ROOT_URLCONF bench.urls?", file=sys.stderr)
        return 2
    timed = [t for t in targets if available[t]]

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT sqlite_version()")
            db_version = f"SQLite {cur.fetchone()[0]}"
        else:
            cur.execute("SHOW server_version")
            db_version = f"PostgreSQL {cur.fetchone()[0]}"
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"\nPython {platform.python_version()}, Django {get_version()}, {db_version}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}; viewer @{user.username} follows "
        f"{user.following.count()} people and {user.goal_follows.count()} goals"
    )

    # Query counts, untimed.
    queries = {}
    for target in timed:
        queries[target], sql = count_queries(lambda t=target: server.get(t[1], t[2]))
        if args.show_queries:
            print(f"\n-- {target[0]} {target[1]}: {len(sql)} queries")
            for q in sql:
                print(f"   {q}")
    queries["direct"], sql = count_queries(direct)
    if args.show_queries:
        print(f"\n-- home_feed() direct: {len(sql)} queries")
        for q in sql:
            print(f"   {q}")
    if args.explain:
        qs_sql = sql[0]
        with connection.cursor() as cur:
            prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
            cur.execute(prefix + qs_sql)
            print("\n-- home feed query plan")
            for row in cur.fetchall():
                print("  ", " ".join(str(c) for c in row))

    # Warm up, then time, interleaved round by round.
    samples: dict = {t: [] for t in timed}
    samples["direct"] = []
    clock = time.perf_counter
    for _ in range(args.warmup):
        for target in timed:
            server.get(target[1], target[2])
        direct()
    for _ in range(args.requests):
        for target in timed:
            t0 = clock()
            status, _ = server.get(target[1], target[2])
            samples[target].append((clock() - t0) * 1000)
            if status != 200:
                print(f"{target[1]} answered {status}", file=sys.stderr)
                return 2
        t0 = clock()
        direct()
        samples["direct"].append((clock() - t0) * 1000)

    floor_median = statistics.median(samples[FLOOR])
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"\n{args.requests} timed requests per target after {args.warmup} warm-up rounds\n")
    print(f"{'target':<36}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'x floor':>9}")
    rows = [(f"{t[0]} {t[1]}" + (f"?{t[2]}" if t[2] else ""), t) for t in timed]
    rows.append(("home_feed(limit=20), no request", "direct"))
    results = {}
    for label, key in rows:
        median = statistics.median(samples[key])
        p95 = percentile(samples[key], 95)
        ratio = median / floor_median
        results[label] = {
            "median_ms": median,
            "p95_ms": p95,
            "queries": queries[key],
            "ratio": ratio,
        }
        print(f"{label:<36}{median:>10.2f}{p95:>9.2f}{queries[key]:>9}{ratio:>8.1f}x")

    print()
    failed = False
    feed_targets = [t for t in (HOME, API) if available[t]]
    if not feed_targets:
        print("NOTE: neither / nor /api/feed/home is servable yet; judged home_feed() directly.")
        feed_targets = ["direct"]
    for key in feed_targets:
        label = next(lbl for lbl, k in rows if k == key)
        r = results[label]
        checks = [
            (
                f"median {r['median_ms']:.2f} ms <= {TARGET_MEDIAN_MS:g}",
                r["median_ms"] <= TARGET_MEDIAN_MS,
            ),
            (f"p95 {r['p95_ms']:.2f} ms <= {TARGET_P95_MS:g}", r["p95_ms"] <= TARGET_P95_MS),
            (f"{r['ratio']:.1f}x floor <= {TARGET_RATIO:g}x", r["ratio"] <= TARGET_RATIO),
        ]
        for text, ok in checks:
            failed |= not ok
            print(f"{'PASS' if ok else 'FAIL'}  {label}: {text}")

    out = BENCH_DIR / "out" / f"results-{connection.vendor}-{args.scale:g}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"db": db_version, "results": results}, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
