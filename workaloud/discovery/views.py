"""Discovery pages: aligned people, asks I could help with, beyond my network, and the "who could
help" panel on an ask (its author's alone)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from workaloud.discovery import services


def _back(request, default: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(default)


@login_required
def aligned(request):
    people = services.aligned_people(request.user, limit=20)
    return render(request, "discovery/aligned.html", {"suggestions": people})


@login_required
def aligned_panel(request):
    """The home page's panel, loaded after the page (htmx)."""
    people = services.aligned_people(request.user, limit=3)
    return render(request, "discovery/_aligned_panel.html", {"suggestions": people})


@login_required
def asks(request):
    items = services.asks_i_could_help_with(request.user)
    return render(request, "discovery/asks.html", {"items": items})


@login_required
def beyond(request):
    items = services.beyond_my_network(request.user)
    return render(request, "discovery/beyond.html", {"items": items})


@login_required
def helpers(request, update_id):
    """Who could help with my open ask: a panel on the ask (htmx) or a page of its own."""
    try:
        found = services.who_could_help(request.user, update_id)
    except ValidationError as exc:  # no open ask (any more)
        raise Http404("This update has no open ask.") from exc
    context = {
        "suggestions": found,
        "update_id": update_id,
        "weak_ties": services.best_are_weak_ties(found),
    }
    template = "discovery/_helpers_panel.html" if request.htmx else "discovery/helpers.html"
    return render(request, template, context)


@login_required
@require_POST
def ask_them(request, update_id):
    username = request.POST.get("username", "").strip()[:30]
    try:
        helper = services.ask_them(request.user, update_id, username).helper
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"We asked {helper.name} whether they could help.")
    return redirect("update_detail", update_id)


@login_required
@require_POST
def dismiss_person(request):
    try:
        services.dismiss_person(request.user, request.POST.get("username", "").strip()[:30])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request, "discovery_aligned")


@login_required
@require_POST
def dismiss_ask(request):
    raw = request.POST.get("update_id", "")
    if not raw.isdigit() or len(raw) > 18:
        messages.error(request, "Choose an ask to dismiss.")
        return redirect("discovery_asks")
    services.dismiss_ask(request.user, int(raw))
    return _back(request, "discovery_asks")
