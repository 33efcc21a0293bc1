"""Circle jobs: reminders before meetings and the closing of finished circles, every five
minutes (``manage.py send_circle_reminders`` does the same by hand)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from workaloud.circles.ending import finish_circles
from workaloud.circles.reminders import default_site_url, send_due_reminders


@db_periodic_task(crontab(minute="*/5"))
@lock_task("circle-reminders")
def remind_and_finish_circles() -> None:
    send_due_reminders(site_url=default_site_url())
    finish_circles()
