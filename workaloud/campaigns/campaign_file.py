"""Reading and checking a campaign: from a file (TOML or JSON), a template or a form.

A campaign file has ``name``, ``theme``, an optional ``description``, optional ``starts_on``
and ``ends_on`` dates, and ``days`` (each with ``day`` — 1 for the first day — or ``date``,
a ``title`` and a ``prompt`` in Markdown). ``wol_week.toml`` beside this module is the
shipped Working Out Loud Week template and documents the format. A file is checked whole
before anything is saved: at the first problem, the error names where it is.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError

from workaloud.campaigns.models import Campaign, CampaignDay
from workaloud.content_files import checked_text, load_table

TEMPLATE_FILE = Path(__file__).with_name("wol_week.toml")

NAME_MAX = Campaign._meta.get_field("name").max_length
THEME_MAX = Campaign._meta.get_field("theme").max_length
DESCRIPTION_MAX = Campaign._meta.get_field("description").max_length
TITLE_MAX = CampaignDay._meta.get_field("title").max_length
PROMPT_MAX = CampaignDay._meta.get_field("prompt").max_length
MAX_DAYS = 31
FILE_MAX = 200_000  # bytes: 31 prompts at their limit fit

TOP_KEYS = {"name", "theme", "description", "starts_on", "ends_on", "days"}
DAY_KEYS = {"day", "date", "title", "prompt"}

FORMAT_HELP = (
    "A campaign file is TOML (or JSON with the same keys): name, theme, an optional "
    "description, optional starts_on and ends_on dates (YYYY-MM-DD), and days, each with "
    "day (1 for the first day) or date, a title and a prompt in Markdown."
)


@dataclass
class DayData:
    date: dt.date
    title: str
    prompt: str


@dataclass
class CampaignData:
    name: str
    theme: str
    description: str
    starts_on: dt.date
    ends_on: dt.date
    days: list[DayData] = field(default_factory=list)


def a_date(value, where: str) -> dt.date:
    """A calendar date: a TOML date, or text as YYYY-MM-DD."""
    if isinstance(value, dt.datetime):
        raise ValidationError(f"{where}: must be a date (YYYY-MM-DD) without a time.")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    shown = str(value)[:40]
    raise ValidationError(f"{where}: “{shown}” is not a date; write it as YYYY-MM-DD.")


def check_dates(starts_on: dt.date, ends_on: dt.date) -> None:
    """The campaign's own dates: it ends on or after its start, and lasts at most MAX_DAYS."""
    if ends_on < starts_on:
        raise ValidationError(
            {
                "ends_on": f"The campaign ends ({ends_on:%-d %b %Y}) before it starts "
                f"({starts_on:%-d %b %Y}); the last day must be on or after the first."
            }
        )
    length = (ends_on - starts_on).days + 1
    if length > MAX_DAYS:
        raise ValidationError(
            {"ends_on": f"The campaign lasts {length} days; at most {MAX_DAYS} are allowed."}
        )


def check_days(starts_on: dt.date, ends_on: dt.date, days: list[DayData], where="days") -> None:
    """At least one day; each within the campaign's dates; at most one prompt per date."""
    if not days:
        raise ValidationError({"days": "A campaign needs a prompt for at least one day."})
    seen: dict[dt.date, int] = {}
    for i, day in enumerate(days, start=1):
        at = f"{where} entry {i}" if where else f"Day {day.date:%-d %b %Y}"
        if not starts_on <= day.date <= ends_on:
            raise ValidationError(
                {
                    "days": f"{at}: {day.date:%-d %b %Y} is outside the campaign, which runs "
                    f"from {starts_on:%-d %b %Y} to {ends_on:%-d %b %Y}."
                }
            )
        if day.date in seen:
            raise ValidationError(
                {
                    "days": f"{at}: {day.date:%-d %b %Y} already has a prompt (entry "
                    f"{seen[day.date]}); a campaign has at most one prompt a day."
                }
            )
        seen[day.date] = i


def check_campaign(data: CampaignData) -> CampaignData:
    """Every rule that holds within one campaign (overlaps with others are the service's)."""
    data.name = checked_text(data.name, "name", NAME_MAX, required=True)
    data.theme = checked_text(data.theme, "theme", THEME_MAX, required=True)
    data.description = checked_text(
        data.description, "description", DESCRIPTION_MAX, required=False
    )
    check_dates(data.starts_on, data.ends_on)
    for day in data.days:
        where = f"Day {day.date:%-d %b %Y}"
        day.title = checked_text(day.title, f"{where} title", TITLE_MAX, required=True)
        day.prompt = checked_text(day.prompt, f"{where} prompt", PROMPT_MAX, required=True)
    check_days(data.starts_on, data.ends_on, data.days)
    return data


def _load(source: str | bytes, filename: str) -> dict:
    return load_table(
        source,
        filename,
        max_bytes=FILE_MAX,
        format_help=FORMAT_HELP,
        holds="name, theme and days",
        json_openers=("{", "["),
    )


def parse_campaign_file(
    source: str | bytes, filename: str = "", starts_on: dt.date | None = None
) -> CampaignData:
    """Read and check a campaign file (TOML, or JSON when named .json or starting with ``{``).

    ``starts_on`` moves the campaign to that first date (the file's own, if any, is
    replaced); a file without ``starts_on`` needs it. Days given by ``date`` keep their
    place relative to the start. Raises ValidationError naming the place of the first problem.
    """
    data = _load(source, filename)
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ValidationError(f"Unknown key at the top of the file: {', '.join(sorted(unknown))}.")
    name = checked_text(data.get("name"), "name", NAME_MAX, required=True)
    theme = checked_text(data.get("theme"), "theme", THEME_MAX, required=True)
    description = checked_text(
        data.get("description"), "description", DESCRIPTION_MAX, required=False
    )
    file_start = a_date(data["starts_on"], "starts_on") if "starts_on" in data else None
    file_end = a_date(data["ends_on"], "ends_on") if "ends_on" in data else None
    if file_end is not None and file_start is None:
        raise ValidationError("ends_on: goes with starts_on; give both, or neither.")
    start = starts_on or file_start
    if start is None:
        raise ValidationError(
            {"starts_on": "The file has no starts_on date: choose the campaign's first day."}
        )
    shift = (start - file_start) if file_start is not None else dt.timedelta(0)

    days_in = data.get("days")
    if not isinstance(days_in, list) or not days_in:
        raise ValidationError("days: missing; the file needs at least one day ([[days]] tables).")
    if len(days_in) > MAX_DAYS:
        raise ValidationError(f"days: {len(days_in)} days; at most {MAX_DAYS} are allowed.")
    days: list[DayData] = []
    for i, day in enumerate(days_in, start=1):
        at = f"days entry {i}"
        if not isinstance(day, dict):
            raise ValidationError(f"{at}: must be a table with day (or date), title and prompt.")
        unknown = set(day) - DAY_KEYS
        if unknown:
            raise ValidationError(f"{at}: unknown key {', '.join(sorted(unknown))}.")
        if ("day" in day) == ("date" in day):
            raise ValidationError(f"{at}: give either day (1 for the first day) or date.")
        if "day" in day:
            number = day["day"]
            if type(number) is not int or not 1 <= number <= MAX_DAYS:
                raise ValidationError(
                    f"{at}: day must be a whole number from 1 to {MAX_DAYS} (1 is the first day)."
                )
            when = start + dt.timedelta(days=number - 1)
        else:
            if file_start is None:
                raise ValidationError(
                    f"{at}: a date needs the file's starts_on; number the days instead (day = 1)."
                )
            when = a_date(day["date"], f"{at} date") + shift
        days.append(
            DayData(
                date=when,
                title=checked_text(day.get("title"), f"{at} title", TITLE_MAX, required=True),
                prompt=checked_text(day.get("prompt"), f"{at} prompt", PROMPT_MAX, required=True),
            )
        )
    end = file_end + shift if file_end is not None else max(d.date for d in days)
    try:
        check_dates(start, end)
        check_days(start, end, days)
    except ValidationError as exc:
        raise ValidationError(" ".join(exc.messages)) from None
    return CampaignData(name, theme, description, start, end, days)


def template_text() -> str:
    return TEMPLATE_FILE.read_text(encoding="utf-8")


def campaign_to_toml(campaign: Campaign) -> str:
    """A campaign as a campaign file, to download, adapt and load again."""

    def quoted(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string

    lines = [
        f"name = {quoted(campaign.name)}",
        f"theme = {quoted(campaign.theme)}",
        f"description = {quoted(campaign.description)}",
        f"starts_on = {campaign.starts_on.isoformat()}",
        f"ends_on = {campaign.ends_on.isoformat()}",
    ]
    for day in campaign.days.all():
        lines += [
            "",
            "[[days]]",
            f"date = {day.date.isoformat()}",
            f"title = {quoted(day.title)}",
            f"prompt = {quoted(day.prompt)}",
        ]
    return "\n".join(lines) + "\n"
