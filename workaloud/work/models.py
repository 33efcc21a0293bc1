"""Work updates: narrating work in progress, with context and an optional ask for help."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from workaloud.audience import Audience


class Stage(models.TextChoices):
    IDEA = "idea", "Idea"
    IN_PROGRESS = "in_progress", "In progress"
    STUCK = "stuck", "Stuck"
    DONE = "done", "Done"


class AskStatus(models.TextChoices):
    NONE = "none", "No ask"
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class WorkUpdate(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_updates"
    )
    goal = models.ForeignKey(
        "goals.Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="updates"
    )
    body = models.TextField(
        "update", max_length=10000, help_text="Markdown.", validators=[MaxLengthValidator(10000)]
    )
    body_html = models.TextField(editable=False, default="")
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.IN_PROGRESS)
    why_it_matters = models.TextField(
        max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    who_for = models.TextField(
        "who it is for", max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    whats_next = models.TextField(
        "what is next", max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    ask = models.TextField(
        "what would help", max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    ask_status = models.CharField(max_length=10, choices=AskStatus.choices, default=AskStatus.NONE)
    ask_resolved_at = models.DateTimeField(null=True, blank=True)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.COMMUNITY)
    circle = models.ForeignKey(
        "circles.Circle",
        # Deleting a circle never widens an update: with no circle, it is its author's alone.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
        help_text="The circle it is shared with, when the audience is “My circle”.",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
        help_text="The campaign (such as WOL Week) this update answers.",
    )
    campaign_day = models.DateField(
        null=True, blank=True, help_text="The campaign date whose prompt it answers."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="Empty while a draft.")
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(
        null=True, blank=True, help_text="Set by a moderator to hide the update everywhere."
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # Covering for the visibility filter too, so a feed of followed people is read from
            # the index alone, without a table lookup per candidate row.
            models.Index(
                fields=[
                    "author",
                    "-published_at",
                    "-id",
                    "audience",
                    "deleted_at",
                    "hidden_at",
                    "circle",
                ],
                name="update_author_visible",
            ),
            models.Index(fields=["circle", "-published_at", "-id"], name="update_circle_feed"),
            models.Index(fields=["goal", "-published_at", "-id"], name="update_goal_feed"),
            models.Index(fields=["campaign", "-published_at", "-id"], name="update_campaign_feed"),
            models.Index(fields=["-published_at", "-id"], name="update_recent"),
            models.Index(fields=["ask_status", "-published_at"], name="update_asks"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return reverse("update_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @property
    def has_open_ask(self) -> bool:
        return self.ask_status == AskStatus.OPEN


class WorkUpdateRevision(models.Model):
    """The state of an update before an edit, so its history is never lost."""

    update = models.ForeignKey(WorkUpdate, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    stage = models.CharField(max_length=12, choices=Stage.choices)
    why_it_matters = models.TextField(blank=True)
    who_for = models.TextField(blank=True)
    whats_next = models.TextField(blank=True)
    ask = models.TextField(blank=True)
    audience = models.CharField(max_length=12, choices=Audience.choices)
    circle_id_then = models.BigIntegerField(null=True, blank=True)
    goal_id_then = models.BigIntegerField(null=True, blank=True)
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-id"]
