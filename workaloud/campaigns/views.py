"""Campaign pages: the list, one campaign (its days, its feed, its figures), and the
organiser's pages to create (from the WOL Week template, a file or by hand) and edit."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from workaloud.audience import visible_updates
from workaloud.campaigns import services
from workaloud.campaigns.campaign_file import (
    FORMAT_HELP,
    MAX_DAYS,
    campaign_to_toml,
    template_text,
)
from workaloud.campaigns.figures import MIN_GROUP, campaign_figures
from workaloud.campaigns.forms import (
    CampaignForm,
    DayForm,
    NewCampaignForm,
    TemplateForm,
    UploadForm,
)
from workaloud.campaigns.models import Campaign
from workaloud.web import add_service_errors
from workaloud.work import feeds
from workaloud.work.models import WorkUpdate


def _organiser_only(request) -> None:
    if not services.is_organiser(request.user):
        raise PermissionDenied("Only campaign organisers may create or change campaigns.")


def _campaign(campaign_id) -> Campaign:
    return get_object_or_404(Campaign, pk=campaign_id)


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404("No such day.") from None


@login_required
def campaign_list(request):
    today = services.local_today(request.user)
    campaigns = list(Campaign.objects.all())
    context = {
        "current": [c for c in campaigns if c.starts_on <= today <= c.ends_on],
        "upcoming": sorted(
            (c for c in campaigns if c.starts_on > today), key=lambda c: c.starts_on
        ),
        "past": [c for c in campaigns if c.ends_on < today],
        "is_organiser": services.is_organiser(request.user),
        "today": today,
    }
    return render(request, "campaigns/list.html", context)


@login_required
def campaign_detail(request, campaign_id):
    campaign = _campaign(campaign_id)
    tagged = WorkUpdate.objects.filter(campaign=campaign)
    try:
        page = feeds.paginate(visible_updates(request.user, tagged), request.GET.get("cursor"))
    except ValidationError:
        return redirect(campaign)
    if request.htmx:
        return render(request, "work/_feed_items.html", {"page": page})
    today = services.local_today(request.user)
    context = {
        "campaign": campaign,
        "days": list(campaign.days.all()),
        "today": today,
        "running": campaign.starts_on <= today <= campaign.ends_on,
        "today_number": campaign.day_number(today),
        "page": page,
        "figures": campaign_figures(campaign),
        "min_group": MIN_GROUP,
        "is_organiser": services.is_organiser(request.user),
    }
    return render(request, "campaigns/detail.html", context)


def _problem(*forms) -> str:
    said = [m for f in forms if f is not None for errors in f.errors.values() for m in errors]
    return ("Nothing was saved. " + " ".join(said)) if said else ""


@login_required
def campaign_new(request):
    """Three ways to start a campaign: the WOL Week template, a file, or by hand."""
    _organiser_only(request)
    action = request.POST.get("action") if request.method == "POST" else None
    template_form = TemplateForm(request.POST if action == "template" else None, prefix="tpl")
    upload_form = UploadForm(
        request.POST if action == "upload" else None,
        request.FILES if action == "upload" else None,
        prefix="upload",
    )
    hand_form = NewCampaignForm(request.POST if action == "hand" else None, prefix="hand")
    campaign = None
    if action == "template" and template_form.is_valid():
        try:
            campaign = services.create_from_template(
                request.user,
                starts_on=template_form.cleaned_data["starts_on"],
                name=template_form.cleaned_data["name"],
            )
        except ValidationError as exc:
            add_service_errors(template_form, exc)
    elif action == "upload" and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        try:
            campaign = services.import_campaign(
                request.user,
                upload.read(),
                upload.name,
                starts_on=upload_form.cleaned_data["starts_on"],
            )
        except ValidationError as exc:
            add_service_errors(upload_form, exc)
    elif action == "hand" and hand_form.is_valid():
        data = hand_form.cleaned_data
        try:
            campaign = services.create_campaign(
                request.user,
                name=data["name"],
                theme=data["theme"],
                description=data["description"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                days=[
                    {
                        "date": data["starts_on"],
                        "title": data["day_title"],
                        "prompt": data["day_prompt"],
                    }
                ],
            )
        except ValidationError as exc:
            add_service_errors(hand_form, exc)
    if campaign is not None:
        messages.success(request, f"“{campaign.name}” is ready: {campaign.days.count()} prompts.")
        return redirect(campaign)
    bound = {"template": template_form, "upload": upload_form, "hand": hand_form}.get(action)
    context = {
        "template_form": template_form,
        "upload_form": upload_form,
        "hand_form": hand_form,
        "open_form": action or "template",
        "problem": _problem(bound),
        "format_help": FORMAT_HELP,
        "max_days": MAX_DAYS,
    }
    return render(request, "campaigns/new.html", context, status=400 if bound else 200)


@login_required
def campaign_edit(request, campaign_id):
    _organiser_only(request)
    campaign = _campaign(campaign_id)
    fields = ("name", "theme", "description", "starts_on", "ends_on")
    initial = {name: getattr(campaign, name) for name in fields}
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_campaign(campaign, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect(campaign)
    context = {"campaign": campaign, "form": form, "problem": _problem(form)}
    return render(request, "campaigns/edit.html", context, status=400 if form.errors else 200)


@login_required
def day_edit(request, campaign_id, day=None):
    """Add a day's prompt (no ``day``) or change one."""
    _organiser_only(request)
    campaign = _campaign(campaign_id)
    existing = get_object_or_404(campaign.days, date=_day(day)) if day else None
    if existing is not None:
        initial = {"date": existing.date, "title": existing.title, "prompt": existing.prompt}
    else:
        taken = set(campaign.days.values_list("date", flat=True))
        free = (campaign.starts_on + dt.timedelta(days=n) for n in range(campaign.length_days))
        initial = {"date": next((d for d in free if d not in taken), campaign.starts_on)}
    form = DayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_day(
                campaign,
                request.user,
                replacing=existing.date if existing else None,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The day's prompt is saved.")
            return redirect(f"{campaign.get_absolute_url()}#days")
    context = {"campaign": campaign, "form": form, "day": existing, "problem": _problem(form)}
    return render(request, "campaigns/day_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def day_remove(request, campaign_id, day):
    _organiser_only(request)
    campaign = _campaign(campaign_id)
    try:
        services.remove_day(campaign, request.user, _day(day))
    except ValidationError as exc:
        messages.error(request, "Nothing was removed. " + " ".join(exc.messages))
    else:
        messages.success(request, "The day's prompt is removed.")
    return redirect(f"{campaign.get_absolute_url()}#days")


@login_required
def campaign_download(request, campaign_id):
    """The campaign as a campaign file (TOML), to adapt and load again."""
    _organiser_only(request)
    campaign = _campaign(campaign_id)
    response = HttpResponse(campaign_to_toml(campaign), content_type="application/toml")
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}.toml"'
    return response


@login_required
def template_download(request):
    _organiser_only(request)
    response = HttpResponse(template_text(), content_type="application/toml")
    response["Content-Disposition"] = 'attachment; filename="wol-week.toml"'
    return response
