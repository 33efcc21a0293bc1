"""Sending the digests that are due, each exactly once.

``send_due_digests`` runs every 15 minutes (``tasks.py``; ``manage.py send_digests`` does the
same by hand). A person is due when their period (local week or day, ``periods.py``) has
ended and no ``DigestSend`` row exists for it. People go in batches of one time zone, so a
batch shares its period and is built together (``building.py``).

**One row per person and period.** Before a digest is built, its row is *claimed*: inserted
with this run's token (``INSERT … ON CONFLICT DO NOTHING`` under the unique constraint on
person, frequency and period start); the rows that carry the token afterwards are this run's
to send. A second run at the same moment inserts nothing for those people and moves on; on
PostgreSQL its insert waits for the first run's transaction, on SQLite writers take turns.

**The states.** ``sending`` (claimed by the run named in ``claim``) → ``sent``, or ``skipped``
(an empty digest: nothing to tell, no email), or ``pending`` (the mail server refused or could
not be reached: the claim is given back at once and the next run retries, up to
``MAX_ATTEMPTS``, then ``failed``). A run that dies leaves its claims in ``sending``; after
``LEASE`` the next run takes them over.

**The crash window, and which way it fails.** Between "the mail server has the message" and
"the database says sent" there is always a moment; a run killed inside it leaves either a
duplicate (if the row is marked after) or a lost email (if marked before). The issue's rule is
*never twice*, so the row is marked ``sent`` first, but as late as possible: over SMTP the
message is transmitted in full, then the row is committed as sent, and only then is the
five-byte end-of-data mark (``CRLF.CRLF``) written. An SMTP server delivers nothing until it
has read that mark, and a connection lost before it cancels the transaction (RFC 5321 §3.8,
§4.1.1.4). So:

* killed before the commit: the server discards the message, the row stays ``sending`` and
  is sent by a later run (exactly once);
* killed after the mark was written: the row says ``sent`` and the server delivers (exactly
  once);
* killed between the commit and the write of five bytes, microseconds: the digest is recorded
  as sent and never arrives (at most once). A server that answers the mark with a refusal
  sets the row back to ``pending``; a connection that breaks before the answer leaves it
  ``sent`` with the error noted, since the server may have delivered.

A run also re-checks its claim in that commit (``claim`` still its own), so even a run slow
enough to have its lease taken over never completes a message the other run sends too.
Other email backends (console, file, memory) are written to after the row is marked, with the
same at-most-once outcome. Each digest's ``Message-ID`` is the same every time it is built
(person, frequency, first day), so a copy would be recognisable anyway.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
import smtplib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.db.models import F
from django.utils import timezone

from workaloud.digests.building import WindowBuilder
from workaloud.digests.models import DigestSend
from workaloud.digests.periods import Period, last_ended, zone_of
from workaloud.digests.rendering import email_of, message_id_for
from workaloud.notifications.models import DigestFrequency, EmailPreferences
from workaloud.people.models import User

logger = logging.getLogger(__name__)

#: How long a claim holds before another run may take it over (a run died holding it).
LEASE = dt.timedelta(minutes=15)
#: Refusals by the mail server before a digest is given up (``failed``).
MAX_ATTEMPTS = 5
#: People built and sent together.
BATCH = 200

S = DigestSend.Status


@dataclass
class DigestRun:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    unconfirmed: int = 0
    taken_by_others: int = 0

    def __str__(self) -> str:
        text = (
            f"Digests: {self.sent} sent, {self.skipped} skipped (nothing to tell), "
            f"{self.failed} failed (retried next run)"
        )
        if self.unconfirmed:
            text += f", {self.unconfirmed} sent without the server's confirmation"
        if self.taken_by_others:
            text += f", {self.taken_by_others} left to another run"
        return text + "."


class _Refused(Exception):
    """The mail server did not take the message: nothing was delivered."""


class _Unconfirmed(Exception):
    """The end-of-data mark went out but no answer came: it may have been delivered."""


# --- who is due ------------------------------------------------------------------------------


def _frequencies(ids) -> dict[int, str]:
    # One query per batch, not ``preferences.digest_frequency`` per person: the same rule
    # (no stored choice means weekly).
    chosen = dict(
        EmailPreferences.objects.filter(person_id__in=ids).values_list(
            "person_id", "digest_frequency"
        )
    )
    return {pid: chosen.get(pid) or DigestFrequency.WEEKLY.value for pid in ids}


def candidate_batches(batch_size: int = BATCH, person_ids=None):
    """Active members with an email address, one time zone at a time, in batches."""
    people = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .order_by("timezone", "id")
        .only("id", "username", "display_name", "email", "timezone", "purpose", "is_active")
    )
    if person_ids is not None:
        people = people.filter(pk__in=person_ids)
    batch, zone = [], None
    for person in people.iterator(chunk_size=batch_size * 5):
        if batch and (person.timezone != zone or len(batch) >= batch_size):
            yield batch
            batch = []
        zone = person.timezone
        batch.append(person)
    if batch:
        yield batch


def _claim(people, now, token, clock) -> dict[int, tuple[DigestSend, Period]]:
    """Claim the due digests of ``people``; returns {person id: (row, period)} of this run's
    claims (people who are not due, or whose digest another run holds, are left out)."""
    ids = [p.pk for p in people]
    frequencies = _frequencies(ids)
    periods: dict[int, Period] = {}
    for p in people:
        frequency = frequencies[p.pk]
        if frequency in (DigestFrequency.WEEKLY, DigestFrequency.DAILY):
            periods[p.pk] = last_ended(now, zone_of(p), frequency)
    if not periods:
        return {}
    existing = {
        (row.person_id, row.frequency, row.period_start): row
        for row in DigestSend.objects.filter(
            person_id__in=list(periods),
            period_start__in={period.start for period in periods.values()},
        )
    }
    new_rows = []
    for pid, period in periods.items():
        row = existing.get((pid, period.frequency, period.start))
        if row is None:
            new_rows.append(
                DigestSend(
                    person_id=pid,
                    frequency=period.frequency,
                    period_start=period.start,
                    period_end=period.end,
                    status=S.SENDING,
                    claim=token,
                    claimed_at=clock,
                    attempts=1,
                )
            )
        elif row.status == S.PENDING or (
            row.status == S.SENDING and (row.claimed_at is None or row.claimed_at < clock - LEASE)
        ):
            # Given back after a refusal, or left by a run that died: take it over, unless
            # another run did a moment ago (the conditional UPDATE changes one row or none).
            DigestSend.objects.filter(
                pk=row.pk, status=row.status, claim=row.claim, claimed_at=row.claimed_at
            ).update(status=S.SENDING, claim=token, claimed_at=clock, attempts=F("attempts") + 1)
    DigestSend.objects.bulk_create(new_rows, ignore_conflicts=True)
    mine = DigestSend.objects.filter(person_id__in=list(periods), claim=token, status=S.SENDING)
    return {row.person_id: (row, periods[row.person_id]) for row in mine}


# --- delivering ------------------------------------------------------------------------------


def _deliver_smtp(backend: SmtpBackend, message, mark_sent) -> bool:
    """Send over SMTP, marking the row sent just before the end-of-data mark (see above).
    Returns False if the claim was lost (nothing delivered); raises _Refused or _Unconfirmed."""
    try:
        if backend.connection is None:
            backend.open()
        smtp = backend.connection
        encoding = message.encoding or settings.DEFAULT_CHARSET
        sender = sanitize_address(message.from_email, encoding)
        recipients = [sanitize_address(a, encoding) for a in message.recipients()]
        data = message.message().as_bytes(linesep="\r\n")
        smtp.ehlo_or_helo_if_needed()
        code, reply = smtp.mail(sender)
        if code != 250:
            smtp.rset()
            raise _Refused(f"sender refused: {code} {reply!r}")
        for address in recipients:
            code, reply = smtp.rcpt(address)
            if code not in (250, 251):
                smtp.rset()
                raise _Refused(f"recipient refused: {code} {reply!r}")
        code, reply = smtp.docmd("data")
        if code != 354:
            raise _Refused(f"DATA refused: {code} {reply!r}")
        body = re.sub(rb"(?m)^\.", b"..", data)  # dot-stuffing, RFC 5321 §4.5.2
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        smtp.send(body)
    except _Refused:
        raise
    except (smtplib.SMTPException, OSError) as exc:
        _abort(backend)
        raise _Refused(f"{type(exc).__name__}: {exc}") from exc
    if not mark_sent():
        _abort(backend)  # the server drops a message whose data never ended
        return False
    try:
        smtp.send(b".\r\n")
        code, reply = smtp.getreply()
    except (smtplib.SMTPException, OSError) as exc:
        _abort(backend)
        raise _Unconfirmed(f"{type(exc).__name__}: {exc}") from exc
    if code != 250:
        raise _Refused(f"message refused: {code} {reply!r}")
    return True


def _close(backend) -> None:
    """End the session politely (QUIT): between messages only."""
    try:
        backend.close()
    except Exception:  # a broken connection has nothing left to close
        backend.connection = None


def _abort(backend) -> None:
    """Drop the connection without a word: mid-message, a QUIT would be read as message data.
    The server discards the unfinished message (RFC 5321 §3.8)."""
    smtp = getattr(backend, "connection", None)
    backend.connection = None
    if smtp is not None:
        try:
            smtp.close()
        except Exception:
            pass


def _deliver(backend, message, mark_sent) -> bool:
    if isinstance(backend, SmtpBackend):
        return _deliver_smtp(backend, message, mark_sent)
    if not mark_sent():
        return False
    try:
        backend.send_messages([message])
    except Exception as exc:
        raise _Refused(f"{type(exc).__name__}: {exc}") from exc
    return True


def _give_back(row: DigestSend, token: str, error: str) -> None:
    status = S.FAILED if row.attempts >= MAX_ATTEMPTS else S.PENDING
    DigestSend.objects.filter(pk=row.pk, claim=token).update(
        status=status, claim="", claimed_at=None, last_error=error[:300]
    )


# --- the run ---------------------------------------------------------------------------------


def default_site_url() -> str:
    from workaloud.circles.reminders import default_site_url as site_url

    return site_url()


def send_due_digests(
    now: dt.datetime | None = None,
    *,
    site_url: str | None = None,
    batch_size: int = BATCH,
    person_ids=None,
) -> DigestRun:
    """Send every digest whose period has ended at ``now`` and that no run has sent."""
    now = now or timezone.now()
    site_url = site_url or default_site_url()
    token = uuid.uuid4().hex
    run = DigestRun()
    backend = get_connection()
    builders: dict[tuple, WindowBuilder] = {}
    zone = object()
    try:
        for people in candidate_batches(batch_size, person_ids):
            if people[0].timezone != zone:  # one zone at a time: its windows, then the next
                zone, builders = people[0].timezone, {}
            claimed = _claim(people, now, token, timezone.now())
            if not claimed:
                continue
            by_window = itertools.groupby(
                sorted(
                    (p for p in people if p.pk in claimed),
                    key=lambda p: (claimed[p.pk][1].frequency, p.pk),
                ),
                key=lambda p: claimed[p.pk][1].frequency,
            )
            for _frequency, group in by_window:
                group = list(group)
                period = claimed[group[0].pk][1]
                key = (period.start, period.end)
                builder = builders.get(key) or builders.setdefault(
                    key, WindowBuilder(period.start, period.end, site_url)
                )
                for digest in builder.build(group, lambda p, c=claimed: c[p.pk][1]):
                    _send_one(digest, claimed[digest.person.pk][0], token, backend, site_url, run)
    finally:
        _close(backend)
    return run


def _send_one(digest, row: DigestSend, token, backend, site_url, run: DigestRun) -> None:
    items = digest.item_count
    if digest.is_empty:
        DigestSend.objects.filter(pk=row.pk, claim=token, status=S.SENDING).update(
            status=S.SKIPPED, finished_at=timezone.now(), items=0
        )
        run.skipped += 1
        return
    message_id = message_id_for(digest, site_url)

    def mark_sent() -> bool:
        return bool(
            DigestSend.objects.filter(pk=row.pk, claim=token, status=S.SENDING).update(
                status=S.SENT, finished_at=timezone.now(), items=items, message_id=message_id
            )
        )

    try:
        message = email_of(digest, site_url)
        delivered = _deliver(backend, message, mark_sent)
    except _Unconfirmed as exc:
        logger.warning("Digest %s: sent, but the server's answer never came (%s).", row.pk, exc)
        DigestSend.objects.filter(pk=row.pk).update(last_error=f"unconfirmed: {exc}"[:300])
        run.unconfirmed += 1
        return
    except Exception as exc:  # refused, unreachable, or a bug building this one digest
        logger.exception("Could not send the digest %s; the next run retries it.", row.pk)
        _give_back(row, token, str(exc) or type(exc).__name__)
        run.failed += 1
        return
    if delivered:
        run.sent += 1
    else:
        run.taken_by_others += 1
