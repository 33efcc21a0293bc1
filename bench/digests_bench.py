"""Digest benchmark: build and "send" the weekly digests of a whole community.

    .venv/bin/python bench/digests_bench.py               # 10,000 people, 1M updates
    .venv/bin/python bench/digests_bench.py --scale 0.1   # 1,000 people: a quick run

The targets (from the issue): building the weekly digests for 10,000 people, each following
~200, with 1,000,000 updates in the period window, takes at most 5 minutes on this machine,
with memory that does not grow with the number of people: the peak resident memory is printed
for a tenth of the people (1,000 at scale 1) and for everyone, in the same run, with the ratio.

Each pass runs the real service, ``digests.sending.send_due_digests`` at the moment the
generated week has ended everywhere: it claims a ``DigestSend`` row per person, builds every
digest (content and both parts rendered), and hands each message to an email backend that
serialises it to MIME bytes and throws it away (no SMTP server). The rows are deleted before
and after each pass, so the cached database stays as generated.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.digests_generate import NOW, configure, prepare  # noqa: E402

TIME_TARGET_S = 300.0
MEMORY_RATIO_TARGET = 1.25


class SerializingBackend:
    """An email backend that does the CPU work of sending (the MIME message as bytes) and
    keeps nothing but a count."""

    messages = 0
    bytes = 0

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return False

    def close(self):
        pass

    def send_messages(self, messages):
        for message in messages:
            SerializingBackend.bytes += len(message.message().as_bytes(linesep="\r\n"))
            SerializingBackend.messages += 1
        return len(messages)


def rss_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class PeakSampler:
    """The peak resident memory during a block, sampled every 20 ms (the kernel's own
    high-water mark, VmHWM, is reset first where the kernel allows it, and read too)."""

    def __enter__(self):
        try:
            Path("/proc/self/clear_refs").write_text("5")
            self.hwm_reset = True
        except OSError:
            self.hwm_reset = False
        self.start = rss_kib()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, rss_kib())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_kib())
        if self.hwm_reset:
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        self.peak = max(self.peak, int(line.split()[1]))


def one_pass(label: str, person_ids, batch_size: int) -> dict:
    from django.db import connection, reset_queries

    from workaloud.digests.models import DigestSend
    from workaloud.digests.sending import send_due_digests

    DigestSend.objects.all().delete()
    SerializingBackend.messages = SerializingBackend.bytes = 0
    reset_queries()
    with PeakSampler() as memory:
        started = time.perf_counter()
        cpu = time.process_time()
        run = send_due_digests(
            NOW, site_url="https://wol.example.org", batch_size=batch_size, person_ids=person_ids
        )
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
    built = run.sent + run.skipped
    DigestSend.objects.all().delete()
    connection.close()
    result = {
        "label": label,
        "people": built,
        "sent": run.sent,
        "skipped": run.skipped,
        "failed": run.failed,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "digests_per_second": round(built / seconds, 1) if seconds else None,
        "peak_rss_mib": round(memory.peak / 1024, 1),
        "rss_before_mib": round(memory.start / 1024, 1),
        "mean_email_kib": round(SerializingBackend.bytes / max(1, run.sent) / 1024, 1),
    }
    print(
        f"  {label}: {built:,} digests ({run.sent:,} sent, {run.skipped:,} empty, "
        f"{run.failed} failed) in {seconds:.1f} s (CPU {cpu:.1f} s), "
        f"{result['digests_per_second']:,} digests/s; peak RSS {result['peak_rss_mib']} MiB "
        f"(before: {result['rss_before_mib']} MiB); mean email {result['mean_email_kib']} KiB",
        flush=True,
    )
    return result


def spawn_pass(args, people: int) -> dict:
    import subprocess

    out = subprocess.run(
        [sys.executable, __file__, "--scale", str(args.scale), "--batch-size",
         str(args.batch_size), "--only", str(people)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    lines = out.stdout.strip().splitlines()
    print("\n".join(lines[:-1]), flush=True)
    return json.loads(lines[-1])


def child_pass(args) -> int:
    """One pass in this process: the first ``--only`` people, or everyone with 0."""
    configure(args.scale)
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = f"{__name__}.SerializingBackend"
    settings.DEBUG = False
    n = args.only
    label = f"{n:,} people" if n else "everyone"
    result = one_pass(label, list(range(1, n + 1)) if n else None, args.batch_size)
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                result["process_peak_mib"] = round(int(line.split()[1]) / 1024, 1)
    print(json.dumps(result))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 10k people, 1M updates")
    parser.add_argument("--force", action="store_true", help="regenerate the community")
    parser.add_argument("--batch-size", type=int, default=200, help="people built together")
    parser.add_argument("--only", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.only is not None:
        return child_pass(args)
    try:
        sizes = prepare(args.scale, force=args.force)
    except Exception as exc:  # the benchmark could not run
        print(f"Could not prepare the community: {exc}", file=sys.stderr)
        return 2
    from django.db import connection

    vendor = connection.vendor
    n = sizes["people"]
    small = max(n // 10, 1)
    print(
        f"Digest benchmark on {vendor}: {n:,} people following {sizes['follows_each']} each, "
        f"{sizes['updates']:,} updates in the week; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    # Each pass in a fresh process (whose peak memory is its own, not the generator's): the
    # first tenth of the people (every zone, as ids take turns across zones), then everyone.
    first = spawn_pass(args, small)
    everyone = spawn_pass(args, 0)
    ratio = everyone["process_peak_mib"] / first["process_peak_mib"]
    verdicts = {
        "time": everyone["seconds"] <= TIME_TARGET_S,
        "memory": ratio <= MEMORY_RATIO_TARGET,
        "complete": everyone["people"] == n and everyone["failed"] == 0,
    }
    print(
        f"\n  all {n:,} digests built in {everyone['seconds']:.1f} s "
        f"(target ≤ {TIME_TARGET_S:.0f} s): {'PASS' if verdicts['time'] else 'FAIL'}"
    )
    print(
        f"  peak memory (the pass's whole process) {first['process_peak_mib']} MiB at "
        f"{small:,} people, {everyone['process_peak_mib']} MiB at {n:,}: ratio {ratio:.2f} "
        f"(target ≤ {MEMORY_RATIO_TARGET}): {'PASS' if verdicts['memory'] else 'FAIL'}"
    )
    print(f"  {everyone['digests_per_second']:,} digests per second")
    print(f"  load average after: {os.getloadavg()[0]:.2f}")
    out = BENCH_DIR / "out" / f"digests-results-{vendor}-{args.scale:g}.json"
    out.write_text(
        json.dumps(
            {
                "sizes": sizes,
                "machine": platform.platform(),
                "passes": [first, everyone],
                "memory_ratio": round(ratio, 3),
                "verdicts": verdicts,
            },
            indent=2,
        )
    )
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
