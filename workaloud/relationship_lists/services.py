"""Actions on relationship lists, and the reads that pages, the API and other apps use.

Every write checks that the goal is the caller's (anyone else's goal answers ``Http404``,
exactly as a goal that does not exist), validates with the models' ``full_clean``, and runs
in one transaction: refused input raises ``ValidationError`` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Prefetch, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.dateformat import format as format_date

from workaloud.audience import visible_people
from workaloud.goals.models import Goal
from workaloud.people.models import User
from workaloud.relationship_lists.closeness import (
    HIGHEST,
    LOWEST,
    SCALE,
    Calibration,
    calibrate,
    scale_label,
)
from workaloud.relationship_lists.models import ListEntry, Rating
from workaloud.relationships import services as relationships

ENTRY_FIELDS = ("direction", "note", "outside_name", "outside_about")
RATING_RULE = (
    f"A rating is a whole number from {LOWEST} ({SCALE[LOWEST]}) to {HIGHEST} ({SCALE[HIGHEST]})."
)


# --- finding what the caller may act on ----------------------------------------------------


def my_goal(owner, goal_id: int) -> Goal:
    """The owner's goal, or 404: someone else's goal is treated as one that does not exist."""
    goal = Goal.objects.filter(pk=goal_id, owner_id=owner.pk).first() if owner.pk else None
    if goal is None:
        raise Http404(f"No goal with id {goal_id}.")
    return goal


def my_entry(owner, goal: Goal, entry_id: int) -> ListEntry:
    """An entry of the owner's goal's list, or 404."""
    _check_owner(owner, goal)
    entry = ListEntry.objects.select_related("person", "goal").filter(pk=entry_id, goal=goal)
    found = entry.first()
    if found is None:
        raise Http404(f"No entry with id {entry_id} on this list.")
    return found


def find_member(owner, username: str) -> User:
    """The member the owner means by ``username`` (a leading @ is fine), among the people the
    owner may see; otherwise a ValidationError on ``person`` that says so."""
    handle = (username or "").strip().removeprefix("@").strip()
    if not handle:
        raise ValidationError({"person": "Type the member's username, for example @ann."})
    person = None
    if "\x00" not in handle:  # PostgreSQL text can't hold NUL; no username contains it
        people = visible_people(owner)
        person = people.filter(username=handle).first()
        person = person or people.filter(username__iexact=handle).order_by("pk").first()
    if person is None:
        raise ValidationError(
            {
                "person": f"There is no member called @{handle[:40]}. Check the username on "
                "their profile, or add them as someone outside the community."
            }
        )
    return person


def _check_owner(owner, goal: Goal) -> None:
    if owner is None or not owner.pk or goal.owner_id != owner.pk:
        raise Http404(f"No goal with id {goal.pk}.")


def _clean_text(fields: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def _check_rating_value(value, field: str = "value") -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not LOWEST <= value <= HIGHEST:
        raise ValidationError({field: RATING_RULE})


# --- writes --------------------------------------------------------------------------------


@transaction.atomic
def add_person(
    owner,
    goal: Goal,
    person: User | None = None,
    *,
    outside_name: str = "",
    outside_about: str = "",
    direction: str = "",
    note: str = "",
    rating: int | None = None,
    rating_note: str = "",
) -> ListEntry:
    """Put a community member (``person``) or someone outside the community
    (``outside_name``, with an optional ``outside_about`` such as "ex-colleague at Acme") on
    the owner's list for ``goal``, optionally with a first rating.

    A member appears at most once on a goal's list; nobody can list themselves; a member must
    be someone the owner may see (``workaloud.audience.visible_people``).
    """
    _check_owner(owner, goal)
    if person is not None and not visible_people(owner).filter(pk=person.pk).exists():
        raise ValidationError({"person": "There is no such member."})
    if rating is not None:
        _check_rating_value(rating, "rating")
    texts = _clean_text(
        dict(outside_name=outside_name, outside_about=outside_about, direction=direction, note=note)
    )
    entry = ListEntry(goal=goal, person=person, **texts)
    entry.full_clean()
    if person is None:
        _refuse_outside_twin(goal, entry.outside_name, exclude=None)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:  # the same member added concurrently
        raise ValidationError({"person": f"{person.name} is already on this list."}) from None
    if rating is not None:
        first = Rating(entry=entry, value=rating, note=(rating_note or "").strip())
        try:
            first.full_clean()
        except ValidationError as exc:  # speak of the fields add_person takes
            names = {"value": "rating", "note": "rating_note"}
            raise ValidationError(
                {names.get(field, field): errors for field, errors in exc.error_dict.items()}
            ) from exc
        first.save()
    return entry


def _refuse_outside_twin(goal: Goal, name: str, exclude: int | None) -> None:
    """Someone outside the community is on a list once under one name (any case)."""
    twins = ListEntry.objects.filter(goal=goal, person__isnull=True, outside_name__iexact=name)
    twin = (twins.exclude(pk=exclude) if exclude else twins).first()
    if twin is not None:
        raise ValidationError(
            {
                "outside_name": f"{twin.outside_name} is already on this list. For someone else "
                f"of that name, add what tells them apart, e.g. “{twin.outside_name} (Acme)”."
            }
        )


@transaction.atomic
def rate(
    owner, entry: ListEntry, value: int, note: str = "", *, rated_at: datetime | None = None
) -> Rating:
    """Record how close the owner feels to the entry's person now (0–5), as a new rating.

    Earlier ratings are never changed, so the list can show how the relationship deepened.
    ``rated_at`` (default: now) lets an import keep the day a rating was really given.
    """
    _check_owner(owner, entry.goal)
    _check_rating_value(value)
    rating = Rating(entry=entry, value=value, note=(note or "").strip())
    if rated_at is not None:
        rating.rated_at = rated_at
    rating.full_clean()
    rating.save()
    return rating


@transaction.atomic
def update_entry(owner, entry: ListEntry, **fields) -> ListEntry:
    """Change who could help whom, the private note, or an outside person's name and "who
    they are". Who the entry is about (a member) cannot change: remove it and add another."""
    _check_owner(owner, entry.goal)
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown entry field(s): {', '.join(sorted(unknown))}.")
    for name, value in _clean_text(fields).items():
        setattr(entry, name, value)
    entry.full_clean()
    if entry.person_id is None:
        _refuse_outside_twin(entry.goal, entry.outside_name, exclude=entry.pk)
    entry.save()
    return entry


@transaction.atomic
def remove_entry(owner, entry: ListEntry) -> None:
    """Take someone off the list, with every rating of them: a real delete.

    The list is the owner's private notes about other people. When the owner removes
    someone, nothing of it is kept where it could later surface (an administrator's
    database view, an export, a restore): adding the person again starts a fresh history.
    """
    _check_owner(owner, entry.goal)
    entry.delete()


# --- reads ---------------------------------------------------------------------------------


def _short_date(moment: datetime) -> str:
    local = timezone.localtime(moment)
    same_year = local.year == timezone.localtime().year
    return format_date(local, "j M" if same_year else "j M Y")


@dataclass
class EntryView:
    """An entry as its owner sees it: the ratings in order, and (for members, when asked
    for) the calibration against the computed depth stage."""

    entry: ListEntry
    ratings: list[Rating]
    calibration: Calibration | None = None

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def current(self) -> Rating | None:
        return self.ratings[-1] if self.ratings else None

    @property
    def first(self) -> Rating | None:
        return self.ratings[0] if self.ratings else None

    @property
    def current_label(self) -> str:
        return scale_label(self.current.value) if self.current else ""

    @property
    def change(self) -> str:
        """The movement since the first rating: "1 → 3 since 2 Nov", "3 since 2 Nov"
        (unchanged), "" (not rated yet)."""
        if not self.ratings:
            return ""
        since = _short_date(self.first.rated_at)
        if len(self.ratings) == 1:
            return f"first rated {since}"
        if self.first.value == self.current.value:
            return f"{self.current.value}, unchanged since {since}"
        return f"{self.first.value} → {self.current.value} since {since}"

    @property
    def history(self) -> list[dict]:
        return [
            {"date": _short_date(r.rated_at), "value": r.value, "note": r.note, "rating": r}
            for r in self.ratings
        ]


def _entries(goal_ids) -> list[ListEntry]:
    return list(
        ListEntry.objects.filter(goal_id__in=goal_ids)
        .select_related("person", "goal")
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.order_by("rated_at", "id")))
        .order_by("created_at", "id")
    )


def goal_list(owner, goal: Goal) -> list[EntryView]:
    """The owner's list for ``goal``: every entry with its ratings and its calibration.

    The computed stages of all its members come in one query (``relationships.stages_with``).
    """
    _check_owner(owner, goal)
    entries = list(_entries([goal.pk]))
    stages = relationships.stages_with(owner.pk, [e.person_id for e in entries if e.person_id])
    return [_calibrated(owner, e, list(e.ratings.all()), stages) for e in entries]


def entry_view(owner, entry: ListEntry) -> EntryView:
    """One entry as its owner sees it on the list (after a change, for the API's answer)."""
    _check_owner(owner, entry.goal)
    return _calibrated(owner, entry, list(entry.ratings.order_by("rated_at", "id")))


def _calibrated(owner, entry: ListEntry, ratings: list[Rating], stages=None) -> EntryView:
    current = ratings[-1].value if ratings else None
    if stages is None and entry.person_id:
        stages = relationships.stages_with(owner.pk, [entry.person_id])
    stage = stages[entry.person_id] if entry.person_id else None
    return EntryView(entry, ratings, calibrate(entry.name, current, stage))


@dataclass
class GoalListSummary:
    goal: Goal
    entries: list[EntryView]

    @property
    def rated(self) -> int:
        return sum(1 for e in self.entries if e.ratings)

    @property
    def last_rated_at(self) -> datetime | None:
        dates = [e.current.rated_at for e in self.entries if e.ratings]
        return max(dates) if dates else None


def lists_overview(owner) -> list[GoalListSummary]:
    """Every goal of the owner's with its list (active goals first, then newest): three
    queries whatever the number of goals and people."""
    goals = list(
        Goal.objects.filter(owner_id=owner.pk).order_by(
            Case(When(status=Goal.Status.ACTIVE, then=Value(0)), default=Value(1)),
            "-created_at",
        )
    )
    by_goal: dict[int, list[EntryView]] = {g.pk: [] for g in goals}
    for entry in _entries(by_goal):
        by_goal[entry.goal_id].append(EntryView(entry, list(entry.ratings.all())))
    return [GoalListSummary(goal, by_goal[goal.pk]) for goal in goals]


def listed_people(owner) -> list[User]:
    """The community members on any of the owner's lists, each once, most recently rated
    first (people not rated yet last, most recently added first). Only people the owner may
    still see (``visible_people``): a deactivated member drops out."""
    if not owner or not owner.pk:
        return []
    rows = (
        ListEntry.objects.filter(goal__owner_id=owner.pk, person__isnull=False)
        .values("person_id")
        .annotate(last_rated=Max("ratings__rated_at"), last_added=Max("created_at"))
        .order_by(F("last_rated").desc(nulls_last=True), "-last_added", "person_id")
    )
    order = [row["person_id"] for row in rows]
    people = visible_people(owner).in_bulk(order)
    return [people[pk] for pk in order if pk in people]
