"""Imports: each run of an import, who each source identity is, placeholders, imported text.

What an import records is interactions in the relationships ledger (``Interaction.source`` =
the run's source, e.g. ``slack:acme``); this app keeps what the ledger cannot: the runs and
their reports, the mapping from source identities to people, and (only when the organiser opts
in) message text, readable by its author alone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

RUN_PERMISSION = "imports.run_imports"

name_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]{0,25}\Z",
    "A name is 1–26 lowercase letters, digits, '-' or '_', starting with a letter or digit.",
)


class ImportRun(models.Model):
    """One run of an import: its options, where it is, its counters and its final report."""

    class Status(models.TextChoices):
        READING = "reading", "Reading"
        REVIEW = "review", "Ready for review"
        WRITING = "writing", "Importing"
        RECOMPUTING = "recomputing", "Recomputing relationships"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    name = models.CharField(
        max_length=26,
        validators=[name_validator],
        help_text="Names the source: importing the same export under the same name again "
        "changes nothing.",
    )
    format = models.CharField(max_length=20)
    source = models.CharField(max_length=40, help_text="format:name, as in Interaction.source.")
    path = models.CharField(max_length=500, help_text="The uploaded or given file.")
    original_name = models.CharField(max_length=200, blank=True)
    skip_bad_rows = models.BooleanField(default=False)
    with_text = models.BooleanField(default=False)
    mapping = models.JSONField(default=dict, blank=True, help_text="source id → username")
    include_list_mail = models.BooleanField(
        default=False, help_text="mbox: also count mail sent to mailing lists."
    )
    include_automated_mail = models.BooleanField(
        default=False, help_text="mbox: also count automated mail (auto-replies, bulk mail)."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.READING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Progress, counted as the run goes.
    rows_total = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    people_matched = models.PositiveIntegerField(default=0)
    placeholders = models.PositiveIntegerField(default=0)
    interactions_recorded = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("run_imports", "Can import activity from other tools")]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.REVIEW):
            return 100
        if not self.rows_total:
            return 0
        return min(99, round(100 * self.rows_read / self.rows_total))


class SourceIdentity(models.Model):
    """Who a source's identity is in Workaloud: a member, or a placeholder person."""

    source = models.CharField(max_length=40)
    source_id = models.CharField(max_length=300)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="source_identities"
    )
    name = models.CharField(max_length=200, blank=True)
    username = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)
    matched_by = models.CharField(max_length=20, help_text="email, mapping or placeholder")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="unique_source_identity")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id} → {self.person_id}"


class Placeholder(models.Model):
    """A person known only from imported history: cannot log in (inactive, no password) until
    they claim it through an invitation, or an organiser merges them into a member."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="placeholder"
    )
    source = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    invited_email = models.EmailField(blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"placeholder {self.person_id}"


class ImportedText(models.Model):
    """A message's text, imported only when the organiser opted in. Shown to its author alone
    (once a member), never to anyone else."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imported_texts"
    )
    source = models.CharField(max_length=40)
    source_key = models.CharField(max_length=200)
    occurred_at = models.DateTimeField()
    context = models.CharField(max_length=200, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key", "author"], name="unique_imported_text"
            )
        ]
