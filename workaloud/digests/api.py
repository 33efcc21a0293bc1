"""API: a member's preview of their own digest."""

from datetime import datetime

from ninja import Field, Router, Schema

from workaloud.api_auth import MEMBER_AUTH
from workaloud.api_schemas import responses
from workaloud.digests.rendering import render as render_digest
from workaloud.digests.sending import default_site_url
from workaloud.digests.services import preview_digest

router = Router(tags=["digests"])


class DigestItemOut(Schema):
    update_id: int
    author: str = Field(description="The author's username.")
    url: str
    matched: list[str] = Field(description="For asks you could help with: the words that matched.")


class DigestPreviewOut(Schema):
    frequency: str = Field(description="weekly or daily")
    period_start: datetime
    period_end: datetime
    empty: bool = Field(description="An empty digest is not sent.")
    subject: str
    updates_total: int
    updates: list[DigestItemOut]
    asks_total: int
    asks: list[DigestItemOut]
    could_help: list[DigestItemOut]
    responses_total: int
    given: int
    received: int
    prompt: str | None
    text: str = Field(description="The plain-text part of the email.")


def _items(items) -> list[dict]:
    return [
        {
            "update_id": i.update.pk,
            "author": i.update.author.username,
            "url": i.url,
            "matched": i.matched,
        }
        for i in items
    ]


@router.get("/digests/preview", response=responses(DigestPreviewOut), auth=MEMBER_AUTH)
def digest_preview(request):
    """My digest for my last ended period (local week or day), as it would be emailed."""
    site_url = default_site_url()
    digest = preview_digest(request.auth, site_url=site_url)
    subject, text, _html = render_digest(digest, site_url)
    return {
        "frequency": digest.period.frequency,
        "period_start": digest.period.start,
        "period_end": digest.period.end,
        "empty": digest.is_empty,
        "subject": subject,
        "updates_total": digest.updates_total,
        "updates": _items(digest.updates),
        "asks_total": digest.asks_total,
        "asks": _items(digest.asks),
        "could_help": _items(digest.could_help),
        "responses_total": digest.responses_total,
        "given": digest.given,
        "received": digest.received,
        "prompt": digest.prompt.text if digest.prompt else None,
        "text": text,
    }
