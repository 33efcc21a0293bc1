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
