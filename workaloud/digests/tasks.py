"""Digest job: every 15 minutes, send the digests whose period has just ended
(``manage.py send_digests`` does the same by hand). Periods end at local midnights, so across
time zones some are due in most quarters of an hour; each is sent once however often this
runs (``sending.py``)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from workaloud.digests.sending import send_due_digests


@db_periodic_task(crontab(minute="*/15"))
@lock_task("digests")
def send_digests() -> None:
    send_due_digests()
