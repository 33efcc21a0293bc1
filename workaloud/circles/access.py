"""Who belongs to a circle: the one answer every circle page, API answer and service asks.

A member is a person with a current membership (``left_at`` is null); the rule itself lives
in ``workaloud.audience``, which decides who may see a "my circle" update. A circle's content
(notes, check-ins, "my circle" updates) is for members only; administrators are no
exception in the product's pages.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from workaloud.audience import current_memberships_of, is_circle_member
from workaloud.circles.models import Circle, Membership

ORGANISE_PERMISSION = "circles.organise_circles"


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_organiser(user) -> bool:
    """Whether ``user`` may run rounds, matching and programmes, and see circles' figures."""
    return _signed_in(user) and user.has_perm(ORGANISE_PERMISSION)


def current_memberships(circle: Circle) -> QuerySet[Membership]:
    """The circle's current memberships, oldest first, with their people."""
    return circle.memberships.filter(left_at__isnull=True).select_related("person")


def membership_of(user, circle: Circle) -> Membership | None:
    """``user``'s current membership of ``circle``, or None."""
    if not _signed_in(user):
        return None
    return current_memberships_of(user).filter(circle=circle).select_related("goal").first()


def is_member(user, circle: Circle) -> bool:
    """Whether ``user`` is a current member of ``circle`` (joined and not left)."""
    return is_circle_member(user, circle.pk)


def circles_of(user) -> QuerySet[Circle]:
    """The circles ``user`` is a current member of."""
    if not _signed_in(user):
        return Circle.objects.none()
    return Circle.objects.filter(pk__in=current_memberships_of(user).values("circle_id"))


def member_ids(circle: Circle) -> set[int]:
    """The ids of the circle's current members."""
    return set(circle.memberships.filter(left_at__isnull=True).values_list("person_id", flat=True))


def get_circle_for_member(user, pk) -> Circle:
    """The circle ``pk`` if ``user`` is a current member of it; otherwise 404, the same answer
    as for a circle that does not exist, so a non-member learns nothing about it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such circle.") from None
    circle = circles_of(user).filter(pk=pk).first()
    if circle is None:
        raise Http404("No such circle.")
    return circle
