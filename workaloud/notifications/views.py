from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workaloud.notifications.services import mark_read, notifications_for


@login_required
def inbox(request):
    notes = list(notifications_for(request.user)[:100])
    return render(request, "notifications/inbox.html", {"notes": notes})


@login_required
@require_POST
def read(request):
    ids = request.POST.getlist("id")
    mark_read(request.user, [int(i) for i in ids if i.isdigit()] if ids else None)
    return redirect("notifications")
