"""Pages of the relationship lists. Only a goal's owner reaches them: for anyone else,
administrators included, a goal's list answers 404 exactly like a goal that does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workaloud.audience import visible_people
from workaloud.relationship_lists import services
from workaloud.relationship_lists.closeness import CALIBRATION_RULE, SCALE
from workaloud.relationship_lists.forms import (
    AddMemberForm,
    AddOutsideForm,
    EntryForm,
    RateForm,
)
from workaloud.web import add_service_errors

SUGGESTIONS = 200  # usernames offered while typing a member's name


def _list_url(goal, entry=None) -> str:
    url = reverse("relationship_list", args=[goal.pk])
    return f"{url}#entry-{entry.pk}" if entry is not None else url


def _renamed(error: ValidationError, **names: str) -> ValidationError:
    """The service's error with its fields named as the form names them."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(field, field): errors for field, errors in error.error_dict.items()}
    )


def _suggestions(user) -> list[str]:
    """Usernames of the people the owner follows, to pick from while typing."""
    followed = user.following.values("followed_id")
    people = visible_people(user).filter(pk__in=followed).order_by("username")
    return list(people.values_list("username", flat=True)[:SUGGESTIONS])


def _render_list(request, goal, *, member_form=None, outside_form=None, rate_form=None, at=None):
    """The list page; a refused form comes back filled in, with its errors."""
    entries = services.goal_list(request.user, goal)
    refused = member_form or outside_form or rate_form
    problem = ""
    if refused is not None and refused.errors:
        said = [message for errors in refused.errors.values() for message in errors]
        problem = "Nothing was saved. " + " ".join(said)
    for view in entries:
        bound = rate_form if at is not None and view.entry.pk == at else None
        view.rate_form = bound or RateForm(prefix=f"rate-{view.entry.pk}")
    context = {
        "goal": goal,
        "entries": entries,
        "member_form": member_form or AddMemberForm(prefix="member"),
        "outside_form": outside_form or AddOutsideForm(prefix="outside"),
        "open_form": "outside" if outside_form is not None else "member",
        "suggestions": _suggestions(request.user),
        "scale": sorted(SCALE.items()),
        "calibration_rule": CALIBRATION_RULE,
        "problem": problem,
        "disagreements": sum(1 for v in entries if v.calibration and v.calibration.disagrees),
    }
    return render(request, "relationship_lists/goal_list.html", context)


@login_required
def overview(request):
    """All my goals' lists on one page."""
    lists = services.lists_overview(request.user)
    return render(request, "relationship_lists/overview.html", {"lists": lists})


@login_required
def goal_relationship_list(request, goal_id):
    return _render_list(request, services.my_goal(request.user, goal_id))


@login_required
@require_POST
def add_entry(request, goal_id):
    goal = services.my_goal(request.user, goal_id)
    if request.POST.get("kind") == "outside":
        form = AddOutsideForm(request.POST, prefix="outside")
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.add_person(
                    request.user,
                    goal,
                    outside_name=data["outside_name"],
                    outside_about=data["outside_about"],
                    direction=data["direction"],
                    note=data["note"],
                    rating=data["rating"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Added {entry.name} to the list.")
                return redirect(_list_url(goal, entry))
        return _render_list(request, goal, outside_form=form)

    form = AddMemberForm(request.POST, prefix="member")
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = services.find_member(request.user, data["username"])
            entry = services.add_person(
                request.user,
                goal,
                person,
                direction=data["direction"],
                note=data["note"],
                rating=data["rating"],
            )
        except ValidationError as exc:
            add_service_errors(form, _renamed(exc, person="username"))
        else:
            messages.success(request, f"Added {entry.name} to the list.")
            return redirect(_list_url(goal, entry))
    return _render_list(request, goal, member_form=form)


@login_required
@require_POST
def rate_entry(request, goal_id, entry_id):
    goal = services.my_goal(request.user, goal_id)
    entry = services.my_entry(request.user, goal, entry_id)
    form = RateForm(request.POST, prefix=f"rate-{entry.pk}")
    if form.is_valid():
        try:
            rating = services.rate(
                request.user, entry, form.cleaned_data["value"], form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Rated {entry.name} {rating.value}: {SCALE[rating.value]}.")
            return redirect(_list_url(goal, entry))
    return _render_list(request, goal, rate_form=form, at=entry.pk)


@login_required
def edit_entry(request, goal_id, entry_id):
    goal = services.my_goal(request.user, goal_id)
    entry = services.my_entry(request.user, goal, entry_id)
    form = EntryForm(request.POST or None, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_entry(request.user, entry, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved {entry.name}'s entry.")
            return redirect(_list_url(goal, entry))
    context = {"goal": goal, "entry": entry, "form": form}
    return render(request, "relationship_lists/entry_edit.html", context)


@login_required
def remove_entry(request, goal_id, entry_id):
    """GET asks for confirmation (the ratings go too); POST removes."""
    goal = services.my_goal(request.user, goal_id)
    entry = services.my_entry(request.user, goal, entry_id)
    if request.method == "POST":
        name = entry.name
        services.remove_entry(request.user, entry)
        messages.success(request, f"Removed {name} from the list, with their ratings.")
        return redirect(_list_url(goal))
    context = {"goal": goal, "entry": entry, "ratings": entry.ratings.count()}
    return render(request, "relationship_lists/entry_remove.html", context)
