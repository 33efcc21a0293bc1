"""What every reader yields: the people and the acts of a source, in the source's own ids.

A reader (``workaloud/imports/readers/<format>.py``) knows one format and nothing about the
database; the pipeline matches people, records acts in the interaction ledger and reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class SourcePerson:
    """An identity in the source: a Slack user, a Mastodon actor, a mail address, a site user."""

    source_id: str  # stable within the source: "U024BE7LH", an actor URI, "ann@example.org"
    name: str = ""
    username: str = ""
    email: str = ""
    is_bot: bool = False  # bots and automated senders are never people in Workaloud


@dataclass(frozen=True)
class SourceAct:
    """One social act, actor → target, as the source recorded it."""

    key: str  # unique within the source and stable across runs: re-importing changes nothing
    actor: str  # SourcePerson.source_id
    target: str  # SourcePerson.source_id
    kind: str  # an InteractionKind value: "reply", "mention", "reaction", "question", ...
    occurred_at: datetime  # timezone-aware
    where: str  # the file and entry it came from, for reports: "general/2016-01-02.json, message 3"
    context: str = ""  # the thread, channel or question it belongs to
    text: str = ""  # the message text; stored only when the organiser opts in


@dataclass(frozen=True)
class BadEntry:
    """An entry that could not be read. Fatal unless the organiser chose to skip bad rows."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class SourceError(ValueError):
    """The source as a whole cannot be read (a truncated zip, a missing users file)."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class Reader(Protocol):
    """Reads one export. Both methods may be called more than once (each call re-reads)."""

    source: str  # "slack", "mastodon", "mbox", "stackexchange", "plain"

    def people(self) -> Iterator[SourcePerson | BadEntry]: ...

    def acts(self) -> Iterator[SourceAct | BadEntry]: ...
