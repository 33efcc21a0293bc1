"""The one answer to "may this viewer see this item?".

Every read path (feeds, profiles, detail pages, search, notifications, the API) filters
through these functions, so adding an audience is a change here and nowhere else.

The circle audience ("my circle") is read here too: a work update shared with a circle is
seen by its author and by the circle's *current* members (a membership without ``left_at``),
and by nobody else, administrators included. An update whose circle is gone is its author's
alone. Goals never take the circle audience (``GoalAudience``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q


class Audience(models.TextChoices):
    COMMUNITY = "community", "Everyone in the community"
    FOLLOWERS = "followers", "My followers"
    CIRCLE = "circle", "My circle"
    ONLY_ME = "only_me", "Only me"


class GoalAudience(models.TextChoices):
    """The audiences a goal may have: a goal is a person's own, never one circle's."""

    COMMUNITY = Audience.COMMUNITY.value, Audience.COMMUNITY.label
    FOLLOWERS = Audience.FOLLOWERS.value, Audience.FOLLOWERS.label
    ONLY_ME = Audience.ONLY_ME.value, Audience.ONLY_ME.label


# Wider audiences first: an item may not be shown wider than what it belongs to.
AUDIENCE_BREADTH = {
    Audience.COMMUNITY: 4,
    Audience.FOLLOWERS: 3,
    Audience.CIRCLE: 2,
    Audience.ONLY_ME: 1,
}


def audience_covers(outer: str, inner: str) -> bool:
    """Whether everyone in audience ``inner`` of a person's item is also in ``outer`` of the
    same person's item. Breadth orders audiences, but a circle and one's followers are
    different people: only the whole community (or the circle itself) covers a circle."""
    outer, inner = Audience(outer), Audience(inner)
    if inner == Audience.CIRCLE:
        return outer in (Audience.COMMUNITY, Audience.CIRCLE)
    if outer == Audience.CIRCLE:
        return inner == Audience.ONLY_ME
    return AUDIENCE_BREADTH[outer] >= AUDIENCE_BREADTH[inner]


if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from workaloud.people.models import User


def _is_member(viewer: User | AnonymousUser | None) -> bool:
    return bool(viewer and viewer.is_authenticated and viewer.is_active)


# --- circles: who is in one ------------------------------------------------------------


def current_memberships_of(person):
    """The person's memberships of circles they have not left: the one rule for who is in a
    circle now (``workaloud.circles.access`` asks it too)."""
    from workaloud.circles.models import Membership

    return Membership.objects.filter(person_id=person.pk, left_at__isnull=True)


def circle_ids_of(viewer):
    """The ids of the circles ``viewer`` is a current member of, as a subquery."""
    return current_memberships_of(viewer).values("circle_id")


def is_circle_member(viewer, circle_id: int | None) -> bool:
    """Whether ``viewer`` is a current member of the circle with this id (never of none)."""
    if circle_id is None or not _is_member(viewer):
        return False
    return current_memberships_of(viewer).filter(circle_id=circle_id).exists()


def _current_members_sql(viewer) -> tuple[str, list]:
    from workaloud.circles.models import Membership

    return (
        f"SELECT circle_id FROM {Membership._meta.db_table}"
        " WHERE person_id = %s AND left_at IS NULL",
        [viewer.pk],
    )


# --- audiences ---------------------------------------------------------------------------


def audience_q(viewer, owner_field: str, circle_field: str | None = None) -> Q:
    """Rows whose ``audience`` admits ``viewer``; ``owner_field`` names the row's owner and
    ``circle_field`` the circle of rows that can be shared with one (None: none can)."""
    if not _is_member(viewer):
        if settings.COMMUNITY_PUBLIC:
            return Q(audience=Audience.COMMUNITY)
        return Q(pk__in=[])
    followed = viewer.following.values("followed_id")
    q = (
        Q(**{owner_field: viewer.pk})
        | Q(audience=Audience.COMMUNITY)
        | Q(audience=Audience.FOLLOWERS, **{f"{owner_field}__in": followed})
    )
    if circle_field is not None:
        q |= Q(audience=Audience.CIRCLE, **{f"{circle_field}__in": circle_ids_of(viewer)})
    return q


def can_see_audience(viewer, owner_id: int, audience: str, circle_id: int | None = None) -> bool:
    if _is_member(viewer) and viewer.pk == owner_id:
        return True
    if audience == Audience.COMMUNITY:
        return _is_member(viewer) or settings.COMMUNITY_PUBLIC
    if audience == Audience.FOLLOWERS and _is_member(viewer):
        return viewer.following.filter(followed_id=owner_id).exists()
    if audience == Audience.CIRCLE:
        return is_circle_member(viewer, circle_id)
    return False


def _audience_sql(
    viewer, alias: str, owner_column: str, circle_column: str | None = None
) -> tuple[str, list]:
    """``audience_q`` as a SQL condition on the table aliased ``alias``."""
    from workaloud.people.models import Follow

    if not _is_member(viewer):
        if settings.COMMUNITY_PUBLIC:
            return f"{alias}.audience = %s", [Audience.COMMUNITY.value]
        return "1 = 0", []
    owner = f"{alias}.{owner_column}"
    sql = (
        f"{owner} = %s OR {alias}.audience = %s OR ({alias}.audience = %s AND {owner} IN"
        f" (SELECT followed_id FROM {Follow._meta.db_table} WHERE follower_id = %s))"
    )
    params = [viewer.pk, Audience.COMMUNITY.value, Audience.FOLLOWERS.value, viewer.pk]
    if circle_column is not None:
        members, member_params = _current_members_sql(viewer)
        sql += f" OR ({alias}.audience = %s AND {alias}.{circle_column} IN ({members}))"
        params += [Audience.CIRCLE.value, *member_params]
    return f"({sql})", params


def visible_updates_sql(viewer, alias: str) -> tuple[str, list]:
    """``visible_updates`` as a SQL condition on the work-update table aliased ``alias``.

    For hand-written hot-path queries (the home feed, the unread badge), where building the
    ORM query costs more than running it. It must say exactly what ``visible_updates`` says;
    the visibility matrix tests both through every read path.
    """
    audience, params = _audience_sql(viewer, alias, "author_id", "circle_id")
    live = (
        f"{alias}.published_at IS NOT NULL AND {alias}.deleted_at IS NULL"
        f" AND {alias}.hidden_at IS NULL"
    )
    return f"{live} AND {audience}", params


def visible_goals_sql(viewer, alias: str) -> tuple[str, list]:
    """``visible_goals`` as a SQL condition on the goal table aliased ``alias``."""
    return _audience_sql(viewer, alias, "owner_id")


def visible_updates(viewer, queryset=None):
    """Published, not deleted, not hidden work updates that ``viewer`` may read."""
    from workaloud.work.models import WorkUpdate

    qs = WorkUpdate.objects.all() if queryset is None else queryset
    return qs.filter(
        audience_q(viewer, "author_id", "circle"),
        published_at__isnull=False,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    )


def can_view_update(viewer, update) -> bool:
    if update.deleted_at is not None or update.hidden_at is not None:
        return False
    if update.published_at is None:  # a draft is its author's alone
        return _is_member(viewer) and viewer.pk == update.author_id
    return can_see_audience(viewer, update.author_id, update.audience, update.circle_id)


def visible_goals(viewer, queryset=None):
    from workaloud.goals.models import Goal

    qs = Goal.objects.all() if queryset is None else queryset
    return qs.filter(audience_q(viewer, "owner_id"))


def can_view_goal(viewer, goal) -> bool:
    return can_see_audience(viewer, goal.owner_id, goal.audience)


def visible_people(viewer, queryset=None):
    """Active members' profiles; anonymous visitors see them only in a public community."""
    from workaloud.people.models import User

    qs = User.objects.all() if queryset is None else queryset
    if not _is_member(viewer) and not settings.COMMUNITY_PUBLIC:
        return qs.none()
    return qs.filter(is_active=True)


def can_view_person(viewer, person) -> bool:
    return person.is_active and (_is_member(viewer) or settings.COMMUNITY_PUBLIC)


def goal_shown_with(update) -> bool:
    """Whether everyone who may see ``update`` may also see its goal.

    True unless the goal was narrowed after the update was shared; then only the author is
    shown the goal on the update (the goal title must not leak to a wider audience). A circle
    update shows only a community goal: the circle's members need not follow its author.
    """
    goal = update.goal
    if goal is None:
        return False
    return audience_covers(goal.audience, update.audience)


def goal_visible_with(viewer, update) -> bool:
    """Whether ``viewer`` may see the update's goal beside it: always its author, others only
    while ``goal_shown_with`` holds. Every page and API answer that shows an update's goal
    asks this."""
    is_author = _is_member(viewer) and viewer.pk == update.author_id
    return update.goal_id is not None and (is_author or goal_shown_with(update))
