"""The reflection prompt library and which prompt a person gets when.

The library is data shipped with the app (``library.toml``), read once into frozen
``Prompt`` values rather than copied into a table: the wording lives in one reviewed file,
a new release's prompts are live without a data migration, and choosing a prompt costs no
query for the library itself. Answers and journal entries refer to a prompt by its stable
``key`` (also its ``id``).

Rhythm and periods: a person gets a prompt daily, weekly (the default; their local week,
Monday to Sunday), fortnightly (pairs of weeks counted from Monday 1 January 2024) or not
at all. Period *n* has theme ``THEMES[n % 6]``, so themes rotate one per period. Within the
theme the prompts are walked in order from a position that moves on every full turn of the
themes, skipping prompts the person answered (in their journal or as an update) in the
``RECENT_DAYS`` before the period began. Only answers from *before* the period count, so the
prompt stays the same all period long, even once answered.
"""

from __future__ import annotations

import datetime
import functools
import tomllib
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from workaloud.reflection.models import (
    DEFAULT_RHYTHM,
    PromptAction,
    PromptMark,
    ReflectionSettings,
    Rhythm,
)

THEMES = ("purpose", "context", "vulnerability", "generosity", "relationships", "legacy")
THEME_LABELS = {
    "purpose": "Purpose",
    "context": "Context",
    "vulnerability": "Vulnerability",
    "generosity": "Generosity",
    "relationships": "Relationships",
    "legacy": "Legacy",
}
ANCHOR = datetime.date(2024, 1, 1)  # a Monday
RECENT_DAYS = 180
LIBRARY_PATH = Path(__file__).with_name("library.toml")


@dataclass(frozen=True)
class Prompt:
    key: str
    theme: str
    text: str

    @property
    def id(self) -> str:
        return self.key

    @property
    def theme_label(self) -> str:
        return THEME_LABELS.get(self.theme, self.theme.title())


class LibraryError(ValueError):
    """The shipped library breaks a rule (a test reads it, so a bad edit never ships)."""


def parse_library(text: str) -> tuple[Prompt, ...]:
    data = tomllib.loads(text)
    prompts = []
    seen = set()
    for i, item in enumerate(data.get("prompt", []), start=1):
        key, theme, wording = item.get("key"), item.get("theme"), item.get("text")
        if not all(isinstance(v, str) and v.strip() for v in (key, theme, wording)):
            raise LibraryError(f"Prompt {i} needs a key, a theme and a text.")
        if theme not in THEMES:
            raise LibraryError(f"Prompt {key!r} has an unknown theme {theme!r}.")
        if key in seen:
            raise LibraryError(f"The key {key!r} is used twice.")
        if len(key) > 40 or len(wording) > 300:
            raise LibraryError(f"Prompt {key!r}: key or text too long.")
        seen.add(key)
        prompts.append(Prompt(key=key.strip(), theme=theme, text=" ".join(wording.split())))
    for theme in THEMES:
        if not any(p.theme == theme for p in prompts):
            raise LibraryError(f"The theme {theme!r} has no prompt.")
    return tuple(prompts)


@functools.cache
def library() -> tuple[Prompt, ...]:
    """Every prompt, in the library file's order."""
    return parse_library(LIBRARY_PATH.read_text(encoding="utf-8"))


@functools.cache
def _by_key() -> dict[str, Prompt]:
    return {p.key: p for p in library()}


@functools.cache
def _by_theme() -> dict[str, tuple[Prompt, ...]]:
    return {t: tuple(p for p in library() if p.theme == t) for t in THEMES}


def get_prompt(key) -> Prompt | None:
    """The prompt with this key (or id), or None."""
    return _by_key().get(key) if isinstance(key, str) else None


# --- periods -------------------------------------------------------------------------------


def local_today(person, now: datetime.datetime | None = None) -> datetime.date:
    """Today's date in the person's time zone (UTC when they have none)."""
    now = now or timezone.now()
    try:
        zone = zoneinfo.ZoneInfo(person.timezone) if person.timezone else datetime.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = datetime.UTC
    return now.astimezone(zone).date()


def rhythm_of(person) -> str:
    if person is None or not person.pk:
        return Rhythm.OFF
    found = ReflectionSettings.objects.filter(person_id=person.pk).values_list("rhythm", flat=True)
    return next(iter(found), DEFAULT_RHYTHM)


def period_index(rhythm: str, on: datetime.date) -> int:
    days = (on - ANCHOR).days
    if rhythm == Rhythm.DAILY:
        return days
    if rhythm == Rhythm.FORTNIGHTLY:
        return days // 14
    return days // 7  # weekly, and the journal's notion of a period when prompts are off


def period_start(rhythm: str, on: datetime.date) -> datetime.date:
    """The first day of the period that contains ``on``."""
    n = period_index(rhythm, on)
    step = {Rhythm.DAILY: 1, Rhythm.FORTNIGHTLY: 14}.get(rhythm, 7)
    return ANCHOR + datetime.timedelta(days=n * step)


def period_end(rhythm: str, on: datetime.date) -> datetime.date:
    """The last day of the period that contains ``on``."""
    step = {Rhythm.DAILY: 1, Rhythm.FORTNIGHTLY: 14}.get(rhythm, 7)
    return period_start(rhythm, on) + datetime.timedelta(days=step - 1)


# --- choosing ------------------------------------------------------------------------------


def choose(n: int, recently_answered: set[str] | frozenset[str]) -> Prompt:
    """Period ``n``'s prompt for someone who recently answered ``recently_answered``."""
    theme = THEMES[n % len(THEMES)]
    candidates = _by_theme()[theme]
    start = (n // len(THEMES)) % len(candidates)
    for step in range(len(candidates)):
        prompt = candidates[(start + step) % len(candidates)]
        if prompt.key not in recently_answered:
            return prompt
    return candidates[start]  # every prompt of the theme answered lately: start again


def recent_marks(person, start: datetime.date) -> list[tuple[str, datetime.date, str]]:
    """The person's marks, as (prompt key, period start, action), of the ``RECENT_DAYS``
    before the period beginning ``start`` and of that period itself: one query."""
    since = start - datetime.timedelta(days=RECENT_DAYS)
    marks = PromptMark.objects.filter(
        person_id=person.pk, period_start__gte=since, period_start__lte=start
    )
    return list(marks.values_list("prompt_key", "period_start", "action"))


def answered_before(marks, before: datetime.date) -> set[str]:
    """Of ``(prompt key, period start, action)`` marks, the keys answered in the
    ``RECENT_DAYS`` before ``before`` (a dismissal is no answer)."""
    since = before - datetime.timedelta(days=RECENT_DAYS)
    return {
        key
        for key, on, action in marks
        if since <= on < before and action != PromptAction.DISMISSED
    }


def prompt_for(person, on: datetime.date) -> Prompt | None:
    """The reflection prompt for ``person`` on their local date ``on``; None when their rhythm
    is off. The same for every day of the period (the local week for weekly)."""
    return prompt_in_rhythm(person, on, rhythm_of(person))


def prompt_in_rhythm(person, on: datetime.date, rhythm: str, marks=None) -> Prompt | None:
    """``prompt_for`` when the person's rhythm is already known (and ``marks``, from
    ``recent_marks`` for this period, when already read)."""
    if rhythm == Rhythm.OFF:
        return None
    start = period_start(rhythm, on)
    marks = recent_marks(person, start) if marks is None else marks
    return choose(period_index(rhythm, on), answered_before(marks, start))
