"""Circle pages for keeping a circle going: its health, the end of the programme (retrospectives,
a letter to one's future self, another 12 weeks) and the organisers' health overview."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from workaloud.circles import ending, health
from workaloud.circles.access import ORGANISE_PERMISSION, get_circle_for_member
from workaloud.circles.models import TEXT_MAX, Round
from workaloud.web import add_service_errors

RECOMMEND_CHOICES = [(n, str(n)) for n in range(11)]


class RetrospectiveForm(forms.Form):
    what_changed = forms.CharField(
        label="What changed for you?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX,
        help_text="In your work, your network, your habits: what is different after 12 weeks.",
    )
    recommend = forms.TypedChoiceField(
        label="Would you recommend a circle to a colleague? (0 = not at all, 10 = certainly)",
        choices=RECOMMEND_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    what_next = forms.CharField(
        label="What next?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        required=False,
        help_text="The next goal, habit or circle you have in mind.",
    )


class LetterForm(forms.Form):
    text = forms.CharField(
        label="Dear future me,",
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=ending.LETTER_MAX,
        help_text=(
            "What you learned, who helped, what you promise yourself: for the person you will "
            "be in a year."
        ),
    )


def _ending_url(circle) -> str:
    return reverse("circle_ending", args=[circle.pk])


@login_required
def circle_health(request, circle_id):
    circle = get_circle_for_member(request.user, circle_id)
    context = {
        "circle": circle,
        "health": health.circle_health(circle),
        "rules": {
            "missed": health.MISSED_IN_A_ROW,
            "no_check_in": health.NO_CHECK_IN_WEEKS,
        },
    }
    return render(request, "circles/health.html", context)


@login_required
@permission_required(ORGANISE_PERMISSION, raise_exception=True)
def organise_health(request):
    rounds = list(Round.objects.all())
    chosen = request.GET.get("round", "")
    selected = None
    if chosen == "none":
        selected = None
    elif chosen:
        try:
            selected = next(r for r in rounds if r.pk == int(chosen))
        except (ValueError, StopIteration):
            messages.error(request, f"There is no round {chosen!r}; showing the latest round.")
            return redirect("circles_organise_health")
    elif rounds:
        selected = rounds[0]
    context = {
        "rounds": rounds,
        "selected": selected,
        "chosen": "none" if selected is None else str(selected.pk),
        "report": health.round_health(selected),
    }
    return render(request, "circles/organise_health.html", context)


@login_required
def circle_ending(request, circle_id):
    circle = get_circle_for_member(request.user, circle_id)
    state = ending.ending_state(circle, request.user)
    return render(request, "circles/retrospectives.html", {"circle": circle, "ending": state})


@login_required
def retrospective_edit(request, circle_id):
    circle = get_circle_for_member(request.user, circle_id)
    state = ending.ending_state(circle, request.user)
    initial = None
    if state.mine:
        initial = {
            "what_changed": state.mine.what_changed,
            "recommend": state.mine.recommend,
            "what_next": state.mine.what_next,
        }
    form = RetrospectiveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ending.save_retrospective(circle, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your retrospective is saved; your circle can read it.")
            return redirect(_ending_url(circle))
    context = {"circle": circle, "ending": state, "form": form}
    return render(request, "circles/retrospective_form.html", context, status=_status(form))


@login_required
def letter_edit(request, circle_id):
    circle = get_circle_for_member(request.user, circle_id)
    state = ending.ending_state(circle, request.user)
    form = LetterForm(
        request.POST or None, initial={"text": state.letter.text} if state.letter else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            ending.save_letter(circle, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your letter is saved. Only you can read it.")
            return redirect(_ending_url(circle))
    context = {"circle": circle, "ending": state, "form": form}
    return render(request, "circles/letter.html", context, status=_status(form))


@login_required
def my_letters(request):
    return render(request, "circles/letters.html", {"letters": ending.letters_of(request.user)})


@login_required
@require_POST
def continue_circle(request, circle_id):
    circle = get_circle_for_member(request.user, circle_id)
    try:
        result = ending.continue_circle(circle, request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(_ending_url(circle))
    starts = result.circle.starts_on
    if result.created:
        messages.success(
            request,
            f"You are in: the next 12 weeks start the week of {starts:%-d %B %Y}. "
            "Your circle can join you from its page until then.",
        )
    else:
        messages.success(request, f"You joined the next 12 weeks, from {starts:%-d %B %Y}.")
    return redirect(_ending_url(circle))


def _status(form) -> int:
    """400 for a form sent back with errors, so a failed save is never mistaken for success."""
    return 400 if form.is_bound and form.errors else 200


urlpatterns = [
    path("organise/health/", organise_health, name="circles_organise_health"),
    path("letters/", my_letters, name="circles_my_letters"),
    path("<int:circle_id>/health/", circle_health, name="circle_health"),
    path("<int:circle_id>/end/", circle_ending, name="circle_ending"),
    path("<int:circle_id>/end/retrospective/", retrospective_edit, name="circle_retrospective"),
    path("<int:circle_id>/end/letter/", letter_edit, name="circle_letter"),
    path("<int:circle_id>/end/continue/", continue_circle, name="circle_continue"),
]
