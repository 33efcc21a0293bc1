"""``manage.py import_activity FORMAT PATH --name NAME``: import another tool's history.

Prints a progress line (rows read, people matched, interactions recorded, errors) and a final
report; ``--dry-run`` reads and checks everything and reports what would happen, changing
nothing. Running it again with the same name changes nothing; after a stop (even kill -9) it
ends as a clean run would.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workaloud.imports import pipeline
from workaloud.imports.models import ImportRun
from workaloud.imports.readers import FORMATS
from workaloud.imports.records import SourceError
from workaloud.imports.services import commit_run, options_of, parse_mapping


class Command(BaseCommand):
    help = "Import interactions from a Slack export, a plain CSV/JSONL file, and more."

    def add_arguments(self, parser):
        parser.add_argument("format", choices=sorted(FORMATS))
        parser.add_argument("path")
        parser.add_argument("--name", required=True, help="names the source, e.g. acme")
        parser.add_argument("--dry-run", action="store_true", help="report only; change nothing")
        parser.add_argument("--skip-bad-rows", action="store_true")
        parser.add_argument("--with-text", action="store_true", help="also keep message text")
        parser.add_argument("--mapping", help="a file of 'source identity, username' lines")
        parser.add_argument(
            "--include-list-mail", action="store_true", help="mbox: count mail sent to lists"
        )
        parser.add_argument(
            "--include-automated-mail", action="store_true", help="mbox: count automated mail"
        )
        parser.add_argument(
            "--batch-size", type=int, default=pipeline.BATCH, help="acts per committed batch"
        )

    def handle(
        self,
        *args,
        format,
        path,
        name,
        dry_run,
        skip_bad_rows,
        with_text,
        mapping,
        batch_size,
        include_list_mail,
        include_automated_mail,
        **options,
    ):
        try:
            mapped = parse_mapping(Path(mapping).read_text()) if mapping else {}
            run = ImportRun(
                name=name,
                format=format,
                source=pipeline.source_name(format, name),
                path=str(Path(path).resolve()),
                original_name=Path(path).name,
                skip_bad_rows=skip_bad_rows,
                with_text=with_text,
                mapping=mapped,
                include_list_mail=include_list_mail,
                include_automated_mail=include_automated_mail,
            )
            run.full_clean(exclude=["created_by"])
        except (OSError, ValidationError) as exc:
            raise CommandError(str(exc)) from None
        started = time.monotonic()
        bar = _Bar(self.stderr)
        if dry_run:
            try:
                found = pipeline.review(
                    format,
                    name,
                    run.path,
                    options_of(run),
                    bar,
                )
            except (pipeline.ImportFailed, SourceError) as exc:
                bar.done()
                raise CommandError(_failure(exc)) from None
            bar.done()
            self._report(found.report(), dry_run=True, seconds=time.monotonic() - started)
            return
        run.save()
        run = commit_run(run, progress=bar, batch=max(1, batch_size))
        bar.done()
        if run.status == ImportRun.Status.FAILED:
            errors = run.report.get("errors", [run.problem])
            count = run.report.get("error_count", len(errors))
            raise CommandError(_failure(pipeline.ImportFailed(errors, count)))
        self._report(run.report, dry_run=False, seconds=time.monotonic() - started)

    def _report(self, report: dict, *, dry_run: bool, seconds: float) -> None:
        out = self.stdout.write
        out(("Dry run: nothing was changed. " if dry_run else "") + f"Source {report['source']}")
        out(f"  rows read:            {report['rows']}")
        out(
            f"  acts:                 {report['acts']}"
            + (
                " (" + ", ".join(f"{k} {v}" for k, v in sorted(report["by_kind"].items())) + ")"
                if report["by_kind"]
                else ""
            )
        )
        out(
            f"  people:               {report['people']} ({report['matched']} matched to "
            f"members, {report['placeholders']} placeholders)"
        )
        out(f"  bot acts skipped:     {report['bot_acts']}")
        if report["bad_count"]:
            out(f"  bad rows skipped:     {report['bad_count']}")
            for line in report["bad"]:
                out(f"    {line}")
        if not dry_run:
            out(
                f"  interactions added:   {report['added']} "
                f"({report['recorded']} from this source in all)"
            )
            out(f"  relationships recomputed in {report['recompute_seconds']} s")
        out(f"  took {seconds:.1f} s")


def _failure(exc) -> str:
    if isinstance(exc, pipeline.ImportFailed):
        lines = "\n".join(f"  {e}" for e in exc.errors[:50])
        more = f"\n  … and {exc.count - 50} more" if exc.count > 50 else ""
        return (
            f"Nothing was imported: {exc.count} bad row(s) (use --skip-bad-rows to skip "
            f"them):\n{lines}{more}"
        )
    return f"Nothing was imported: {exc}"


class _Bar:
    """One progress line on stderr, rewritten in place on a terminal."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = sys.stderr.isatty()
        self.last = ""

    def __call__(self, state: pipeline.Progress) -> None:
        if state.rows_total:
            share = min(1.0, state.rows_read / state.rows_total)
            bar = "#" * int(share * 20)
            head = f"[{bar:<20}] {share:4.0%}"
        else:
            head = f"[{'reading':^20}]"
        line = (
            f"{head} {state.stage}: {state.rows_read} rows read, {state.people_matched} "
            f"people matched, {state.interactions_recorded} interactions recorded, "
            f"{state.errors} errors"
        )
        self.last = line
        self.stream.write(("\r" + line) if self.tty else line, ending="" if self.tty else "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty and self.last:
            self.stream.write("")
