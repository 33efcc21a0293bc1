"""The Jinja2 environment for the few hot templates rendered by Jinja2 (feed cards).

It offers the same helpers as the Django template tags in ``templatetags/workaloud_tags.py``.
"""

import functools

from django.templatetags.static import static
from django.urls import reverse
from django.utils.timezone import localtime
from jinja2 import Environment
from markupsafe import Markup, escape

from workaloud.audience import goal_visible_with
from workaloud.templatetags import workaloud_tags as tags

_ARG = 987654321  # a stand-in argument that any route's converter accepts


@functools.cache
def _route(name: str) -> str:
    return reverse(name, args=[_ARG])


def url(name: str, arg) -> str:
    """``reverse(name, args=[arg])`` for one-argument routes, resolved once per route name:
    reversing is costly, and a feed page links each card several times."""
    return _route(name).replace(str(_ARG), str(arg))


def linebreaksbr(text: str) -> Markup:
    return Markup(escape(text).replace("\n", Markup("<br>")))


def day(moment) -> str:
    """'4 Nov 2026' in the current time zone, as Django's ``date:"j M Y"``."""
    moment = localtime(moment)
    return f"{moment.day} {moment:%b %Y}"


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update(
        url=url,
        static=static,
        avatar=tags.avatar,
        audience_badge=tags.audience_badge,
        goal_visible_with=goal_visible_with,
    )
    env.filters.update(
        ago=tags.ago,
        stage_class=tags.stage_class,
        stage_label=tags.stage_label,
        linebreaksbr=linebreaksbr,
        day=day,
    )
    return env
