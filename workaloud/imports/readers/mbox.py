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
HEADER_ERRORS = (
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    UnicodeError,
    email.errors.MessageError,
)


class _Undecodable(Exception):
    pass


def is_automated_address(address: str) -> bool:
    return bool(AUTOMATED_SENDER.match(address))


def _clean(value: str, charset: str | None, header: str) -> str:
    """A header value without the raw bytes the parser could not decode (surrogates)."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
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
    """What the acts need from one message, decoded, or the reason it cannot be read."""

    def __init__(self, from_line: bytes, data: bytes, headers_only: bool = False):
        self.msg = BytesParser(policy=policy.default).parsebytes(data, headersonly=headers_only)
        raw = {}
        for name, value in self.msg.raw_items():
            raw.setdefault(name.lower(), value)
        self.raw = raw
        found = MESSAGE_ID.search(raw.get("message-id", ""))
        self.message_id = found.group(1) if found else raw.get("message-id", "").strip()
        self.key = self.message_id or "sha256:" + hashlib.sha256(data).hexdigest()[:40]
        self.from_line = from_line

    def charset(self) -> str | None:
        try:
            charset = self.msg.get_content_charset()
            if charset is None and self.msg.is_multipart():
                for part in self.msg.walk():
                    if part.get_content_maintype() == "text" and part.get_content_charset():
                        return part.get_content_charset()
            return charset
        except HEADER_ERRORS:
            return None

    def addresses(self, header: str) -> list[tuple[str, str]]:
        """(address lower-cased, display name) of each mailbox in the header."""
        if header.lower() not in self.raw:
            return []
        charset = self.charset()
        out = []
        for value in self.msg.get_all(header) or []:
            for address in getattr(value, "addresses", ()):
                spec = _clean(address.addr_spec or "", charset, header)
                if "@" not in spec:
                    continue
                name = _clean(address.display_name or "", charset, header)
                out.append((spec.lower(), name))
        return out

    def sender(self) -> tuple[str, str]:
        senders = self.addresses("From")
        if not senders:
            raise _Undecodable(f"has no readable sender (From: {self.raw.get('from', '')!r})")
        return senders[0]

    def parents(self) -> list[str]:
        """Message-IDs this one answers, nearest first."""
        ids = MESSAGE_ID.findall(self.raw.get("in-reply-to", ""))
        ids += reversed(MESSAGE_ID.findall(self.raw.get("references", "")))
        return ids

    def occurred_at(self) -> datetime:
        value = self.raw.get("date")
        if value is None:
            when = _from_line_date(self.from_line)
            if when is None:
                raise _Undecodable("has no Date, nor a date on its mbox From line")
            return when
        try:
            when = parsedate_to_datetime(value.strip())
        except (TypeError, ValueError, IndexError):
            when = None
        if when is None:
            raise _Undecodable(f"Date {value.strip()!r} is not a date")
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)

    def to_list(self) -> bool:
        precedence = self.raw.get("precedence", "").strip().lower()
        return "list-id" in self.raw or "list-post" in self.raw or precedence == "list"

    def automated(self, sender: str) -> bool:
        auto = self.raw.get("auto-submitted", "").strip().lower()
        precedence = self.raw.get("precedence", "").strip().lower()
        return (
            (bool(auto) and auto.split(";")[0].strip() != "no")
            or (precedence in ("bulk", "junk") and "list-id" not in self.raw)
            or is_automated_address(sender)
        )

    def text(self) -> str:
        try:
            body = self.msg.get_body(preferencelist=("plain", "html"))
            if body is None:
                return ""
            try:
                content = body.get_content()
            except (LookupError, UnicodeError):
                content = (body.get_payload(decode=True) or b"").decode("utf-8", "replace")
            if body.get_content_subtype() == "html":
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
        """Message-ID → (address, name) of the sender of every message that can be answered."""
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
            text = message.text()
            context = self._subject(message)
            parent_sender, parent_name = next(
                (senders[p] for p in message.parents() if p in senders and p != message.key),
                (None, ""),
            )
            replied_to = parent_sender if parent_sender and parent_sender != sender else None
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
            if self.skip_mailing_lists and message.to_list():
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

    @staticmethod
    def _subject(message: _Message) -> str:
        try:
            subject = str(message.msg.get("Subject", "") or "")
            subject = _clean(subject, message.charset(), "Subject")
        except (_Undecodable, *HEADER_ERRORS):
            return ""
        return REPLY_PREFIX.sub("", " ".join(subject.split()))
