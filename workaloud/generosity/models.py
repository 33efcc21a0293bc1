"""Generosity: saying thanks for something that helped. The ledger itself is
``workaloud.relationships.models.Interaction``; docs/generosity.md describes both."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

NOTE_MAX_LENGTH = 280
ALREADY_THANKED = "You have already thanked them for this."


class Thanks(models.Model):
    """One person's thanks to another for a response, or for a work update (their shared work
    helped). Private to the two of them. ``update`` is always set: the update thanked, or the
    one the response is on, so the thanks leaves every page with it."""

    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thanks_given"
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thanks_received"
    )
    update = models.ForeignKey("work.WorkUpdate", on_delete=models.CASCADE, related_name="thanks")
    response = models.ForeignKey(
        "responses.Response",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="thanks",
        help_text="The response thanked; empty when the update itself is thanked.",
    )
    note = models.CharField(
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
        help_text="Optional: what helped.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "thanks"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["giver", "response"],
                condition=models.Q(response__isnull=False),
                name="unique_thanks_for_response",
                violation_error_message=ALREADY_THANKED,
            ),
            models.UniqueConstraint(
                fields=["giver", "update"],
                condition=models.Q(response__isnull=True),
                name="unique_thanks_for_update",
                violation_error_message=ALREADY_THANKED,
            ),
            models.CheckConstraint(
                condition=~models.Q(giver=models.F("receiver")), name="no_self_thanks"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver_id} thanked {self.receiver_id}"
