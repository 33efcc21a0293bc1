"""Goals: short, 12-week sized aims that work updates belong to, and who follows them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from workaloud.audience import GoalAudience

GOAL_TITLE_MAX_WORDS = 25


def validate_goal_title(value: str) -> None:
    words = len(value.split())
    if words > GOAL_TITLE_MAX_WORDS:
        raise ValidationError(
            f"A goal title is at most {GOAL_TITLE_MAX_WORDS} words; this one has {words}. "
            "Keep it short and put the detail in “why it matters”."
        )


class Goal(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(max_length=200, validators=[validate_goal_title])
    why = models.TextField(
        "why it matters", max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    audience = models.CharField(
        max_length=12, choices=GoalAudience.choices, default=GoalAudience.COMMUNITY
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goal_detail", args=[self.pk])


class GoalFollow(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goal_follows"
    )
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "goal"], name="unique_goal_follow")
        ]
