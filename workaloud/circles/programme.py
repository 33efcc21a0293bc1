"""The 12-week programme a circle follows: the one Workaloud ships, and an organiser's own.

A programme file is TOML or JSON with ``name``, ``description`` and ``weeks`` (numbers 1 to
12, each once, each with ``title``, ``prompt`` in Markdown and optional ``links``
``[{title, url}]``); ``programme_default.toml`` beside this module is the shipped one and
documents the format. A file is checked whole before anything is saved: one problem, and the
error names where it is and nothing changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from workaloud.circles.access import is_organiser
from workaloud.circles.models import PROGRAMME_WEEKS, Circle, Programme, ProgrammeWeek
from workaloud.content_files import checked_text, load_table

SHIPPED_FILE = Path(__file__).with_name("programme_default.toml")

NAME_MAX = Programme._meta.get_field("name").max_length
DESCRIPTION_MAX = Programme._meta.get_field("description").max_length
TITLE_MAX = ProgrammeWeek._meta.get_field("title").max_length
PROMPT_MAX = ProgrammeWeek._meta.get_field("prompt").max_length
LINKS_MAX = 10
LINK_TITLE_MAX = 120
URL_MAX = 500
FILE_MAX = 200_000  # bytes: twelve prompts at their limit fit with room to spare

FORMAT_HELP = (
    "A programme file is TOML (or JSON with the same keys): name, description, and weeks "
    f"1 to {PROGRAMME_WEEKS}, each once, each with a title (at most {TITLE_MAX} characters), "
    f"a prompt in Markdown (at most {PROMPT_MAX}) and optional links "
    '[{title, url}] (http or https addresses, or paths on this site such as "/goals/").'
)


@dataclass
class WeekData:
    number: int
    title: str
    prompt: str
    links: list[dict] = field(default_factory=list)


@dataclass
class ProgrammeData:
    name: str
    description: str
    weeks: list[WeekData]


def _require_organiser(user) -> None:
    if not is_organiser(user):
        raise PermissionDenied("Only circle organisers may change programmes.")


# --- reading and checking a programme ---------------------------------------------------------


def check_url(url, where: str) -> str:
    """An http(s) address, or a path on this site (``/goals/``); nothing else."""
    url = checked_text(url, where, URL_MAX, required=True)
    lowered = url.lower()
    if lowered.startswith(("http://", "https://")) and len(url) > len("https://"):
        if any(c.isspace() for c in url):
            raise ValidationError(f"{where}: may not contain spaces.")
        return url
    if url.startswith("/") and not url.startswith("//") and not any(c.isspace() for c in url):
        return url
    raise ValidationError(
        f"{where}: “{url[:80]}” is not a link Workaloud shows; use an http:// or https:// "
        "address, or a path on this site starting with /."
    )


def check_links(links, where: str) -> list[dict]:
    if links is None:
        return []
    if not isinstance(links, list):
        raise ValidationError(f"{where}: must be a list of {{title, url}}.")
    if len(links) > LINKS_MAX:
        raise ValidationError(f"{where}: has {len(links)} links; at most {LINKS_MAX} are allowed.")
    out = []
    for i, link in enumerate(links, start=1):
        at = f"{where}, link {i}"
        if not isinstance(link, dict):
            raise ValidationError(f"{at}: must be a table with title and url.")
        unknown = set(link) - {"title", "url"}
        if unknown:
            raise ValidationError(f"{at}: unknown key {', '.join(sorted(unknown))}.")
        out.append(
            {
                "title": checked_text(
                    link.get("title"), f"{at} title", LINK_TITLE_MAX, required=True
                ),
                "url": check_url(link.get("url"), f"{at} url"),
            }
        )
    return out


def check_week(number, title, prompt, links, where: str | None = None) -> WeekData:
    where = where or f"Week {number}"
    return WeekData(
        number=number,
        title=checked_text(title, f"{where} title", TITLE_MAX, required=True),
        prompt=checked_text(prompt, f"{where} prompt", PROMPT_MAX, required=True),
        links=check_links(links, f"{where} links"),
    )


def parse_programme(source: str | bytes, filename: str = "") -> ProgrammeData:
    """Read and check a programme file (TOML, or JSON when it is named .json or starts with
    ``{``). Raises ValidationError naming the place of the first problem."""
    data = load_table(
        source,
        filename,
        max_bytes=FILE_MAX,
        format_help=FORMAT_HELP,
        holds="name, description and weeks",
    )
    unknown = set(data) - {"name", "description", "weeks"}
    if unknown:
        raise ValidationError(f"Unknown key at the top of the file: {', '.join(sorted(unknown))}.")
    name = checked_text(data.get("name"), "name", NAME_MAX, required=True)
    description = checked_text(
        data.get("description"), "description", DESCRIPTION_MAX, required=False
    )
    weeks_in = data.get("weeks")
    if not isinstance(weeks_in, list) or not weeks_in:
        raise ValidationError(
            f"weeks: missing; the file needs weeks 1 to {PROGRAMME_WEEKS} ([[weeks]] tables)."
        )
    weeks: dict[int, WeekData] = {}
    for i, week in enumerate(weeks_in, start=1):
        at = f"weeks entry {i}"
        if not isinstance(week, dict):
            raise ValidationError(f"{at}: must be a table with number, title and prompt.")
        unknown = set(week) - {"number", "title", "prompt", "links"}
        if unknown:
            raise ValidationError(f"{at}: unknown key {', '.join(sorted(unknown))}.")
        number = week.get("number")
        if type(number) is not int:
            raise ValidationError(f"{at}: number is missing or not a whole number.")
        if not 1 <= number <= PROGRAMME_WEEKS:
            raise ValidationError(
                f"{at}: week {number} is outside the programme; weeks are numbered "
                f"1 to {PROGRAMME_WEEKS}."
            )
        if number in weeks:
            raise ValidationError(f"{at}: week {number} appears twice.")
        weeks[number] = check_week(
            number,
            week.get("title"),
            week.get("prompt"),
            week.get("links"),
            where=f"{at} (week {number})",
        )
    missing = [n for n in range(1, PROGRAMME_WEEKS + 1) if n not in weeks]
    if missing:
        listed = ", ".join(str(n) for n in missing)
        raise ValidationError(
            f"weeks: week{'s' if len(missing) > 1 else ''} {listed} "
            f"{'are' if len(missing) > 1 else 'is'} missing; a programme has all "
            f"{PROGRAMME_WEEKS} weeks."
        )
    return ProgrammeData(name, description, [weeks[n] for n in sorted(weeks)])


def to_toml(programme: Programme) -> str:
    """The programme as a file ``parse_programme`` reads back the same."""

    def string(text: str) -> str:
        if "\n" in text and "'''" not in text and all(c >= " " or c in "\n\t" for c in text):
            return "'''\n" + text + "'''" if text.endswith("\n") else "'''\n" + text + "\n'''"
        return json.dumps(text, ensure_ascii=False)

    lines = [
        f"name = {string(programme.name)}",
        f"description = {json.dumps(programme.description, ensure_ascii=False)}",
    ]
    for week in programme.weeks.order_by("number"):
        links = ", ".join(
            f"{{ title = {json.dumps(link['title'], ensure_ascii=False)}, "
            f"url = {json.dumps(link['url'])} }}"
            for link in week.links
        )
        lines += [
            "",
            "[[weeks]]",
            f"number = {week.number}",
            f"title = {json.dumps(week.title, ensure_ascii=False)}",
            f"prompt = {string(week.prompt)}",
            f"links = [{links}]",
        ]
    return "\n".join(lines) + "\n"


# --- saving ------------------------------------------------------------------------------------


def _create(data: ProgrammeData, user=None, *, is_default: bool = False) -> Programme:
    programme = Programme.objects.create(
        name=data.name, description=data.description, is_default=is_default, created_by=user
    )
    ProgrammeWeek.objects.bulk_create(
        ProgrammeWeek(
            programme=programme,
            number=w.number,
            title=w.title,
            prompt=w.prompt,
            links=w.links,
        )
        for w in data.weeks
    )
    return programme


def shipped_programme_data() -> ProgrammeData:
    return parse_programme(SHIPPED_FILE.read_bytes(), SHIPPED_FILE.name)


def default_programme() -> Programme:
    """The programme circles follow unless they name one; the shipped one is created the first
    time it is needed. Idempotent and safe under concurrency: the database allows one default,
    so a second creator's insert fails and it reads the first one's."""
    programme = Programme.objects.filter(is_default=True).first()
    if programme is not None:
        return programme
    data = shipped_programme_data()
    try:
        with transaction.atomic():
            return _create(data, is_default=True)
    except IntegrityError:
        return Programme.objects.get(is_default=True)


@transaction.atomic
def import_programme(
    user, source: str | bytes, filename: str = "", *, make_default: bool = False
) -> Programme:
    """An organiser's programme file becomes a programme (the default one if asked)."""
    _require_organiser(user)
    data = parse_programme(source, filename)
    programme = _create(data, user)
    if make_default:
        set_default(user, programme)
    return programme


@transaction.atomic
def set_default(user, programme: Programme) -> Programme:
    """Circles that name no programme follow ``programme`` from now on (circles that name one
    keep theirs)."""
    _require_organiser(user)
    try:
        with transaction.atomic():
            others = Programme.objects.filter(is_default=True).exclude(pk=programme.pk)
            others.update(is_default=False)
            Programme.objects.filter(pk=programme.pk).update(is_default=True)
    except IntegrityError:  # another organiser chose a default at the same moment
        raise ValidationError(
            "Another organiser changed the default programme at the same moment; try again."
        ) from None
    programme.is_default = True
    return programme


@transaction.atomic
def update_programme(user, programme: Programme, *, name=None, description=None) -> Programme:
    _require_organiser(user)
    if name is not None:
        programme.name = checked_text(name, "name", NAME_MAX, required=True)
    if description is not None:
        programme.description = checked_text(
            description, "description", DESCRIPTION_MAX, required=False
        )
    programme.save(update_fields=["name", "description"])
    return programme


@transaction.atomic
def update_week(user, week: ProgrammeWeek, *, title, prompt, links) -> ProgrammeWeek:
    """Change one week's title, prompt and links (all three, checked as a file's would be)."""
    _require_organiser(user)
    data = check_week(week.number, title, prompt, links)
    week.title, week.prompt, week.links = data.title, data.prompt, data.links
    week.save(update_fields=["title", "prompt", "links"])
    return week


# --- reading ----------------------------------------------------------------------------------


def programmes():
    return Programme.objects.order_by("-is_default", "name", "pk")


def get_programme(pk) -> Programme:
    from django.http import Http404

    try:
        return Programme.objects.get(pk=int(pk))
    except (Programme.DoesNotExist, TypeError, ValueError):
        raise Http404("No such programme.") from None


def get_week(programme: Programme, number: int) -> ProgrammeWeek:
    from django.http import Http404

    week = programme.weeks.filter(number=number).first()
    if week is None:
        raise Http404(f"There is no week {number}: weeks are numbered 1 to {PROGRAMME_WEEKS}.")
    return week


def programme_of(circle: Circle) -> Programme:
    """The circle's own programme, else its round's, else the default."""
    if circle.programme_id:
        return circle.programme
    if circle.round_id and circle.round.programme_id:
        return circle.round.programme
    return default_programme()


def weeks_of(programme: Programme) -> dict[int, ProgrammeWeek]:
    return {w.number: w for w in programme.weeks.all()}
