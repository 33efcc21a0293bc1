"""Campaigns such as International Working Out Loud Week: a theme, dates, a prompt a day.

A campaign's dates are calendar dates with no time zone: each member lives a campaign day on
their own local date (``User.timezone``, UTC when empty), as people around the world do for
WOL Week. Answers are work updates tagged with the campaign (``WorkUpdate.campaign``).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

RUN_PERMISSION = "campaigns.run_campaigns"


class Campaign(models.Model):
    name = models.CharField(max_length=120)
    theme = models.CharField(max_length=200, help_text="The idea the whole campaign explores.")
    description = models.TextField(
        max_length=5000, blank=True, validators=[MaxLengthValidator(5000)], help_text="Markdown."
    )
    description_html = models.TextField(editable=False, default="")
    starts_on = models.DateField(help_text="The first day (a calendar date).")
    ends_on = models.DateField(help_text="The last day, included.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaigns_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="campaign_dates")]
        permissions = [("run_campaigns", "Can run campaigns")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaign_detail", args=[self.pk])

    @property
    def length_days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def day_number(self, day) -> int:
        """1 for the first day of the campaign."""
        return (day - self.starts_on).days + 1


class CampaignDay(models.Model):
    """The prompt for one date of a campaign (at most one per date)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()
    title = models.CharField(max_length=120)
    prompt = models.TextField(max_length=4000, validators=[MaxLengthValidator(4000)])
    prompt_html = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "date"], name="campaign_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.date} {self.title}"

    @property
    def number(self) -> int:
        return self.campaign.day_number(self.date)
