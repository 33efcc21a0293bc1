"""A snapshot of the database, to assert that refused input changed nothing."""

from django.apps import apps


def snapshot() -> dict:
    """Every row of Workaloud's own tables.

    Timestamps of logins and token use are left out: reading them is not a change of state.
    """
    state = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("workaloud."):
            continue
        for model in config.get_models():
            rows = list(model.objects.order_by("pk").values())
            for row in rows:
                row.pop("last_login", None)
                row.pop("last_used_at", None)
            state[model._meta.label] = rows
    return state
