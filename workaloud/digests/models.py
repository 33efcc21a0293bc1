"""Digest emails: one row per person and period, the record that makes each digest go once."""

from django.conf import settings
from django.db import models


class DigestSend(models.Model):
    """The digest of one person for one period (their local week or day).

    The row is written (``SENDING``, with the claiming run's token) before the email is built,
    and the unique constraint on (person, frequency, period_start) is what keeps two runs from
    both sending it; ``workaloud/digests/sending.py`` explains the states and the one crash
    window left.
    """

    class Status(models.TextChoices):
        SENDING = "sending", "Being sent"
        PENDING = "pending", "To retry"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped (nothing to tell)"
        FAILED = "failed", "Given up"

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        DAILY = "daily", "Daily"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_sends"
    )
    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    period_start = models.DateTimeField(help_text="Local midnight that opens the period, in UTC.")
    period_end = models.DateTimeField(help_text="Local midnight that closes it (excluded).")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.SENDING)
    claim = models.CharField(max_length=32, blank=True, help_text="The run holding it.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    items = models.PositiveIntegerField(default=0, help_text="How many items the digest held.")
    message_id = models.CharField(max_length=200, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True, help_text="Sent or skipped at.")

    class Meta:
        ordering = ["-period_start", "person_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "frequency", "period_start"], name="unique_digest_period"
            ),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="digest_send_status")]

    def __str__(self) -> str:
        return f"{self.frequency} digest of {self.person_id} from {self.period_start:%Y-%m-%d}"
