"""Mastodon account archives: what "Request your archive" (Settings → Import and export) gives.

The archive (a zip in current Mastodon, a ``.tar.gz`` in older versions, or the folder either
unpacks to) holds ``actor.json`` (the account), ``outbox.json`` (an ActivityStreams
``OrderedCollection`` of the account's ``Create`` and ``Announce`` activities), ``likes.json``
(an ``OrderedCollection`` of the URIs of the statuses the account favourited), bookmarks and
media. It is one account's: every act's actor is that account.

Acts read:

- a status replying to someone else's status → ``reply`` to that status's author;
- each account mentioned in a status → ``mention`` (except the account replied to: Mastodon adds
  that mention itself, and the reply already says it);
- a boost (``Announce``) → ``reaction`` to the boosted status's author: like a favourite, it is
  a light public sign of appreciation, not a message to the person;
- a favourite (``likes.json``) → ``reaction`` to the status's author.

A status's author is not written in the archive: it is read from the status URI, which
Mastodon writes as ``https://host/users/<name>/statuses/<id>`` (or the web address
``https://host/@<name>/<id>``). Statuses on servers that use another pattern (Pleroma's
``/objects/…``, Misskey's ``/notes/…``) have no known author, so replies and favourites of them
make no act (the mentions in such a reply still do).

``likes.json`` has no dates. A favourite is dated at the liked status's creation, which
Mastodon encodes in the status id (its top 48 bits are milliseconds since 1970; a favourite
comes at or after it); when the id does not carry a time (statuses from before Mastodon 2.0,
other servers), at the date the archive was written.

``outbox.json`` and ``likes.json`` are read item by item (ijson), never whole.
"""

from __future__ import annotations

import json
import re
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import ijson

from workaloud.imports.readers.text import bounded_key, html_to_text
from workaloud.imports.records import BadEntry, SourceAct, SourceError, SourcePerson

STATUS_PATH = re.compile(r"^/users/([^/]+)/statuses/([^/]+)/?$")
WEB_STATUS_PATH = re.compile(r"^/@([^/@]+)/(\d+)/?$")
# Snowflake ids before this time are old sequential ids, not times.
SNOWFLAKE_FROM = datetime(2016, 1, 1, tzinfo=UTC)


def status_author(uri: str) -> str | None:
    """The actor URI of a status's author, from the status URI; None when it cannot be known."""
    if not isinstance(uri, str):
        return None
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    match = STATUS_PATH.match(parts.path) or WEB_STATUS_PATH.match(parts.path)
    if not match:
        return None
    return f"{parts.scheme}://{parts.netloc}/users/{match.group(1)}"


def status_time(uri: str) -> datetime | None:
    """The creation time Mastodon encodes in a status id (id >> 16 is milliseconds)."""
    parts = urlsplit(uri)
    match = STATUS_PATH.match(parts.path) or WEB_STATUS_PATH.match(parts.path)
    if not match or not match.group(2).isdigit():
        return None
    millis = int(match.group(2)) >> 16
    try:
        when = datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return when if when >= SNOWFLAKE_FROM else None


def parse_time(value) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _handle(uri: str, mention_name: str = "") -> tuple[str, str]:
    """(username, "@user@host") for an actor URI, from a mention's name where there is one."""
    parts = urlsplit(uri)
    host = parts.netloc
    name = mention_name.lstrip("@") if mention_name else ""
    if not name:
        name = parts.path.rstrip("/").rsplit("/", 1)[-1]
    user, _, domain = name.partition("@")
    return user, f"@{user}@{domain or host}"


class _Archive:
    """The archive's files by name, from a zip, a tar.gz or a folder."""

    def __init__(self, path: Path):
        self.path = path
        self.label = path.name
        self.kind = ""
        if path.is_dir():
            self.kind = "dir"
            names = [p.relative_to(path).as_posix() for p in path.rglob("*.json")]
        elif not path.exists():
            raise SourceError(self.label, "no such file or folder")
        elif zipfile.is_zipfile(path):
            self.kind = "zip"
            try:
                with zipfile.ZipFile(path) as archive:
                    names = archive.namelist()
            except (zipfile.BadZipFile, OSError) as exc:
                raise SourceError(self.label, f"not a readable zip archive: {exc}") from None
        else:
            try:
                with tarfile.open(path) as archive:
                    names = archive.getnames()
                self.kind = "tar"
            except (tarfile.TarError, EOFError, OSError):
                raise SourceError(
                    self.label,
                    "not a readable archive: expected a Mastodon archive as a zip, a .tar.gz or "
                    "an unpacked folder (is the file truncated?)",
                ) from None
        self.names = {}
        for name in sorted(names, key=lambda n: (n.count("/"), n)):
            if "__MACOSX" in name:
                continue
            self.names.setdefault(PurePosixPath(name).name, name)

    def has(self, name: str) -> bool:
        return name in self.names

    @contextmanager
    def open(self, name: str):
        if name not in self.names:
            raise SourceError(f"{self.label}: {name}", "missing from the archive")
        member = self.names[name]
        where = name
        try:
            if self.kind == "dir":
                with open(self.path / member, "rb") as f:
                    yield f
            elif self.kind == "zip":
                with zipfile.ZipFile(self.path) as archive, archive.open(member) as f:
                    yield f
            else:
                with tarfile.open(self.path) as archive:
                    f = archive.extractfile(member)
                    if f is None:
                        raise SourceError(where, "is not a file")
                    with f:
                        yield f
        except (zipfile.BadZipFile, tarfile.TarError, zlib.error, EOFError, OSError) as exc:
            raise SourceError(
                where, f"cannot be read from {self.label} (damaged?): {exc}"
            ) from None

    def written_at(self, name: str) -> datetime:
        """When the archive wrote this file (for entries with no date of their own)."""
        member = self.names[name]
        try:
            if self.kind == "dir":
                stamp = (self.path / member).stat().st_mtime
            elif self.kind == "zip":
                with zipfile.ZipFile(self.path) as archive:
                    return datetime(*archive.getinfo(member).date_time, tzinfo=UTC)
            else:
                with tarfile.open(self.path) as archive:
                    stamp = archive.getmember(member).mtime
            return datetime.fromtimestamp(stamp, tz=UTC)
        except (OSError, ValueError, KeyError, tarfile.TarError, zipfile.BadZipFile):
            return datetime.fromtimestamp(self.path.stat().st_mtime, tz=UTC)


class MastodonReader:
    source = "mastodon"

    def __init__(self, path: str | Path, **options):
        self.path = Path(path)
        self.options = options

    # -- the account ---------------------------------------------------------------------

    def _owner(self, archive: _Archive) -> SourcePerson:
        with archive.open("actor.json") as f:
            try:
                actor = json.load(f)
            except (ValueError, UnicodeDecodeError) as exc:
                raise SourceError("actor.json", f"is not valid JSON: {exc}") from None
        if not isinstance(actor, dict) or not isinstance(actor.get("id"), str):
            raise SourceError("actor.json", "has no account id (expected an ActivityPub actor)")
        return SourcePerson(
            source_id=actor["id"],
            name=str(actor.get("name") or ""),
            username=str(actor.get("preferredUsername") or ""),
        )

    def _items(self, archive: _Archive, name: str) -> Iterator[object]:
        """The collection's orderedItems, one at a time."""
        count = 0
        with archive.open(name) as f:
            try:
                for item in ijson.items(f, "orderedItems.item", use_float=True):
                    count += 1
                    yield item
            except ijson.JSONError as exc:
                raise SourceError(name, f"is not valid JSON: {exc}") from None
            except UnicodeDecodeError as exc:
                raise SourceError(name, f"is not UTF-8 text: {exc}") from None
        if count == 0:  # an empty collection, or some other JSON?
            with archive.open(name) as f:
                keys = (v for p, e, v in ijson.parse(f) if p == "" and e == "map_key")
                if "orderedItems" not in keys:
                    raise SourceError(
                        name, "is not an ActivityStreams collection (it has no orderedItems)"
                    )

    # -- reading -------------------------------------------------------------------------

    def people(self) -> Iterator[SourcePerson | BadEntry]:
        archive = _Archive(self.path)
        owner = self._owner(archive)
        seen: dict[str, SourcePerson] = {}
        for _ in self._read(archive, owner, seen):
            pass  # the acts name the people; bad entries are reported by acts()
        yield owner
        yield from seen.values()

    def acts(self) -> Iterator[SourceAct | BadEntry]:
        archive = _Archive(self.path)
        owner = self._owner(archive)
        yield from self._read(archive, owner, {})

    def _read(self, archive, owner, seen) -> Iterator[SourceAct | BadEntry]:
        me = owner.source_id

        def person(uri: str, mention_name: str = "") -> None:
            if uri == me:
                return
            if uri not in seen or mention_name:  # a mention's own name is the better one
                username, handle = _handle(uri, mention_name)
                seen[uri] = SourcePerson(source_id=uri, name=handle, username=username)

        def act(**fields) -> SourceAct:
            return SourceAct(actor=me, **fields)

        for n, item in enumerate(self._items(archive, "outbox.json"), start=1):
            where = f"outbox.json, item {n}"
            if not isinstance(item, dict):
                yield BadEntry(where, "is not an activity (expected a JSON object)")
                continue
            kind = item.get("type")
            if kind == "Create":
                yield from self._create(item, where, me, person, act)
            elif kind == "Announce":
                yield from self._announce(item, where, me, person, act)

        if archive.has("likes.json"):
            undated = None
            for n, uri in enumerate(self._items(archive, "likes.json"), start=1):
                where = f"likes.json, item {n}"
                if not isinstance(uri, str):
                    yield BadEntry(where, "is not a status URI")
                    continue
                target = status_author(uri)
                if target is None or target == me:
                    continue
                when = status_time(uri)
                if when is None:
                    undated = undated or archive.written_at("likes.json")
                    when = undated
                person(target)
                yield act(
                    key=bounded_key(f"like:{uri}"),
                    target=target,
                    kind="reaction",
                    occurred_at=when,
                    where=f"{where} ({uri})",
                    context=uri,
                )

    def _create(self, item, where, me, person, act) -> Iterator[SourceAct | BadEntry]:
        note = item.get("object")
        if not isinstance(note, dict) or not isinstance(note.get("id"), str):
            yield BadEntry(where, "a Create activity without a status (object.id)")
            return
        note_id = note["id"]
        where = f"{where} ({note_id})"
        published = note.get("published") or item.get("published")
        when = parse_time(published)
        if when is None:
            yield BadEntry(where, f"published {published!r} is not a date")
            return
        text = html_to_text(note.get("content") or "")
        context = note.get("conversation") or note_id
        parent = note.get("inReplyTo")
        if isinstance(parent, dict):
            parent = parent.get("id")
        replied_to = status_author(parent) if parent else None
        if replied_to and replied_to != me:
            person(replied_to)
            yield act(
                key=bounded_key(f"{note_id}#reply"),
                target=replied_to,
                kind="reply",
                occurred_at=when,
                where=where,
                context=context,
                text=text,
            )
        tags = note.get("tag") or []
        if isinstance(tags, dict):
            tags = [tags]
        mentioned: set[str] = set()
        for tag in tags if isinstance(tags, list) else []:
            if not isinstance(tag, dict) or tag.get("type") != "Mention":
                continue
            href = tag.get("href")
            if not isinstance(href, str) or not href:
                yield BadEntry(where, f"a mention without an account (href): {tag!r}")
                continue
            person(href, str(tag.get("name") or ""))
            if href in mentioned or href == me or href == replied_to:
                continue
            mentioned.add(href)
            yield act(
                key=bounded_key(f"{note_id}#mention:{href}"),
                target=href,
                kind="mention",
                occurred_at=when,
                where=where,
                context=context,
                text=text,
            )

    def _announce(self, item, where, me, person, act) -> Iterator[SourceAct | BadEntry]:
        boosted = item.get("object")
        if isinstance(boosted, dict):
            boosted = boosted.get("id")
        key = item.get("id")
        if not isinstance(key, str) or not isinstance(boosted, str):
            yield BadEntry(where, "a boost (Announce) without an id or a status")
            return
        where = f"{where} ({key})"
        when = parse_time(item.get("published"))
        if when is None:
            yield BadEntry(where, f"published {item.get('published')!r} is not a date")
            return
        target = status_author(boosted)
        if target is None or target == me:
            return
        person(target)
        yield act(
            key=bounded_key(key),
            target=target,
            kind="reaction",
            occurred_at=when,
            where=where,
            context=boosted,
        )
