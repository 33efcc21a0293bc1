import functools
import hashlib
from datetime import timedelta

from django import template
from django.template import engines
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince

from workaloud.audience import Audience, goal_visible_with
from workaloud.work.models import Stage

register = template.Library()

AVATAR_COLOURS = [
    "#2f6f73",
    "#7a4fa3",
    "#b0563b",
    "#3d6fb6",
    "#5b7f2e",
    "#a23e6b",
    "#8a6a1f",
    "#34607f",
]


@register.simple_tag
def avatar(person, size="md"):
    """Initials on a colour picked from the username: recognisable without uploads."""
    return _avatar(person.username, person.name, size)


@functools.lru_cache(maxsize=4096)  # a feed shows the same few people again and again
def _avatar(username: str, name: str, size: str):
    initials = "".join(w[0] for w in name.split()[:2]).upper() or username[:2].upper()
    digest = int(hashlib.md5(username.encode()).hexdigest(), 16)
    return format_html(
        '<span class="avatar avatar-{}" style="background:{}" aria-hidden="true">{}</span>',
        size,
        AVATAR_COLOURS[digest % len(AVATAR_COLOURS)],
        initials,
    )


@register.simple_tag
def audience_badge(item):
    return _audience_badge(item.audience)


@functools.cache
def _audience_badge(audience: str):
    return format_html(
        '<span class="audience audience-{}" title="Who can see this">{}</span>',
        audience,
        Audience(audience).label,
    )


STAGE_LABELS = dict(Stage.choices)


@register.filter
def stage_label(stage: str) -> str:
    return STAGE_LABELS[stage]


@register.filter
def stage_class(stage: str) -> str:
    return f"stage stage-{stage.replace('_', '-')}"


@register.simple_tag(takes_context=True)
def show_goal(context, update) -> bool:
    return goal_visible_with(context.get("user"), update)


@register.simple_tag(takes_context=True)
def feed_items(context):
    """The cards of a feed page. They are rendered by Jinja2: a page of 20 cards is the
    hottest template in the product, and Django's template language spent most of its time."""
    template = engines["jinja2"].get_template("work/_feed_items.html")
    names = ("page", "query", "mine")
    return mark_safe(template.render({n: context.get(n) for n in names}, context.get("request")))


@register.filter
def ago(moment) -> str:
    """“just now”, “5 minutes ago”, or a date once it is more than a week old."""
    if not moment:
        return ""
    age = timezone.now() - moment
    if age < timedelta(minutes=1):
        return "just now"
    if age > timedelta(days=7):
        return moment.strftime("%-d %b %Y")
    return f"{timesince(moment, depth=1)} ago"
