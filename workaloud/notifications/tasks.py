"""Notification jobs: an email at once for the kinds a person wants at once (queued by
``notify()`` when its transaction commits), and the weekly "pay yourself first" reminders every
five minutes."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from workaloud.notifications.delivery import send_due_reminders, send_notification_email


@db_task(retries=3, retry_delay=60)
def email_notification(notification_id: int) -> str:
    """Email one notification, once; a failed send raises, and huey retries it."""
    return send_notification_email(notification_id)


@db_periodic_task(crontab(minute="*/5"))
@lock_task("work-out-loud-reminders")
def remind_to_work_out_loud() -> None:
    send_due_reminders()
