"""The digest email: subject, plain-text and HTML parts, unsubscribe headers.

Both parts are Jinja2 templates (``jinja2/digests/digest.txt`` and ``digest.html``), rendered
by environments of their own: the text part without HTML escaping, the HTML part with it.
Jinja2 renders a digest in a fraction of the time Django's template language takes, which
matters when ten thousand go out at once.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from workaloud.digests.building import Digest, snippet
from workaloud.digests.unsubscribe import make_token
from workaloud.work.models import Stage

TEMPLATES = Path(__file__).with_name("jinja2")
STAGES = dict(Stage.choices)


@functools.cache
def _environment(html: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["snippet"] = snippet
    env.filters["stage"] = lambda value: STAGES.get(value, value)
    env.filters["plural"] = lambda n, one, many=None: one if n == 1 else (many or one + "s")
    return env


def unsubscribe_url(person, site_url: str) -> str:
    return f"{site_url.rstrip('/')}/digests/unsubscribe/{make_token(person)}/"


def subject_of(digest: Digest) -> str:
    name = settings.COMMUNITY_NAME
    when = "week" if digest.period.frequency == "weekly" else "day"
    bits = []
    if digest.updates_total:
        bits.append(
            f"{digest.updates_total} new {'update' if digest.updates_total == 1 else 'updates'}"
        )
    if digest.asks_total:
        bits.append(f"{digest.asks_total} open {'ask' if digest.asks_total == 1 else 'asks'}")
    if digest.responses_total:
        n = digest.responses_total
        bits.append(f"{n} {'response' if n == 1 else 'responses'} to your work")
    summary = ", ".join(bits) or "what happened"
    return f"Your {name} {when}: {summary}"


def context_of(digest: Digest, site_url: str) -> dict:
    site_url = site_url.rstrip("/")
    period = digest.period
    return {
        "d": digest,
        "person": digest.person,
        "period_label": period.label,
        "frequency": period.frequency,
        "zone_name": digest.person.timezone or "UTC",
        "community_name": settings.COMMUNITY_NAME,
        "site_url": site_url,
        "home_url": site_url + "/",
        "asks_url": site_url + "/asks/",
        "notifications_url": site_url + "/notifications/",
        "settings_url": site_url + "/notifications/email/",
        "journal_url": site_url + "/reflection/",
        "unsubscribe_url": unsubscribe_url(digest.person, site_url),
    }


def render(digest: Digest, site_url: str) -> tuple[str, str, str]:
    """(subject, text, html) of one digest."""
    context = context_of(digest, site_url)
    text = _environment(False).get_template("digests/digest.txt").render(context)
    html = _environment(True).get_template("digests/digest.html").render(context)
    return subject_of(digest), text, html


def message_id_for(digest: Digest, site_url: str) -> str:
    """The same Message-ID for the same person and period, every time it is built: were a
    digest ever delivered twice, mail programs would recognise the copy."""
    period = digest.period
    first = f"{period.first_day:%Y%m%d}"
    return f"<digest.{digest.person.pk}.{period.frequency}.{first}@{_domain(site_url)}>"


def _domain(site_url: str) -> str:
    return urlsplit(site_url).hostname or "workaloud.local"


def email_of(digest: Digest, site_url: str, connection=None) -> EmailMultiAlternatives:
    subject, text, html = render(digest, site_url)
    link = unsubscribe_url(digest.person, site_url)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.person.email],
        connection=connection,
        headers={
            # RFC 2369 and RFC 8058: mail programs offer a one-click unsubscribe, which POSTs
            # "List-Unsubscribe=One-Click" to the link.
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{settings.COMMUNITY_NAME} digest <digest.{_domain(site_url)}>",
            "Auto-Submitted": "auto-generated",
            "Message-ID": message_id_for(digest, site_url),
        },
    )
    message.attach_alternative(html, "text/html")
    return message
