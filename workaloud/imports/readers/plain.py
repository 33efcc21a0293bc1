"""The plain format: one interaction per row, as CSV (with a header) or JSON Lines.

Columns (JSON keys):

=========== ======== ==============================================================
source      required who acted: an email address or a username in the other tool
target      required whom it was addressed to (same kind of identity)
kind        required reply, mention, reaction, comment, question, thanks, … (docs/imports.md)
timestamp   required ISO 8601 with a time zone: 2024-03-01T09:30:00Z, 2024-03-01 10:30+01:00
context     optional the thread, channel or conversation it belongs to
text        optional the message text (stored only when the organiser opts in)
key         optional a stable id of the act in the other tool; otherwise one is derived from
                     the row's values, so re-importing the same rows changes nothing
source_name optional display names, used for placeholder people
target_name optional
=========== ======== ==============================================================

An identity containing "@" is an email address; anything else is a username. A file ending in
``.csv`` is CSV; ``.jsonl``, ``.ndjson`` or ``.json`` is JSON Lines (``format="csv"`` or
``"jsonl"`` chooses explicitly).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workaloud.imports.records import BadEntry, SourceAct, SourceError, SourcePerson
from workaloud.relationships.models import InteractionKind

REQUIRED = ("source", "target", "kind", "timestamp")
KINDS = {k.value for k in InteractionKind}
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


def parse_timestamp(value: str) -> datetime:
    text = str(value).strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"timestamp {text!r} is not ISO 8601 (for example 2024-03-01T09:30:00Z)"
        ) from None
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no time zone (add Z or +01:00)")
    if not EARLIEST <= moment <= datetime.now(UTC) + timedelta(days=1):
        raise ValueError(f"impossible date in timestamp {text!r}")
    return moment.astimezone(UTC)


class PlainReader:
    source = "plain"

    def __init__(self, path: str | Path, format: str = "", **options):
        self.path = Path(path)
        if not self.path.is_file():
            raise SourceError(self.path.name, "no such file")
        suffix = self.path.suffix.lower()
        self.format = format or ("csv" if suffix == ".csv" else "jsonl")
        if self.format not in ("csv", "jsonl"):
            raise SourceError(self.path.name, f"unknown plain format {self.format!r}")

    def _lines(self) -> Iterator[tuple[int, str | None, str]]:
        """(line number, text or None when undecodable, problem) of each line."""
        with self.path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8"), ""
                except UnicodeDecodeError as exc:
                    yield (
                        number,
                        None,
                        (f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at position {exc.start})"),
                    )

    def _rows(self) -> Iterator[tuple[str, dict | None, str]]:
        """(where, row or None, problem) for every data row."""
        name = self.path.name
        if self.format == "jsonl":
            for number, line, problem in self._lines():
                where = f"{name}, line {number}"
                if line is None:
                    yield where, None, problem
                    continue
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield where, None, f"invalid JSON: {exc.msg} at column {exc.colno}"
                    continue
                if not isinstance(row, dict):
                    yield where, None, "each line must be a JSON object"
                    continue
                yield where, row, ""
            return
        header: list[str] | None = None
        for number, line, problem in self._lines():
            where = f"{name}, line {number}"
            if line is None:
                if header is None:
                    raise SourceError(where, problem)
                yield where, None, problem
                continue
            if not line.strip():
                continue
            try:
                values = next(csv.reader(io.StringIO(line)))
            except (csv.Error, StopIteration) as exc:
                yield where, None, f"invalid CSV: {exc}"
                continue
            if header is None:
                header = [v.strip().lower() for v in values]
                missing = [c for c in REQUIRED if c not in header]
                if missing:
                    raise SourceError(
                        f"{name}, line 1", f"the header lacks column(s) {', '.join(missing)}"
                    )
                continue
            if len(values) != len(header):
                yield where, None, f"{len(values)} values for {len(header)} columns"
                continue
            yield where, dict(zip(header, values, strict=True)), ""

    @staticmethod
    def _person(identity: str, name: str = "") -> SourcePerson:
        if "@" in identity:
            return SourcePerson(identity.lower(), name=name, email=identity.lower())
        return SourcePerson(identity, name=name, username=identity)

    @staticmethod
    def _identity(value) -> str:
        value = str(value or "").strip()
        return value.lower() if "@" in value else value

    def people(self) -> Iterator[SourcePerson | BadEntry]:
        seen: set[str] = set()
        for _where, row, _problem in self._rows():
            if row is None:
                continue
            for role in ("source", "target"):
                identity = self._identity(row.get(role))
                if identity and identity not in seen:
                    seen.add(identity)
                    yield self._person(identity, str(row.get(f"{role}_name") or "").strip())

    def acts(self) -> Iterator[SourceAct | BadEntry]:
        for where, row, problem in self._rows():
            if row is None:
                yield BadEntry(where, problem)
                continue
            missing = [c for c in REQUIRED if not str(row.get(c) or "").strip()]
            if missing:
                yield BadEntry(where, f"missing {', '.join(missing)}")
                continue
            kind = str(row["kind"]).strip().lower()
            if kind not in KINDS:
                yield BadEntry(where, f"unknown kind {kind!r}")
                continue
            try:
                at = parse_timestamp(row["timestamp"])
            except ValueError as exc:
                yield BadEntry(where, str(exc))
                continue
            actor, target = self._identity(row["source"]), self._identity(row["target"])
            context = str(row.get("context") or "").strip()
            key = str(row.get("key") or "").strip()
            if not key:
                digest = hashlib.sha1(
                    "\x1f".join((actor, target, kind, at.isoformat(), context)).encode()
                ).hexdigest()
                key = f"row:{digest}"
            yield SourceAct(
                key[:200], actor, target, kind, at, where, context[:200], str(row.get("text") or "")
            )
