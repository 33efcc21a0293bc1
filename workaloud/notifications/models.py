"""In-app notifications."""

from django.conf import settings
from django.db import models


class NotificationKind(models.TextChoices):
    RESPONSE = "response", "responded to your update"
    REPLY = "reply", "replied to your response"
    MENTION = "mention", "mentioned you"
    FOLLOW = "follow", "started following you"
    GOAL_FOLLOW = "goal_follow", "started following your goal"
    OFFER_OF_HELP = "offer_of_help", "offered help"
    CREDITED = "credited", "credited you with helping"
    THANKS = "thanks", "thanked you"
    CIRCLE_FORMED = "circle_formed", "placed you in a circle"
    CIRCLE_JOINED = "circle_joined", "joined your circle"
    MEETING_REMINDER = "meeting_soon", "reminds you: your circle meets soon"
    WORK_OUT_LOUD_REMINDER = "wol_reminder", "reminds you: your time to work out loud"
    INTRODUCTION = "introduction", "introduced you to someone"
    INTRODUCTION_ACCEPTED = "intro_accepted", "accepted an introduction"
    HELP_ASKED = "help_asked", "asked whether you could help with their ask"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    update = models.ForeignKey("work.WorkUpdate", on_delete=models.CASCADE, null=True, blank=True)
    response = models.ForeignKey(
        "responses.Response", on_delete=models.CASCADE, null=True, blank=True
    )
    goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE, null=True, blank=True)
    circle = models.ForeignKey("circles.Circle", on_delete=models.CASCADE, null=True, blank=True)
    introduction = models.ForeignKey(
        "introductions.Introduction", on_delete=models.CASCADE, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox")
        ]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DigestFrequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    DAILY = "daily", "Daily"
    OFF = "off", "Off"


class Delivery(models.TextChoices):
    NOW = "now", "By email at once"
    DIGEST = "digest", "In my digest"
    OFF = "off", "Not by email"


class EmailPreferences(models.Model):
    """How one person wants to hear from the community by email, and their weekly time to work
    out loud ("pay yourself first"). No row means the defaults."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="email_preferences",
    )
    digest_frequency = models.CharField(
        max_length=8, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    #: Monday is 0, as in Python; both empty when the person wants no reminder.
    reminder_weekday = models.PositiveSmallIntegerField(null=True, blank=True)
    #: The time of day in the person's own zone.
    reminder_time = models.TimeField(null=True, blank=True)
    #: When the reminder time was last set: an occurrence before it is never reminded.
    reminder_set_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reminder_weekday__isnull=True)
                | models.Q(reminder_weekday__lte=6),
                name="email_prefs_weekday_0_6",
            ),
            models.CheckConstraint(
                condition=models.Q(reminder_weekday__isnull=True, reminder_time__isnull=True)
                | models.Q(reminder_weekday__isnull=False, reminder_time__isnull=False),
                name="email_prefs_reminder_whole",
            ),
        ]


class KindDelivery(models.Model):
    """A person's choice for one kind of notification; no row means the kind's default."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kind_deliveries"
    )
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=8, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="kind_delivery_once"),
        ]


class NotificationEmail(models.Model):
    """The email for one notification sent at once: claimed, then sent or skipped, never twice."""

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, primary_key=True, related_name="email"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    #: Set instead of ``sent_at`` when there was nothing the recipient may still be told.
    skipped_at = models.DateTimeField(null=True, blank=True)


class WorkOutLoudReminder(models.Model):
    """One person's "pay yourself first" reminder for one of their weeks: the unique row is the
    claim, so a week is reminded once however many runs see it due."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wol_reminders"
    )
    #: The Monday of the person's local week.
    week = models.DateField()
    due_at = models.DateTimeField()
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "week"], name="wol_reminder_once_a_week"),
        ]
