"""Organiser pages: start an import, review its matches, follow its progress, read its report;
the placeholder people (invite them, or merge them into members). And the invited person's
claim page, and a member's own imported messages."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from workaloud.imports import services
from workaloud.imports.forms import ClaimForm, ImportForm, InviteForm, MergeForm
from workaloud.imports.models import ImportRun, Placeholder
from workaloud.people.models import User
from workaloud.web import add_service_errors

MAX_UPLOAD = 2 * 1024**3


@login_required
def home(request):
    services.require_importer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mapping_text = data["mapping"] or ""
            if data["mapping_file"]:
                mapping_text += "\n" + data["mapping_file"].read().decode("utf-8", "replace")
            mapping = services.parse_mapping(mapping_text)
            upload = data["file"]
            if upload.size > MAX_UPLOAD:
                raise ValidationError({"file": "The file is larger than 2 GB."})
            suffix = "".join(c for c in upload.name[-8:] if c.isalnum() or c in "._-")
            path = services.upload_dir() / f"{uuid.uuid4().hex}-{suffix}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            run = services.start_run(
                by=request.user,
                format=data["format"],
                name=data["name"],
                path=str(path),
                original_name=upload.name,
                skip_bad_rows=data["skip_bad_rows"],
                with_text=data["with_text"],
                mapping=mapping,
                include_list_mail=data["include_list_mail"],
                include_automated_mail=data["include_automated_mail"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("imports_run", run.pk)
    return render(
        request,
        "imports/home.html",
        {
            "form": form,
            "runs": ImportRun.objects.all()[:50],
            "placeholders": Placeholder.objects.count(),
        },
    )


def _run(request, pk) -> ImportRun:
    services.require_importer(request.user)
    return get_object_or_404(ImportRun, pk=pk)


def _progress_data(run: ImportRun) -> dict:
    return {
        "status": run.status,
        "status_label": run.get_status_display(),
        "finished": run.finished or run.status == ImportRun.Status.REVIEW,
        "percent": run.percent,
        "rows_read": run.rows_read,
        "rows_total": run.rows_total,
        "people_matched": run.people_matched,
        "placeholders": run.placeholders,
        "interactions_recorded": run.interactions_recorded,
        "errors": run.errors,
    }


@login_required
def run_page(request, pk):
    run = _run(request, pk)
    report = run.report or {}
    return render(
        request,
        "imports/run.html",
        {
            "run": run,
            "report": report,
            "progress": _progress_data(run),
            "errors": report.get("errors") or [],
            "skipped": report.get("bad") or [],
            "matches": report.get("matches") or [],
            "by_kind": sorted((report.get("by_kind") or {}).items()),
        },
    )


@login_required
def progress(request, pk):
    return JsonResponse(_progress_data(_run(request, pk)))


@login_required
@require_POST
def start(request, pk):
    run = _run(request, pk)
    try:
        services.confirm_run(run, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("imports_run", run.pk)


@login_required
def people(request):
    services.require_importer(request.user)
    return render(
        request,
        "imports/people.html",
        {
            "placeholders": services.placeholders(),
            "invite_form": InviteForm(),
            "merge_form": MergeForm(),
        },
    )


@login_required
@require_POST
def invite(request, pk):
    services.require_importer(request.user)
    person = get_object_or_404(User, pk=pk, placeholder__isnull=False)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give an email address to send the invitation to.")
        return redirect("imports_people")
    try:
        services.invite(
            person, form.cleaned_data["email"], request.user, request.build_absolute_uri("/")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
    return redirect("imports_people")


@login_required
@require_POST
def merge(request, pk):
    services.require_importer(request.user)
    person = get_object_or_404(User, pk=pk, placeholder__isnull=False)
    form = MergeForm(request.POST)
    into = None
    if form.is_valid():
        into = User.objects.filter(username__iexact=form.cleaned_data["into"].lstrip("@")).first()
    if into is None:
        messages.error(request, "No member with that username.")
        return redirect("imports_people")
    name = person.name
    try:
        result = services.merge(person, into, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"{name} merged into {into.name}: their history is {into.name}'s now"
            f" ({result['dropped']} duplicate or self rows dropped).",
        )
    return redirect("imports_people")


def claim(request, token):
    try:
        placeholder = services.placeholder_for_token(token)
    except ValidationError as exc:
        return render(
            request, "imports/claim.html", {"problem": " ".join(exc.messages)}, status=400
        )
    form = ClaimForm(
        request.POST or None, initial={"display_name": placeholder.person.display_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.claim(token, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="workaloud.people.backends.PermissionsInOneQueryBackend")
            messages.success(request, "Welcome! Your imported history is yours now.")
            return redirect("home")
    return render(request, "imports/claim.html", {"form": form, "placeholder": placeholder})


@login_required
def my_texts(request):
    return render(request, "imports/mine.html", {"texts": services.texts_of(request.user)[:500]})
