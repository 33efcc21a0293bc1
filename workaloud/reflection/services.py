"""Actions on a person's reflection rhythm, prompts and private journal, and the reads that
pages and the API use.

Every entry is found through its owner (``my_entry``): anyone else's entry answers
``Http404``, exactly as one that does not exist. Writes validate first and run in one
transaction: refused input raises ``ValidationError`` and changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from workaloud.markup import render_markdown
from workaloud.reflection import prompts
from workaloud.reflection.models import (
    ENTRY_MAX,
    JournalEntry,
    PromptAction,
    PromptMark,
    ReflectionSettings,
    Rhythm,
)
from workaloud.reflection.prompts import Prompt, get_prompt, local_today

SEARCH_MAX = 200
RHYTHM_RULE = "Choose a rhythm: " + ", ".join(r.value for r in Rhythm) + "."


# --- rhythm --------------------------------------------------------------------------------


def rhythm_of(person) -> str:
    return prompts.rhythm_of(person)


@transaction.atomic
def set_rhythm(person, rhythm) -> str:
    """Set how often ``person`` gets a reflection prompt: daily, weekly, fortnightly or off."""
    if not isinstance(rhythm, str) or rhythm not in Rhythm.values:
        raise ValidationError({"rhythm": RHYTHM_RULE})
    ReflectionSettings.objects.update_or_create(person_id=person.pk, defaults={"rhythm": rhythm})
    return rhythm


# --- the current prompt --------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentPrompt:
    """A person's prompt for today's period, and what they did with it so far."""

    prompt: Prompt
    rhythm: str
    period_start: datetime.date
    period_end: datetime.date
    action: str | None  # a PromptAction, or None while untouched

    @property
    def rhythm_label(self) -> str:
        return Rhythm(self.rhythm).label

    @property
    def answered(self) -> bool:
        return self.action in (PromptAction.JOURNAL, PromptAction.SHARED)

    @property
    def dismissed(self) -> bool:
        return self.action == PromptAction.DISMISSED

    @property
    def open(self) -> bool:
        return self.action is None


def current_prompt(person, today: datetime.date | None = None) -> CurrentPrompt | None:
    """The person's prompt for the period containing ``today`` (their local date by default);
    None when their rhythm is off or they are not signed in.

    Shown on every home page: two queries, the rhythm and the marks of the recent periods.
    """
    if person is None or not person.pk:
        return None
    today = today or local_today(person)
    rhythm = rhythm_of(person)
    if rhythm == Rhythm.OFF:
        return None
    start = prompts.period_start(rhythm, today)
    marks = prompts.recent_marks(person, start)
    prompt = prompts.prompt_in_rhythm(person, today, rhythm, marks)
    action = next((a for key, on, a in marks if on == start and key == prompt.key), None)
    return CurrentPrompt(prompt, rhythm, start, prompts.period_end(rhythm, today), action)


def find_prompt(key, field: str = "prompt_id") -> Prompt:
    """The library prompt with this id, or a ValidationError that says there is none."""
    prompt = get_prompt(key.strip() if isinstance(key, str) else key)
    if prompt is None:
        shown = str(key)[:40] if key not in (None, "") else ""
        raise ValidationError(
            {field: f"There is no reflection prompt “{shown}”." if shown else "Choose a prompt."}
        )
    return prompt


def _mark(person, prompt: Prompt, action: str, today: datetime.date | None = None) -> PromptMark:
    """Record what ``person`` did with ``prompt`` in today's period; an answer is never turned
    back into a dismissal."""
    today = today or local_today(person)
    start = prompts.period_start(rhythm_of(person), today)
    mark, created = PromptMark.objects.get_or_create(
        person_id=person.pk, period_start=start, prompt_key=prompt.key, defaults={"action": action}
    )
    if not created and mark.action != action and action != PromptAction.DISMISSED:
        mark.action = action
        mark.save(update_fields=["action", "updated_at"])
    return mark


@transaction.atomic
def dismiss(person, prompt_key, today: datetime.date | None = None) -> PromptMark:
    """ "Not now": put this period's prompt aside; the home page stops showing it until the next
    period."""
    prompt = find_prompt(prompt_key)
    return _mark(person, prompt, PromptAction.DISMISSED, today)


@transaction.atomic
def mark_shared(person, prompt_key, update=None, today: datetime.date | None = None) -> PromptMark:
    """The person answered ``prompt_key`` with a work update they shared. If ``update`` is
    given it must be their own published update."""
    prompt = find_prompt(prompt_key)
    if update is not None and (
        update.author_id != person.pk or update.published_at is None or update.deleted_at
    ):
        raise ValidationError({"update_id": "Choose one of your own published updates."})
    return _mark(person, prompt, PromptAction.SHARED, today)


def share_body(prompt: Prompt) -> str:
    """How a shared answer to ``prompt`` starts: the prompt quoted, then the person's words."""
    return f"> {prompt.text}\n\n"


# --- journal -------------------------------------------------------------------------------


def my_entry(owner, entry_id) -> JournalEntry:
    """The owner's journal entry, or 404: anyone else's entry is one that does not exist."""
    entry = None
    if owner is not None and owner.pk and isinstance(entry_id, int) and 0 < entry_id < 2**63:
        entry = JournalEntry.objects.filter(pk=entry_id, owner_id=owner.pk).first()
    if entry is None:
        raise Http404(f"No journal entry with id {entry_id}.")
    return entry


def _clean_text(text) -> str:
    if not isinstance(text, str):
        raise ValidationError({"text": "Write something in your entry."})
    text = text.replace("\x00", "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": "Write something in your entry; it is empty."})
    if len(text) > ENTRY_MAX:
        too_long = f"An entry holds at most {ENTRY_MAX:,} characters; this one has {len(text):,}."
        raise ValidationError({"text": too_long})
    return text


def _clean_date(owner, written_on) -> datetime.date:
    today = local_today(owner)
    if written_on is None:
        return today
    if not isinstance(written_on, datetime.date) or isinstance(written_on, datetime.datetime):
        raise ValidationError({"written_on": "Give the date as YYYY-MM-DD."})
    if written_on > today:
        raise ValidationError({"written_on": "An entry can't be dated in the future."})
    if written_on.year < 1900:
        raise ValidationError({"written_on": "Choose a date after 1900."})
    return written_on


@transaction.atomic
def create_entry(
    owner, text, *, prompt_key: str = "", written_on: datetime.date | None = None
) -> JournalEntry:
    """Write a journal entry (Markdown), dated ``written_on`` (today by default), optionally
    answering a prompt; answering marks that prompt answered for the current period."""
    if owner is None or not owner.pk:
        raise Http404("Sign in to keep a journal.")
    text = _clean_text(text)
    written_on = _clean_date(owner, written_on)
    prompt = find_prompt(prompt_key) if prompt_key not in ("", None) else None
    entry = JournalEntry(
        owner_id=owner.pk,
        text=text,
        written_on=written_on,
        prompt_key=prompt.key if prompt else "",
        prompt_text=prompt.text if prompt else "",
    )
    entry.full_clean()
    entry.save()
    if prompt is not None:
        _mark(owner, prompt, PromptAction.JOURNAL)
    return entry


_UNSET = object()


@transaction.atomic
def edit_entry(owner, entry_id, *, text=_UNSET, written_on=_UNSET) -> JournalEntry:
    """Change an entry's text or date; the prompt it answers stays."""
    entry = my_entry(owner, entry_id)
    if text is not _UNSET:
        entry.text = _clean_text(text)
    if written_on is not _UNSET:
        entry.written_on = _clean_date(owner, written_on)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def delete_entry(owner, entry_id) -> None:
    my_entry(owner, entry_id).delete()


def journal(owner, query: str = ""):
    """The owner's entries, newest first; with ``query``, those containing every word of it
    (in the text or the prompt answered), case-insensitively."""
    if owner is None or not owner.pk:
        return JournalEntry.objects.none()
    entries = JournalEntry.objects.filter(owner_id=owner.pk)
    for word in search_words(query):
        entries = entries.filter(Q(text__icontains=word) | Q(prompt_text__icontains=word))
    return entries


def search_words(query) -> list[str]:
    if not isinstance(query, str):
        return []
    query = query.replace("\x00", "")[:SEARCH_MAX]
    return [w for w in query.split() if w][:10]


def render_entry(entry: JournalEntry) -> str:
    """The entry's Markdown as sanitised HTML (mentions stay plain text: a journal notifies
    nobody)."""
    return render_markdown(entry.text)


def export_markdown(owner) -> str:
    """The whole journal, oldest first, as one Markdown document."""
    name = owner.name if hasattr(owner, "name") else str(owner)
    lines = [
        f"# Journal of {name}",
        "",
        f"Exported {timezone.now().strftime('%Y-%m-%d %H:%M')} UTC.",
        "",
    ]
    for entry in journal(owner).order_by("written_on", "created_at", "id").iterator():
        lines.append(f"## {entry.written_on.isoformat()}")
        lines.append("")
        if entry.prompt_text:
            lines.append(f"> {entry.prompt_text}")
            lines.append("")
        lines.append(entry.text)
        lines.append("")
    return "\n".join(lines)


def export_filename(owner, today: datetime.date | None = None) -> str:
    today = today or local_today(owner)
    return f"journal-{owner.username}-{today.isoformat()}.md"
