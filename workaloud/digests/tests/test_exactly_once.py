"""Exactly one email per person and period with real processes: a file SQLite database, a real
SMTP server, ``manage.py send_digests`` run twice at once, and a run killed with SIGKILL
half-way and run again."""

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from workaloud.testing.smtp import SITE, Inbox, free_port

REPO = Path(__file__).resolve().parents[3]
PEOPLE = 24

SEED = f"""
import datetime as dt
import django
django.setup()
from django.utils import timezone
from workaloud.people.services import follow
from workaloud.testing.factories import make_person, make_update
from workaloud.work.models import WorkUpdate
author = make_person("author", display_name="The Author")
zones = ["", "Europe/Berlin", "Asia/Tokyo"]
for i in range({PEOPLE}):
    follow(make_person(f"reader{{i:02d}}", timezone=zones[i % 3]), author)
make_update(author, body="Work everyone follows.", ask="Who has tried this before?")
# Everything happened last week: last week's digests are due now.
WorkUpdate.objects.update(published_at=timezone.now() - dt.timedelta(days=7))
from workaloud.notifications.models import Notification
Notification.objects.update(created_at=timezone.now() - dt.timedelta(days=7))
"""


class SlowInbox(Inbox):
    """Takes a moment before answering each message: a run is easy to catch mid-way, and a kill
    lands while the server holds a message whose answer the sender has not read yet."""

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(0.1)
        return reply


@pytest.fixture
def site(tmp_path):
    inbox = SlowInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    db = tmp_path / "digests.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workaloud.test_settings",
        "SECRET_KEY": "digest-crash-test-secret-key-0123456789abcdefghijklmnop",
        "DATABASE_URL": f"sqlite:///{db}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(controller.port),
        "DEFAULT_FROM_EMAIL": "digest@wol.example.org",
        "SITE_URL": SITE,
        "DEBUG": "0",
    }
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(REPO / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "--noinput"], env=env, cwd=REPO, check=True, capture_output=True
    )
    subprocess.run([sys.executable, "-c", SEED], env=env, cwd=REPO, check=True, capture_output=True)
    yield inbox, env, manage, db
    controller.stop()


def send(env, manage):
    return subprocess.Popen(
        [*manage, "send_digests", "--batch-size", "5"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def rows(db) -> Counter:
    with sqlite3.connect(db) as conn:
        return Counter(s for (s,) in conn.execute("SELECT status FROM digests_digestsend"))


def assert_one_each(inbox, db):
    counts = Counter(rcpt[0] for rcpt, _ in inbox.messages)
    assert set(counts.values()) == {1}, counts.most_common(3)
    expected = {f"reader{i:02d}@example.org" for i in range(PEOPLE)} | {"author@example.org"}
    assert set(counts) == expected
    assert rows(db) == Counter({"sent": PEOPLE + 1})


def test_two_runs_at_once_send_one_email_each(site):
    inbox, env, manage, db = site
    first, second = send(env, manage), send(env, manage)
    outs = [p.communicate(timeout=120) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outs
    assert_one_each(inbox, db)
    sent = sorted(int(out.split(" sent")[0].split()[-1]) for out, _ in outs)
    assert sum(sent) == PEOPLE + 1  # the two runs shared the work between them


def test_a_run_killed_half_way_then_run_again(site):
    inbox, env, manage, db = site
    run = send(env, manage)
    deadline = time.monotonic() + 60
    while len(inbox.messages) < 6 and time.monotonic() < deadline:
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)  # the server holds message 6 and has not answered yet
    run.wait(timeout=30)
    delivered = len(inbox.messages)
    assert 6 <= delivered < PEOPLE + 1
    state = rows(db)
    assert state["sent"] == delivered and state["sending"] > 0  # the dead run's claims remain
    held = state["sending"]
    # The next run sends everyone the dead run had not claimed, and leaves its claims alone
    # until their lease has passed …
    again = send(env, manage)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert len(inbox.messages) == PEOPLE + 1 - held
    assert set(Counter(rcpt[0] for rcpt, _ in inbox.messages).values()) == {1}
    assert rows(db)["sending"] == held
    # … then takes them over (as if 15 minutes had passed) and sends the rest, once.
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE digests_digestsend SET claimed_at = '2000-01-01 00:00:00'")
    last = send(env, manage)
    out, err = last.communicate(timeout=120)
    assert last.returncode == 0, err
    assert_one_each(inbox, db)
    final = send(env, manage)
    assert final.communicate(timeout=120)[0].startswith("Digests: 0 sent, 0 skipped")
    assert_one_each(inbox, db)
