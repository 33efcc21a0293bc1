"""The import pipeline: read and check, then write, then recompute.

1. ``review``: reads the whole source through its reader and checks every entry (no writes).
   It matches people (an earlier import's identity, the organiser's mapping, then email),
   counts the acts by kind and lists bad entries. A dry run stops here with this report.
2. ``write``: creates placeholder people for the unmatched (one transaction), then records
   the acts in batches with ``INSERT … ON CONFLICT DO NOTHING`` keyed by the ledger's unique
   (source, source_key, kind, actor, target): each batch commits with the run's progress, so an
   import stopped anywhere can simply be run again and ends as a clean run would.
3. ``recompute``: rebuilds every relationship figure from the ledger.

Bad entries stop the import before anything is written, unless the organiser chose to skip
bad rows; the skipped rows are then listed in the report.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection, transaction
from django.utils import timezone

from workaloud.imports.models import ImportedText, ImportRun, Placeholder, SourceIdentity
from workaloud.imports.readers import FORMATS, reader_class
from workaloud.imports.records import BadEntry, SourceAct, SourceError, SourcePerson
from workaloud.people.models import User
from workaloud.relationships.models import Interaction, InteractionKind

BATCH = 20_000
LISTED = 1_000  # bad entries kept in a report (all are counted)
PROGRESS_EVERY = 5_000
UNUSABLE_PASSWORD = "!imported"
KINDS = frozenset(InteractionKind.values)
SQLITE_CACHE_KB = 128 * 1024  # starts with "!": Django never accepts a password for it


class ImportFailed(Exception):
    """The source cannot be imported as it is; ``errors`` name each file and entry."""

    def __init__(self, errors: list[str], count: int | None = None):
        self.errors = errors
        self.count = count if count is not None else len(errors)
        more = f" (and {self.count - len(errors)} more)" if self.count > len(errors) else ""
        super().__init__("; ".join(errors[:5]) + more)


@dataclass
class Options:
    skip_bad_rows: bool = False
    with_text: bool = False
    mapping: dict[str, str] = field(default_factory=dict)  # source id/username/email → username
    include_list_mail: bool = False  # mbox only
    include_automated_mail: bool = False  # mbox only

    def reader_options(self, format: str) -> dict:
        """The options a format's reader takes."""
        if format != "mbox":
            return {}
        return {
            "skip_mailing_lists": not self.include_list_mail,
            "skip_automated": not self.include_automated_mail,
        }


@dataclass
class Progress:
    """What the progress bars show: rows read, people matched, interactions recorded, errors."""

    stage: str = "reading"
    rows_read: int = 0
    rows_total: int = 0
    people_matched: int = 0
    placeholders: int = 0
    interactions_recorded: int = 0
    errors: int = 0


@dataclass
class Review:
    source: str
    people: dict[str, SourcePerson]  # the people the acts involve (no bots)
    matches: dict[str, tuple[int | None, str]]  # source id → (person id or None, how)
    acts: int = 0
    by_kind: Counter = field(default_factory=Counter)
    bad: list[str] = field(default_factory=list)
    bad_count: int = 0
    bot_acts: int = 0
    self_acts: int = 0
    rows: int = 0
    first: datetime | None = None
    last: datetime | None = None

    @property
    def matched(self) -> int:
        return sum(1 for _pk, how in self.matches.values() if how != "placeholder")

    def report(self) -> dict:
        matched = self.matched
        return {
            "source": self.source,
            "rows": self.rows,
            "acts": self.acts,
            "by_kind": dict(sorted(self.by_kind.items())),
            "people": len(self.people),
            "matched": matched,
            "placeholders": len(self.people) - matched,
            "bot_acts": self.bot_acts,
            "self_acts": self.self_acts,
            "bad": self.bad,
            "bad_count": self.bad_count,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
        }


Report = Callable[[Progress], None]


def source_name(format: str, name: str) -> str:
    return f"{format}:{name}"


def open_reader(format: str, path: str, **options):
    if format not in FORMATS:
        raise SourceError(format, f"unknown format; one of {', '.join(FORMATS)}")
    return reader_class(format)(path, **options)


def _mapping_targets(mapping: dict[str, str]) -> dict[str, int]:
    """The organiser's mapping as key → person id; an unknown username is an error."""
    wanted = {str(v).strip().lstrip("@") for v in mapping.values()}
    found = dict(User.objects.filter(username__in=wanted).values_list("username", "pk"))
    unknown = sorted(wanted - set(found))
    if unknown:
        raise ImportFailed([f"mapping: no member with username {u!r}" for u in unknown])
    return {str(k).strip().lower(): found[str(v).strip().lstrip("@")] for k, v in mapping.items()}


def _match_people(source: str, people: dict[str, SourcePerson], options: Options) -> dict:
    known = dict(SourceIdentity.objects.filter(source=source).values_list("source_id", "person_id"))
    mapping = _mapping_targets(options.mapping)
    emails = {
        email.lower(): pk
        for email, pk in User.objects.filter(is_active=True)
        .exclude(email="")
        .values_list("email", "pk")
    }
    waiting = set(
        Placeholder.objects.filter(person_id__in=set(known.values())).values_list(
            "person_id", flat=True
        )
    )
    matches: dict[str, tuple[int | None, str]] = {}
    for sid, person in people.items():
        if sid in known:
            how = "placeholder" if known[sid] in waiting else "earlier import"
            matches[sid] = (known[sid], how)
            continue
        keys = [sid.lower(), person.username.lower(), person.email.lower()]
        by_map = next((mapping[k] for k in keys if k and k in mapping), None)
        if by_map is not None:
            matches[sid] = (by_map, "mapping")
        elif person.email and person.email.lower() in emails:
            matches[sid] = (emails[person.email.lower()], "email")
        else:
            matches[sid] = (None, "placeholder")
    return matches


def review(
    format: str,
    name: str,
    path: str,
    options: Options | None = None,
    progress: Report | None = None,
) -> Review:
    """Phase 1: read and check everything; write nothing. Raises ImportFailed or SourceError."""
    options = options or Options()
    source = source_name(format, name)
    reader = open_reader(format, path, **options.reader_options(format))
    state = Progress()
    everyone: dict[str, SourcePerson] = {}
    result = Review(source=source, people={}, matches={})

    def bad(entry: BadEntry) -> None:
        result.bad_count += 1
        state.errors += 1
        if len(result.bad) < LISTED:
            result.bad.append(str(entry))

    for person in reader.people():
        if isinstance(person, BadEntry):
            bad(person)
        else:
            everyone[person.source_id] = person
    used: set[str] = set()
    for act in reader.acts():
        result.rows += 1
        state.rows_read += 1
        if isinstance(act, BadEntry):
            bad(act)
        else:
            problem = _check(act, everyone)
            if problem:
                bad(BadEntry(act.where, problem))
            elif everyone[act.actor].is_bot or everyone[act.target].is_bot:
                result.bot_acts += 1
            elif act.actor == act.target:
                result.self_acts += 1
            else:
                result.acts += 1
                result.by_kind[act.kind] += 1
                used.add(act.actor)
                used.add(act.target)
                if result.first is None or act.occurred_at < result.first:
                    result.first = act.occurred_at
                if result.last is None or act.occurred_at > result.last:
                    result.last = act.occurred_at
        if progress and state.rows_read % PROGRESS_EVERY == 0:
            progress(state)
    result.people = {sid: everyone[sid] for sid in everyone if sid in used}
    result.matches = _match_people(source, result.people, options)
    state.people_matched = result.matched
    state.rows_total = result.rows
    if progress:
        progress(state)
    if result.bad_count and not options.skip_bad_rows:
        raise ImportFailed(result.bad, result.bad_count)
    return result


def _check(act: SourceAct, people: dict[str, SourcePerson]) -> str:
    if act.actor not in people:
        return f"unknown person {act.actor!r}"
    if act.target not in people:
        return f"unknown person {act.target!r}"
    if act.kind not in KINDS:
        return f"unknown kind {act.kind!r}"
    if act.occurred_at.tzinfo is None:
        return "a time without a time zone"
    if not act.key or len(act.key) > 200:
        return "an act without a key, or with one longer than 200 characters"
    return ""


# -- phase 2 ---------------------------------------------------------------------------------

_USERNAME_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")


def _username_base(person: SourcePerson) -> str:
    for raw in (person.username, person.email.split("@")[0], person.name, person.source_id):
        text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
        text = _USERNAME_CHARS.sub("-", text).strip("-.")
        if len(text) >= 2:
            return text[:24] if text[0] not in ".-" else "p" + text[:23]
    return "imported"


def _placeholder_usernames(people: list[SourcePerson]) -> list[str]:
    taken = {u.lower() for u in User.objects.values_list("username", flat=True)}
    names = []
    for person in people:
        base = _username_base(person)
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate.lower())
        names.append(candidate)
    return names


def _create_people(found: Review) -> dict[str, int]:
    """Placeholders for the unmatched and identities for all, in one transaction; source id →
    person id. Identities already recorded (an earlier or interrupted run) are kept."""
    with transaction.atomic():
        known = dict(
            SourceIdentity.objects.filter(source=found.source).values_list("source_id", "person_id")
        )
        fresh = [
            (sid, found.people[sid], how)
            for sid, (pk, how) in found.matches.items()
            if sid not in known
        ]
        unmatched = [(sid, p) for sid, p, how in fresh if found.matches[sid][0] is None]
        users = [
            User(
                username=username,
                display_name=(person.name or person.username)[:80],
                password=UNUSABLE_PASSWORD,
                is_active=False,
            )
            for (sid, person), username in zip(
                unmatched, _placeholder_usernames([p for _s, p in unmatched]), strict=True
            )
        ]
        User.objects.bulk_create(users, batch_size=1000)
        if users and users[0].pk is None:  # a database that does not return ids
            by_name = dict(
                User.objects.filter(username__in=[u.username for u in users]).values_list(
                    "username", "pk"
                )
            )
            for user in users:
                user.pk = by_name[user.username]
        created = {sid: user.pk for (sid, _p), user in zip(unmatched, users, strict=True)}
        Placeholder.objects.bulk_create(
            [Placeholder(person_id=pk, source=found.source) for pk in created.values()],
            batch_size=1000,
        )
        SourceIdentity.objects.bulk_create(
            [
                SourceIdentity(
                    source=found.source,
                    source_id=sid[:300],
                    person_id=created.get(sid) or found.matches[sid][0],
                    name=person.name[:200],
                    username=person.username[:200],
                    email=person.email[:254],
                    matched_by=how,
                )
                for sid, person, how in fresh
            ],
            batch_size=1000,
        )
        known.update({sid: created.get(sid) or found.matches[sid][0] for sid, _p, _h in fresh})
    return known


ACT_COLUMNS = "actor_id, target_id, kind, occurred_at, source, source_key, recorded_at, thread"
ON_CONFLICT = " ON CONFLICT (source, source_key, kind, actor_id, target_id) DO NOTHING"


def _insert_acts(rows: list[tuple], texts: list[tuple]) -> int:
    """Record a batch of acts, skipping those already recorded; how many were new.

    SQLite: ``executemany`` of ``INSERT … ON CONFLICT DO NOTHING``. PostgreSQL: the batch is
    copied (COPY) into a temporary table emptied at commit, then inserted from it in one
    ``INSERT … SELECT … ON CONFLICT DO NOTHING`` (row-by-row inserts cost ten times more)."""
    table = Interaction._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS import_acts (actor_id bigint, target_id bigint,"
                " kind varchar(20), occurred_at timestamptz, source varchar(40),"
                " source_key varchar(200), recorded_at timestamptz, thread bigint)"
                " ON COMMIT DELETE ROWS"
            )
            with cursor.cursor.copy(f"COPY import_acts ({ACT_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({ACT_COLUMNS}) SELECT {ACT_COLUMNS} FROM import_acts"
                + ON_CONFLICT
            )
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({ACT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
                + ON_CONFLICT,
                rows,
            )
        added = max(cursor.rowcount, 0)
        if texts:
            cursor.executemany(
                f"INSERT INTO {ImportedText._meta.db_table} (author_id, source, source_key,"
                " occurred_at, context, text) VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (source, source_key, author_id) DO NOTHING",
                texts,
            )
    return added


def write(
    found: Review,
    format: str,
    path: str,
    options: Options,
    progress: Report | None = None,
    run: ImportRun | None = None,
    batch: int = BATCH,
) -> Progress:
    """Phase 2: people, then the acts in committed batches. Safe to run again after a stop."""
    state = Progress(stage="writing", rows_total=found.rows)
    ids = _create_people(found)
    state.people_matched = found.matched
    state.placeholders = len(found.people) - state.people_matched
    source = found.source
    adapt = _db_time()
    now = adapt(timezone.now())
    reader = open_reader(format, path, **options.reader_options(format))
    rows: list[tuple] = []
    texts: dict[tuple, tuple] = {}

    def flush() -> None:
        with transaction.atomic():
            state.interactions_recorded += _insert_acts(rows, list(texts.values()))
            if run is not None:
                _save_progress(run, state)
        rows.clear()
        texts.clear()
        if progress:
            progress(state)

    with _index_cache():
        _write_acts(reader, ids, options, state, rows, texts, adapt, source, now, batch, flush)
    return state


@contextmanager
def _index_cache():
    """On SQLite, a larger page cache while writing: the ledger's indexes take random inserts,
    and the default 2 MB cache would read their pages from disk again and again. Memory-mapped
    reads are off meanwhile: every index page an insert touches would stay mapped, and the
    import's memory would grow with the database instead of staying capped."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA mmap_size")
        row = cursor.fetchone()  # none for an in-memory database, which maps nothing
        mapped = int(row[0]) if row else 0
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KB}")
        if mapped:
            cursor.execute("PRAGMA mmap_size = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
            if mapped:
                cursor.execute(f"PRAGMA mmap_size = {mapped}")


def thread_number(source: str, context: str, known: dict[str, int | None]) -> int | None:
    """The ledger's number for an act's thread, channel or question: a 40-bit hash of the
    source and the context, the same on every run. Exchanges are counted per thread, so
    imported history can reach the deeper stages as native activity does."""
    if context not in known:
        if len(known) > 50_000:  # bounded: memory must not grow with the export
            known.clear()
        digest = hashlib.blake2b(f"{source}\x1f{context}".encode(), digest_size=5).digest()
        known[context] = int.from_bytes(digest, "big") if context else None
    return known[context]


def _write_acts(reader, ids, options, state, rows, texts, adapt, source, now, batch, flush):
    threads: dict[str, int | None] = {}
    for act in reader.acts():
        state.rows_read += 1
        if isinstance(act, BadEntry):
            state.errors += 1
            continue
        actor, target = ids.get(act.actor), ids.get(act.target)
        if (
            actor is None
            or target is None
            or actor == target
            or act.kind not in KINDS
            or not 0 < len(act.key) <= 200
            or act.occurred_at.tzinfo is None
        ):
            continue  # bots, self-acts, and bad entries the organiser chose to skip
        at = adapt(act.occurred_at)
        thread = thread_number(source, act.context, threads)
        rows.append((actor, target, act.kind, at, source, act.key, now, thread))
        if options.with_text and act.text:
            texts.setdefault(
                (act.key, actor), (actor, source, act.key, at, act.context[:200], act.text)
            )
        if len(rows) >= batch:
            flush()
    flush()


def _db_time():
    """A function giving a time as the database takes it (on SQLite, its UTC text, made
    here directly: Django's general adapter cost more than the insert)."""
    if connection.vendor != "sqlite":
        return connection.ops.adapt_datetimefield_value

    def sqlite_time(moment: datetime) -> str:
        if moment.utcoffset():
            moment = moment.astimezone(UTC)
        return str(moment.replace(tzinfo=None))

    return sqlite_time


def _save_progress(run: ImportRun, state: Progress) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.WRITING if state.stage == "writing" else run.status,
        rows_read=state.rows_read,
        rows_total=state.rows_total,
        people_matched=state.people_matched,
        placeholders=state.placeholders,
        interactions_recorded=state.interactions_recorded,
        errors=state.errors,
    )


def recompute() -> dict:
    """Phase 3: every relationship figure, from the ledger."""
    from workaloud.relationships.recompute import rebuild_all

    return rebuild_all()


def recorded(source: str) -> int:
    return Interaction.objects.filter(source=source).count()
