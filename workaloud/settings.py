"""Workaloud settings, read from environment variables with safe defaults.

The embedded default needs nothing but this repository: SQLite in ``var/``.
Production points DATABASE_URL at PostgreSQL and sets SECRET_KEY, ALLOWED_HOSTS.
"""

import os
import re
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("WORKALOUD_DATA_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment; in DEBUG, a key generated once and kept in var/."""
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string, for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` (or set DEBUG=1 "
            "for local development)."
        )
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# When true, anonymous visitors may read community-wide updates, goals and profiles.
COMMUNITY_PUBLIC = env_bool("COMMUNITY_PUBLIC", False)
COMMUNITY_NAME = os.environ.get("COMMUNITY_NAME", "Workaloud")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "huey.contrib.djhuey",
    "ninja",
    "axes",
    "workaloud",
    "workaloud.people",
    "workaloud.goals",
    "workaloud.work",
    "workaloud.responses",
    "workaloud.notifications",
    "workaloud.relationships",
    "workaloud.relationship_lists",
    "workaloud.generosity",
    "workaloud.circles",
    "workaloud.digests",
    "workaloud.campaigns",
    "workaloud.reflection",
    "workaloud.imports",
    "workaloud.introductions",
    "workaloud.search",
    "workaloud.discovery",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "workaloud.middleware.CommunityAccessMiddleware",
    "workaloud.middleware.ApiJsonErrorsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "workaloud.urls"
WSGI_APPLICATION = "workaloud.wsgi.application"
ASGI_APPLICATION = "workaloud.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "workaloud" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workaloud.notifications.context_processors.unread_notifications",
                "workaloud.context_processors.community",
            ],
        },
    },
    {
        # Only for the hottest fragments (feed cards); pages stay in Django's language.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "workaloud.jinja_env.environment", "autoescape": True},
    },
]


def _databases() -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'workaloud.sqlite3'}"
    try:
        db = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL Workaloud can use: {exc}"
        ) from None
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside a writer; IMMEDIATE transactions plus a busy timeout make
        # concurrent writers wait their turn instead of failing with "database is locked".
        # Reads go through memory-mapped I/O (up to 1 GiB of the file), without a system call
        # per page: what searches and feeds that touch many rows spend most on.
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA mmap_size=1073741824;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        db["CONN_MAX_AGE"] = 0 if db["NAME"] == ":memory:" else db["CONN_MAX_AGE"]
    elif db["ENGINE"] not in {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL names {db['ENGINE']}; Workaloud supports sqlite:// and postgres://."
        )
    db["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
    return {"default": db}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "workaloud.people.backends.PermissionsInOneQueryBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login rate limiting: after 5 failures for one username from one address, wait 15 minutes.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL are both on; STARTTLS (usually port 587) and implicit "
        "TLS (usually port 465) exclude each other, so set only one."
    )
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Workaloud <workaloud@localhost>")


def _site_url() -> str:
    """The address links in emails point to, e.g. https://wol.example.org (no trailing /)."""
    raw = os.environ.get("SITE_URL", "").strip()
    if raw and not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", raw):
        raise ImproperlyConfigured(
            f"SITE_URL={raw!r} is not a web address; use one such as https://wol.example.org."
        )
    return raw.rstrip("/")


SITE_URL = _site_url()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

FEED_PAGE_SIZE = 20

# Background jobs: huey. Each app's ``tasks.py`` declares its jobs and schedules. On the
# embedded default the queue is an SQLite file beside the data and `make run` starts a
# consumer; at scale set REDIS_URL and run `manage.py run_huey` as its own service.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL and not re.fullmatch(r"rediss?://\S+", REDIS_URL):
    raise ImproperlyConfigured(
        f"REDIS_URL={REDIS_URL!r} is not a Redis address; use one such as redis://localhost:6379/0."
    )
HUEY = {
    "name": "workaloud",
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "connection": {"url": REDIS_URL} if REDIS_URL else {"filename": str(DATA_DIR / "jobs.sqlite3")},
    "immediate": False,
    "utc": True,
    "consumer": {
        "workers": env_int("JOB_WORKERS", 2),
        "worker_type": "thread",
        "periodic": True,
        "check_worker_health": True,
    },
}

# docs/relationship-model.md: interactions lose half their weight every this many days.
RELATIONSHIP_HALF_LIFE_DAYS = env_int("RELATIONSHIP_HALF_LIFE_DAYS", 90)

# Circle members are reminded of a meeting (in the app and by email) this many hours before it
# starts, by `manage.py send_circle_reminders` run every few minutes.
CIRCLE_REMINDER_HOURS = env_int("CIRCLE_REMINDER_HOURS", 24)
if CIRCLE_REMINDER_HOURS < 1:
    raise ImproperlyConfigured(
        f"CIRCLE_REMINDER_HOURS={CIRCLE_REMINDER_HOURS} must be at least 1 (hours before a "
        "meeting)."
    )
