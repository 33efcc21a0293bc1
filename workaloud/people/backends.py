"""Django's model backend, reading a person's permissions in one query instead of two.

Every page's top bar asks for a permission (the Imports link), so this query is on every
request of a signed-in person.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class PermissionsInOneQueryBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                found = _names(Permission.objects.all())
            else:
                own = _names(Permission.objects.filter(user=user_obj))
                found = own.union(_names(Permission.objects.filter(group__user=user_obj)))
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in found}
        return user_obj._perm_cache


def _names(permissions):
    return permissions.order_by().values_list("content_type__app_label", "codename")
