"""Send the digest emails that are due: each person's weekly (or daily) digest once their local
week (or day) has ended.

The background job does this every 15 minutes (``workaloud/digests/tasks.py``); run it by hand
or from cron (``*/15 * * * * cd /srv/workaloud && .venv/bin/python manage.py send_digests``)
where no job consumer runs. Each digest goes once, however often and however many copies run,
and a run that dies half-way leaves the rest to the next (workaloud/digests/sending.py).

``--now 2026-03-09T08:00`` acts as if it were that moment (UTC unless the value names an
offset): to try it out, or to send what a stopped job missed.
"""

import datetime as dt
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from workaloud.digests.sending import default_site_url, send_due_digests


def parse_moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise CommandError(
            f"--now {value!r} is not a date and time; use ISO 8601, e.g. 2026-03-09T08:00."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class Command(BaseCommand):
    help = "Send the digest emails whose period has ended (run every 15 minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--now", default="", help="Act as if it were this moment (ISO 8601).")
        parser.add_argument(
            "--site-url",
            default="",
            help="The address members open Workaloud at, e.g. https://wol.example.org.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=200, help="People built together (default 200)."
        )

    def handle(self, *args, now="", site_url="", batch_size=200, **options):
        moment = parse_moment(now) if now else None
        site_url = site_url or default_site_url()
        parts = urlsplit(site_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise CommandError(
                f"--site-url {site_url!r} is not an address like https://wol.example.org."
            )
        if not 1 <= batch_size <= 5000:
            raise CommandError("--batch-size must be between 1 and 5000.")
        run = send_due_digests(moment, site_url=site_url, batch_size=batch_size)
        self.stdout.write(str(run))
        if run.failed:
            raise CommandError(
                f"{run.failed} digest(s) could not be sent; the next run retries them. Check "
                "the email settings and the log."
            )
