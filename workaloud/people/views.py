from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workaloud.audience import visible_goals, visible_people
from workaloud.people import services
from workaloud.people.forms import ProfileForm, SignUpForm, TokenForm
from workaloud.people.legacy import legacy_of
from workaloud.people.models import known_timezones
from workaloud.web import add_service_errors, get_visible_or_404
from workaloud.work.feeds import person_feed


def sign_up(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_up(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="workaloud.people.backends.PermissionsInOneQueryBackend")
            messages.success(request, "Welcome! Start by saying what your work is for.")
            return redirect("settings_profile")
    return render(request, "registration/signup.html", {"form": form})


def _person_or_404(viewer, username: str):
    """The person with this username if the viewer may see them; 404 otherwise (also for a
    username no one can have, such as one with a NUL, which PostgreSQL refuses to compare)."""
    if "\x00" in username:
        raise Http404("Not found, or not shared with you.")
    return get_visible_or_404(visible_people(viewer), username=username)


def profile(request, username):
    person = _person_or_404(request.user, username)
    try:
        page = person_feed(request.user, person, cursor=request.GET.get("cursor"))
    except ValidationError:  # a malformed page link: start from the first page
        return redirect(person)
    if request.htmx:  # "load more": only the next items
        return render(request, "work/_feed_items.html", {"page": page})
    goals = visible_goals(request.user).filter(owner=person).order_by("status", "-created_at")
    context = {
        "person": person,
        "page": page,
        "goals": goals,
        "is_me": request.user.pk == person.pk,
        "is_following": services.is_following(request.user, person),
        "follower_count": person.followers.count(),
        "following_count": person.following.count(),
    }
    return render(request, "people/profile.html", context)


def legacy(request, username):
    """What the person's working out loud has left, as far as the viewer may see it."""
    person = _person_or_404(request.user, username)
    context = {"person": person, "legacy": legacy_of(request.user, person)}
    return render(request, "people/legacy.html", context)


@login_required
@require_POST
def follow(request, username):
    person = _person_or_404(request.user, username)
    try:
        services.follow(request.user, person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request, person)


@login_required
@require_POST
def unfollow(request, username):
    person = _person_or_404(request.user, username)
    services.unfollow(request.user, person)
    return _back(request, person)


def _back(request, person):
    if request.htmx:
        return render(
            request,
            "people/_follow_button.html",
            {"person": person, "is_following": services.is_following(request.user, person)},
        )
    return redirect(person)


def people(request):
    query = request.GET.get("q", "").replace("\x00", "").strip()  # PostgreSQL refuses NUL
    if query:
        found = services.search_people(request.user, query, limit=50)
    else:
        found = visible_people(request.user).exclude(purpose="").order_by("-date_joined")[:50]
    return render(request, "people/people.html", {"people": found, "query": query})


@login_required
def settings_profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                request.user, **{f: form.cleaned_data[f] for f in services.PROFILE_FIELDS}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("profile", request.user.username)
    elif request.method == "POST":
        # The invalid form wrote to the instance; keep the page honest.
        request.user.refresh_from_db()
    return render(
        request,
        "people/settings_profile.html",
        {"form": form, "timezones": sorted(known_timezones()), "tab": "profile"},
    )


@login_required
def settings_tokens(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = services.create_api_token(request.user, form.cleaned_data["name"])
        # Shown once, on the page the redirect lands on; a reload then shows it no more and
        # does not create a second token.
        request.session["new_api_token"] = raw
        return redirect("settings_tokens")
    new_token = request.session.pop("new_api_token", None)
    tokens = request.user.api_tokens.all()
    return render(
        request,
        "people/settings_tokens.html",
        {"form": form, "tokens": tokens, "new_token": new_token, "tab": "tokens"},
    )


@login_required
@require_POST
def revoke_token(request, token_id):
    try:
        token = services.revoke_api_token(request.user, token_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Token “{token.name}” is revoked; it no longer works.")
    return redirect("settings_tokens")
