"""The circle page's updates: the latest a circle's members shared with it, as feed cards."""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

from workaloud.work import feeds

register = template.Library()

#: How many updates the circle page shows before linking to the rest.
LATEST = 10


@register.simple_tag
def latest_circle_updates(circle, viewer):
    """The newest updates shared with ``circle`` that ``viewer`` may read (a page of
    ``feeds.circle_feed``: nothing for a non-member)."""
    return feeds.circle_feed(viewer, circle, limit=LATEST)


@register.simple_tag(takes_context=True)
def update_cards(context, updates):
    """The feed cards of ``updates`` (the same Jinja2 card every feed shows)."""
    card = engines["jinja2"].get_template("work/_update_card.html")
    request = context.get("request")
    return mark_safe("".join(card.render({"update": u}, request) for u in updates))
