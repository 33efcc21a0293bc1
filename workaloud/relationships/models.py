"""Relationships: the one interaction ledger, and the pair figures derived from it.

The model (weights, decay, stages) is documented in docs/relationship-model.md.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import models

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class InteractionKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    QUESTION = "question", "Question"
    CHALLENGE = "challenge", "Challenge"
    ENCOURAGEMENT = "encouragement", "Encouragement"
    OFFER_OF_HELP = "offer_of_help", "Offer of help"
    THANKS = "thanks", "Thanks"
    REPLY = "reply", "Reply"
    MENTION = "mention", "Mention"
    FOLLOW = "follow", "Follow"
    HELP_CREDITED = "help_credited", "Help credited"
    INTRODUCTION = "introduction", "Introduction"
    CIRCLE_MEETING = "circle_meeting", "Circle meeting"
    IMPORTED = "imported", "Imported message"
    CIRCLE_CHECK_IN = "circle_check_in", "Circle check-in"
    REACTION = "reaction", "Reaction"


class Interaction(models.Model):
    """One social act, actor → target. Private analytics: shown only to those two people."""

    NATIVE = "native"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interactions_made"
    )
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interactions_received"
    )
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    occurred_at = models.DateTimeField()
    update = models.ForeignKey(
        "work.WorkUpdate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    response = models.ForeignKey(
        "responses.Response", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    goal = models.ForeignKey(
        "goals.Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    thread = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="For an imported act: the thread, channel or question it belongs to, as a "
        "number below 2^40 (exchanges are counted per update, goal or thread).",
    )
    source = models.CharField(max_length=40, default=NATIVE)
    source_key = models.CharField(
        max_length=200, help_text="The object the act came from, e.g. response:12."
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when the update it was about is deleted: the row no longer counts.",
    )

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key", "kind", "actor", "target"],
                name="unique_interaction",
            ),
            models.CheckConstraint(
                condition=~models.Q(actor=models.F("target")), name="no_self_interaction"
            ),
        ]
        indexes = [
            models.Index(fields=["actor", "target", "id"], name="interaction_pair"),
            models.Index(fields=["target", "actor", "id"], name="interaction_pair_rev"),
            models.Index(fields=["actor", "occurred_at"], name="interaction_actor_time"),
            models.Index(fields=["target", "occurred_at"], name="interaction_target_time"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} → {self.target_id}: {self.kind}"


class Relationship(models.Model):
    """Stored figures for one pair (``person_a`` has the lower id), updated per interaction.

    ``a_to_b`` and ``b_to_a`` are decayed weight sums valued at ``last_us`` (the latest
    interaction); the current value is computed on read. ``overlap`` and ``bridge`` are graph
    measures, refreshed with the whole network. See docs/relationship-model.md.
    """

    # Derived from the ledger (whose rows keep the integrity), rebuilt wholesale: no database
    # constraint or index of their own beyond the pair's two, so a rebuild writes millions of
    # rows fast. Deleting a person still deletes their pairs (Django's CASCADE).
    person_a = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    person_b = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    a_to_b = models.FloatField(default=0.0)
    b_to_a = models.FloatField(default=0.0)
    count_a_to_b = models.PositiveIntegerField(default=0)
    count_b_to_a = models.PositiveIntegerField(default=0)
    # Times of a pair are microseconds since the Unix epoch (UTC): integers are what the figure
    # arrays use, and what millions of rows write and read fastest. ``first_at``/``last_at``
    # below give them as datetimes.
    first_us = models.BigIntegerField(help_text="The first interaction (µs since the epoch).")
    last_us = models.BigIntegerField(help_text="The latest interaction (µs since the epoch).")
    kind_mask = models.BigIntegerField(
        default=0, help_text="The kinds used: bit i is model.KIND_CODES[i]."
    )
    engaged_a_to_b = models.PositiveIntegerField(default=0)
    engaged_b_to_a = models.PositiveIntegerField(default=0)
    first_engaged_us = models.BigIntegerField(null=True, blank=True)
    last_engaged_us = models.BigIntegerField(null=True, blank=True)
    exchanges = models.PositiveIntegerField(
        default=0, help_text="Updates/goals on which both engaged each other."
    )
    gratitude_a_to_b = models.BooleanField(default=False)
    gratitude_b_to_a = models.BooleanField(default=False)
    stage = models.PositiveSmallIntegerField(default=0)
    overlap = models.FloatField(
        default=0.0, help_text="Jaccard overlap of the two neighbourhoods (shared connections)."
    )
    bridge = models.BooleanField(
        default=False, help_text="A weak tie to another team or community."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="unique_relationship"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="relationship_order"
            ),
        ]
        indexes = [models.Index(fields=["person_b", "person_a"], name="relationship_rev")]

    def __str__(self) -> str:
        return f"{self.person_a_id} ↔ {self.person_b_id}"

    @property
    def first_at(self) -> datetime:
        return EPOCH + timedelta(microseconds=self.first_us)

    @property
    def last_at(self) -> datetime:
        return EPOCH + timedelta(microseconds=self.last_us)


class Community(models.Model):
    """A group found in the network of relationships (community detection), by its label."""

    number = models.PositiveIntegerField(unique=True)
    label = models.CharField(max_length=200, help_text="Its largest teams: 'Research & People'.")
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.label


class NetworkPosition(models.Model):
    """Per-person network figures from the last full recompute (graph measures, persona).

    Private like the rest: a person sees only their own; insights use aggregates only.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_position"
    )
    community = models.PositiveIntegerField(null=True, blank=True)
    reaches = models.CharField(
        max_length=400,
        default="",
        help_text="Communities this person has ties into: 'number:ties', most ties first.",
    )
    persona = models.CharField(max_length=20, default="")
    given_90 = models.PositiveIntegerField(default=0)
    received_90 = models.PositiveIntegerField(default=0)
    posts_90 = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    @staticmethod
    def parse_reaches(reaches: str) -> dict[int, int]:
        pairs = (item.split(":") for item in reaches.split(",") if item)
        return {int(c): int(n) for c, n in pairs}
