"""Settings for the test suite: the production settings with a throwaway key and fast hashing."""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from workaloud.settings import *  # noqa: E402,F403

# Argon2 is right for people and needlessly slow for thousands of test logins.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Jobs run at once, in the test's process, on an in-memory queue: a test sees their effect.
HUEY = {**HUEY, "immediate": True}  # noqa: F405
