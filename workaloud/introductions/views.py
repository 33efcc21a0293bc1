from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workaloud.audience import visible_people
from workaloud.introductions import services
from workaloud.introductions.forms import IntroductionForm


def _rows(viewer, introductions):
    return [
        {
            "introduction": i,
            "status": services.status_for(viewer, i),
            "other": i.other_than(viewer) if i.side_of(viewer) else None,
        }
        for i in introductions
    ]


@login_required
def introductions_page(request):
    """Introductions waiting for my answer, the ones I am part of, and a form to make one."""
    viewer = request.user
    if request.method == "POST":
        form = IntroductionForm(request.POST)
        if form.is_valid():
            try:
                data = form.cleaned_data
                introduction = services.introduce(
                    viewer, data["first"], data["second"], data["note"]
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"You introduced {introduction.first.name} and {introduction.second.name}. "
                    "Both have been told; only the three of you see it.",
                )
                return redirect("introductions")
    else:
        form = IntroductionForm(initial={"first": request.GET.get("first", "")[:150]})
    pending = list(services.pending_for(viewer))
    pending_ids = {i.pk for i in pending}
    others = [i for i in services.introductions_of(viewer)[:100] if i.pk not in pending_ids]
    people = visible_people(viewer).exclude(pk=viewer.pk).order_by("username")
    context = {
        "form": form,
        "pending": _rows(viewer, pending),
        "made": _rows(viewer, [i for i in others if i.introducer_id == viewer.pk]),
        "received": _rows(viewer, [i for i in others if i.introducer_id != viewer.pk]),
        "people": people.values("username", "display_name")[:500],
    }
    return render(request, "introductions/introductions.html", context)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_POST
def answer(request, introduction_id: int):
    accept = request.POST.get("answer") == "accept"
    if request.POST.get("answer") not in ("accept", "decline"):
        messages.error(request, "Choose to accept or decline the introduction.")
        return redirect("introductions")
    try:
        introduction = services.answer(request.user, introduction_id, accept)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("introductions")
    other = introduction.other_than(request.user)
    if introduction.is_accepted:
        messages.success(request, f"You and {other.name} both accepted: go ahead and say hello.")
    elif accept:
        messages.success(request, f"Accepted. {other.name} hasn't answered yet.")
    else:
        messages.success(request, "Declined. Only you know it was you.")
    return redirect("introductions")
