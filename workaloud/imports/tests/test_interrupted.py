"""An import killed with SIGKILL half-way, then run again, ends exactly as a clean run does:
real processes (``manage.py import_activity``), a file SQLite database, and PostgreSQL when
the suite runs on it."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[3]
MANAGE = [sys.executable, str(REPO / "manage.py")]

SEED = """
import django
django.setup()
from workaloud.testing.factories import make_person
for i in (3, 6, 9, 12):  # members the import matches by email
    member = make_person(f"member{i}")
    member.email = f"person{i}@example.com"
    member.password = "!seeded"  # no salt: both databases hold the same row
    member.save()
"""

# Every table's rows, without what differs between two runs however right they are: row ids
# (a database's sequences move on with rolled-back inserts), the moments rows were written,
# and the log of the runs themselves (the interrupted run stays in it).
DUMP = """
import json, django
django.setup()
from django.apps import apps
LEAVE_OUT = {"id", "recorded_at", "created_at", "computed_at", "finished_at", "date_joined",
             "last_login", "updated_at"}
state = {}
for model in apps.get_models():
    if model._meta.label == "imports.ImportRun" or model._meta.proxy:
        continue
    rows = [
        json.dumps({k: v for k, v in row.items() if k not in LEAVE_OUT}, sort_keys=True,
                   default=str)
        for row in model.objects.values()
    ]
    state[model._meta.label] = sorted(rows)
print(json.dumps(state))
"""


def generate(path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "imports_generate", REPO / "bench" / "imports_generate.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(path, messages=8_000, channels=12, people=60, seed=3)


class Database:
    """A fresh database for the subprocesses: a SQLite file, or a PostgreSQL database."""

    def __init__(self, vendor: str, tmp_path: Path, label: str, like: Database | None = None):
        """Migrated and seeded, or a copy of ``like`` (much faster than migrating again)."""
        self.vendor = vendor
        if vendor == "sqlite":
            self.path = tmp_path / f"{label}.sqlite3"
            self.url = f"sqlite:///{self.path}"
            if like is not None:
                shutil.copyfile(like.path, self.path)
        else:
            base = urlsplit(os.environ["DATABASE_URL"])
            self.name = f"imports_{label}_{os.getpid()}"
            self.admin = urlunsplit(base._replace(path="/postgres"))
            self.url = urlunsplit(base._replace(path=f"/{self.name}"))
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            template = f' TEMPLATE "{like.name}"' if like is not None else ""
            self._admin(f'CREATE DATABASE "{self.name}"{template}')
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "workaloud.test_settings",
            "SECRET_KEY": "imports-interrupted-test-key-0123456789abcdefghijklmnop",
            "DATABASE_URL": self.url,
            "DEBUG": "0",
            "WORKALOUD_DATA_DIR": str(tmp_path),
        }
        self.env.pop("REDIS_URL", None)
        if like is None:
            self.run([*MANAGE, "migrate", "--noinput"])
            self.run([sys.executable, "-c", SEED])

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as db:
            db.execute(sql)

    def drop(self) -> None:
        if self.vendor != "sqlite":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def run(self, cmd: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(
            cmd, env=self.env, cwd=REPO, check=True, capture_output=True, text=True
        )

    def query(self, sql: str):
        if self.vendor == "sqlite":
            db = sqlite3.connect(self.path, timeout=30)
            try:
                return db.execute(sql).fetchall()
            finally:
                db.close()
        import psycopg

        with psycopg.connect(self.url) as db:
            return db.execute(sql).fetchall()

    def state(self) -> dict:
        return json.loads(self.run([sys.executable, "-c", DUMP]).stdout)


def vendors() -> list[str]:
    return ["sqlite", "postgresql"] if connection.vendor == "postgresql" else ["sqlite"]


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_an_import_killed_half_way_ends_as_a_clean_run_does(vendor, tmp_path):
    if vendor not in vendors():
        pytest.skip("PostgreSQL runs when the suite runs on it (DATABASE_URL=postgres://…)")
    export = tmp_path / "export.zip"
    generate(export)
    command = [
        *MANAGE,
        "import_activity",
        "slack",
        str(export),
        "--name",
        "acme",
        "--batch-size",
        "100",
    ]
    clean = Database(vendor, tmp_path, "clean")
    killed = Database(vendor, tmp_path, "killed", like=clean)
    try:
        clean.run(command)
        total = clean.query("SELECT COUNT(*) FROM relationships_interaction")[0][0]
        assert total > 4_000

        process = subprocess.Popen(
            command, env=killed.env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and process.poll() is None:
                rows = killed.query("SELECT interactions_recorded FROM imports_importrun")
                if rows and rows[0][0] >= 1_000:
                    break
                time.sleep(0.02)
            assert process.poll() is None, "the import finished before it could be killed"
            os.kill(process.pid, signal.SIGKILL)
        finally:
            process.wait()
        assert process.returncode == -signal.SIGKILL
        half = killed.query("SELECT COUNT(*) FROM relationships_interaction")[0][0]
        assert 0 < half < total  # killed half-way, with whole batches committed
        assert killed.query("SELECT status FROM imports_importrun")[0][0] == "writing"

        killed.run(command)
        got, want = killed.state(), clean.state()
        for label in want:
            assert got[label] == want[label], label
        assert got == want
        # And once more: nothing changes.
        killed.run(command)
        assert killed.state() == clean.state()
    finally:
        clean.drop()
        killed.drop()


def test_the_dump_covers_every_table():
    """The comparison above reads every model's table (the run log aside)."""
    from django.apps import apps

    labels = {m._meta.label for m in apps.get_models() if not m._meta.proxy}
    assert {
        "relationships.Interaction",
        "relationships.Relationship",
        "people.User",
        "imports.SourceIdentity",
        "imports.Placeholder",
    } <= labels
    assert settings.BASE_DIR
