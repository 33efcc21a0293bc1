"""API for campaigns (mounted at /api/campaigns): list, read, create (by hand, from the WOL
Week template or from a campaign file) and change campaigns; today's prompt for me; a
campaign's feed (only updates the caller may see) and its participation figures (aggregate
only, never a group under five)."""

import datetime as dt
from typing import Literal

from django.http import Http404
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from workaloud.api_auth import MEMBER_AUTH
from workaloud.api_schemas import (
    FeedOut,
    InputSchema,
    PathId,
    feed_out,
    max_length,
    responses,
    service_fields,
)
from workaloud.audience import visible_updates
from workaloud.campaigns import services
from workaloud.campaigns.campaign_file import FILE_MAX, MAX_DAYS
from workaloud.campaigns.figures import MIN_GROUP, campaign_figures
from workaloud.campaigns.models import Campaign, CampaignDay
from workaloud.work import feeds
from workaloud.work.models import WorkUpdate

router = Router(tags=["campaigns"])

Cursor = Query(None, max_length=200, description="The next_cursor of the previous page.")
Limit = Query(None, ge=1, le=100, description="How many items per page (default 20).")


class CampaignDayOut(Schema):
    date: dt.date
    number: int = Field(description="1 for the campaign's first day.")
    title: str
    prompt: str = Field(description="Markdown, as written.")
    prompt_html: str = Field(description="The prompt rendered to sanitised HTML.")


class CampaignOut(Schema):
    id: int
    name: str
    theme: str
    description: str
    description_html: str
    starts_on: dt.date
    ends_on: dt.date
    days: list[CampaignDayOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_days(obj: Campaign) -> list[CampaignDay]:
        return list(obj.days.all())


class CampaignDayIn(InputSchema):
    date: dt.date
    title: str = Field(max_length=max_length(CampaignDay, "title"))
    prompt: str = Field(
        max_length=max_length(CampaignDay, "prompt"), description="Markdown, sanitised on show."
    )


class CampaignIn(InputSchema):
    name: str = Field(max_length=max_length(Campaign, "name"))
    theme: str = Field(max_length=max_length(Campaign, "theme"))
    description: str = Field("", max_length=max_length(Campaign, "description"))
    starts_on: dt.date
    ends_on: dt.date = Field(description="The last day, included.")
    days: list[CampaignDayIn] = Field(
        max_length=MAX_DAYS, description="One prompt per date, each within the campaign."
    )


class CampaignPatch(InputSchema):
    """Only the fields you send change; ``days``, when sent, replaces every day."""

    name: str = Field(None, max_length=max_length(Campaign, "name"))
    theme: str = Field(None, max_length=max_length(Campaign, "theme"))
    description: str = Field(None, max_length=max_length(Campaign, "description"))
    starts_on: dt.date = None
    ends_on: dt.date = None
    days: list[CampaignDayIn] = Field(None, max_length=MAX_DAYS)


class CampaignFromTemplateIn(InputSchema):
    starts_on: dt.date = Field(description="The first day of Working Out Loud Week.")
    name: str | None = Field(None, max_length=max_length(Campaign, "name"))


class CampaignImportIn(InputSchema):
    content: str = Field(max_length=FILE_MAX, description="The campaign file's text.")
    format: Literal["toml", "json"] = "toml"
    starts_on: dt.date | None = Field(
        None, description="Needed when the file has no starts_on; otherwise it moves it."
    )


class CampaignRef(Schema):
    id: int
    name: str
    theme: str
    starts_on: dt.date
    ends_on: dt.date


class CampaignTodayOut(Schema):
    date: dt.date = Field(description="Your local date (your time zone, or UTC).")
    campaign: CampaignRef | None = Field(description="The campaign on today, if any.")
    day: CampaignDayOut | None = Field(description="Today's prompt; null on a day without one.")
    share_url: str | None = Field(description="The page to share your answer on.")


class CampaignFigureOut(Schema):
    key: str
    label: str
    value: int | None = Field(description=f"Null when fewer than {MIN_GROUP} people are behind it.")
    display: str = Field(description=f"The value, or “fewer than {MIN_GROUP}”.")
    explanation: str


class CampaignFiguresOut(Schema):
    campaign_id: int
    min_group: int = Field(description="No figure is shown for a smaller group of people.")
    figures: list[CampaignFigureOut]


def _campaign(campaign_id: int) -> Campaign:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404(f"No campaign with id {campaign_id}.")
    return campaign


def _days(payload_days) -> list[dict]:
    return [day.model_dump() for day in payload_days]


@router.get("", response=responses(list[CampaignOut]), auth=MEMBER_AUTH)
def list_campaigns(request):
    """Every campaign, the latest first."""
    return list(Campaign.objects.prefetch_related("days"))


@router.post("", response=responses(CampaignOut, 201), auth=MEMBER_AUTH)
def create_campaign(request, payload: CampaignIn):
    """Create a campaign (organisers only): its dates, theme and a prompt per day."""
    fields = service_fields(payload)
    fields["days"] = _days(payload.days)
    return Status(201, services.create_campaign(request.auth, **fields))


@router.post("/from-template", response=responses(CampaignOut, 201), auth=MEMBER_AUTH)
def create_from_template(request, payload: CampaignFromTemplateIn):
    """Working Out Loud Week from Workaloud's own template, from ``starts_on`` (organisers)."""
    campaign = services.create_from_template(
        request.auth, starts_on=payload.starts_on, name=payload.name
    )
    return Status(201, campaign)


@router.post("/import", response=responses(CampaignOut, 201), auth=MEMBER_AUTH)
def import_campaign(request, payload: CampaignImportIn):
    """A campaign from a campaign file (TOML or JSON; see the docs), organisers only.
    A malformed file answers 400 naming the place of the problem."""
    campaign = services.import_campaign(
        request.auth,
        payload.content,
        f"campaign.{payload.format}",
        starts_on=payload.starts_on,
    )
    return Status(201, campaign)


@router.get("/today", response=responses(CampaignTodayOut), auth=MEMBER_AUTH)
def today(request):
    """The campaign day it is for me (my local date) and its prompt, if a campaign is on."""
    found = services.today_for(request.auth)
    if found is None:
        return {
            "date": services.local_today(request.auth),
            "campaign": None,
            "day": None,
            "share_url": None,
        }
    share_url = f"{reverse('update_create')}?campaign={found.campaign.pk}&campaign_day={found.date}"
    return {
        "date": found.date,
        "campaign": found.campaign,
        "day": found.day,
        "share_url": share_url if found.day is not None else None,
    }


@router.get("/{campaign_id}", response=responses(CampaignOut), auth=MEMBER_AUTH)
def get_campaign(request, campaign_id: PathId):
    return _campaign(campaign_id)


@router.patch("/{campaign_id}", response=responses(CampaignOut), auth=MEMBER_AUTH)
def patch_campaign(request, campaign_id: PathId, payload: CampaignPatch):
    """Change a campaign (organisers only). Days keep their dates when the campaign moves."""
    campaign = _campaign(campaign_id)
    fields = service_fields(payload)
    if "days" in fields:
        fields["days"] = _days(payload.days or [])
    return services.update_campaign(campaign, request.auth, **fields)


@router.get("/{campaign_id}/feed", response=responses(FeedOut), auth=MEMBER_AUTH)
def campaign_feed(
    request, campaign_id: PathId, cursor: str | None = Cursor, limit: int | None = Limit
):
    """Updates tagged with the campaign that I may see, newest first."""
    campaign = _campaign(campaign_id)
    tagged = visible_updates(request.auth, WorkUpdate.objects.filter(campaign=campaign))
    return feed_out(feeds.paginate(tagged, cursor, limit))


@router.get("/{campaign_id}/figures", response=responses(CampaignFiguresOut), auth=MEMBER_AUTH)
def figures(request, campaign_id: PathId):
    """Participation, as counts only; a figure for fewer than 5 people is null."""
    campaign = _campaign(campaign_id)
    return {
        "campaign_id": campaign.pk,
        "min_group": MIN_GROUP,
        "figures": campaign_figures(campaign),
    }
