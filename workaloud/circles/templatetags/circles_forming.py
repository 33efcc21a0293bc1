"""Template helpers of the circle-forming pages: a circle's weekly slot in words, and the
join/leave box the circle page includes."""

from django import template

from workaloud.circles import forming
from workaloud.circles.access import membership_of
from workaloud.circles.models import Circle

register = template.Library()


@register.simple_tag
def circle_slot(circle: Circle) -> str:
    """ "Tuesdays 18:00 (Europe/Berlin)"."""
    return forming.circle_slot_label(circle)


@register.simple_tag
def join_box(circle: Circle, user) -> dict:
    """What the join/leave box offers ``user`` for ``circle``."""
    member = membership_of(user, circle) is not None
    count = circle.memberships.filter(left_at__isnull=True).count()
    open_to_join = (
        circle.origin == Circle.Origin.OPEN
        and circle.status == Circle.Status.OPEN
        and count < circle.size_limit
    )
    return {
        "member": member,
        "count": count,
        "can_leave": member and forming.can_leave(user, circle),
        "can_join": not member and open_to_join and forming.can_leave(user, circle),
        "full": count >= circle.size_limit,
    }
