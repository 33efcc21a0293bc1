"""A purpose statement changed: refresh that profile in the background once committed.

Updates, goals, responses and credits are not watched here: the periodic job
``tasks.refresh_changed_profiles`` finds them by their timestamps every minute, so writing them
costs nothing extra (no query, no callback) on the hot write paths.
"""

from django.db import transaction
from django.db.models.signals import post_save

PROFILE_FIELDS = {"purpose", "is_active"}


def _on_user(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields is not None and not (set(update_fields) & PROFILE_FIELDS)):
        return  # a new member has no text yet; a login or a password change: nothing to read
    person_id = instance.pk

    def enqueue():
        from workaloud.discovery.tasks import refresh_profiles

        refresh_profiles([person_id])

    transaction.on_commit(enqueue)


def connect() -> None:
    from django.contrib.auth import get_user_model

    post_save.connect(_on_user, sender=get_user_model(), dispatch_uid="discovery_user")


connect()
