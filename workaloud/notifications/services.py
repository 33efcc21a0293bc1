"""Creating, listing and reading in-app notifications."""

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from workaloud.audience import (
    visible_goals,
    visible_goals_sql,
    visible_updates,
    visible_updates_sql,
)
from workaloud.goals.models import Goal
from workaloud.notifications.delivery import queue_email
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.work.models import WorkUpdate


def notify(
    recipient,
    actor,
    kind: NotificationKind,
    *,
    update=None,
    response=None,
    goal=None,
    circle=None,
    introduction=None,
):
    """Tell ``recipient`` that ``actor`` did something. Nobody is told about their own acts."""
    if recipient is None or recipient.pk == actor.pk or not recipient.is_active:
        return None
    notification = Notification.objects.create(
        recipient=recipient,
        actor=actor,
        kind=kind,
        update=update,
        response=response,
        goal=goal,
        circle=circle,
        introduction=introduction,
    )
    queue_email(notification)  # by email at once, if the recipient wants this kind so
    return notification


def notifications_for(viewer):
    """The viewer's notifications about items they can still see (an update made private or
    deleted since disappears from their inbox too)."""
    return (
        Notification.objects.filter(recipient=viewer)
        # EXISTS per notification, not IN (every visible update): the inbox stays cheap however
        # large the community grows.
        .filter(
            Q(update__isnull=True)
            | Exists(visible_updates(viewer).filter(pk=OuterRef("update_id")))
        )
        .filter(Q(goal__isnull=True) | Exists(visible_goals(viewer).filter(pk=OuterRef("goal_id"))))
        .select_related("actor", "update", "goal")
    )


def unread_count(viewer) -> int:
    """How many of ``notifications_for(viewer)`` are unread. Shown on every page, so written
    in SQL: the ORM would spend longer building this query than the database running it."""
    updates, update_params = visible_updates_sql(viewer, "u")
    goals, goal_params = visible_goals_sql(viewer, "g")
    sql = (
        f"SELECT COUNT(*) FROM {Notification._meta.db_table} n"
        f" LEFT JOIN {WorkUpdate._meta.db_table} u ON u.id = n.update_id"
        f" LEFT JOIN {Goal._meta.db_table} g ON g.id = n.goal_id"
        " WHERE n.recipient_id = %s AND n.read_at IS NULL"
        f" AND (n.update_id IS NULL OR ({updates})) AND (n.goal_id IS NULL OR ({goals}))"
    )
    with connection.cursor() as db:
        db.execute(sql, [viewer.pk, *update_params, *goal_params])
        return db.fetchone()[0]


def mark_read_about(viewer, update) -> int:
    """Opening an update reads the viewer's notifications about it."""
    if not viewer.is_authenticated:
        return 0
    return Notification.objects.filter(
        recipient=viewer, update=update, read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_read(viewer, notification_ids: list[int] | None = None) -> int:
    """Mark some (or, with None, all) of the viewer's notifications read; returns how many."""
    qs = Notification.objects.filter(recipient=viewer, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
