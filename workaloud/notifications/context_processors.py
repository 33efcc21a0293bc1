from django.utils.functional import SimpleLazyObject

from workaloud.notifications.services import unread_count


def unread_notifications(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    # Lazy: pages that never show the badge never pay for the query.
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
