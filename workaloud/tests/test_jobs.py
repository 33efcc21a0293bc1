"""Background jobs: what is scheduled when, and a real consumer running a queued job.

The suite runs jobs immediately, in-process (test_settings); the last test runs the real
thing as `make run` does: a queue in an SQLite file and `manage.py run_huey` in its own process.
"""

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from huey.contrib.djhuey import HUEY

from workaloud.circles.tasks import remind_and_finish_circles
from workaloud.relationships.tasks import rebuild_relationships

ROOT = Path(__file__).resolve().parents[2]


def test_the_periodic_jobs_are_registered():
    periodic = {f"{task.__module__}.{task.__name__}" for task in HUEY._registry._periodic_tasks}
    assert {
        "workaloud.circles.tasks.remind_and_finish_circles",
        "workaloud.relationships.tasks.rebuild_relationships",
    } <= periodic


@pytest.mark.parametrize(
    "job, due, not_due",
    [
        (
            remind_and_finish_circles,
            [dt.datetime(2026, 3, 2, 9, 0), dt.datetime(2026, 3, 2, 9, 55)],
            [dt.datetime(2026, 3, 2, 9, 1), dt.datetime(2026, 3, 2, 9, 58)],
        ),
        (
            rebuild_relationships,
            [dt.datetime(2026, 3, 2, 3, 15)],
            [dt.datetime(2026, 3, 2, 3, 0), dt.datetime(2026, 3, 2, 15, 15)],
        ),
    ],
)
def test_each_job_runs_on_its_schedule(job, due, not_due):
    task = job.task_class()
    assert all(task.validate_datetime(moment) for moment in due)
    assert not any(task.validate_datetime(moment) for moment in not_due)


def _run(code: str, env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


REDIS_FOR_TESTS = "redis://127.0.0.1:6379/15"


def _redis_or_skip() -> str:
    import redis

    client = redis.Redis.from_url(REDIS_FOR_TESTS)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    client.flushdb()
    return REDIS_FOR_TESTS


@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_a_consumer_runs_a_job_another_process_queued(tmp_path, queue):
    """A job queued by one process is run by a consumer: on the embedded default's SQLite
    queue (as `make run` does) and on Redis (as at scale)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workaloud.settings",
        "DEBUG": "1",
        "WORKALOUD_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    if queue == "redis":
        env["REDIS_URL"] = _redis_or_skip()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    _run(
        "from workaloud.people.models import User\n"
        "from workaloud.people.services import follow\n"
        "from workaloud.relationships.models import Relationship\n"
        "a = User.objects.create(username='ada'); b = User.objects.create(username='bo')\n"
        "follow(a, b)\n"
        "Relationship.objects.all().delete()\n"
        "from workaloud.relationships.tasks import rebuild_relationships\n"
        "rebuild_relationships()\n",
        env,
    )
    assert (tmp_path / "jobs.sqlite3").exists() == (queue == "sqlite")
    database = sqlite3.connect(tmp_path / "db.sqlite3")
    pairs = "SELECT COUNT(*) FROM relationships_relationship"
    assert database.execute(pairs).fetchone()[0] == 0  # queued, not run
    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--quiet", "--no-periodic"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while database.execute(pairs).fetchone()[0] == 0:
            assert consumer.poll() is None, consumer.stderr.read().decode()
            assert time.monotonic() < deadline, "the consumer did not run the job"
            time.sleep(0.2)
    finally:
        consumer.terminate()
        consumer.wait(timeout=30)
    assert database.execute(pairs).fetchone()[0] == 1
