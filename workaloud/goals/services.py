"""Actions on goals."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from workaloud.audience import can_view_goal
from workaloud.goals.models import Goal, GoalFollow
from workaloud.notifications.models import NotificationKind
from workaloud.notifications.services import notify

GOAL_FIELDS = ("title", "why", "target_date", "status", "audience")


def _clean_text(fields: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


@transaction.atomic
def create_goal(owner, **fields) -> Goal:
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown goal field(s): {', '.join(sorted(unknown))}.")
    goal = Goal(owner=owner, **_clean_text(fields))
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def update_goal(goal: Goal, actor, **fields) -> Goal:
    if goal.owner_id != actor.pk:
        raise PermissionDenied("Only the goal's owner can change it.")
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown goal field(s): {', '.join(sorted(unknown))}.")
    for name, value in _clean_text(fields).items():
        setattr(goal, name, value)
    goal.full_clean()
    goal.save()
    return goal


def follow_goal(person, goal: Goal) -> GoalFollow:
    if not can_view_goal(person, goal):
        raise PermissionDenied("You can't follow a goal you can't see.")
    if goal.owner_id == person.pk:
        raise ValidationError("Your own goals are always in your feed.")
    existing = GoalFollow.objects.filter(person=person, goal=goal).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            follow = GoalFollow.objects.create(person=person, goal=goal)
    except IntegrityError:
        return GoalFollow.objects.get(person=person, goal=goal)
    notify(goal.owner, person, NotificationKind.GOAL_FOLLOW, goal=goal)
    return follow


def unfollow_goal(person, goal: Goal) -> None:
    GoalFollow.objects.filter(person=person, goal=goal).delete()


def is_following_goal(viewer, goal: Goal) -> bool:
    return viewer.is_authenticated and GoalFollow.objects.filter(person=viewer, goal=goal).exists()
