"""Imports: who may run them, running them (command line or job), and what follows: claiming
and merging placeholder people, and reading one's own imported text."""

from __future__ import annotations

import csv
import io
import json
import smtplib
from pathlib import Path

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from workaloud.imports import pipeline
from workaloud.imports.models import (
    RUN_PERMISSION,
    ImportedText,
    ImportRun,
    Placeholder,
    SourceIdentity,
    name_validator,
)
from workaloud.imports.readers import FORMATS
from workaloud.imports.records import SourceError
from workaloud.people.models import User, username_validator
from workaloud.relationships.models import Interaction

CLAIM_SALT = "workaloud.imports.claim"
CLAIM_MAX_AGE = 30 * 86_400


def can_import(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(RUN_PERMISSION)
    )


def require_importer(user) -> None:
    if not can_import(user):
        raise PermissionDenied("Only organisers who may run imports can do this.")


def upload_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


# -- mapping ---------------------------------------------------------------------------------


def parse_mapping(text: str) -> dict[str, str]:
    """A mapping file or form: one ``source identity, username`` per line (CSV), or a JSON
    object. The identity is the source's id, username or email; lines starting # are ignored."""
    text = text.strip()
    if not text:
        return {}
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"The mapping is not valid JSON: {exc.msg}.") from None
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
            raise ValidationError("The mapping must map names to usernames (strings).")
        return data
    mapping = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise ValidationError(
                f"Mapping line {number}: expected “source identity, username”, got {row!r}."
            )
        mapping[row[0].strip()] = row[1].strip().lstrip("@")
    return mapping


# -- runs ------------------------------------------------------------------------------------


def validate_run(format: str, name: str) -> None:
    if format not in FORMATS:
        raise ValidationError({"format": f"Unknown format {format!r}."})
    name_validator(name)


def start_run(
    *,
    by,
    format: str,
    name: str,
    path: str,
    original_name: str = "",
    skip_bad_rows: bool = False,
    with_text: bool = False,
    mapping: dict | None = None,
    include_list_mail: bool = False,
    include_automated_mail: bool = False,
) -> ImportRun:
    """A new run, reviewed (phase 1) by a job; the organiser then confirms it."""
    if by is not None:
        require_importer(by)
    run = ImportRun(
        name=name,
        format=format,
        source=pipeline.source_name(format, name),
        path=str(path),
        original_name=original_name[:200],
        skip_bad_rows=skip_bad_rows,
        with_text=with_text,
        mapping=mapping or {},
        include_list_mail=include_list_mail,
        include_automated_mail=include_automated_mail,
        created_by=by,
    )
    run.full_clean()
    if format not in FORMATS:
        raise ValidationError({"format": f"Unknown format {format!r}."})
    run.save()
    from workaloud.imports.tasks import review_import

    review_import(run.pk)
    return run


def options_of(run: ImportRun) -> pipeline.Options:
    return pipeline.Options(
        skip_bad_rows=run.skip_bad_rows,
        with_text=run.with_text,
        mapping=run.mapping,
        include_list_mail=run.include_list_mail,
        include_automated_mail=run.include_automated_mail,
    )


def _progress_saver(run: ImportRun, status: str):
    def save(state: pipeline.Progress) -> None:
        ImportRun.objects.filter(pk=run.pk).update(
            status=status,
            rows_read=state.rows_read,
            rows_total=state.rows_total or run.rows_total,
            people_matched=state.people_matched,
            placeholders=state.placeholders,
            interactions_recorded=state.interactions_recorded,
            errors=state.errors,
        )

    return save


def _discard_upload(run: ImportRun) -> None:
    """An uploaded export holds every message's text: it is deleted once its run is over (a
    file given on the command line is the organiser's own, and stays)."""
    path = Path(run.path)
    if path.parent == upload_dir():
        path.unlink(missing_ok=True)


def _fail(run: ImportRun, exc: Exception) -> None:
    errors = exc.errors if isinstance(exc, pipeline.ImportFailed) else [str(exc)]
    count = exc.count if isinstance(exc, pipeline.ImportFailed) else 1
    report = {**run.report, "errors": errors, "error_count": count}
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.FAILED,
        problem=str(exc)[:2000],
        report=report,
        errors=count,
        finished_at=timezone.now(),
    )
    _discard_upload(run)


def _matches_report(found: pipeline.Review, limit: int = 2000) -> list[dict]:
    names = dict(
        User.objects.filter(
            pk__in=[pk for pk, _ in found.matches.values() if pk is not None]
        ).values_list("pk", "username")
    )
    rows = []
    for sid, (pk, how) in list(found.matches.items())[:limit]:
        person = found.people[sid]
        rows.append(
            {
                "source_id": sid,
                "name": person.name,
                "username": person.username,
                "email": person.email,
                "member": names.get(pk, ""),
                "how": how,
            }
        )
    rows.sort(key=lambda r: (r["how"] == "placeholder", r["name"].lower(), r["source_id"]))
    return rows


def review_run(run: ImportRun) -> ImportRun:
    """Phase 1 for a run: its report and the people matches, for the organiser to review."""
    save = _progress_saver(run, ImportRun.Status.READING)
    try:
        found = pipeline.review(run.format, run.name, run.path, options_of(run), save)
    except (pipeline.ImportFailed, SourceError) as exc:
        _fail(run, exc)
        run.refresh_from_db()
        return run
    except Exception as exc:  # the page must not wait for ever: say so, then let it be logged
        _fail(run, RuntimeError(f"The import stopped on an unexpected error: {exc}"))
        raise
    report = found.report() | {"matches": _matches_report(found)}
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.REVIEW,
        report=report,
        rows_total=found.rows,
        rows_read=found.rows,
        people_matched=report["matched"],
        placeholders=report["placeholders"],
        errors=found.bad_count,
    )
    run.refresh_from_db()
    return run


def confirm_run(run: ImportRun, by) -> None:
    """The organiser confirms a reviewed run: a job writes it."""
    require_importer(by)
    # One conditional update: of two clicks on "Import", only the first starts the job.
    started = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.REVIEW).update(
        status=ImportRun.Status.WRITING, rows_read=0
    )
    if not started:
        raise ValidationError("Only a reviewed import can be started, once.")
    from workaloud.imports.tasks import commit_import

    commit_import(run.pk)


def commit_run(run: ImportRun, progress=None, batch: int = pipeline.BATCH) -> ImportRun:
    """Phases 1–3 for a run (phase 1 again: the file is checked as it is now)."""
    options = options_of(run)
    save = _progress_saver(run, ImportRun.Status.WRITING)

    def report(state):
        save(state)
        if progress:
            progress(state)

    try:
        found = pipeline.review(run.format, run.name, run.path, options, report)
        state = pipeline.write(found, run.format, run.path, options, report, run, batch)
    except (pipeline.ImportFailed, SourceError) as exc:
        _fail(run, exc)
        run.refresh_from_db()
        return run
    except Exception as exc:  # e.g. the same source imported twice at once: run it again
        _fail(
            run,
            RuntimeError(
                f"The import stopped on an unexpected error ({exc}); what was written is kept"
                " and running it again completes it."
            ),
        )
        raise
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RECOMPUTING)
    if progress:
        state.stage = "recomputing"
        progress(state)
    summary = pipeline.recompute()
    final = found.report() | {
        "matches": _matches_report(found),
        "recorded": pipeline.recorded(run.source),
        "added": state.interactions_recorded,
        "recompute_seconds": round(sum(summary["seconds"].values()), 2),
    }
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.DONE,
        report=final,
        rows_read=state.rows_read,
        interactions_recorded=state.interactions_recorded,
        finished_at=timezone.now(),
    )
    _discard_upload(run)
    run.refresh_from_db()
    return run


# -- placeholders ----------------------------------------------------------------------------


def placeholders():
    return Placeholder.objects.select_related("person").order_by("person__display_name", "pk")


def _placeholder(person) -> Placeholder:
    try:
        return person.placeholder
    except Placeholder.DoesNotExist:
        raise ValidationError(f"{person.username} is not a placeholder person.") from None


def claim_token(placeholder: Placeholder) -> str:
    return signing.dumps(
        {"p": placeholder.pk, "e": placeholder.invited_email}, salt=CLAIM_SALT, compress=True
    )


def placeholder_for_token(token: str) -> Placeholder:
    """The placeholder an invitation link names; ValidationError when expired or used."""
    try:
        data = signing.loads(token, salt=CLAIM_SALT, max_age=CLAIM_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            "This invitation has expired; ask an organiser for a new one."
        ) from None
    except signing.BadSignature:
        raise ValidationError("This invitation link is not valid.") from None
    placeholder = Placeholder.objects.select_related("person").filter(pk=data.get("p")).first()
    if placeholder is None or placeholder.invited_email != data.get("e"):
        raise ValidationError("This invitation has been used or replaced.")
    return placeholder


def invite(person, email: str, by, site_url: str = "") -> str:
    """Email ``person``'s placeholder an invitation to claim their history; the link."""
    require_importer(by)
    placeholder = _placeholder(person)
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": f"“{email}” is not an email address."}) from None
    if User.objects.filter(email__iexact=email, is_active=True).exists():
        raise ValidationError(
            {"email": "A member already uses that address: merge the placeholder into them."}
        )
    if not site_url:
        from workaloud.notifications.delivery import site_url as default_site_url

        site_url = default_site_url()
    placeholder.invited_email = email
    link = site_url.rstrip("/") + reverse("imports_claim", args=[claim_token(placeholder)])
    message = EmailMessage(
        subject="Your history is waiting for you in Workaloud",
        body=(
            f"Hello {person.name},\n\n"
            "An organiser imported your past conversations (who talked with whom, and when) "
            "into Workaloud. Choose a username and a password to claim them and join:\n\n"
            f"{link}\n\nThe link works for 30 days.\n"
        ),
        to=[email],
    )
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as exc:
        raise ValidationError(
            {"email": f"The invitation could not be sent ({exc}); nothing was changed."}
        ) from None
    placeholder.invited_at = timezone.now()
    placeholder.save(update_fields=["invited_email", "invited_at"])
    return link


@transaction.atomic
def claim(token: str, *, username: str, password: str, display_name: str = "") -> User:
    """The invited person becomes a member, keeping the imported history."""
    placeholder = placeholder_for_token(token)
    user = placeholder.person
    username = username.strip()
    try:
        username_validator(username)
    except ValidationError as exc:
        raise ValidationError({"username": exc.messages}) from None
    if User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
        raise ValidationError({"username": "That username is taken."})
    user.username = username
    if display_name.strip():
        user.display_name = display_name.strip()[:80]
    user.email = placeholder.invited_email
    user.is_active = True
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean()
    user.save()
    placeholder.delete()
    return user


@transaction.atomic
def merge(person, into, by) -> dict:
    """Merge a placeholder into a member: its ledger rows, identities and texts become the
    member's. Rows that would be self-interactions or duplicates are dropped; every pair the
    change touches is recomputed. Returns what moved."""
    require_importer(by)
    _placeholder(person)
    if into.pk == person.pk or not into.is_active or hasattr(into, "placeholder"):
        raise ValidationError({"into": "Merge into a member (not a placeholder)."})
    old, new = person.pk, into.pk
    table = Interaction._meta.db_table
    text_table = ImportedText._meta.db_table
    partners = set(
        Interaction.objects.filter(actor_id=old).values_list("target_id", flat=True)
    ) | set(Interaction.objects.filter(target_id=old).values_list("actor_id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE (actor_id = %s AND target_id = %s)"
            " OR (actor_id = %s AND target_id = %s)",
            [old, new, new, old],
        )
        dropped = cursor.rowcount
        for mine in ("actor_id", "target_id"):
            other = "target_id" if mine == "actor_id" else "actor_id"
            cursor.execute(
                f"DELETE FROM {table} WHERE {mine} = %s AND EXISTS (SELECT 1 FROM {table} d"
                f" WHERE d.source = {table}.source AND d.source_key = {table}.source_key"
                f" AND d.kind = {table}.kind AND d.{mine} = %s AND d.{other} = {table}.{other})",
                [old, new],
            )
            dropped += cursor.rowcount
            cursor.execute(f"UPDATE {table} SET {mine} = %s WHERE {mine} = %s", [new, old])
        cursor.execute(
            f"DELETE FROM {text_table} WHERE author_id = %s AND EXISTS (SELECT 1 FROM"
            f" {text_table} d WHERE d.source = {text_table}.source AND d.source_key ="
            f" {text_table}.source_key AND d.author_id = %s)",
            [old, new],
        )
        cursor.execute(f"UPDATE {text_table} SET author_id = %s WHERE author_id = %s", [new, old])
    SourceIdentity.objects.filter(person_id=old).update(person_id=new, matched_by="merged")
    person.delete()  # its placeholder and stored pairs go with it
    from workaloud.relationships.services import refresh_pair

    for partner in sorted(partners - {old, new}):
        refresh_pair(new, partner)
    return {"dropped": dropped, "partners": len(partners - {old, new})}


# -- imported text ---------------------------------------------------------------------------


def texts_of(viewer):
    """The imported messages ``viewer`` wrote: theirs alone, and only once they are a member
    (a placeholder never signs in). Nobody else's, whoever asks."""
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return ImportedText.objects.none()
    if Placeholder.objects.filter(person_id=viewer.pk).exists():
        return ImportedText.objects.none()
    return ImportedText.objects.filter(author_id=viewer.pk)
