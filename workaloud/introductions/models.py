"""Introductions: one member introduces two others, with a note on why they should meet.

Private to the three of them. When both accept, the introduction enters the interaction
ledger for all three (docs/introductions.md).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models

NOTE_MAX_LENGTH = 500


class Answer(models.TextChoices):
    PENDING = "pending", "Not answered yet"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Introduction(models.Model):
    introducer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introductions_made"
    )
    first = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(
        max_length=NOTE_MAX_LENGTH,
        validators=[MinLengthValidator(3), MaxLengthValidator(NOTE_MAX_LENGTH)],
        help_text="Why they should meet, for example: you both work on onboarding.",
    )
    first_answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.PENDING)
    second_answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    #: When the second of the two accepted: the moment it entered the ledger.
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(first=models.F("second")), name="introduction_two_people"
            ),
            models.CheckConstraint(
                condition=~models.Q(introducer=models.F("first"))
                & ~models.Q(introducer=models.F("second")),
                name="introduction_not_oneself",
            ),
        ]
        indexes = [
            models.Index(fields=["first", "-created_at"], name="introduction_first"),
            models.Index(fields=["second", "-created_at"], name="introduction_second"),
        ]

    def __str__(self) -> str:
        return f"Introduction {self.pk}"

    def involves(self, person) -> bool:
        return person.pk in (self.introducer_id, self.first_id, self.second_id)

    def side_of(self, person) -> str | None:
        """ "first" or "second" for one of the two introduced, None for anyone else."""
        if person.pk == self.first_id:
            return "first"
        if person.pk == self.second_id:
            return "second"
        return None

    def other_than(self, person):
        return self.second if person.pk == self.first_id else self.first

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_declined(self) -> bool:
        return Answer.DECLINED in (self.first_answer, self.second_answer)
