"""How fast the Mastodon, mbox and Stack Exchange readers read, and in how much memory.

Generates an export of each format (100,000 statuses and favourites; 30,000 messages; 200,000
posts at scale 1) in a temporary folder, reads every act once, and compares each reader with
the floor measured in the same run: the same file read by the parser alone, with no decoding
of people, dates or text (ijson items; the mailbox module with the compat32 parser; defusedxml
iterparse). Peak memory is measured in a child process per reader, so the figures are the
reader's own.

    .venv/bin/python bench/import_readers_bench.py               # scale 1
    .venv/bin/python bench/import_readers_bench.py --scale 0.1   # ten times smaller

Exit status 0 when every target passes, 1 when one fails.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The most a reader may take per act: an export of a year of a busy community (a million acts)
# reads in minutes, in a background job. The ratio to the floor is shown, not judged: it says
# how much the reading costs beyond the parser (HTML to text, the modern email header parser,
# mbox's second pass for replies).
TARGETS = {"mastodon": 0.2e-3, "mbox": 3.0e-3, "stackexchange": 0.2e-3}
MEMORY_MB = 150  # peak resident memory of a reader's process, whatever the export's size


def generate(folder: Path, scale: float) -> dict[str, Path]:
    statuses, messages, posts = int(100_000 * scale), int(30_000 * scale), int(200_000 * scale)
    me = "https://social.example/users/me"
    masto = folder / "mastodon"
    masto.mkdir()
    (masto / "actor.json").write_text(json.dumps({"id": me, "preferredUsername": "me"}))
    with open(masto / "outbox.json", "w") as f:
        f.write('{"id":"outbox.json","type":"OrderedCollection","orderedItems":[')
        for i in range(statuses):
            uri = f"{me}/statuses/{109664088883201234 + i}"
            note = {
                "id": uri,
                "type": "Note",
                "published": "2023-01-10T09:00:00Z",
                "inReplyTo": f"https://o.example/users/u{i % 700}/statuses/{1096e14 + i:.0f}",
                "content": "<p>" + "words " * 60 + "</p>",
                "tag": [
                    {
                        "type": "Mention",
                        "href": f"https://o.example/users/u{i * 3 % 700}",
                        "name": f"@u{i * 3 % 700}@o.example",
                    }
                ],
            }
            activity = {"id": uri + "/activity", "type": "Create", "actor": me, "object": note}
            f.write(("," if i else "") + json.dumps(activity))
        f.write("]}")
    likes = [
        f"https://o.example/users/u{i % 700}/statuses/{1096e14 + i:.0f}" for i in range(statuses)
    ]
    (masto / "likes.json").write_text(
        json.dumps({"type": "OrderedCollection", "orderedItems": likes})
    )

    mbox = folder / "mail.mbox"
    body = ("Some words about the work of the week. " * 12 + "\n") * 4
    with open(mbox, "wb") as f:
        for i in range(messages):
            a, b, c = i % 500, (i * 7 + 1) % 500, (i * 3 + 2) % 500
            reply = f"In-Reply-To: <m{i - 1}@mail.example>\n" if i % 3 == 0 and i else ""
            f.write(
                f"From p{a}@example.org Thu Jan  2 10:00:00 2025\n"
                f"From: =?utf-8?q?P=C3=A9rson_{a}?= <p{a}@example.org>\n"
                f"To: P {b} <p{b}@example.org>\n"
                f"Cc: <p{c}@example.org>\nSubject: Re: week {i}\n"
                f"Date: Thu, 2 Jan 2025 10:00:00 +0100\nMessage-ID: <m{i}@mail.example>\n{reply}"
                f"Content-Type: text/plain; charset=utf-8\n\n{body}\n".encode()
            )

    dump = folder / "stackexchange"
    dump.mkdir()
    with open(dump / "Posts.xml", "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<posts>\n')
        for i in range(1, posts + 1):
            if i % 4 == 1:
                body = quoteattr("<p>" + "question " * 50 + "</p>")
                f.write(
                    f'  <row Id="{i}" PostTypeId="1" AcceptedAnswerId="{i + 1}" '
                    f'CreationDate="2014-03-13T20:32:04.033" Body={body} OwnerUserId="{i % 900}" '
                    f'Title="Question {i}" />\n'
                )
            else:
                body = quoteattr("<p>" + "answer " * 80 + "</p>")
                f.write(
                    f'  <row Id="{i}" PostTypeId="2" ParentId="{i - (i - 1) % 4}" '
                    f'CreationDate="2014-03-14T20:32:04.033" Body={body} '
                    f'OwnerUserId="{i * 7 % 900}" />\n'
                )
        f.write("</posts>\n")
    return {"mastodon": masto, "mbox": mbox, "stackexchange": dump}


def floor(fmt: str, path: Path) -> int:
    """The file read by its parser alone."""
    if fmt == "mastodon":
        import ijson

        n = 0
        for name in ("outbox.json", "likes.json"):
            with open(path / name, "rb") as f:
                n += sum(1 for _ in ijson.items(f, "orderedItems.item"))
        return n
    if fmt == "mbox":
        import mailbox
        from email import policy
        from email.parser import BytesParser

        box = mailbox.mbox(path, create=False)
        parser = BytesParser(policy=policy.compat32)
        n = sum(1 for key in box.iterkeys() if parser.parsebytes(box.get_bytes(key)))
        box.close()
        return n
    from defusedxml.ElementTree import iterparse

    n = 0
    for _, elem in iterparse(str(path / "Posts.xml")):
        if elem.tag == "row":
            n += 1
            elem.clear()
    return n


def run(fmt: str, path: str, floor_only: bool, out) -> None:
    from workaloud.imports.readers import reader_class  # plain Python: no Django needed

    start = time.perf_counter()
    if floor_only:
        count = floor(fmt, Path(path))
    else:
        count = sum(1 for _ in reader_class(fmt)(path).acts())
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.send((count, seconds, peak))


def measure(fmt: str, path: Path, floor_only: bool) -> tuple[int, float, float]:
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=run, args=(fmt, str(path), floor_only, send)
    )
    child.start()
    result = receive.recv()
    child.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="import-readers-") as tmp:
        print(f"generating the exports (scale {args.scale})…", flush=True)
        paths = generate(Path(tmp), args.scale)
        print(
            f"{'format':<14}{'acts':>9}{'per act':>11}{'target':>10}"
            f"{'floor':>10}{'× floor':>9}{'peak MB':>9}{'max MB':>8}"
        )
        for fmt, path in paths.items():
            units, floor_s, _ = measure(fmt, path, floor_only=True)
            acts, seconds, peak = measure(fmt, path, floor_only=False)
            per_act = seconds / max(acts, 1)
            ratio = seconds / floor_s if floor_s else float("inf")
            most = TARGETS[fmt]
            passed = per_act <= most and peak <= MEMORY_MB
            ok &= passed
            print(
                f"{fmt:<14}{acts:>9,}{per_act * 1e3:>9.3f}ms{most * 1e3:>8.3f}ms"
                f"{floor_s:>9.1f}s{ratio:>9.1f}{peak:>9.0f}{MEMORY_MB:>8}"
                f"  {'ok' if passed else 'FAIL'}  ({units:,} items in the file)"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
