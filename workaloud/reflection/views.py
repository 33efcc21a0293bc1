"""Pages of reflection and the journal. Only the owner ever reaches a journal entry: for anyone
else, administrators included, an entry answers 404 exactly like one that does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from workaloud.reflection import prompts, services
from workaloud.reflection.forms import EntryForm, RhythmForm
from workaloud.reflection.models import Rhythm
from workaloud.web import add_service_errors

PAGE_SIZE = 50


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def _reflection_context(request, rhythm_form=None):
    rhythm = services.rhythm_of(request.user)
    return {
        "current": services.current_prompt(request.user),
        "rhythm_form": rhythm_form or RhythmForm(initial={"rhythm": rhythm}),
        "rhythm": rhythm,
        "recent_entries": [
            (entry, strip_tags(services.render_entry(entry)))
            for entry in services.journal(request.user)[:3]
        ],
    }


@login_required
def reflection_home(request):
    return render(request, "reflection/reflection.html", _reflection_context(request))


@login_required
def settings_page(request):
    form = RhythmForm(
        request.POST if request.method == "POST" else None,
        initial={"rhythm": services.rhythm_of(request.user)},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                rhythm = services.set_rhythm(request.user, form.cleaned_data["rhythm"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                label = Rhythm(rhythm).label.lower()
                messages.success(
                    request,
                    "Reflection prompts are off."
                    if rhythm == Rhythm.OFF
                    else f"You'll get a reflection prompt {label}.",
                )
                return redirect("reflection")
        status = 400
    else:
        status = 200
    context = _reflection_context(request, rhythm_form=form)
    return render(request, "reflection/reflection.html", context, status=status)


@login_required
@require_POST
def dismiss_prompt(request):
    try:
        services.dismiss(request.user, request.POST.get("prompt", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(request, "Put aside until your next prompt.")
    return redirect(_back(request, reverse("home")))


@login_required
def library_page(request):
    themes = [
        (prompts.THEME_LABELS[t], [p for p in prompts.library() if p.theme == t])
        for t in prompts.THEMES
    ]
    return render(request, "reflection/library.html", {"themes": themes})


@login_required
def journal_page(request):
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    entries = list(services.journal(request.user, query)[: PAGE_SIZE + 1])
    more = len(entries) > PAGE_SIZE
    entries = entries[:PAGE_SIZE]
    for entry in entries:
        entry.html = services.render_entry(entry)
    total = services.journal(request.user).count()
    context = {"entries": entries, "query": query, "more": more, "total": total}
    return render(request, "reflection/journal.html", context)


def _entry_prompt(form):
    key = form.data.get("prompt") if form.is_bound else form.initial.get("prompt")
    return prompts.get_prompt(key) if key else None


@login_required
def entry_create(request):
    initial = {"written_on": prompts.local_today(request.user)}
    if request.method == "GET" and request.GET.get("prompt"):
        if prompts.get_prompt(request.GET["prompt"]) is None:
            messages.error(request, "There is no such reflection prompt; write freely instead.")
        else:
            initial["prompt"] = request.GET["prompt"]
    form = EntryForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.create_entry(
                    request.user,
                    data["text"],
                    prompt_key=data["prompt"],
                    written_on=data["written_on"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Saved in your journal. Only you can see it.")
                return redirect("journal")
        status = 400
    context = {"form": form, "creating": True, "prompt": _entry_prompt(form)}
    return render(request, "reflection/entry_form.html", context, status=status)


@login_required
def entry_edit(request, entry_id):
    entry = services.my_entry(request.user, entry_id)
    initial = {"text": entry.text, "written_on": entry.written_on}
    form = EntryForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.edit_entry(
                    request.user,
                    entry.pk,
                    text=data["text"],
                    written_on=data["written_on"] or entry.written_on,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Entry saved.")
                return redirect(f"{reverse('journal')}#entry-{entry.pk}")
        status = 400
    context = {"form": form, "entry": entry, "prompt": prompts.get_prompt(entry.prompt_key)}
    return render(request, "reflection/entry_form.html", context, status=status)


@login_required
def entry_delete(request, entry_id):
    entry = services.my_entry(request.user, entry_id)
    if request.method == "POST":
        services.delete_entry(request.user, entry.pk)
        messages.success(request, "Entry deleted.")
        return redirect("journal")
    entry.html = services.render_entry(entry)
    return render(request, "reflection/entry_delete.html", {"entry": entry})


@login_required
def journal_export(request):
    response = HttpResponse(
        services.export_markdown(request.user), content_type="text/markdown; charset=utf-8"
    )
    filename = services.export_filename(request.user)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
