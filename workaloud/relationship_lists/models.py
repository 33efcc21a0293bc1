"""Relationship lists: for each of my goals, the people who could help me with it or whom I
could help, and how close we are (0–5), rated again and again over the weeks.

Everything here belongs to the goal's owner alone: no page, API answer or admin screen shows
a list, an entry, a rating or a note to anyone else (the listed person included).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from workaloud.relationship_lists.closeness import HIGHEST, LOWEST

NAME_MAX = 100
ABOUT_MAX = 200
NOTE_MAX = 1000
RATING_NOTE_MAX = 300


class Direction(models.TextChoices):
    """Who could help whom, with the goal in mind."""

    THEY_HELP_ME = "they_help_me", "They could help me"
    I_HELP_THEM = "i_help_them", "I could help them"
    BOTH = "both", "Both ways"


class ListEntry(models.Model):
    """One person on one goal's relationship list: a community member or, as plain text,
    someone outside the community. Exactly one of ``person`` and ``outside_name`` is set."""

    goal = models.ForeignKey(
        "goals.Goal", on_delete=models.CASCADE, related_name="relationship_list_entries"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",  # never reachable from the listed person
    )
    outside_name = models.CharField("name", max_length=NAME_MAX, blank=True)
    outside_about = models.CharField(
        "who they are",
        max_length=ABOUT_MAX,
        blank=True,
        help_text="For example: ex-colleague at Acme.",
    )
    direction = models.CharField(
        "who could help whom", max_length=12, choices=Direction.choices, blank=True
    )
    note = models.TextField(
        "private note", max_length=NOTE_MAX, blank=True, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "relationship list entry"
        verbose_name_plural = "relationship list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "person"],
                condition=Q(person__isnull=False),
                name="relationship_list_member_once_per_goal",
            ),
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(outside_name=""))
                | (Q(person__isnull=True) & ~Q(outside_name="")),
                name="relationship_list_member_or_outside_name",
            ),
        ]

    def __str__(self) -> str:
        return f"Relationship list entry {self.pk}"  # the content is private, even in logs

    @property
    def is_member(self) -> bool:
        return self.person_id is not None

    @property
    def name(self) -> str:
        return self.person.name if self.person_id else self.outside_name

    def clean(self) -> None:
        """The table's check constraint, and a few rules, in the list's own words."""
        if self.person_id is not None and self.outside_name:
            raise ValidationError(
                "Choose a community member or name someone outside the community, not both."
            )
        if self.person_id is None and not self.outside_name:
            raise ValidationError(
                {"outside_name": "Name the person, or choose a community member instead."}
            )
        if self.person_id is not None and self.outside_about:
            raise ValidationError(
                {
                    "outside_about": "“Who they are” is only for people outside the community; "
                    "a member's profile already says it. Use the private note instead."
                }
            )
        if self.person_id is not None and self.goal_id and self.person_id == self.goal.owner_id:
            raise ValidationError(
                {"person": "You can't put yourself on your own relationship list."}
            )

    def validate_constraints(self, exclude=None):
        """The constraints above, said in the list's own words rather than by their names.

        ``clean`` covers the check constraint; this covers "a member once per goal". The
        database enforces both as well (a concurrent double add fails there).
        """
        if self.person_id is not None and self.goal_id is not None:
            twin = ListEntry.objects.filter(goal_id=self.goal_id, person_id=self.person_id)
            if twin.exclude(pk=self.pk).exists():
                raise ValidationError({"person": f"{self.person.name} is already on this list."})


class Rating(models.Model):
    """How close the owner felt to the person on one day. Never changed: each new rating is a
    new row, so the list shows how the relationship deepened over the weeks."""

    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="ratings")
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(LOWEST), MaxValueValidator(HIGHEST)],
    )
    note = models.CharField(max_length=RATING_NOTE_MAX, blank=True)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rated_at", "id"]
        indexes = [models.Index(fields=["entry", "rated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=LOWEST) & Q(value__lte=HIGHEST),
                name="relationship_list_rating_in_scale",
            )
        ]

    def __str__(self) -> str:
        return f"Rating {self.pk}"
