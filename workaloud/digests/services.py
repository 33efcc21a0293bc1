"""Previewing one's own digest: what the last ended period's email holds, without sending it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from workaloud.digests.building import Digest, WindowBuilder
from workaloud.digests.periods import last_ended, zone_of
from workaloud.digests.sending import default_site_url
from workaloud.notifications import preferences


def preview_digest(person, now: dt.datetime | None = None, site_url: str | None = None) -> Digest:
    """The person's digest for their last ended period, as it would be sent now (a person whose
    digest is off sees what the weekly one would hold)."""
    frequency = preferences.digest_frequency(person)
    if frequency not in ("weekly", "daily"):
        frequency = "weekly"
    period = last_ended(now or timezone.now(), zone_of(person), frequency)
    builder = WindowBuilder(period.start, period.end, site_url or default_site_url())
    (digest,) = builder.build([person], lambda p: period)
    return digest
