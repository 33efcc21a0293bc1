"""Mail in mbox format: one file of messages, as Thunderbird, Apple Mail, mutt or Google
Takeout export it.

People are email addresses (lower-cased), named from the display name first seen with them.
Acts read from each message, from its sender (``From``):

- a reply (its ``In-Reply-To``, else the nearest of its ``References``, names a message in the
  file sent by someone else) → ``reply`` to that message's sender;
- every other recipient (``To``, ``Cc``, and ``Bcc`` where the copy has it, as sent mail does)
  → ``imported``: a message to someone with no better kind.

Mailing lists (``skip_mailing_lists``, on by default): a message with ``List-Id`` or
``List-Post``, or ``Precedence: list``, went to a list; its recipients are the list, not
people written to, so they make no acts. A reply in a list thread is still a ``reply`` to the
sender of the message it answers: that is one person answering another.

Automated mail (``skip_automated``, on by default) makes no acts and is no one's parent:
``Auto-Submitted`` other than ``no`` (out-of-office replies, notifications), ``Precedence:
bulk`` or ``junk`` outside a list, and senders such as ``noreply@``, ``mailer-daemon@``,
``postmaster@``; such addresses are never targets either.

Dates come from ``Date`` (a date that cannot be read is a bad entry); a message without one is
dated by the mbox's ``From`` line. A message appearing twice (the same ``Message-ID``, as when
an inbox and a sent folder are joined) is read once. Keys are Message-IDs; a message without
one is keyed by a hash of its bytes.

Headers are decoded with the standard library's modern email policy (RFC 2047 words in any
charset). Raw 8-bit headers are read as UTF-8, else in the charset the message declares; a
header that is neither is a bad entry, as is a message without a readable sender. The file is
read one message at a time (``mailbox``), twice: once to know which message each Message-ID
is and who sent it, once for the acts.
"""

from __future__ import annotations

import email.errors
import hashlib
import mailbox
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from workaloud.imports.readers.text import bounded_key, html_to_text
from workaloud.imports.records import BadEntry, SourceAct, SourceError, SourcePerson

AUTOMATED_SENDER = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?)([-+._].*)?@",
    re.IGNORECASE,
)
# "Re: ", "Fwd: ", "AW: ", "SV: ", "Réf. : " and the like, repeated: the thread's subject stays.
REPLY_PREFIX = re.compile(r"^(\s*(re|fwd?|aw|wg|sv|vs|tr|réf\.?)\s*(\[\d+\])?\s*:\s*)+", re.I)
MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
LINE_BREAKS = re.compile(r"\r?\n")
HEADER_ERRORS = (
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    UnicodeError,
    email.errors.MessageError,
)


_HEADER_CLASSES: dict = {}


class _Undecodable(Exception):
    pass


def is_automated_address(address: str) -> bool:
    return bool(AUTOMATED_SENDER.match(address))


def _clean(value: str, declared, header: str) -> str:
    """A header value without the raw bytes the parser could not decode (surrogates).

    ``declared`` gives the message's charset, asked only when needed.
    """
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    charset = declared()
    raw = value.encode("utf-8", "surrogateescape")
    for candidate in ("utf-8", charset):
        if not candidate:
            continue
        try:
            return raw.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    raise _Undecodable(
        f"{header} has bytes that are neither UTF-8 nor in the message's charset "
        f"({charset or 'none declared'}): {str(raw)[2:-1]}"
    )


def _from_line_date(line: bytes) -> datetime | None:
    """The date of an mbox "From sender Fri Jul  8 12:08:34 2011" line, taken as UTC."""
    parts = line.decode("ascii", "replace").split()[2:]
    text = " ".join(parts)
    for pattern in ("%a %b %d %H:%M:%S %Y", "%a %b %d %H:%M:%S %z %Y"):
        try:
            when = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return None


class _Message:
    """What the acts need from one message, decoded, or the reason it cannot be read.

    The structure is parsed by the fast compat32 parser; the headers that matter (addresses,
    subject) go through the modern policy's header factory, each once.
    """

    def __init__(self, from_line: bytes, data: bytes, headers_only: bool = False):
        self.msg = BytesParser(policy=policy.compat32).parsebytes(data, headersonly=headers_only)
        raw: dict[str, list[str]] = {}
        for name, value in self.msg.raw_items():
            raw.setdefault(name.lower(), []).append(LINE_BREAKS.sub("", value))
        self.raw = raw
        found = MESSAGE_ID.search(self.header("message-id"))
        self.message_id = found.group(1) if found else self.header("message-id").strip()
        self.key = self.message_id or "sha256:" + hashlib.sha256(data).hexdigest()[:40]
        self.from_line = from_line
        self._charset: list[str | None] = []

    def header(self, name: str) -> str:
        """The first raw value of a header, "" when absent."""
        values = self.raw.get(name)
        return values[0] if values else ""

    def charset(self) -> str | None:
        """The charset the message declares (its own, else its first text part's)."""
        if not self._charset:
            found = None
            try:
                for part in self.msg.walk():
                    found = part.get_content_charset()
                    if found:
                        break
            except HEADER_ERRORS:
                found = None
            self._charset.append(found)
        return self._charset[0]

    def decoded(self, name: str, value: str):
        """The header parsed by the modern policy, its raw 8-bit bytes decoded first."""
        value = _clean(value, self.charset, name)
        kind = _HEADER_CLASSES.get(name)
        if kind is None:  # the registry builds a class on each lookup: keep them
            kind = _HEADER_CLASSES[name] = policy.default.header_factory[name]
        return kind(name, value)

    def addresses(self, header: str) -> list[tuple[str, str]]:
        """(address lower-cased, display name) of each mailbox in the header."""
        out = []
        for value in self.raw.get(header.lower(), ()):
            for address in getattr(self.decoded(header, value), "addresses", ()):
                spec = _clean(address.addr_spec or "", self.charset, header)
                if "@" not in spec:
                    continue
                name = _clean(address.display_name or "", self.charset, header)
                out.append((spec.lower(), name))
        return out

    def sender(self) -> tuple[str, str]:
        senders = self.addresses("From")
        if not senders:
            raise _Undecodable(f"has no readable sender (From: {self.header('from')!r})")
        return senders[0]

    def subject(self) -> str:
        value = self.header("subject")
        if not value:
            return ""
        subject = _clean(str(self.decoded("Subject", value)), self.charset, "Subject")
        return REPLY_PREFIX.sub("", " ".join(subject.split()))

    def parents(self) -> list[str]:
        """Message-IDs this one answers, nearest first."""
        ids = MESSAGE_ID.findall(self.header("in-reply-to"))
        ids += reversed(MESSAGE_ID.findall(self.header("references")))
        return ids

    def occurred_at(self) -> datetime:
        if "date" not in self.raw:
            when = _from_line_date(self.from_line)
            if when is None:
                raise _Undecodable("has no Date, nor a date on its mbox From line")
            return when
        value = self.header("date").strip()
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            when = None
        if when is None:
            raise _Undecodable(f"Date {value!r} is not a date")
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)

    def to_list(self) -> bool:
        precedence = self.header("precedence").strip().lower()
        return "list-id" in self.raw or "list-post" in self.raw or precedence == "list"

    def automated(self, sender: str) -> bool:
        auto = self.header("auto-submitted").strip().lower()
        precedence = self.header("precedence").strip().lower()
        return (
            (bool(auto) and auto.split(";")[0].strip() != "no")
            or (precedence in ("bulk", "junk") and "list-id" not in self.raw)
            or is_automated_address(sender)
        )

    def text(self) -> str:
        """The plain body, else the HTML one as text; quoted lines left out."""
        try:
            found = {}
            for part in self.msg.walk():
                kind = part.get_content_type()
                if kind in ("text/plain", "text/html") and kind not in found:
                    if "attachment" not in str(part.get("Content-Disposition", "")).lower():
                        found[kind] = part
            part = found.get("text/plain") or found.get("text/html")
            if part is None:
                return ""
            payload = part.get_payload(decode=True) or b""
            try:
                content = payload.decode(part.get_content_charset() or "utf-8", "replace")
            except LookupError:
                content = payload.decode("utf-8", "replace")
            if part.get_content_type() == "text/html":
                content = html_to_text(content)
        except HEADER_ERRORS + (KeyError,):
            return ""
        lines = [line for line in content.splitlines() if not line.startswith(">")]
        return "\n".join(lines).strip()


class MboxReader:
    source = "mbox"

    def __init__(
        self,
        path: str | Path,
        skip_mailing_lists: bool = True,
        skip_automated: bool = True,
        **options,
    ):
        self.path = Path(path)
        self.skip_mailing_lists = skip_mailing_lists
        self.skip_automated = skip_automated
        self.options = options
        self._index: tuple[tuple, dict] | None = None

    def _messages(self, headers_only: bool = False) -> Iterator[tuple[int, _Message]]:
        name = self.path.name
        if not self.path.exists():
            raise SourceError(name, "no such file")
        if not self.path.is_file():
            raise SourceError(name, "is not a file (expected one mbox file)")
        with open(self.path, "rb") as f:
            start = f.read(5)
        if start and start != b"From ":
            raise SourceError(
                name, "is not an mbox file (an mbox starts with a 'From ' line before each message)"
            )
        try:
            box = mailbox.mbox(self.path, create=False)
        except (OSError, mailbox.Error) as exc:
            raise SourceError(name, f"cannot be read: {exc}") from None
        try:
            for n, key in enumerate(box.iterkeys(), start=1):
                data = box.get_bytes(key, from_=True)
                from_line, _, data = data.partition(b"\n")
                yield n, _Message(from_line, data, headers_only)
        except OSError as exc:
            raise SourceError(name, f"cannot be read: {exc}") from None
        finally:
            box.close()

    def _where(self, n: int, message: _Message) -> str:
        if message.message_id:
            return f"{self.path.name}, message {n} (Message-ID <{message.message_id}>)"
        return f"{self.path.name}, message {n}"

    def _senders(self) -> dict[str, tuple[str, str]]:
        """Message-ID → (address, name) of the sender of every message that can be answered.

        Kept for the next read while the file is unchanged (people() then acts() read it once).
        """
        try:
            stat = self.path.stat()
            version = (stat.st_size, stat.st_mtime_ns, self.skip_automated)
        except OSError:
            version = None
        if version and self._index and self._index[0] == version:
            return self._index[1]
        senders: dict[str, tuple[str, str]] = {}
        for _, message in self._messages(headers_only=True):
            if not message.message_id or message.message_id in senders:
                continue
            try:
                sender, name = message.sender()
            except (_Undecodable, *HEADER_ERRORS):
                continue
            if self.skip_automated and message.automated(sender):
                continue
            senders[message.message_id] = (sender, name)
        if version:
            self._index = (version, senders)
        return senders

    def people(self) -> Iterator[SourcePerson | BadEntry]:
        names: dict[str, str] = {}
        for _ in self._read(names):
            pass  # the acts name the people; bad entries are reported by acts()
        for address, name in names.items():
            yield SourcePerson(
                source_id=address,
                name=name,
                email=address,
                is_bot=is_automated_address(address),
            )

    def acts(self) -> Iterator[SourceAct | BadEntry]:
        yield from self._read({})

    def _read(self, names: dict[str, str]) -> Iterator[SourceAct | BadEntry]:
        senders = self._senders()
        seen: set[str] = set()

        def person(address: str, name: str) -> None:
            if not names.get(address):
                names[address] = name

        for n, message in self._messages():
            if message.key in seen:
                continue  # the same message twice
            seen.add(message.key)
            where = self._where(n, message)
            try:
                sender, sender_name = message.sender()
                when = message.occurred_at()
                recipients = [
                    r for header in ("To", "Cc", "Bcc") for r in message.addresses(header)
                ]
            except _Undecodable as exc:
                yield BadEntry(where, str(exc))
                continue
            except HEADER_ERRORS as exc:
                yield BadEntry(where, f"a header cannot be decoded: {exc}")
                continue
            if self.skip_automated and message.automated(sender):
                continue
            parent_sender, parent_name = next(
                (senders[p] for p in message.parents() if p in senders and p != message.key),
                (None, ""),
            )
            replied_to = parent_sender if parent_sender and parent_sender != sender else None
            to_list = self.skip_mailing_lists and message.to_list()
            if not replied_to and (to_list or not recipients):
                continue  # no act: the body need not be read
            text = message.text()
            try:
                context = message.subject()
            except (_Undecodable, *HEADER_ERRORS):
                context = ""  # a subject that cannot be read is no reason to lose the act
            if replied_to:
                person(sender, sender_name)
                person(replied_to, parent_name)
                yield SourceAct(
                    key=bounded_key(f"{message.key}#reply"),
                    actor=sender,
                    target=replied_to,
                    kind="reply",
                    occurred_at=when,
                    where=where,
                    context=context,
                    text=text,
                )
            if to_list:
                continue
            done = {sender, replied_to}
            for address, name in recipients:
                if address in done or (self.skip_automated and is_automated_address(address)):
                    continue
                done.add(address)
                person(sender, sender_name)
                person(address, name)
                yield SourceAct(
                    key=bounded_key(f"{message.key}#to:{address}"),
                    actor=sender,
                    target=address,
                    kind="imported",
                    occurred_at=when,
                    where=where,
                    context=context,
                    text=text,
                )
