"""Slack workspace exports: the zip (or its unpacked folder) Slack's export tool writes.

Layout: ``users.json``, ``channels.json`` (and ``groups.json``, ``mpims.json``, ``dms.json``
for private conversations when present), and a folder per conversation holding one JSON file
per day, each a list of messages.

Acts read from messages:

- a thread reply (``thread_ts`` ≠ ``ts``) → ``reply`` to the thread's first message's author
  (``parent_user_id`` when Slack wrote it, else the root seen earlier in the conversation);
- a ``<@U…>`` mention in a person's message → ``mention``;
- each reaction's users → ``reaction`` to the message's author;
- a comment on a file (``file_comment``) → ``comment`` to the file's owner.

Bots (``bot_message``, a ``bot_id`` without a person, users marked ``is_bot``) and system
subtypes (joins, leaves, topics, pins…) make no acts. The reader streams: one day file at a
time, and for threads a map of message → author within the current conversation.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import orjson

from workaloud.imports.records import BadEntry, SourceAct, SourceError, SourcePerson

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
# Subtypes that are messages a person wrote; any other subtype is the system talking.
PERSON_SUBTYPES = {None, "", "thread_broadcast", "file_share", "me_message", "reply_broadcast"}
BOT_SUBTYPES = {"bot_message", "bot_add", "bot_remove", "bot_enable", "bot_disable"}
CONVERSATION_FILES = ("channels.json", "groups.json", "mpims.json", "dms.json")
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
_EARLIEST_S = EARLIEST.timestamp()


class _Archive:
    """The export's files by their path inside it, from a zip or an unpacked folder."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.zip: zipfile.ZipFile | None = None
        if self.path.is_dir():
            names = [p.relative_to(self.path).as_posix() for p in self.path.rglob("*.json")]
        else:
            try:
                self.zip = zipfile.ZipFile(self.path)
            except FileNotFoundError:
                raise SourceError(self.path.name, "no such file") from None
            except (zipfile.BadZipFile, OSError) as exc:
                raise SourceError(
                    self.path.name, f"not a readable zip archive (truncated or damaged?): {exc}"
                ) from None
            names = [n for n in self.zip.namelist() if not n.endswith("/")]
        # Exports are sometimes zipped with a top folder: strip it when every name has it.
        self.prefix = ""
        tops = {n.split("/", 1)[0] for n in names}
        if len(tops) == 1 and all("/" in n for n in names):
            self.prefix = next(iter(tops)) + "/"
        self.names = sorted(n[len(self.prefix) :] for n in names if n.startswith(self.prefix))

    def read(self, name: str) -> bytes:
        try:
            if self.zip is None:
                return (self.path / name).read_bytes()
            return self.zip.read(self.prefix + name)
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as exc:
            raise SourceError(
                name, f"cannot be read from the archive (truncated?): {exc}"
            ) from None

    def json(self, name: str):
        """The parsed file; raises ValueError with a readable message."""
        raw = self.read(name)
        try:
            return orjson.loads(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
        except orjson.JSONDecodeError:
            pass  # the slower path below says what is wrong, and where
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at position {exc.start})"
            ) from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            ) from None


def parse_ts(value) -> datetime:
    """A Slack ``ts`` ("1452837318.000002") as an aware datetime; ValueError when impossible."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"impossible timestamp {value!r}") from None
    if not _EARLIEST_S <= seconds <= time.time() + 86_400:
        try:
            day = f"{datetime.fromtimestamp(seconds, UTC):%Y-%m-%d}"
        except (ValueError, OverflowError, OSError):
            day = "out of range"
        raise ValueError(f"impossible date {day} (timestamp {value!r})")
    return datetime.fromtimestamp(seconds, UTC)


class SlackReader:
    source = "slack"

    def __init__(self, path: str | Path, **options):
        self.archive = _Archive(path)
        self.options = options
        if "users.json" not in self.archive.names:
            raise SourceError("users.json", "missing: a Slack export lists its people there")

    # -- people ------------------------------------------------------------------------------
    def _users(self) -> list:
        try:
            users = self.archive.json("users.json")
        except ValueError as exc:
            raise SourceError("users.json", str(exc)) from None
        if not isinstance(users, list):
            raise SourceError("users.json", "expected a list of users")
        return users

    def people(self) -> Iterator[SourcePerson | BadEntry]:
        for i, user in enumerate(self._users()):
            where = f"users.json, user {i + 1}"
            if not isinstance(user, dict) or not isinstance(user.get("id"), str):
                yield BadEntry(where, "a user without an id")
                continue
            profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
            yield SourcePerson(
                source_id=user["id"],
                name=str(user.get("real_name") or profile.get("real_name") or ""),
                username=str(user.get("name") or ""),
                email=str(profile.get("email") or ""),
                is_bot=bool(user.get("is_bot")) or user["id"] == "USLACKBOT",
            )

    # -- acts --------------------------------------------------------------------------------
    def _conversations(self) -> dict[str, str]:
        """Folder name → conversation id, from whichever conversation lists exist."""
        folders: dict[str, str] = {}
        for listing in CONVERSATION_FILES:
            if listing not in self.archive.names:
                continue
            try:
                conversations = self.archive.json(listing)
            except ValueError as exc:
                raise SourceError(listing, str(exc)) from None
            for conversation in conversations if isinstance(conversations, list) else []:
                if isinstance(conversation, dict) and conversation.get("id"):
                    folder = conversation.get("name") or conversation["id"]
                    folders[folder] = conversation["id"]
        return folders

    def _day_files(self) -> Iterator[tuple[str, str]]:
        """(folder, file) of every day file, conversation by conversation, days in order."""
        for name in self.archive.names:
            path = PurePosixPath(name)
            if len(path.parts) == 2 and path.suffix == ".json":
                yield path.parts[0], name

    def acts(self) -> Iterator[SourceAct | BadEntry]:
        users = {}
        for user in self._users():
            if isinstance(user, dict) and isinstance(user.get("id"), str):
                users[user["id"]] = bool(user.get("is_bot")) or user["id"] == "USLACKBOT"
        folders = self._conversations()
        current = None
        roots: dict[str, str] = {}  # thread ts → its author, in the current conversation
        for folder, name in self._day_files():
            if folder != current:
                current, roots = folder, {}
            channel = folders.get(folder, folder)
            try:
                messages = self.archive.json(name)
            except ValueError as exc:
                yield BadEntry(name, str(exc))
                continue
            if not isinstance(messages, list):
                yield BadEntry(name, "expected a list of messages")
                continue
            for i, message in enumerate(messages):
                yield from self._message_acts(
                    message, f"{name}, message {i + 1}", channel, users, roots
                )

    def _message_acts(self, message, where, channel, users, roots) -> Iterator:
        if not isinstance(message, dict):
            yield BadEntry(where, "a message is not a JSON object")
            return
        subtype = message.get("subtype")
        if subtype in BOT_SUBTYPES or (message.get("bot_id") and not message.get("user")):
            return
        try:
            at = parse_ts(message.get("ts"))
        except ValueError as exc:
            yield BadEntry(where, str(exc))
            return
        ts = str(message["ts"])
        key = f"{channel}/{ts}"
        text = str(message.get("text") or "")
        if subtype == "file_comment":
            comment = message.get("comment") or {}
            owner = (message.get("file") or {}).get("user")
            actor = comment.get("user")
            for who in (actor, owner):
                if who and who not in users:
                    yield BadEntry(where, f"unknown user id {who}")
                    return
            if actor and owner and actor != owner and not users[actor] and not users[owner]:
                yield SourceAct(
                    key,
                    actor,
                    owner,
                    "comment",
                    at,
                    where,
                    channel,
                    str(comment.get("comment", "")),
                )
            return
        if subtype not in PERSON_SUBTYPES:
            return  # joins, leaves, topics, pins: the system talking
        author = message.get("user")
        if not isinstance(author, str) or not author:
            yield BadEntry(where, "a message without a user")
            return
        if author not in users:
            yield BadEntry(where, f"unknown user id {author}")
            return
        if users[author]:
            return
        thread = str(message.get("thread_ts") or "")
        context = f"{channel}/{thread}" if thread else channel
        if not thread or thread == ts:
            roots[ts] = author  # any message may become a thread's first
        else:
            parent = message.get("parent_user_id") or roots.get(thread)
            if parent and parent not in users:
                yield BadEntry(where, f"unknown user id {parent}")
                return
            if parent and parent != author and not users[parent]:
                yield SourceAct(key, author, parent, "reply", at, where, context, text)
        for mentioned in dict.fromkeys(MENTION.findall(text)):
            if mentioned not in users:
                yield BadEntry(where, f"unknown user id {mentioned} (mentioned)")
                continue
            if mentioned != author and not users[mentioned]:
                yield SourceAct(key, author, mentioned, "mention", at, where, context, text)
        for reaction in message.get("reactions") or []:
            for reactor in (reaction or {}).get("users") or []:
                if reactor not in users:
                    yield BadEntry(where, f"unknown user id {reactor} (reacted)")
                elif reactor != author and not users[reactor]:
                    yield SourceAct(key, reactor, author, "reaction", at, where, context)
