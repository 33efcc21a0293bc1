"""Discovery jobs: refresh the profiles of people whose text changed (a purpose at once, the
rest found every minute), and a nightly sweep of everyone."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from workaloud.discovery import store


@db_task()
def refresh_profiles(person_ids: list[int]) -> int:
    """Re-encode these people's profiles if their text changed (safe to run twice)."""
    return store.refresh_profiles(person_ids)


@db_periodic_task(crontab(minute="*"))
@lock_task("discovery-refresh-changed")
def refresh_changed_profiles() -> int:
    """Every minute: the profiles of people who shared, edited, answered or set goals lately."""
    return store.refresh_changed()


@db_periodic_task(crontab(hour="4", minute="10"))
@lock_task("discovery-refresh-all")
def refresh_all_profiles() -> int:
    """Every night: catch anything a lost job missed (deletions, moderation, audience changes)."""
    return store.refresh_all()
