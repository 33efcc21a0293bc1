"""Settings for the benchmark: production settings pointed at the generated community.

The database is ``DATABASE_URL`` when set (PostgreSQL), otherwise the SQLite file named by
``BENCH_SQLITE_PATH`` (set by bench/generate.py and bench/feed_bench.py from ``--scale``).
"""

import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")
os.environ["DEBUG"] = "0"

from workaloud.settings import *  # noqa: E402,F403
from workaloud.settings import _databases  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["testserver"]
ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
# Plain static storage: the compressed manifest needs collectstatic, which the bench skips.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# The benchmark logs in with force_login; keep a cheap hasher for the one password it sets.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]

if not os.environ.get("DATABASE_URL"):
    _path = os.environ.get("BENCH_SQLITE_PATH") or str(BENCH_DIR / "out" / "community-1.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{_path}"
    DATABASES = _databases()
    del os.environ["DATABASE_URL"]
else:
    DATABASES = _databases()
# One persistent connection for the whole run, as a long-lived worker process has.
DATABASES["default"]["CONN_MAX_AGE"] = None
