from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workaloud.notifications import preferences
from workaloud.notifications.forms import EmailPreferencesForm
from workaloud.notifications.models import Notification
from workaloud.notifications.services import mark_read, notifications_for
from workaloud.web import add_service_errors


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


@login_required
def email_preferences(request):
    """Settings: which notifications come by email, how often the digest comes, and the weekly
    time to work out loud."""
    form = EmailPreferencesForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            preferences.update_preferences(request.user, **form.changes())
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, "Your email preferences are saved.")
            return redirect("email_preferences")
    return render(
        request,
        "notifications/email_preferences.html",
        {
            "form": form,
            "tab": "email",
            "zone": request.user.timezone or "UTC",
            "has_email": bool(request.user.email),
        },
    )


def _service_errors(form, exc: ValidationError) -> None:
    """A delivery error ("mention: …") goes on its kind's row; the rest as usual."""
    rest = {}
    for field, errors in exc.message_dict.items():
        if field != "deliveries":
            rest[field] = errors
            continue
        for message in errors:
            kind, _, text = message.partition(": ")
            name = f"kind_{kind}"
            form.add_error(
                name if name in form.fields else None, text if name in form.fields else message
            )
    if rest:
        add_service_errors(form, ValidationError(rest))
