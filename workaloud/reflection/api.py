"""API for reflection: this period's prompt and what I did with it, the prompt library, my
rhythm, and my private journal (write, read, search, change, delete, export).

Everything here is the caller's own: another person's journal entry answers 404, exactly as
one that does not exist, whoever asks (administrators included).
"""

from datetime import date, datetime
from typing import Literal

from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from workaloud.api_auth import MEMBER_AUTH
from workaloud.api_schemas import DbId, InputSchema, PathId, field_names, responses
from workaloud.reflection import prompts, services
from workaloud.reflection.models import ENTRY_MAX, JournalEntry, Rhythm
from workaloud.work.models import WorkUpdate

router = Router(tags=["reflection"])

RhythmValue = Literal[tuple(Rhythm.values)]
ThemeValue = Literal[prompts.THEMES]
PromptState = Literal["open", "journal", "shared", "dismissed"]
PROMPT_ID_MAX = 40
PAGE_MAX = 200


class ReflectionPromptOut(Schema):
    id: str = Field(description="The prompt's stable id (also its key).")
    theme: ThemeValue
    theme_label: str
    text: str


class CurrentReflectionOut(Schema):
    rhythm: RhythmValue
    prompt: ReflectionPromptOut | None = Field(
        description="This period's prompt; null when your rhythm is off."
    )
    period_start: date | None = Field(description="First day of the period, your local date.")
    period_end: date | None = Field(description="Last day of the period, your local date.")
    state: PromptState | None = Field(
        description="open; journal or shared (answered this period); dismissed (not now)."
    )


class ReflectionSettingsOut(Schema):
    rhythm: RhythmValue
    choices: list[RhythmValue]


class ReflectionSettingsIn(InputSchema):
    rhythm: RhythmValue = Field(description="daily, weekly (the default), fortnightly or off.")


class ReflectionDismissIn(InputSchema):
    prompt_id: str = Field(max_length=PROMPT_ID_MAX)


class ReflectionShareIn(InputSchema):
    """Say that one of your published updates answers a prompt (create the update with
    ``POST /api/updates`` first)."""

    prompt_id: str = Field(max_length=PROMPT_ID_MAX)
    update_id: DbId


class JournalEntryOut(Schema):
    id: int
    written_on: date
    text: str = Field(description="Markdown, as written.")
    html: str = Field(description="The Markdown rendered and sanitised.")
    prompt_id: str = Field(description="The prompt it answers; empty if none.")
    prompt_text: str = Field(description="That prompt's wording when the entry was written.")
    created_at: datetime
    updated_at: datetime


class JournalPageOut(Schema):
    count: int = Field(description="How many entries match, in all.")
    entries: list[JournalEntryOut]


class JournalEntryIn(InputSchema):
    text: str = Field(max_length=ENTRY_MAX, description="Markdown.")
    prompt_id: str = Field("", max_length=PROMPT_ID_MAX, description="A prompt it answers.")
    written_on: date | None = Field(None, description="Defaults to today, your local date.")


class JournalEntryPatch(InputSchema):
    """Only the fields you send change."""

    text: str = Field(None, max_length=ENTRY_MAX)
    written_on: date = None


class JournalQuery(Schema):
    q: str = Field("", max_length=200, description="Words the entries must all contain.")
    limit: int = Field(50, ge=1, le=PAGE_MAX)
    offset: int = Field(0, ge=0, le=10**9)


def _prompt_out(prompt) -> dict:
    return {
        "id": prompt.key,
        "theme": prompt.theme,
        "theme_label": prompt.theme_label,
        "text": prompt.text,
    }


def _current_out(person) -> dict:
    current = services.current_prompt(person)
    if current is None:
        return {
            "rhythm": services.rhythm_of(person),
            "prompt": None,
            "period_start": None,
            "period_end": None,
            "state": None,
        }
    return {
        "rhythm": current.rhythm,
        "prompt": _prompt_out(current.prompt),
        "period_start": current.period_start,
        "period_end": current.period_end,
        "state": current.action or "open",
    }


def _entry_out(entry: JournalEntry) -> dict:
    return {
        "id": entry.pk,
        "written_on": entry.written_on,
        "text": entry.text,
        "html": services.render_entry(entry),
        "prompt_id": entry.prompt_key,
        "prompt_text": entry.prompt_text,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
    }


@router.get(
    "/prompt",
    response=responses(CurrentReflectionOut),
    auth=MEMBER_AUTH,
    summary="My reflection prompt for this period",
)
def get_current(request):
    """The same prompt all period (your local week, for weekly), and what you did with it."""
    return _current_out(request.auth)


@router.post(
    "/prompt/dismiss",
    response=responses(CurrentReflectionOut),
    auth=MEMBER_AUTH,
    summary="Not now: put this period's prompt aside",
)
def dismiss(request, payload: ReflectionDismissIn):
    with field_names(prompt_id="prompt_id"):
        services.dismiss(request.auth, payload.prompt_id)
    return _current_out(request.auth)


@router.post(
    "/prompt/share",
    response=responses(CurrentReflectionOut),
    auth=MEMBER_AUTH,
    summary="Mark a prompt answered by an update I shared",
)
def share(request, payload: ReflectionShareIn):
    services.find_prompt(payload.prompt_id)
    update = WorkUpdate.objects.filter(pk=payload.update_id, author_id=request.auth.pk).first()
    if update is None:
        raise Http404(f"You have no update with id {payload.update_id}.")
    services.mark_shared(request.auth, payload.prompt_id, update)
    return _current_out(request.auth)


@router.get(
    "/prompts",
    response=responses(list[ReflectionPromptOut]),
    auth=MEMBER_AUTH,
    summary="The library of reflection prompts",
)
def library(request):
    return [_prompt_out(p) for p in prompts.library()]


@router.get(
    "/settings",
    response=responses(ReflectionSettingsOut),
    auth=MEMBER_AUTH,
    summary="My reflection rhythm",
)
def get_settings(request):
    return {"rhythm": services.rhythm_of(request.auth), "choices": Rhythm.values}


@router.put(
    "/settings",
    response=responses(ReflectionSettingsOut),
    auth=MEMBER_AUTH,
    summary="Choose my reflection rhythm",
)
def put_settings(request, payload: ReflectionSettingsIn):
    rhythm = services.set_rhythm(request.auth, payload.rhythm)
    return {"rhythm": rhythm, "choices": Rhythm.values}


@router.get(
    "/journal",
    response=responses(JournalPageOut),
    auth=MEMBER_AUTH,
    summary="My journal, newest first",
)
def list_entries(request, filters: Query[JournalQuery]):
    """Only your own entries; ``q`` keeps those containing every word (case-insensitive)."""
    entries = services.journal(request.auth, filters.q)
    page = entries[filters.offset : filters.offset + filters.limit]
    return {"count": entries.count(), "entries": [_entry_out(e) for e in page]}


@router.post(
    "/journal",
    response=responses(JournalEntryOut, 201),
    auth=MEMBER_AUTH,
    summary="Write a journal entry",
)
def create_entry(request, payload: JournalEntryIn):
    """Answering a prompt (``prompt_id``) marks it answered for this period."""
    with field_names(prompt_key="prompt_id"):
        entry = services.create_entry(
            request.auth, payload.text, prompt_key=payload.prompt_id, written_on=payload.written_on
        )
    return Status(201, _entry_out(entry))


@router.get(
    "/journal/export",
    response=responses(None),
    auth=MEMBER_AUTH,
    summary="Export my journal as Markdown",
    openapi_extra={
        "responses": {
            200: {
                "description": "The whole journal, oldest first, as one Markdown file.",
                "content": {"text/markdown": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export(request):
    response = HttpResponse(
        services.export_markdown(request.auth), content_type="text/markdown; charset=utf-8"
    )
    filename = services.export_filename(request.auth)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/journal/{entry_id}",
    response=responses(JournalEntryOut),
    auth=MEMBER_AUTH,
    summary="One of my journal entries",
)
def get_entry(request, entry_id: PathId):
    return _entry_out(services.my_entry(request.auth, entry_id))


@router.patch(
    "/journal/{entry_id}",
    response=responses(JournalEntryOut),
    auth=MEMBER_AUTH,
    summary="Change one of my journal entries",
)
def patch_entry(request, entry_id: PathId, payload: JournalEntryPatch):
    changes = {name: getattr(payload, name) for name in payload.model_fields_set}
    return _entry_out(services.edit_entry(request.auth, entry_id, **changes))


@router.delete(
    "/journal/{entry_id}",
    response=responses(None, 204),
    auth=MEMBER_AUTH,
    summary="Delete one of my journal entries",
)
def delete_entry(request, entry_id: PathId):
    services.delete_entry(request.auth, entry_id)
    return Status(204, None)
