"""People: members of the community, who follows whom, and personal API tokens."""

import functools
import hashlib
import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.urls import reverse

USERNAME_PATTERN = r"[A-Za-z0-9_][A-Za-z0-9_.-]{1,29}"

username_validator = RegexValidator(
    rf"^{USERNAME_PATTERN}\Z",
    "A username is 2–30 letters, digits, '_', '.' or '-', so that @mentions find you.",
)


@functools.cache
def known_timezones() -> frozenset[str]:
    """IANA zone names; read once, as listing them scans the tz database on disk."""
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value and value not in known_timezones():
        raise ValidationError(
            f"“{value}” is not a known time zone; use a name such as Europe/Berlin."
        )


class User(AbstractUser):
    """A member. Profile fields live here: one row per person, no join on every page."""

    username = models.CharField(
        "username",
        max_length=30,
        unique=True,
        validators=[username_validator],
        help_text="2–30 letters, digits, '_', '.' or '-'. Others mention you as @username.",
        error_messages={"unique": "That username is taken."},
    )
    display_name = models.CharField(max_length=80, blank=True)
    bio = models.CharField("short bio", max_length=300, blank=True)
    team = models.CharField(max_length=80, blank=True)
    department = models.CharField(
        max_length=80, blank=True, help_text="The wider group your team belongs to, if any."
    )
    location = models.CharField(max_length=80, blank=True)
    timezone = models.CharField(max_length=64, blank=True, validators=[validate_timezone])
    languages = models.CharField(
        max_length=120, blank=True, help_text="Comma-separated, for example: English, Deutsch"
    )
    purpose = models.TextField(
        "purpose statement",
        max_length=1000,
        blank=True,
        help_text="What your work is for, and for whom.",
        validators=[MaxLengthValidator(1000)],
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("profile", args=[self.username])

    @property
    def language_list(self) -> list[str]:
        return [lang.strip() for lang in self.languages.split(",") if lang.strip()]


class Follow(models.Model):
    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following")
    followed = models.ForeignKey(User, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="unique_follow"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followed")), name="no_self_follow"
            ),
        ]
        indexes = [models.Index(fields=["followed", "follower"])]


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored; the raw token is shown once."""

    PREFIX = "wal_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The first characters, to recognise it.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
