"""When someone's text changes (purpose, goals, updates, responses, credits), their profile is
refreshed in the background, once the change is committed."""

from django.db import transaction
from django.db.models.signals import post_save

PROFILE_FIELDS = {"purpose", "is_active"}


def _refresh_later(*person_ids: int) -> None:
    ids = sorted({pid for pid in person_ids if pid})
    if not ids:
        return

    def enqueue():
        from workaloud.discovery.tasks import refresh_profiles

        refresh_profiles(ids)

    transaction.on_commit(enqueue)


def _on_user(sender, instance, created, update_fields=None, **kwargs):
    if update_fields is not None and not (set(update_fields) & PROFILE_FIELDS):
        return  # a login, a password change: nothing a profile reads
    _refresh_later(instance.pk)


def _on_goal(sender, instance, **kwargs):
    _refresh_later(instance.owner_id)


def _on_update(sender, instance, **kwargs):
    _refresh_later(instance.author_id)


def _on_response(sender, instance, **kwargs):
    _refresh_later(instance.author_id)


def _on_credit(sender, instance, **kwargs):
    _refresh_later(instance.helper_id)


def connect() -> None:
    from django.contrib.auth import get_user_model

    from workaloud.goals.models import Goal
    from workaloud.responses.models import HelpCredit, Response
    from workaloud.work.models import WorkUpdate

    post_save.connect(_on_user, sender=get_user_model(), dispatch_uid="discovery_user")
    post_save.connect(_on_goal, sender=Goal, dispatch_uid="discovery_goal")
    post_save.connect(_on_update, sender=WorkUpdate, dispatch_uid="discovery_update")
    post_save.connect(_on_response, sender=Response, dispatch_uid="discovery_response")
    post_save.connect(_on_credit, sender=HelpCredit, dispatch_uid="discovery_credit")


connect()
