from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workaloud.notifications.models import Notification
from workaloud.notifications.services import mark_read, notifications_for


@login_required
def inbox(request):
    notes = list(notifications_for(request.user)[:100])
    return render(request, "notifications/inbox.html", {"notes": notes})


def _own_notification_ids(request, raw_ids: list[str]) -> list[int]:
    """The posted ids, if every one is a notification of the viewer's; 404 otherwise."""
    try:
        ids = {int(raw) for raw in raw_ids}
    except ValueError:
        raise Http404("No such notification.") from None
    if any(not 0 < i < 2**63 for i in ids):  # beyond any id the database can hold
        raise Http404("No such notification.")
    if Notification.objects.filter(recipient=request.user, pk__in=ids).count() != len(ids):
        raise Http404("No such notification.")
    return sorted(ids)


@login_required
@require_POST
def read(request):
    raw_ids = request.POST.getlist("id")
    mark_read(request.user, _own_notification_ids(request, raw_ids) if raw_ids else None)
    return redirect("notifications")
