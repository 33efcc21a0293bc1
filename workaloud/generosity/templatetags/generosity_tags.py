"""``{% thanks_widget item %}``: the "Say thanks" control on a response or an update."""

from django import template

from workaloud.generosity import services
from workaloud.responses.models import Response

register = template.Library()


@register.inclusion_tag("generosity/_thanks.html", takes_context=True)
def thanks_widget(context, item):
    """For a response or a work update; one query per page and viewer, whatever the number
    of responses (the viewer's thanks on the update are read once)."""
    if isinstance(item, Response):
        update, response = item.update, item
    else:
        update, response = item, None
    return {
        **services.widget(context.get("user"), update, response),
        "csrf_token": context.get("csrf_token"),
    }
