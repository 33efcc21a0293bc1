"""Responses: the two-way street. Typed answers to work updates, and credited help."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models


class ResponseKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    QUESTION = "question", "Question"
    CHALLENGE = "challenge", "Challenge"
    ENCOURAGEMENT = "encouragement", "Encouragement"
    OFFER_OF_HELP = "offer_of_help", "Offer of help"
    THANKS = "thanks", "Thanks"


class Response(models.Model):
    update = models.ForeignKey(
        "work.WorkUpdate", on_delete=models.CASCADE, related_name="responses"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="responses"
    )
    kind = models.CharField(
        max_length=16, choices=ResponseKind.choices, default=ResponseKind.COMMENT
    )
    body = models.TextField(max_length=5000, validators=[MaxLengthValidator(5000)])
    body_html = models.TextField(editable=False, default="")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["update", "kind"], name="response_update_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:40]}"


class HelpCredit(models.Model):
    """The asker's word that a person helped with an ask: the relationship ledger counts it."""

    update = models.ForeignKey(
        "work.WorkUpdate", on_delete=models.CASCADE, related_name="help_credits"
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_given"
    )
    response = models.ForeignKey(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="credits"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["update", "helper"], name="unique_help_credit")
        ]


class Mention(models.Model):
    """A person named with @username in an update or a response."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions_made"
    )
    update = models.ForeignKey("work.WorkUpdate", on_delete=models.CASCADE, related_name="mentions")
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
