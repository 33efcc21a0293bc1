"""Remind circle members of their coming meetings, and mark ended circles finished.

Run every few minutes, for example from cron::

    */5 * * * * cd /srv/workaloud && .venv/bin/python manage.py send_circle_reminders

or a systemd timer (``OnCalendar=*:0/5``) starting a oneshot service with that command.
Each meeting due within ``CIRCLE_REMINDER_HOURS`` (default 24) is reminded once, in the app and
by email (``EMAIL_BACKEND`` and Django's ``EMAIL_*`` settings), however often and however many
copies run; a run that dies half-way leaves the rest to the next run
(workaloud/circles/reminders.py explains how). Links in the emails start with ``--site-url``,
by default ``SITE_URL`` if set, else the first of ``ALLOWED_HOSTS``.

Then circles whose last meeting has ended are marked finished (``--no-finish`` skips it).
"""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from workaloud.circles.ending import finish_circles
from workaloud.circles.reminders import default_site_url, send_due_reminders


class Command(BaseCommand):
    help = "Send circle meeting reminders due now (run every few minutes) and finish ended circles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default="",
            help="The address members open Workaloud at, e.g. https://wol.example.org.",
        )
        parser.add_argument(
            "--no-finish", action="store_true", help="Do not mark ended circles finished."
        )

    def handle(self, *args, site_url="", no_finish=False, **options):
        site_url = site_url or default_site_url()
        parts = urlsplit(site_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise CommandError(
                f"--site-url {site_url!r} is not an address like https://wol.example.org."
            )
        run = send_due_reminders(site_url=site_url)
        self.stdout.write(str(run))
        if not no_finish:
            finished = finish_circles()
            self.stdout.write(f"Marked {finished} circle(s) finished.")
        if run.emails_failed:
            raise CommandError(
                f"{run.emails_failed} reminder email(s) could not be sent; the next run retries "
                "them. Check the email settings and the log."
            )
