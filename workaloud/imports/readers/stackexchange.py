"""Stack Exchange data dumps: a site's ``Posts.xml``, with ``Users.xml`` and ``Comments.xml``.

The dump (one folder per site once its ``.7z`` is unpacked; also read from a zip of the files or
given as the path of ``Posts.xml`` itself) holds one ``<row>`` per post, user or comment, all
values in attributes.

- ``Posts.xml`` is required. A question (``PostTypeId`` 1) is an ask: it makes no act itself,
  it is the context of its answers. An answer (``PostTypeId`` 2, ``ParentId`` its question) →
  ``offer_of_help`` from the answerer to the asker. The question's ``AcceptedAnswerId`` →
  ``help_credited`` from the asker to that answer's author, dated at the answer: the dump does
  not say when an answer was accepted. Other post types (tag wikis, nominations) are ignored.
- ``Users.xml`` (optional) gives names (``DisplayName``); without it people are "user <id>".
  With it, a post or comment by an id it does not list is a bad entry.
- ``Comments.xml`` (optional): a comment → ``comment`` to the owner of the post it is on.

Posts and comments whose author is gone (no ``OwnerUserId``/``UserId``: the dump's deleted
users), those by the Community user (id -1, the site's bot), and answers to one's own
question make no act and are not reported: they are ordinary in every dump, not damage. They
are counted in ``reader.skipped`` after reading the acts.

The files are read row by row (defusedxml's ``iterparse``); what is kept in memory is an index
of posts (owner, question, accepted answer, title), and the ids of ``Users.xml``.
"""

from __future__ import annotations

import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from workaloud.imports.readers.text import html_to_text
from workaloud.imports.records import BadEntry, SourceAct, SourceError, SourcePerson

QUESTION, ANSWER = "1", "2"
COMMUNITY = "-1"  # the site's own bot account


def parse_time(value: str | None) -> datetime | None:
    """Dump dates are UTC without a zone: "2014-03-13T20:32:04.033"."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


class _Post:
    __slots__ = ("kind", "owner", "question", "accepted", "title")

    def __init__(self, kind, owner, question, accepted, title):
        self.kind = kind
        self.owner = owner
        self.question = question  # for an answer, its question's id; for a question, its own
        self.accepted = accepted
        self.title = title


class _Dump:
    """The dump's files by name (any case), from a folder, a Posts.xml in one, or a zip."""

    def __init__(self, path: Path):
        self.path = path
        self.zip_names: dict[str, str] | None = None
        self.files: dict[str, Path] = {}
        if path.is_dir():
            self.files = {p.name.lower(): p for p in path.iterdir() if p.is_file()}
        elif not path.exists():
            raise SourceError(path.name, "no such file or folder")
        elif zipfile.is_zipfile(path):
            try:
                with zipfile.ZipFile(path) as archive:
                    names = [n for n in archive.namelist() if not n.endswith("/")]
            except (zipfile.BadZipFile, OSError) as exc:
                raise SourceError(path.name, f"not a readable zip archive: {exc}") from None
            self.zip_names = {n.rsplit("/", 1)[-1].lower(): n for n in names}
        elif path.suffix.lower() == ".xml":
            self.files = {p.name.lower(): p for p in path.parent.iterdir() if p.is_file()}
            self.files["posts.xml"] = path
        else:
            raise SourceError(
                path.name,
                "not a Stack Exchange dump: expected its folder, its Posts.xml or a zip of its "
                "files (a .7z dump must be unpacked first)",
            )

    def has(self, name: str) -> bool:
        if self.zip_names is not None:
            return name.lower() in self.zip_names
        return name.lower() in self.files

    @contextmanager
    def open(self, name: str):
        if not self.has(name):
            raise SourceError(name, f"missing: a Stack Exchange dump needs {name}")
        try:
            if self.zip_names is None:
                with open(self.files[name.lower()], "rb") as f:
                    yield f
            else:
                with zipfile.ZipFile(self.path) as archive:
                    with archive.open(self.zip_names[name.lower()]) as f:
                        yield f
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise SourceError(name, f"cannot be read (damaged?): {exc}") from None

    def rows(self, name: str, root_tag: str) -> Iterator[tuple[int, dict[str, str]]]:
        """(ordinal, attributes) of each <row>, streaming; malformed XML is fatal."""
        with self.open(name) as f:
            try:
                events = iterparse(f, events=("start", "end"), forbid_dtd=True)
                _, root = next(events)
                if root.tag != root_tag:
                    raise SourceError(name, f"is not {name} (its root is <{root.tag}>)")
                n = 0
                for event, elem in events:
                    if event == "end" and elem.tag == "row":
                        n += 1
                        yield n, dict(elem.attrib)
                        root.clear()  # rows already read are dropped
            except StopIteration:
                raise SourceError(name, "is empty") from None
            except ParseError as exc:
                raise SourceError(name, f"is not well-formed XML: {exc}") from None
            except DefusedXmlException as exc:
                raise SourceError(name, f"uses forbidden XML features: {exc}") from None


class StackExchangeReader:
    source = "stackexchange"

    def __init__(self, path: str | Path, **options):
        self.path = Path(path)
        self.options = options
        self.skipped: Counter[str] = Counter()

    def _index(self, dump: _Dump) -> dict[str, _Post]:
        posts: dict[str, _Post] = {}
        for _, row in dump.rows("Posts.xml", "posts"):
            post_id, kind = row.get("Id"), row.get("PostTypeId")
            if not post_id or kind not in (QUESTION, ANSWER):
                continue
            posts[post_id] = _Post(
                kind,
                row.get("OwnerUserId"),
                post_id if kind == QUESTION else row.get("ParentId"),
                row.get("AcceptedAnswerId"),
                row.get("Title", ""),
            )
        return posts

    def _user_ids(self, dump: _Dump) -> set[str] | None:
        if not dump.has("Users.xml"):
            return None
        return {row["Id"] for _, row in dump.rows("Users.xml", "users") if row.get("Id")}

    def people(self) -> Iterator[SourcePerson | BadEntry]:
        dump = _Dump(self.path)
        referenced: set[str] = set()
        for item in self.acts():
            if isinstance(item, SourceAct):
                referenced.update((item.actor, item.target))
        if dump.has("Users.xml"):
            for _, row in dump.rows("Users.xml", "users"):
                user_id = row.get("Id")
                if user_id in referenced:
                    referenced.discard(user_id)
                    name = row.get("DisplayName") or f"user {user_id}"
                    yield SourcePerson(source_id=user_id, name=name)
        for user_id in sorted(referenced, key=lambda i: (len(i), i)):
            yield SourcePerson(source_id=user_id, name=f"user {user_id}")

    def acts(self) -> Iterator[SourceAct | BadEntry]:
        self.skipped = Counter()
        dump = _Dump(self.path)
        posts = self._index(dump)
        users = self._user_ids(dump)

        def unknown(user_id: str, attribute: str) -> str | None:
            if users is not None and user_id not in users and user_id != COMMUNITY:
                return f"{attribute} {user_id} is not in Users.xml"
            return None

        def context(question_id: str) -> str:
            title = posts[question_id].title if question_id in posts else ""
            return f"question {question_id}: {title}" if title else f"question {question_id}"

        for n, row in dump.rows("Posts.xml", "posts"):
            if row.get("PostTypeId") != ANSWER:
                continue
            post_id = row.get("Id")
            where = f"Posts.xml, row Id={post_id}" if post_id else f"Posts.xml, row {n}"
            if not post_id:
                yield BadEntry(where, "has no Id")
                continue
            parent_id = row.get("ParentId")
            question = posts.get(parent_id or "")
            if question is None or question.kind != QUESTION:
                yield BadEntry(where, f"ParentId {parent_id!r} names no question in Posts.xml")
                continue
            when = parse_time(row.get("CreationDate"))
            if when is None:
                yield BadEntry(where, f"CreationDate {row.get('CreationDate')!r} is not a date")
                continue
            answerer, asker = row.get("OwnerUserId"), question.owner
            if not answerer or not asker:
                self.skipped["post by a deleted user"] += 1
                continue
            problem = unknown(answerer, "OwnerUserId") or unknown(asker, "its question's owner")
            if problem:
                yield BadEntry(where, problem)
                continue
            if COMMUNITY in (answerer, asker):
                self.skipped["post by the Community user"] += 1
                continue
            if answerer == asker:
                self.skipped["answer to one's own question"] += 1
                continue
            text = html_to_text(row.get("Body", ""))
            yield SourceAct(
                key=f"answer:{post_id}",
                actor=answerer,
                target=asker,
                kind="offer_of_help",
                occurred_at=when,
                where=where,
                context=context(parent_id),
                text=text,
            )
            if question.accepted == post_id:
                yield SourceAct(
                    key=f"accepted:{post_id}",
                    actor=asker,
                    target=answerer,
                    kind="help_credited",
                    occurred_at=when,
                    where=f"Posts.xml, row Id={parent_id} (AcceptedAnswerId={post_id})",
                    context=context(parent_id),
                )

        if not dump.has("Comments.xml"):
            return
        for n, row in dump.rows("Comments.xml", "comments"):
            comment_id = row.get("Id")
            where = f"Comments.xml, row Id={comment_id}" if comment_id else f"Comments.xml, row {n}"
            if not comment_id:
                yield BadEntry(where, "has no Id")
                continue
            post = posts.get(row.get("PostId") or "")
            if post is None:
                yield BadEntry(where, f"PostId {row.get('PostId')!r} names no post in Posts.xml")
                continue
            when = parse_time(row.get("CreationDate"))
            if when is None:
                yield BadEntry(where, f"CreationDate {row.get('CreationDate')!r} is not a date")
                continue
            author, owner = row.get("UserId"), post.owner
            if not author or not owner:
                self.skipped["comment by or to a deleted user"] += 1
                continue
            problem = unknown(author, "UserId") or unknown(owner, "its post's OwnerUserId")
            if problem:
                yield BadEntry(where, problem)
                continue
            if COMMUNITY in (author, owner):
                self.skipped["post by the Community user"] += 1
                continue
            if author == owner:
                continue
            yield SourceAct(
                key=f"comment:{comment_id}",
                actor=author,
                target=owner,
                kind="comment",
                occurred_at=when,
                where=where,
                context=context(post.question or ""),
                text=row.get("Text", ""),
            )
