from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workaloud.audience import can_view_update, is_circle_member
from workaloud.circles.models import Circle
from workaloud.goals.models import Goal
from workaloud.notifications.services import mark_read_about
from workaloud.reflection.prompts import get_prompt
from workaloud.reflection.services import mark_shared, share_body
from workaloud.responses.services import respond, response_threads
from workaloud.web import add_service_errors
from workaloud.work import feeds, services
from workaloud.work.forms import ResolveAskForm, ResponseForm, UpdateForm
from workaloud.work.models import WorkUpdate


def _feed_page(request, template, page, **context):
    """A feed page; an htmx "load more" request gets only the next items."""
    context.update(page=page)
    if request.htmx:
        return render(request, "work/_feed_items.html", context)
    return render(request, template, context)


@login_required
def home(request):
    try:
        page = feeds.home_feed(request.user, cursor=request.GET.get("cursor"))
    except ValidationError:
        return redirect("home")
    goals = Goal.objects.filter(owner=request.user, status=Goal.Status.ACTIVE)[:5]
    return _feed_page(request, "work/home.html", page, goals=goals, feed_name="home")


def discover(request):
    try:
        page = feeds.discover_feed(request.user, cursor=request.GET.get("cursor"))
    except ValidationError:
        return redirect("discover")
    return _feed_page(request, "work/discover.html", page, feed_name="discover")


def asks(request):
    mine = request.GET.get("mine") == "1" and request.user.is_authenticated
    try:
        page = feeds.asks_feed(request.user, cursor=request.GET.get("cursor"), mine=mine)
    except ValidationError:
        return redirect("asks")
    return _feed_page(request, "work/asks.html", page, mine=mine, feed_name="asks")


def search(request):
    from workaloud.search.views import search_page

    return search_page(request)


def circle_or_404(viewer, circle_id) -> Circle:
    """A circle ``viewer`` is a current member of; 404, as for one that does not exist, else."""
    circle = Circle.objects.filter(pk=circle_id).first()
    if circle is None or not is_circle_member(viewer, circle.pk):
        raise Http404("This circle does not exist or you are not one of its members.")
    return circle


@login_required
def circle_updates(request, circle_id):
    """Every update shared with one of my circles, newest first."""
    circle = circle_or_404(request.user, circle_id)
    try:
        page = feeds.circle_feed(request.user, circle, cursor=request.GET.get("cursor"))
    except ValidationError:
        return redirect("circle_updates", circle.pk)
    return _feed_page(request, "work/circle_updates.html", page, circle=circle)


def _update_or_404(request, update_id) -> WorkUpdate:
    update = (
        WorkUpdate.objects.select_related("author", "goal", "circle").filter(pk=update_id).first()
    )
    if update is None or not can_view_update(request.user, update):
        raise Http404("This update does not exist or is not shared with you.")
    return update


def update_detail(request, update_id, response_form=None):
    update = _update_or_404(request, update_id)
    mark_read_about(request.user, update)
    feeds.attach_response_summaries([update])
    context = {
        "update": update,
        "threads": response_threads(update),
        "response_form": response_form or ResponseForm(),
        "credits": update.help_credits.select_related("helper"),
        "is_author": request.user.pk == update.author_id,
    }
    return render(request, "work/update_detail.html", context)


@login_required
def update_create(request):
    initial = {}
    if request.GET.get("goal", "").isdigit():
        initial["goal"] = request.GET["goal"]
    for name in ("campaign", "campaign_day"):  # "Share your answer" to a campaign's prompt
        if request.GET.get(name):
            initial[name] = request.GET[name][:40]
    # "Share as an update" on a reflection prompt links here with ?prompt=<id>.
    prompt = get_prompt(request.GET.get("prompt"))
    if prompt is not None:
        initial["body"] = share_body(prompt)
    form = UpdateForm(request.POST or None, author=request.user, initial=initial)
    # "Share with the circle" links here with ?audience=circle&circle=<id>.
    preset = form.audience_for(request.GET.get("audience", ""), request.GET.get("circle"))
    if preset:
        form.initial["audience"] = preset
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") != "draft"
        try:
            update = services.create_update(request.user, publish=publish, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if publish:
                if prompt is not None:
                    mark_shared(request.user, prompt.key, update)
                messages.success(request, "Shared. Thanks for working out loud!")
                return redirect(update)
            messages.success(request, "Saved as a draft; only you can see it.")
            return redirect("drafts")
    return render(request, "work/update_form.html", {"form": form, "creating": True})


@login_required
def update_edit(request, update_id):
    update = _update_or_404(request, update_id)
    if update.author_id != request.user.pk:
        raise PermissionDenied("Only the author can edit this update.")
    form = UpdateForm(request.POST or None, instance=update, author=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_update(
                WorkUpdate.objects.get(pk=update.pk), request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved. The earlier version is kept in the history.")
            if request.POST.get("action") == "publish" and update.is_draft:
                return update_publish(request, update.pk)
            return redirect(update if not update.is_draft else "drafts")
    return render(request, "work/update_form.html", {"form": form, "update": update})


@login_required
@require_POST
def update_publish(request, update_id):
    update = _update_or_404(request, update_id)
    try:
        services.publish_draft(update, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Published.")
    return redirect(update)


@login_required
def update_delete(request, update_id):
    update = _update_or_404(request, update_id)
    if update.author_id != request.user.pk:
        raise PermissionDenied("Only the author can delete this update.")
    if request.method == "POST":
        services.delete_update(update, request.user)
        messages.success(request, "The update is deleted; nobody can see it any more.")
        return redirect("profile", request.user.username)
    return render(request, "work/update_delete.html", {"update": update})


def update_history(request, update_id):
    update = _update_or_404(request, update_id)
    if update.author_id != request.user.pk:
        raise PermissionDenied("Only the author can see an update's earlier versions.")
    return render(
        request, "work/update_history.html", {"update": update, "revisions": update.revisions.all()}
    )


@login_required
@require_POST
def update_respond(request, update_id):
    update = _update_or_404(request, update_id)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            response = respond(
                update,
                request.user,
                kind=form.cleaned_data["kind"],
                body=form.cleaned_data["body"],
                parent_id=form.cleaned_data["parent_id"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(f"{update.get_absolute_url()}#response-{response.pk}")
    return update_detail(request, update_id, response_form=form)


@login_required
def update_resolve(request, update_id):
    update = _update_or_404(request, update_id)
    if update.author_id != request.user.pk:
        raise PermissionDenied("Only the author can resolve this ask.")
    responders = {r.author for r in update.responses.select_related("author")}
    candidates = sorted((p for p in responders if p.pk != request.user.pk), key=lambda p: p.name)
    # Bound on every POST: resolving with nobody ticked sends no form fields at all.
    form = ResolveAskForm(request.POST if request.method == "POST" else None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            credits = services.resolve_ask(
                update, request.user, helper_ids=[int(i) for i in form.cleaned_data["helpers"]]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            names = ", ".join(c.helper.name for c in credits)
            messages.success(
                request, f"Ask resolved. Credited: {names}." if names else "Ask resolved."
            )
            return redirect(update)
    return render(request, "work/update_resolve.html", {"update": update, "form": form})


@login_required
def drafts(request):
    return render(request, "work/drafts.html", {"drafts": feeds.drafts(request.user)})
