"""Circle pages: the circle, its meetings (attendance, shared notes, check-ins), the iCal feed,
and the programmes.

A circle's pages are for its current members: anyone else (administrators included) gets 404,
the same as for a circle that does not exist; a circle open to join shows everyone signed in
an outline (never its content). Forms parse input; the services decide.
"""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from workaloud.circles import access, ical, meetings, programme
from workaloud.circles.access import is_organiser
from workaloud.circles.models import PROGRAMME_WEEKS, Circle, Meeting
from workaloud.markup import render_markdown
from workaloud.web import add_service_errors

# --- forms ------------------------------------------------------------------------------------


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="Shared notes",
        required=False,
        max_length=meetings.NOTES_MAX,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": "Agenda, what you talked about, who does what next…"}
        ),
        help_text="Markdown. Every member of the circle can read and edit these notes.",
    )
    edited_since = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_edited_since(self):
        value = self.cleaned_data["edited_since"].strip()
        if not value:
            return None
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError("Reload the page and edit the notes again.") from None


class CheckInForm(forms.Form):
    did = forms.CharField(
        label="What I did since last week",
        required=False,
        max_length=meetings.CHECK_IN_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    progress = forms.TypedChoiceField(
        label="Progress on my goal (0–10)",
        choices=[("", "Choose…")] + [(str(n), str(n)) for n in range(11)],
        coerce=int,
        error_messages={
            "required": "Choose your progress on your goal, from 0 to 10.",
            "invalid_choice": "Progress on your goal is a whole number from 0 to 10.",
        },
    )
    next_step = forms.CharField(
        label="What I will do next",
        required=False,
        max_length=meetings.CHECK_IN_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    help_needed = forms.CharField(
        label="What help I need",
        required=False,
        max_length=meetings.CHECK_IN_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Programme file (.toml or .json)",
        required=False,
        help_text=programme.FORMAT_HELP,
    )
    text = forms.CharField(
        label="…or paste the file's text",
        required=False,
        max_length=programme.FILE_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )
    make_default = forms.BooleanField(
        label="Make it the default programme for new circles", required=False
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not (data.get("text") or "").strip():
            raise ValidationError("Choose a programme file, or paste its text.")
        return data


class ProgrammeForm(forms.Form):
    name = forms.CharField(max_length=programme.NAME_MAX)
    description = forms.CharField(
        required=False,
        max_length=programme.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Markdown.",
    )


class WeekForm(forms.Form):
    title = forms.CharField(max_length=programme.TITLE_MAX)
    prompt = forms.CharField(
        max_length=programme.PROMPT_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Markdown: **bold**, lists, [links](https://…).",
    )
    links = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text="One a line: <code>Title | https://address</code> (or a path on this site, "
        f"such as /goals/). At most {programme.LINKS_MAX}.",
    )

    def clean_links(self):
        links = []
        for n, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            if not line.strip():
                continue
            title, bar, url = line.partition("|")
            if not bar:
                raise ValidationError(f"Line {n}: write the link as “Title | https://address”.")
            links.append({"title": title.strip(), "url": url.strip()})
        return links

    @staticmethod
    def links_text(links: list[dict]) -> str:
        return "\n".join(f"{link['title']} | {link['url']}" for link in links)


# --- the circle -------------------------------------------------------------------------------


def _meeting_url(circle, week: int) -> str:
    return reverse("meeting_detail", args=[circle.pk, week])


def _calendar_url(request, circle) -> str:
    return ical.site_address(request) + reverse(
        "circle_calendar", args=[circle.pk, circle.feed_token]
    )


@login_required
def circle_detail(request, pk):
    circle, is_member = meetings.circle_for_viewer(request.user, pk)
    view = meetings.circle_view(request.user, circle)
    calendar_url = _calendar_url(request, circle) if is_member else ""
    context = {
        "circle": circle,
        "view": view,
        "membership": view.membership,
        "meetings": view.raw_meetings,
        "is_member": is_member,
        "calendar_url": calendar_url,
        "webcal_url": calendar_url.replace("https://", "webcal://").replace("http://", "webcal://"),
        "week_prompt_html": render_markdown(view.week.prompt) if view.week else "",
    }
    return render(request, "circles/circle_detail.html", context)


# --- a meeting --------------------------------------------------------------------------------


def _member_meeting(request, pk, week) -> tuple[Circle, Meeting]:
    circle = access.get_circle_for_member(request.user, pk)
    return circle, meetings.get_meeting(circle, week)


def _render_meeting(
    request, circle, meeting, *, notes_form=None, check_in_form=None, problem="", status=200
):
    view = meetings.meeting_view(request.user, circle, meeting)
    if notes_form is None:
        since = meeting.notes_updated_at.isoformat() if meeting.notes_updated_at else ""
        notes_form = NotesForm(initial={"notes": meeting.notes, "edited_since": since})
    if check_in_form is None:
        mine = view.my_check_in
        initial = (
            {
                "did": mine.did,
                "progress": str(mine.progress),
                "next_step": mine.next_step,
                "help_needed": mine.help_needed,
            }
            if mine
            else {}
        )
        check_in_form = CheckInForm(initial=initial)
    refused = [f for f in (notes_form, check_in_form) if f.is_bound and f.errors]
    if refused and not problem:
        problem = "Nothing was saved. " + " ".join(
            m for f in refused for errors in f.errors.values() for m in errors
        )
    context = {
        "circle": circle,
        "meeting": meeting,
        "view": view,
        "membership": view.membership,
        "meetings": view.meetings,
        "notes_form": notes_form,
        "check_in_form": check_in_form,
        "problem": problem,
        "editing_notes": notes_form.is_bound or request.GET.get("edit") == "notes",
        "editing_check_in": check_in_form.is_bound or request.GET.get("edit") == "check-in",
    }
    return render(request, "circles/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request, pk, week):
    circle, meeting = _member_meeting(request, pk, week)
    return _render_meeting(request, circle, meeting)


@login_required
@require_POST
def meeting_attendance(request, pk, week):
    """The attendance form: a checkbox per member listed on the page; those ticked were
    present, the others absent. Members who joined since the page was shown stay as they are."""
    circle, meeting = _member_meeting(request, pk, week)
    try:
        listed = {int(v) for v in request.POST.getlist("listed")}
        present = {int(v) for v in request.POST.getlist("present")}
    except ValueError:
        return _render_meeting(
            request, circle, meeting, problem="Nothing was saved: reload the page and try again."
        )
    marks = {pid: pid in present for pid in listed | present}
    try:
        meetings.mark_attendance(request.user, meeting, marks)
    except ValidationError as exc:
        said = " ".join(exc.messages)
        return _render_meeting(request, circle, meeting, problem=f"Nothing was saved. {said}")
    count = sum(marks.values())
    messages.success(
        request, f"Attendance saved: {count} {'person' if count == 1 else 'people'} present."
    )
    return redirect(_meeting_url(circle, meeting.week) + "#attendance")


@login_required
@require_POST
def meeting_notes(request, pk, week):
    circle, meeting = _member_meeting(request, pk, week)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            meetings.save_notes(
                request.user,
                meeting,
                form.cleaned_data["notes"],
                edited_since=form.cleaned_data["edited_since"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Notes saved.")
            return redirect(_meeting_url(circle, meeting.week) + "#notes")
    return _render_meeting(request, circle, meeting, notes_form=form)


@login_required
@require_POST
def meeting_check_in(request, pk, week):
    circle, meeting = _member_meeting(request, pk, week)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            _, created = meetings.save_check_in(request.user, meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Check-in saved." if created else "Check-in updated.")
            return redirect(_meeting_url(circle, meeting.week) + "#check-ins")
    return _render_meeting(request, circle, meeting, check_in_form=form)


# --- the iCalendar feed -----------------------------------------------------------------------


def circle_calendar(request, pk, token):
    """No login: calendar apps cannot log in. The secret token authorises; anything else is
    404, the same as for a circle that does not exist."""
    circle = Circle.objects.filter(pk=pk).select_related("round", "programme").first()
    if circle is None or not secrets.compare_digest(
        circle.feed_token.encode(), str(token).encode()
    ):
        raise Http404("No such calendar.")
    all_meetings = meetings.meetings_of(circle)
    site = ical.site_address(request)
    weeks = programme.weeks_of(programme.programme_of(circle))
    titles = {n: w.title for n, w in weeks.items()}
    body = ical.circle_calendar(
        circle,
        all_meetings,
        titles,
        meeting_url=lambda m: site + _meeting_url(circle, m.week),
        host=urlsplit(site).hostname or "workaloud",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="circle-{circle.pk}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- programmes -------------------------------------------------------------------------------


def _organiser(request) -> None:
    if not is_organiser(request.user):
        raise PermissionDenied("Only circle organisers may change programmes.")


@login_required
def programme_list(request):
    programme.default_programme()
    items = list(programme.programmes())
    context = {"programmes": items, "can_organise": is_organiser(request.user)}
    return render(request, "circles/programme_list.html", context)


@login_required
def programme_detail(request, programme_id):
    prog = programme.get_programme(programme_id)
    weeks = [
        {"week": w, "prompt_html": render_markdown(w.prompt)} for w in prog.weeks.order_by("number")
    ]
    context = {
        "programme": prog,
        "weeks": weeks,
        "description_html": render_markdown(prog.description) if prog.description else "",
        "can_organise": is_organiser(request.user),
    }
    return render(request, "circles/programme_detail.html", context)


@login_required
def programme_upload(request):
    _organiser(request)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload:
                if upload.size > programme.FILE_MAX:
                    raise ValidationError(
                        f"The file is too large: at most {programme.FILE_MAX:,} bytes."
                    )
                source, name = upload.read(), upload.name
            else:
                source, name = form.cleaned_data["text"], ""
            prog = programme.import_programme(
                request.user, source, name, make_default=form.cleaned_data["make_default"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Programme “{prog.name}” loaded with its 12 weeks.")
            return redirect("programme_detail", prog.pk)
    context = {"form": form, "format_help": programme.FORMAT_HELP}
    return render(request, "circles/programme_upload.html", context)


@login_required
def programme_edit(request, programme_id):
    _organiser(request)
    prog = programme.get_programme(programme_id)
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None,
        initial={"name": prog.name, "description": prog.description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme.update_programme(request.user, prog, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Programme saved.")
            return redirect("programme_detail", prog.pk)
    context = {"programme": prog, "form": form, "weeks": prog.weeks.order_by("number")}
    return render(request, "circles/programme_edit.html", context)


@login_required
def programme_week_edit(request, programme_id, number):
    _organiser(request)
    prog = programme.get_programme(programme_id)
    if not 1 <= number <= PROGRAMME_WEEKS:
        raise Http404(f"There is no week {number}: weeks are numbered 1 to {PROGRAMME_WEEKS}.")
    week = programme.get_week(prog, number)
    initial = {
        "title": week.title,
        "prompt": week.prompt,
        "links": WeekForm.links_text(week.links),
    }
    form = WeekForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programme.update_week(request.user, week, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Week {number} saved.")
            return redirect(reverse("programme_detail", args=[prog.pk]) + f"#week-{number}")
    context = {"programme": prog, "week": week, "form": form}
    return render(request, "circles/programme_week_edit.html", context)


@login_required
@require_POST
def programme_make_default(request, programme_id):
    _organiser(request)
    prog = programme.get_programme(programme_id)
    try:
        programme.set_default(request.user, prog)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"New circles now follow “{prog.name}”.")
    return redirect("programme_list")


@login_required
def programme_download(request, programme_id):
    prog = programme.get_programme(programme_id)
    response = HttpResponse(programme.to_toml(prog), content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="programme-{prog.pk}.toml"'
    return response


P = "programmes/<int:programme_id>/"
M = "<int:pk>/meetings/<int:week>/"

urlpatterns = [
    path("programmes/", programme_list, name="programme_list"),
    path("programmes/upload/", programme_upload, name="programme_upload"),
    path(P, programme_detail, name="programme_detail"),
    path(f"{P}edit/", programme_edit, name="programme_edit"),
    path(f"{P}weeks/<int:number>/edit/", programme_week_edit, name="programme_week_edit"),
    path(f"{P}default/", programme_make_default, name="programme_make_default"),
    path(f"{P}download/", programme_download, name="programme_download"),
    path("<int:pk>/", circle_detail, name="circle_detail"),
    path(M, meeting_detail, name="meeting_detail"),
    path(f"{M}attendance/", meeting_attendance, name="meeting_attendance"),
    path(f"{M}notes/", meeting_notes, name="meeting_notes"),
    path(f"{M}check-in/", meeting_check_in, name="meeting_check_in"),
    path("<int:pk>/calendar/<str:token>.ics", circle_calendar, name="circle_calendar"),
]
