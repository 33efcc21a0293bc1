"""WOL Circles: rounds and their pool, circles and members, the 12-week programme, meetings,
attendance, check-ins, retrospectives, and the organiser's matching runs.

A circle's notes, check-ins, retrospectives and "my circle" updates are confidential to its
members (docs/circles.md); a letter to one's future self is its writer's alone.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

PROGRAMME_WEEKS = 12
CIRCLE_MIN_SIZE = 4
CIRCLE_MAX_SIZE = 5
MEETING_MINUTES = 60
TEXT_MAX = 4000


def _text(label: str, max_length: int = TEXT_MAX, **kwargs) -> models.TextField:
    return models.TextField(
        label,
        max_length=max_length,
        blank=True,
        validators=[MaxLengthValidator(max_length)],
        **kwargs,
    )


class Format(models.TextChoices):
    VIRTUAL = "virtual", "Virtual"
    IN_PERSON = "in_person", "In person"


class FormatPreference(models.TextChoices):
    VIRTUAL = "virtual", "Virtual"
    IN_PERSON = "in_person", "In person"
    EITHER = "either", "Either"


class Programme(models.Model):
    """The weekly prompts a circle follows. One ships with Workaloud (our own wording); an
    organiser may load their community's own."""

    name = models.CharField(max_length=120)
    description = _text("description", 2000)
    is_default = models.BooleanField(
        default=False, help_text="Used by circles that do not name a programme."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_programme",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeWeek(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="weeks")
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(PROGRAMME_WEEKS)]
    )
    title = models.CharField(max_length=120)
    prompt = _text("prompt")
    links = models.JSONField(default=list, blank=True, help_text='[{"title": …, "url": …}]')

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="one_programme_week")
        ]

    def __str__(self) -> str:
        return f"Week {self.number}: {self.title}"


class Round(models.Model):
    """A round of circles an organiser runs: members join its pool, matching forms circles."""

    class Status(models.TextChoices):
        OPEN = "open", "Open for sign-up"
        MATCHED = "matched", "Matched"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=120)
    starts_on = models.DateField(help_text="The week the circles of this round first meet.")
    signup_closes_on = models.DateField(null=True, blank=True)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        permissions = [
            ("organise_circles", "Can run circle rounds, matching and programmes"),
        ]

    def __str__(self) -> str:
        return self.title


class PoolEntry(models.Model):
    """A member's sign-up for a round. Availability is a list of weekly hour slots in the
    member's own time zone: ``weekday * 24 + hour``, Monday 00:00 is 0, Sunday 23:00 is 167.
    ``avoid`` (people they would rather not be grouped with) is private to them."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pool_entries"
    )
    goal = models.ForeignKey(
        "goals.Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    format = models.CharField(
        max_length=10, choices=FormatPreference.choices, default=FormatPreference.EITHER
    )
    location = models.CharField(max_length=80, blank=True, help_text="For in-person circles.")
    languages = models.JSONField(default=list)
    timezone = models.CharField(max_length=64)
    availability = models.JSONField(default=list)
    avoid = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "pool entries"
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="one_pool_entry_per_round")
        ]


class Circle(models.Model):
    class Origin(models.TextChoices):
        OPEN = "open", "Open circle"
        MATCHED = "matched", "Matched by an organiser"

    class Status(models.TextChoices):
        OPEN = "open", "Open to join"
        CLOSED = "closed", "Closed"  # full, or formed by matching
        FINISHED = "finished", "Finished"

    title = models.CharField(max_length=120)
    description = _text("description", 2000)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.OPEN)
    round = models.ForeignKey(
        Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="circles"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.VIRTUAL)
    language = models.CharField(max_length=40)
    location = models.CharField(max_length=80, blank=True)
    timezone = models.CharField(max_length=64, help_text="The meeting slot is in this zone.")
    weekday = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(6)], help_text="0 is Monday."
    )
    start_time = models.TimeField()
    starts_on = models.DateField(help_text="The date of the first meeting.")
    size_limit = models.PositiveSmallIntegerField(
        default=CIRCLE_MAX_SIZE,
        validators=[MinValueValidator(CIRCLE_MIN_SIZE), MaxValueValidator(CIRCLE_MAX_SIZE)],
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The circle this one continues for another 12 weeks.",
    )
    feed_token = models.CharField(max_length=43, unique=True, help_text="Secret of the iCal feed.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("circle_detail", args=[self.pk])

    @property
    def first_meeting_on(self) -> datetime.date:
        """The first date on or after ``starts_on`` that falls on the circle's weekday."""
        return self.starts_on + datetime.timedelta(
            days=(self.weekday - self.starts_on.weekday()) % 7
        )


class Membership(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    goal = models.ForeignKey(
        "goals.Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "person"], name="one_membership_per_circle")
        ]


class Meeting(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="meetings")
    week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(PROGRAMME_WEEKS)]
    )
    starts_at = models.DateTimeField()
    notes = _text("shared notes", 20000)
    notes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes_updated_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["circle", "week"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "week"], name="one_meeting_a_week")
        ]
        indexes = [models.Index(fields=["starts_at"])]


class MeetingReminder(models.Model):
    """One member's reminder of one meeting (workaloud/circles/reminders.py).

    Created, with the member's in-app notification, in the same transaction that claims the
    meeting (``Meeting.reminder_sent_at``), so each member is notified once. The email is
    claimed for a short lease (``email_claimed_at``) before it is sent and confirmed after
    (``emailed_at``): two runs at once never send it twice, and a run that dies half-way
    leaves the unsent emails to the next run.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_reminder_per_member")
        ]
        indexes = [models.Index(fields=["emailed_at"], name="reminder_email_pending")]


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_mark")
        ]


class CheckIn(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="check_ins")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    did = _text("what I did since last week")
    progress = models.PositiveSmallIntegerField(
        "progress on my goal (0–10)", validators=[MaxValueValidator(10)]
    )
    next_step = _text("what I will do next")
    help_needed = _text("what help I need")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "created_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_check_in")]


class Retrospective(models.Model):
    """A member's look back at the end of the programme; seen by the circle's members, and
    by organisers only as aggregates over at least five people."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="retrospectives")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    what_changed = _text("what changed for me")
    recommend = models.PositiveSmallIntegerField(
        "would you recommend a circle? (0–10)", validators=[MaxValueValidator(10)]
    )
    what_next = _text("what next")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["circle", "person"], name="one_retrospective")
        ]


class FutureLetter(models.Model):
    """A letter to my future self, written at the end of a circle: its writer's alone."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="future_letters"
    )
    text = _text("letter", 10000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["circle", "person"], name="one_letter")]


class MatchingRun(models.Model):
    """A proposal of circles for a round's pool. ``proposal`` holds the circles and who is
    left unmatched, and why; the organiser may move people, then confirm."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        DISCARDED = "discarded", "Discarded"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="matching_runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposal = models.JSONField(default=dict)
    figures = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
