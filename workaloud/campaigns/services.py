"""Running campaigns: create (by hand, from the WOL Week template or from a file), edit,
and answer "which prompt is today's for me?"; and the rule for tagging work updates.

**Calendar.** A campaign's dates are calendar dates with no time zone. A member's "today" is
their local date (``User.timezone``; UTC when empty), so on the first day of WOL Week a
member in Sydney sees day 1 hours before a member in London, and each of them has the whole
of their own day to answer — the way a worldwide week is lived. For the figures, the
campaign runs while one of its dates is the local date somewhere on Earth (``window``).

**One campaign at a time.** Campaigns may not overlap: a member's home page shows *the*
day's prompt, one question a day keeps it calm and makes "Share your answer" unambiguous,
and "new connections during the campaign" would otherwise count the same pairs twice.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from workaloud.campaigns.campaign_file import (
    PROMPT_MAX,
    TITLE_MAX,
    CampaignData,
    DayData,
    a_date,
    check_campaign,
    check_days,
    parse_campaign_file,
    template_text,
)
from workaloud.campaigns.models import RUN_PERMISSION, Campaign, CampaignDay
from workaloud.content_files import checked_text
from workaloud.markup import render_markdown

CAMPAIGN_FIELDS = ("name", "theme", "description", "starts_on", "ends_on", "days")


def is_organiser(user) -> bool:
    """Whether ``user`` may create and edit campaigns (superusers may)."""
    signed_in = user is not None and user.is_authenticated and user.is_active
    return bool(signed_in and user.has_perm(RUN_PERMISSION))


def _require_organiser(user) -> None:
    if not is_organiser(user):
        raise PermissionDenied("Only campaign organisers may create or change campaigns.")


def zone_of(user) -> dt.tzinfo:
    name = getattr(user, "timezone", "") or ""
    try:
        return zoneinfo.ZoneInfo(name) if name else dt.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def local_today(user, now: dt.datetime | None = None) -> dt.date:
    """The member's local date (UTC for a visitor or an empty time zone)."""
    return (now or timezone.now()).astimezone(zone_of(user)).date()


# Local dates run from UTC+14 (Line Islands) to UTC−12 (Baker Island).
EARLIEST_OFFSET = dt.timedelta(hours=14)
LATEST_OFFSET = dt.timedelta(hours=12)


def window(campaign: Campaign) -> tuple[dt.datetime, dt.datetime]:
    """The instants while one of the campaign's dates is the local date somewhere: from
    midnight of its first day at UTC+14 to midnight after its last day at UTC−12."""
    start = dt.datetime.combine(campaign.starts_on, dt.time(), dt.UTC) - EARLIEST_OFFSET
    end = dt.datetime.combine(campaign.ends_on + dt.timedelta(days=1), dt.time(), dt.UTC)
    return start, end + LATEST_OFFSET


# --- creating and changing campaigns -----------------------------------------------------


def _serialise_campaign_writes() -> None:
    """Campaign writes take one lock in turn, so two organisers saving overlapping campaigns
    at once cannot both pass the overlap check (on SQLite, transactions are serial anyway)."""
    from django.contrib.auth.models import Permission

    app_label, codename = RUN_PERMISSION.split(".")
    Permission.objects.select_for_update(of=("self",)).filter(
        content_type__app_label=app_label, codename=codename
    ).first()


def _check_no_overlap(data: CampaignData, campaign: Campaign | None = None) -> None:
    _serialise_campaign_writes()
    others = Campaign.objects.filter(starts_on__lte=data.ends_on, ends_on__gte=data.starts_on)
    if campaign is not None:
        others = others.exclude(pk=campaign.pk)
    other = others.order_by("starts_on", "id").first()
    if other is not None:
        raise ValidationError(
            {
                "starts_on": f"These dates overlap the campaign “{other.name}” "
                f"({other.starts_on:%-d %b %Y} to {other.ends_on:%-d %b %Y}); one campaign "
                "runs at a time, so that every member sees one prompt a day."
            }
        )


def _save_days(campaign: Campaign, days: list[DayData]) -> None:
    campaign.days.all().delete()
    CampaignDay.objects.bulk_create(
        CampaignDay(
            campaign=campaign,
            date=d.date,
            title=d.title,
            prompt=d.prompt,
            prompt_html=render_markdown(d.prompt),
        )
        for d in days
    )


def _day_data(days) -> list[DayData]:
    """Days as given by a form or the API: ``DayData`` or mappings with date, title, prompt."""
    out = []
    for i, day in enumerate(days or [], start=1):
        if isinstance(day, DayData):
            out.append(day)
            continue
        at = f"days entry {i}"
        if not isinstance(day, dict):
            raise ValidationError({"days": f"{at}: must have a date, a title and a prompt."})
        try:
            out.append(
                DayData(
                    date=a_date(day.get("date"), f"{at} date"),
                    title=day.get("title"),
                    prompt=day.get("prompt"),
                )
            )
        except ValidationError as exc:
            raise ValidationError({"days": exc.messages}) from None
    return out


def _as_date(value, field: str) -> dt.date | None:
    """A date from a form, the API or a caller, or an error on ``field``."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return a_date(value, field)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def _dates(fields: dict) -> None:
    for name in ("starts_on", "ends_on"):
        if name in fields:
            fields[name] = _as_date(fields[name], name)


def _texts_checked(data: CampaignData) -> CampaignData:
    """``check_campaign`` with each message on the field it is about."""
    for name, value, limit, required in (
        ("name", data.name, None, True),
        ("theme", data.theme, None, True),
        ("description", data.description, None, False),
    ):
        field = Campaign._meta.get_field(name)
        try:
            setattr(
                data, name, checked_text(value, name, limit or field.max_length, required=required)
            )
        except ValidationError as exc:
            raise ValidationError({name: exc.messages}) from None
    for day in data.days:
        where = f"Day {day.date:%-d %b %Y}"
        try:
            day.title = checked_text(day.title, f"{where} title", TITLE_MAX, required=True)
            day.prompt = checked_text(day.prompt, f"{where} prompt", PROMPT_MAX, required=True)
        except ValidationError as exc:
            raise ValidationError({"days": exc.messages}) from None
    return check_campaign(data)


def _store(campaign: Campaign, data: CampaignData) -> Campaign:
    campaign.name = data.name
    campaign.theme = data.theme
    campaign.description = data.description
    campaign.description_html = render_markdown(data.description) if data.description else ""
    campaign.starts_on = data.starts_on
    campaign.ends_on = data.ends_on
    campaign.save()
    _save_days(campaign, data.days)
    return campaign


@transaction.atomic
def create_campaign(actor, **fields) -> Campaign:
    """A new campaign: name, theme, optional description, starts_on, ends_on and days (each
    a date, a title and a prompt). Checked whole; nothing is saved if anything is wrong."""
    _require_organiser(actor)
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown campaign field(s): {', '.join(sorted(unknown))}.")
    _dates(fields)
    for name in ("starts_on", "ends_on"):
        if fields.get(name) is None:
            raise ValidationError({name: "This field is required."})
    data = CampaignData(
        name=fields.get("name"),
        theme=fields.get("theme"),
        description=fields.get("description") or "",
        starts_on=fields["starts_on"],
        ends_on=fields["ends_on"],
        days=_day_data(fields.get("days")),
    )
    return _create(actor, _texts_checked(data))


def _create(actor, data: CampaignData) -> Campaign:
    _check_no_overlap(data)
    return _store(Campaign(created_by=actor), data)


@transaction.atomic
def create_from_template(actor, *, starts_on, name: str | None = None) -> Campaign:
    """Working Out Loud Week, in Workaloud's own words, from ``starts_on``."""
    _require_organiser(actor)
    starts_on = _as_date(starts_on, "starts_on")
    if starts_on is None:
        raise ValidationError({"starts_on": "Choose the campaign's first day."})
    data = parse_campaign_file(template_text(), "wol_week.toml", starts_on=starts_on)
    if name is not None and name.strip():
        data.name = name
    return _create(actor, _texts_checked(data))


@transaction.atomic
def import_campaign(actor, source: str | bytes, filename: str = "", starts_on=None) -> Campaign:
    """A campaign from a campaign file (see ``campaign_file``); ``starts_on`` moves it."""
    _require_organiser(actor)
    starts_on = _as_date(starts_on or None, "starts_on")
    try:
        data = parse_campaign_file(source, filename, starts_on=starts_on)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        raise ValidationError({"file": exc.messages}) from None
    return _create(actor, data)


@transaction.atomic
def update_campaign(campaign: Campaign, actor, **fields) -> Campaign:
    """Change any of a campaign's fields; ``days``, when given, replaces every day. Moving
    the dates keeps each day's date, so every day must still fall within the new dates."""
    _require_organiser(actor)
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown campaign field(s): {', '.join(sorted(unknown))}.")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _dates(fields)
    for name in ("starts_on", "ends_on"):
        if name in fields and fields[name] is None:
            raise ValidationError({name: "This field is required."})
    current = [DayData(d.date, d.title, d.prompt) for d in campaign.days.all()]
    data = CampaignData(
        name=fields.get("name", campaign.name),
        theme=fields.get("theme", campaign.theme),
        description=fields.get("description", campaign.description) or "",
        starts_on=fields.get("starts_on", campaign.starts_on),
        ends_on=fields.get("ends_on", campaign.ends_on),
        days=_day_data(fields["days"]) if "days" in fields else current,
    )
    data = _texts_checked(data)
    _check_no_overlap(data, campaign)
    return _store(campaign, data)


@transaction.atomic
def set_day(campaign: Campaign, actor, *, date, title, prompt, replacing=None) -> CampaignDay:
    """Add a day's prompt, or change one (``replacing``: the date of the day being changed,
    which may move to ``date``)."""
    _require_organiser(actor)
    date = _as_date(date, "date")
    if date is None:
        raise ValidationError({"date": "This field is required."})
    days = {d.date: DayData(d.date, d.title, d.prompt) for d in campaign.days.all()}
    if replacing is not None:
        if replacing not in days:
            raise ValidationError(f"The campaign has no prompt on {replacing:%-d %b %Y}.")
        del days[replacing]
    if date in days:
        raise ValidationError(
            {"date": f"{date:%-d %b %Y} already has a prompt; a campaign has one prompt a day."}
        )
    where = f"Day {date:%-d %b %Y}"
    checked = {}
    for name, value, limit in (("title", title, TITLE_MAX), ("prompt", prompt, PROMPT_MAX)):
        try:
            checked[name] = checked_text(value, f"{where} {name}", limit, required=True)
        except ValidationError as exc:
            raise ValidationError({name: exc.messages}) from None
    new = DayData(date, checked["title"], checked["prompt"])
    try:
        check_days(campaign.starts_on, campaign.ends_on, [new], where="")
    except ValidationError as exc:
        raise ValidationError({"date": exc.messages}) from None
    days[date] = new
    _save_days(campaign, sorted(days.values(), key=lambda d: d.date))
    Campaign.objects.filter(pk=campaign.pk).update(updated_at=timezone.now())
    return campaign.days.get(date=date)


@transaction.atomic
def remove_day(campaign: Campaign, actor, date: dt.date) -> None:
    _require_organiser(actor)
    if campaign.days.count() == 1 and campaign.days.filter(date=date).exists():
        raise ValidationError("A campaign needs a prompt for at least one day; this is its last.")
    deleted, _ = campaign.days.filter(date=date).delete()
    if not deleted:
        raise ValidationError(f"The campaign has no prompt on {date:%-d %b %Y}.")


# --- reading ---------------------------------------------------------------------------------


@dataclass
class Today:
    """The campaign running on a member's local date, and its prompt for that date if any."""

    campaign: Campaign
    date: dt.date
    day: CampaignDay | None

    @property
    def number(self) -> int:
        return self.campaign.day_number(self.date)


def campaign_on(date: dt.date) -> Campaign | None:
    return Campaign.objects.filter(starts_on__lte=date, ends_on__gte=date).first()


def today_for(user, now: dt.datetime | None = None) -> Today | None:
    """The campaign day it is for ``user`` (their local date), or None."""
    date = local_today(user, now)
    campaign = campaign_on(date)
    if campaign is None:
        return None
    return Today(campaign, date, campaign.days.filter(date=date).first())


def resolve_campaign(campaign_id) -> Campaign | None:
    """The campaign with this id, or a clear error (for the work API's ``campaign_id``)."""
    if campaign_id in (None, ""):
        return None
    try:
        campaign_id = int(campaign_id)
    except (TypeError, ValueError):
        raise ValidationError({"campaign": f"“{campaign_id}” is not a campaign id."}) from None
    campaign = Campaign.objects.filter(pk=campaign_id).first() if 0 < campaign_id < 2**63 else None
    if campaign is None:
        raise ValidationError({"campaign": f"There is no campaign with id {campaign_id}."})
    return campaign


# --- tagging work updates --------------------------------------------------------------------


def check_update_tag(update, *, before: tuple | None = None) -> None:
    """The rule for an update tagged as an answer to a campaign (called by the work services).

    An update joins a campaign only while the campaign is running on its author's local
    date; its ``campaign_day`` is the date whose prompt it answers (today's by default; an
    earlier day of the campaign may be answered late, a later one not yet). An update that
    keeps its tag (``before``: its campaign id and day) is not checked again.
    """
    campaign = update.campaign
    if campaign is None:
        day = update.campaign_day
        if day is not None and (before is None or day != before[1]):
            raise ValidationError({"campaign_day": "A campaign day goes with a campaign only."})
        update.campaign_day = None  # leaving a campaign leaves its day too
        return
    if before is not None and before == (update.campaign_id, update.campaign_day):
        return
    today = local_today(update.author)
    if not campaign.starts_on <= today <= campaign.ends_on:
        when = "has not started" if today < campaign.starts_on else "is over"
        raise ValidationError(
            {
                "campaign": f"The campaign “{campaign.name}” {when}: it takes answers from "
                f"{campaign.starts_on:%-d %b %Y} to {campaign.ends_on:%-d %b %Y}, and it is "
                f"{today:%-d %b %Y} where you are."
            }
        )
    if update.campaign_day is None:
        update.campaign_day = today if campaign.days.filter(date=today).exists() else None
        return
    day = update.campaign_day
    if not isinstance(day, dt.date):
        raise ValidationError({"campaign_day": "The campaign day must be a date (YYYY-MM-DD)."})
    if day > today:
        raise ValidationError(
            {"campaign_day": f"The prompt for {day:%-d %b %Y} is not open yet; answer it that day."}
        )
    if not campaign.days.filter(date=day).exists():
        raise ValidationError(
            {"campaign_day": f"The campaign “{campaign.name}” has no prompt on {day:%-d %b %Y}."}
        )
