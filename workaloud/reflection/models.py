"""Reflection: each person's rhythm for prompts, what they did with each period's prompt, and
their private journal.

A journal entry belongs to its owner alone: no feed, search, profile, notification, admin
screen or anyone else's API answer ever shows it. Related names are hidden (``"+"``) so that
nothing reaches an entry from the person's side by accident.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

ENTRY_MAX = 20000
PROMPT_KEY_MAX = 40
PROMPT_TEXT_MAX = 300


class Rhythm(models.TextChoices):
    """How often a person gets a new reflection prompt."""

    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    OFF = "off", "Off"


DEFAULT_RHYTHM = Rhythm.WEEKLY


class ReflectionSettings(models.Model):
    """A person's reflection rhythm; without a row, the rhythm is weekly."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    rhythm = models.CharField(max_length=12, choices=Rhythm.choices, default=DEFAULT_RHYTHM)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "reflection settings"
        verbose_name_plural = "reflection settings"

    def __str__(self) -> str:
        return f"Reflection settings of user {self.person_id}"


class PromptAction(models.TextChoices):
    JOURNAL = "journal", "Answered in the journal"
    SHARED = "shared", "Shared as an update"
    DISMISSED = "dismissed", "Not now"


class PromptMark(models.Model):
    """What a person did with a prompt in one period (the period's first day in their zone):
    answered it privately, shared it, or put it aside for now. One row per prompt and period;
    answering after "Not now" turns the row into an answer."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    prompt_key = models.CharField(max_length=PROMPT_KEY_MAX)
    period_start = models.DateField()
    action = models.CharField(max_length=10, choices=PromptAction.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "period_start", "prompt_key"], name="reflection_mark_once"
            )
        ]
        indexes = [models.Index(fields=["person", "period_start"], name="reflection_mark_period")]

    def __str__(self) -> str:
        return f"Prompt mark {self.pk}"


class JournalEntry(models.Model):
    """One dated entry of a person's private journal, in Markdown, optionally answering a
    prompt (its key and, so that the entry reads the same if the prompt is ever retired, the
    prompt's wording at the time)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    written_on = models.DateField("date")
    text = models.TextField(max_length=ENTRY_MAX, validators=[MaxLengthValidator(ENTRY_MAX)])
    prompt_key = models.CharField(max_length=PROMPT_KEY_MAX, blank=True)
    prompt_text = models.CharField(max_length=PROMPT_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-written_on", "-created_at", "-id"]
        verbose_name_plural = "journal entries"
        indexes = [models.Index(fields=["owner", "-written_on"], name="journal_owner_date")]

    def __str__(self) -> str:
        return f"Journal entry {self.pk}"  # the content is private, even in logs
