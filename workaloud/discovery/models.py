"""Discovery: each person's stored profile vectors, dismissed suggestions, and "ask them"."""

from django.conf import settings
from django.db import models


class Profile(models.Model):
    """One person's profile as the text methods see it, refreshed in the background when their
    text changes (``tasks.refresh_profiles``). Built from community-wide items only."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discovery_profile"
    )
    text_hash = models.CharField(max_length=32, default="")
    length = models.PositiveIntegerField(default=0, help_text="The profile's length in terms.")
    lexical = models.BinaryField(default=b"", help_text="BM25 terms: (hash, count) pairs.")
    embedding = models.BinaryField(
        null=True,
        blank=True,
        help_text="384 float32s, when the embedding method is the one configured.",
    )
    helped = models.PositiveIntegerField(
        default=0, help_text="Other people's asks this person responded to or was credited on."
    )
    updated_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"profile of {self.person_id}"


class Dismissal(models.Model):
    """“Not now”: a person I do not want suggested again, or an ask I will not help with."""

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discovery_dismissals"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    update = models.ForeignKey(
        "work.WorkUpdate", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["viewer", "person"], name="dismiss_person_once"),
            models.UniqueConstraint(fields=["viewer", "update"], name="dismiss_ask_once"),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, update__isnull=True)
                | models.Q(person__isnull=True, update__isnull=False),
                name="dismiss_one_thing",
            ),
        ]


class HelpRequest(models.Model):
    """An ask's author asked one person to help with it (“ask them”). Open requests count as
    that person's load: the rankings prefer people who are not already asked a lot."""

    update = models.ForeignKey(
        "work.WorkUpdate", on_delete=models.CASCADE, related_name="help_requests"
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_requests"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["update", "helper"], name="ask_them_once"),
        ]
        indexes = [models.Index(fields=["helper", "created_at"], name="help_request_load")]
