"""Import benchmark: a generated Slack export of 1,000,000 messages (500 channels, 5,000 people,
threads and reactions) imported with ``manage.py import_activity``'s pipeline.

    .venv/bin/python bench/imports_bench.py                  # 100k and 1M messages
    .venv/bin/python bench/imports_bench.py --scale 0.1      # 10k and 100k, quick
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/workaloud_importbench \\
        .venv/bin/python bench/imports_bench.py

Each size is imported into a fresh database (SQLite file, or the PostgreSQL database named,
which must contain "bench" and is emptied first) by a child process that does nothing else, so
that its peak memory (VmHWM) is the import's own. Printed per size: the import (phases 1 and 2:
read and check, then write) with its peak memory, and the relationship recompute (phase 3)
apart. The reference, measured in the same run, is reading the export alone (every day file
unzipped and parsed, nothing else): the import's time is given as a multiple of it.

Targets: the 1M import ≤ 120 s, peak memory ≤ 500 MB at both sizes. The reader streams, so
its memory is flat; on SQLite the page cache used while writing (capped, 128 MB) fills as the
ledger outgrows it, so the peak rises until that cap and no further.
Exit status 0 when all pass, 1 when one fails, 2 on error.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))

TARGET_IMPORT_S = 120.0
TARGET_PEAK_MB = 500.0
MB = 1024**2


def vm(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def child(path: str, name: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from workaloud.imports import pipeline

    baseline = vm("VmRSS")
    started = time.perf_counter()
    found = pipeline.review("slack", name, path)
    read_s = time.perf_counter() - started
    state = pipeline.write(found, "slack", path, pipeline.Options())
    import_s = time.perf_counter() - started
    peak = vm("VmHWM")
    started = time.perf_counter()
    summary = pipeline.recompute()
    recompute_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": found.rows,
                "acts": found.acts,
                "by_kind": dict(found.by_kind),
                "people": len(found.people),
                "recorded": state.interactions_recorded,
                "review_s": read_s,
                "import_s": import_s,
                "peak_bytes": peak,
                "baseline_bytes": baseline,
                "recompute_s": recompute_s,
                "pairs": summary["pairs"],
                "recompute_peak_bytes": vm("VmHWM"),
                "sqlite_cache_mb": pipeline.SQLITE_CACHE_KB // 1024,
            }
        )
    )


def read_only(path: Path) -> float:
    """The reference: unzip and parse every file of the export, nothing else."""
    import orjson

    started = time.perf_counter()
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            orjson.loads(archive.read(name))
    return time.perf_counter() - started


def fresh_database(workdir: Path, label: str) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    url = os.environ.get("DATABASE_URL", "")
    if url:
        if "bench" not in url.rsplit("/", 1)[-1]:
            raise SystemExit("DATABASE_URL must name a database whose name contains 'bench'")
        from urllib.parse import urlsplit, urlunsplit

        import psycopg

        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')
    else:
        env["BENCH_SQLITE_PATH"] = str(workdir / f"{label}.sqlite3")
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "migrate", "--noinput"],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--child", nargs=2, metavar=("PATH", "NAME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0

    from bench.imports_generate import generate

    sizes = [round(100_000 * args.scale), round(1_000_000 * args.scale)]
    channels, people = max(5, round(500 * args.scale)), max(50, round(5_000 * args.scale))
    out = BENCH_DIR / "out"
    vendor = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    print(f"Import benchmark on {vendor}, {os.cpu_count()} CPUs (shared: timings are noisy)")
    results = {}
    with tempfile.TemporaryDirectory(dir=out if out.exists() else None) as tmp:
        for messages in sizes:
            export = out / f"slack-{messages}-{channels}-{people}.zip"
            if not export.exists():
                started = time.perf_counter()
                figures = generate(export, messages, channels, people)
                print(
                    f"generated {export.name} in {time.perf_counter() - started:.1f} s: {figures}"
                )
            reference = read_only(export)
            env = fresh_database(Path(tmp), f"import-{messages}")
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(export), "bench"],
                env=env,
                cwd=REPO,
                capture_output=True,
                text=True,
            )
            if proc.returncode:
                print(proc.stderr[-4000:], file=sys.stderr)
                return 2
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            result["reference_s"] = reference
            results[messages] = result

    ok = True
    print()
    for messages, r in results.items():
        print(
            f"{messages:>9,} messages: {r['acts']:,} acts ({r['by_kind']}), "
            f"{r['people']:,} people, {r['recorded']:,} interactions recorded"
        )
        peak_mb = r["peak_bytes"] / MB
        print(
            f"    import (read+check, write):  {r['import_s']:7.1f} s"
            f"  (read+check {r['review_s']:.1f} s; {r['import_s'] / r['reference_s']:.1f}×"
            f" reading the export alone, {r['reference_s']:.1f} s)"
        )
        print(
            f"    peak memory:                 {peak_mb:7.0f} MB  target ≤ {TARGET_PEAK_MB:.0f} MB"
            f"  ({peak_mb / TARGET_PEAK_MB:.2f}× the target)"
            f"  {'PASS' if peak_mb <= TARGET_PEAK_MB else 'FAIL'}"
        )
        print(
            f"    relationships recompute:     {r['recompute_s']:7.1f} s  ({r['pairs']:,} pairs;"
            f" its own peak {r['recompute_peak_bytes'] / MB:.0f} MB)"
        )
        ok &= peak_mb <= TARGET_PEAK_MB
    big = results[sizes[-1]]
    small = results[sizes[0]]
    target = TARGET_IMPORT_S * args.scale
    verdict = "PASS" if big["import_s"] <= target else "FAIL"
    print(
        f"\nimport of {sizes[-1]:,} messages: {big['import_s']:.1f} s, target ≤ {target:.0f} s "
        f"({big['import_s'] / target:.2f}× the target)  {verdict}"
    )
    print(
        f"peak memory {sizes[0]:,} → {sizes[-1]:,} messages: {small['peak_bytes'] / MB:.0f} MB"
        f" → {big['peak_bytes'] / MB:.0f} MB ({big['peak_bytes'] / small['peak_bytes']:.2f}×"
        f" for {sizes[-1] / sizes[0]:.0f}× the input)"
    )
    if vendor == "sqlite":
        print(
            f"    (of which SQLite's page cache while writing, capped at"
            f" {big['sqlite_cache_mb']} MB:"
            " it fills as the ledger outgrows it, then stays; the reader's memory is flat)"
        )
    ok &= big["import_s"] <= target
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
