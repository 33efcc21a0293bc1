"""Circle pages: forming. The circles home, the pool of a round, open circles, and (for
organisers) rounds and the review of a matching run. Views parse input and call
``workaloud.circles.forming``, as the API does."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_POST

from workaloud.circles import access, forming
from workaloud.circles.forms import (
    CircleFilterForm,
    JoinCircleForm,
    MoveForm,
    OpenCircleForm,
    PoolEntryForm,
    RoundForm,
)
from workaloud.circles.models import Circle, MatchingRun, PoolEntry, Round
from workaloud.web import add_service_errors

DAYS = list(enumerate(forming.DAY_NAMES))
HOURS = list(range(24))


def _organiser(view):
    """Organisers only; anyone else gets 403."""

    @login_required
    def wrapped(request, *args, **kwargs):
        forming.require_organiser(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _circle_url(circle) -> str:
    try:
        return reverse("circle_detail", args=[circle.pk])
    except NoReverseMatch:  # the circle page is not mounted: back home
        return reverse("circles_home")


def _say_refused(request, exc: ValidationError) -> None:
    messages.error(request, "Nothing was changed. " + " ".join(exc.messages))


@login_required
def circles_home(request):
    current, past = forming.my_circles(request.user)
    filters = CircleFilterForm(request.GET or None)
    found, filter_error = [], ""
    criteria = filters.cleaned_data if filters.is_valid() else {}
    try:
        found = forming.open_circles(request.user, **criteria)
    except ValidationError as exc:
        filter_error = " ".join(exc.messages)
        criteria = {k: v for k, v in criteria.items() if k not in ("fits_me", "language")}
        found = forming.open_circles(request.user, **criteria)
    entries = forming.my_entries(request.user)
    rounds = [(r, entries.get(r.pk)) for r in forming.open_rounds()]
    context = {
        "current": current,
        "past": past,
        "open_circles": found,
        "filters": filters,
        "filter_error": filter_error,
        "rounds": rounds,
        "languages": forming.LANGUAGES,
        "is_organiser": access.is_organiser(request.user),
    }
    return render(request, "circles/circles_home.html", context)


def _availability_grid(selected) -> list[tuple[str, list[tuple[int, int, bool]]]]:
    """One row a day, one box an hour: (day name, [(slot, hour, chosen)])."""
    chosen = {int(s) for s in selected or [] if str(s).isdigit()}
    return [
        (forming.DAY_NAMES_LONG[d], [(d * 24 + h, h, d * 24 + h in chosen) for h in HOURS])
        for d, _ in DAYS
    ]


@login_required
def pool_join(request, round_id):
    """Join a round's pool, or edit my entry in it."""
    round_ = get_object_or_404(Round, pk=round_id)
    entry = forming.entry_of(request.user, round_)
    if entry is None and not forming.is_round_open(round_):
        messages.error(request, f"“{round_.title}” is not open for sign-up.")
        return redirect("circles_home")
    if entry is not None:
        initial = {
            "goal": entry.goal,
            "format": entry.format,
            "location": entry.location,
            "languages": ", ".join(entry.languages),
            "timezone": entry.timezone,
            "availability": entry.availability,
            "avoid": ", ".join(entry.avoid.values_list("username", flat=True)),
        }
    else:
        initial = {
            "timezone": request.user.timezone,
            "languages": ", ".join(request.user.language_list),
            "location": request.user.location,
        }
    form = PoolEntryForm(request.POST or None, initial=initial, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                forming.join_pool(request.user, round_, **form.service_fields())
                messages.success(request, f"You are in the pool of “{round_.title}”.")
            else:
                forming.update_pool_entry(entry, request.user, **form.service_fields())
                messages.success(request, "Your pool entry is saved.")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("circles_home")
    selected = (
        form.data.getlist("availability") if form.is_bound else initial.get("availability", [])
    )
    context = {
        "round": round_,
        "entry": entry,
        "form": form,
        "days": forming.DAY_NAMES,
        "grid": _availability_grid(selected),
        "languages": forming.LANGUAGES,
    }
    return render(request, "circles/pool_form.html", context)


@login_required
@require_POST
def pool_withdraw(request, round_id):
    round_ = get_object_or_404(Round, pk=round_id)
    entry = PoolEntry.objects.filter(round=round_, person=request.user).first()
    if entry is None:
        messages.error(request, "You are not in this round's pool.")
        return redirect("circles_home")
    try:
        forming.withdraw_from_pool(entry, request.user)
    except ValidationError as exc:
        _say_refused(request, exc)
    else:
        messages.success(request, f"You withdrew from the pool of “{round_.title}”.")
    return redirect("circles_home")


@login_required
def circle_new(request):
    form = OpenCircleForm(
        request.POST or None,
        initial={"timezone": request.user.timezone},
        person=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        goal = data.pop("goal")
        try:
            circle = forming.create_open_circle(request.user, goal=goal, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"“{circle.title}” is open: others can now find and join it.")
            return redirect(_circle_url(circle))
    return render(
        request, "circles/circle_new.html", {"form": form, "languages": forming.LANGUAGES}
    )


@login_required
@require_POST
def circle_join(request, circle_id):
    circle = get_object_or_404(Circle, pk=circle_id)
    form = JoinCircleForm(request.POST, person=request.user)
    goal = form.cleaned_data.get("goal") if form.is_valid() else None
    try:
        forming.join_circle(request.user, circle, goal=goal)
    except ValidationError as exc:
        _say_refused(request, exc)
        return redirect("circles_home")
    messages.success(request, f"You joined “{circle.title}”.")
    return redirect(_circle_url(circle))


@login_required
@require_POST
def circle_leave(request, circle_id):
    circle = get_object_or_404(Circle, pk=circle_id)
    try:
        forming.leave_circle(request.user, circle)
    except ValidationError as exc:
        _say_refused(request, exc)
        return redirect(_circle_url(circle))
    messages.success(request, f"You left “{circle.title}”.")
    return redirect("circles_home")


# --- Organisers ---------------------------------------------------------------------------


@_organiser
def organise_rounds(request):
    rounds = Round.objects.all().order_by("-starts_on", "-id")
    return render(request, "circles/organise_rounds.html", {"rounds": rounds})


@_organiser
def round_new(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = forming.create_round(request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Round “{round_.title}” is open for sign-up.")
            return redirect("round_detail", round_.pk)
    return render(request, "circles/round_form.html", {"form": form})


@_organiser
def round_edit(request, round_id):
    round_ = get_object_or_404(Round, pk=round_id)
    initial = {
        "title": round_.title,
        "starts_on": round_.starts_on,
        "signup_closes_on": round_.signup_closes_on,
        "programme": round_.programme,
    }
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            forming.update_round(round_, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Round saved.")
            return redirect("round_detail", round_.pk)
    return render(request, "circles/round_form.html", {"form": form, "round": round_})


@_organiser
def round_detail(request, round_id):
    round_ = get_object_or_404(Round, pk=round_id)
    context = {
        "round": round_,
        "figures": forming.pool_figures(round_, request.user),
        "runs": round_.matching_runs.all(),
        "circles": round_.circles.filter(origin=Circle.Origin.MATCHED)
        .annotate(member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True)))
        .order_by("id"),
    }
    return render(request, "circles/round_detail.html", context)


@_organiser
@require_POST
def round_match(request, round_id):
    round_ = get_object_or_404(Round, pk=round_id)
    try:
        run = forming.run_matching(round_, request.user)
    except ValidationError as exc:
        _say_refused(request, exc)
        return redirect("round_detail", round_.pk)
    return redirect("matching_review", run.pk)


@_organiser
def matching_review(request, run_id):
    run = get_object_or_404(MatchingRun.objects.select_related("round"), pk=run_id)
    context = {"review": forming.review(run, request.user), "run": run, "round": run.round}
    return render(request, "circles/organise_matching.html", context)


@_organiser
@require_POST
def matching_move(request, run_id):
    run = get_object_or_404(MatchingRun, pk=run_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing was changed. Choose a person and where to move them.")
        return redirect("matching_review", run.pk)
    try:
        forming.move_in_run(run, request.user, form.cleaned_data["entry"], form.cleaned_data["to"])
    except ValidationError as exc:
        _say_refused(request, exc)
    else:
        to = form.cleaned_data["to"]
        messages.success(request, "Moved to unmatched." if to is None else f"Moved to circle {to}.")
    return redirect("matching_review", run.pk)


@_organiser
@require_POST
def matching_dissolve(request, run_id):
    run = get_object_or_404(MatchingRun, pk=run_id)
    try:
        key = int(request.POST.get("key", ""))
    except ValueError:
        messages.error(request, "Nothing was changed. Choose a proposed circle.")
        return redirect("matching_review", run.pk)
    try:
        forming.dissolve_in_run(run, request.user, key)
    except ValidationError as exc:
        _say_refused(request, exc)
    else:
        messages.success(request, f"Circle {key} set aside; its members are unmatched.")
    return redirect("matching_review", run.pk)


@_organiser
@require_POST
def matching_confirm(request, run_id):
    run = get_object_or_404(MatchingRun, pk=run_id)
    try:
        circles = forming.confirm_run(run, request.user)
    except ValidationError as exc:
        _say_refused(request, exc)
        return redirect("matching_review", run.pk)
    messages.success(request, f"{len(circles)} circles formed; their members have been told.")
    return redirect("round_detail", run.round_id)


@_organiser
@require_POST
def matching_discard(request, run_id):
    run = get_object_or_404(MatchingRun, pk=run_id)
    try:
        forming.discard_run(run, request.user)
    except ValidationError as exc:
        _say_refused(request, exc)
        return redirect("matching_review", run.pk)
    messages.success(request, "Proposal discarded.")
    return redirect("round_detail", run.round_id)


urlpatterns = [
    path("", circles_home, name="circles_home"),
    path("new/", circle_new, name="circle_new"),
    path("<int:circle_id>/join/", circle_join, name="circle_join"),
    path("<int:circle_id>/leave/", circle_leave, name="circle_leave"),
    path("rounds/<int:round_id>/pool/", pool_join, name="pool_join"),
    path("rounds/<int:round_id>/pool/withdraw/", pool_withdraw, name="pool_withdraw"),
    path("organise/", organise_rounds, name="organise_rounds"),
    path("organise/rounds/new/", round_new, name="round_new"),
    path("organise/rounds/<int:round_id>/", round_detail, name="round_detail"),
    path("organise/rounds/<int:round_id>/edit/", round_edit, name="round_edit"),
    path("organise/rounds/<int:round_id>/match/", round_match, name="round_match"),
    path("organise/matching/<int:run_id>/", matching_review, name="matching_review"),
    path("organise/matching/<int:run_id>/move/", matching_move, name="matching_move"),
    path("organise/matching/<int:run_id>/dissolve/", matching_dissolve, name="matching_dissolve"),
    path("organise/matching/<int:run_id>/confirm/", matching_confirm, name="matching_confirm"),
    path("organise/matching/<int:run_id>/discard/", matching_discard, name="matching_discard"),
]
