"""Security basics: password hashing, CSRF, login rate limiting, production settings, SQLite
concurrency."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections
from django.test import Client

from workaloud.people.models import Follow, User
from workaloud.testing.factories import PASSWORD
from workaloud.work.models import WorkUpdate

REPO = Path(__file__).resolve().parents[2]
ON_SQLITE = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"

# --- passwords ----------------------------------------------------------------------------


def test_production_settings_hash_passwords_with_argon2():
    import workaloud.settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    from django.contrib.auth.hashers import Argon2PasswordHasher

    encoded = Argon2PasswordHasher().encode("s3cret pass", Argon2PasswordHasher().salt())
    assert encoded.startswith("argon2$argon2id$")  # the argon2 library is installed and works
    assert Argon2PasswordHasher().verify("s3cret pass", encoded)


def test_production_settings_validate_passwords():
    import workaloud.settings as production

    names = {v["NAME"].rsplit(".", 1)[-1] for v in production.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator"} <= names


# --- CSRF ---------------------------------------------------------------------------------


@pytest.fixture
def csrf_client(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client


@pytest.mark.parametrize(
    "url, data",
    [
        ("/updates/new/", {"body": "forged", "stage": "idea", "audience": "community"}),
        ("/goals/new/", {"title": "forged", "status": "active", "audience": "community"}),
        ("/people/bob/follow/", {}),
        ("/settings/", {"display_name": "forged"}),
        ("/notifications/read/", {}),
    ],
)
def test_form_posts_without_csrf_token_are_refused(csrf_client, bob, url, data):
    response = csrf_client.post(url, data)
    assert response.status_code == 403
    assert not WorkUpdate.objects.exists()
    assert not Follow.objects.exists()
    assert User.objects.get(username="alice").display_name == "Alice Archer"


def test_form_post_with_the_csrf_token_goes_through(csrf_client, bob):
    csrf_client.get(f"/people/{bob.username}/")
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(f"/people/{bob.username}/follow/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Follow.objects.filter(follower__username="alice", followed=bob).exists()


def test_login_form_needs_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


# --- login rate limiting ------------------------------------------------------------------


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_right_password_logs_in(alice):
    client = Client()
    response = login(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_five_wrong_passwords_lock_the_login(alice, bob):
    client = Client()
    for _ in range(4):
        response = login(client, "alice", "wrong password")
        assert response.status_code == 200  # the form again, with its error
        assert "username and password didn't match" in response.content.decode()
    response = login(client, "alice", "wrong password")
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()

    # Now even the right password is refused, and nobody is logged in.
    response = login(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session

    # Another member logging in from the same address is not affected.
    other = Client()
    assert login(other, "bob", PASSWORD).status_code == 302


# --- production settings ------------------------------------------------------------------


def run_settings(tmp_path, code: str, **env) -> subprocess.CompletedProcess:
    """Import the production settings module in a fresh interpreter with exactly ``env``."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}
    }
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.update(WORKALOUD_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


PRINT_COOKIES = (
    "import json, workaloud.settings as s; "
    "print(json.dumps([s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]))"
)


def test_cookies_are_secure_when_debug_is_off(tmp_path):
    result = run_settings(tmp_path, PRINT_COOKIES, DEBUG="0", SECRET_KEY="x")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [False, True, True]


def test_cookies_are_secure_by_default(tmp_path):
    """DEBUG unset means production."""
    result = run_settings(tmp_path, PRINT_COOKIES, SECRET_KEY="x")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [False, True, True]


def test_debug_allows_plain_http_cookies(tmp_path):
    code = (
        "import json; from django.conf import global_settings as g; "
        "import workaloud.settings as s; "
        "print(json.dumps([s.DEBUG, getattr(s, 'SESSION_COOKIE_SECURE', g.SESSION_COOKIE_SECURE)]))"
    )
    result = run_settings(tmp_path, code, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, False]


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DEBUG": "maybe", "SECRET_KEY": "x"}, "DEBUG='maybe' is not a boolean; use 1/0"),
        (
            {"DEBUG": "0", "SECRET_KEY": "x", "DATABASE_URL": "mysql://u:p@db.example.org/wal"},
            "Workaloud supports sqlite:// and postgres://",
        ),
        ({"DEBUG": "0"}, "SECRET_KEY is not set."),
        ({"DEBUG": "0", "SECRET_KEY": ""}, "SECRET_KEY is not set."),
        (
            {"SECRET_KEY": "x", "DB_CONN_MAX_AGE": "forever"},
            "DB_CONN_MAX_AGE='forever' is not a whole",
        ),
        ({"SECRET_KEY": "x", "COMMUNITY_PUBLIC": "sometimes"}, "COMMUNITY_PUBLIC='sometimes'"),
        ({"SECRET_KEY": "x", "DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"SECRET_KEY": "x", "SITE_URL": "wol.example.org"}, "SITE_URL='wol.example.org' is not"),
        ({"SECRET_KEY": "x", "EMAIL_PORT": "smtp"}, "EMAIL_PORT='smtp' is not a whole number"),
        (
            {"SECRET_KEY": "x", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"},
            "EMAIL_USE_TLS and EMAIL_USE_SSL are both on",
        ),
        ({"SECRET_KEY": "x", "CIRCLE_REMINDER_HOURS": "0"}, "CIRCLE_REMINDER_HOURS=0 must be"),
        ({"SECRET_KEY": "x", "REDIS_URL": "localhost:6379"}, "REDIS_URL='localhost:6379' is not"),
    ],
)
def test_settings_errors_say_what_to_do(tmp_path, env, message):
    result = run_settings(tmp_path, "import workaloud.settings", **env)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert message in result.stderr, result.stderr


# --- SQLite: WAL mode and concurrent writers ----------------------------------------------

THREADS, WRITES = 4, 25


def hammer(people: list, errors: list) -> None:
    """THREADS threads, each following WRITES people and sharing WRITES updates through the
    services at the same time; every error is collected."""
    from workaloud.people.services import follow
    from workaloud.work.services import create_update

    start = threading.Barrier(THREADS)

    def work(n: int) -> None:
        me = people[n]
        others = [p for p in people if p.pk != me.pk]
        try:
            start.wait()
            for i in range(WRITES):
                follow(me, others[i])
                create_update(me, body=f"update {i} from thread {n}, cc @{others[i].username}")
        except Exception as exc:  # noqa: BLE001 - every failure is the finding
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


CONCURRENCY_SCRIPT = """
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "workaloud.settings"
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
from workaloud.people.models import Follow, User
from workaloud.work.models import WorkUpdate
from workaloud.tests.test_security import THREADS, WRITES, hammer
people = [User.objects.create(username=f"p{{n}}") for n in range({people})]
connection.close()
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
errors = []
hammer(people, errors)
print(json.dumps({{"journal_mode": mode, "errors": errors,
                  "follows": Follow.objects.count(), "updates": WorkUpdate.objects.count()}}))
"""


@pytest.mark.skipif(
    not ON_SQLITE, reason="WAL is SQLite's; PostgreSQL runs the threaded test below"
)
def test_sqlite_runs_in_wal_mode_and_concurrent_writers_wait_their_turn(tmp_path):
    """The production settings on a real SQLite file (the test database is in memory, where
    WAL does not apply): WAL, and four threads writing at once never hit "database is locked".
    """
    people = WRITES + 1
    result = run_settings(
        tmp_path, CONCURRENCY_SCRIPT.format(people=people), DEBUG="0", SECRET_KEY="x"
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["journal_mode"] == "wal"
    assert outcome["errors"] == []
    assert outcome["follows"] == THREADS * WRITES
    assert outcome["updates"] == THREADS * WRITES


@pytest.mark.skipif(ON_SQLITE, reason="SQLite is tested against a file database above")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql():
    people = [User.objects.create(username=f"p{n}") for n in range(WRITES + 1)]
    errors: list = []
    hammer(people, errors)
    assert errors == []
    assert Follow.objects.count() == THREADS * WRITES
    assert WorkUpdate.objects.count() == THREADS * WRITES


@pytest.mark.skipif(not ON_SQLITE, reason="PRAGMA journal_mode is SQLite's")
def test_sqlite_connections_ask_for_wal(db):
    """Every connection the settings open asks for WAL (in-memory test databases answer
    'memory', so the file check above is the real one)."""
    options = django_settings.DATABASES["default"]["OPTIONS"]
    assert "PRAGMA journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] in ("wal", "memory")
