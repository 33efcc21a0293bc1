from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()

TREND_LABELS = {
    "deepening": "↗ deepening",
    "fading": "↘ fading",
    "new": "✦ new",
    "steady": "→ steady",
}


@register.simple_tag(takes_context=True)
def relationship_rows(context):
    """The rows of the relationships list, rendered by Jinja2: a page of 50 rows spent most of
    its time in Django's template language (like the feed cards)."""
    rows = engines["jinja2"].get_template("relationships/_rows.html")
    data = {"rows": context.get("relationships"), "trend_labels": TREND_LABELS}
    return mark_safe(rows.render(data, context.get("request")))
