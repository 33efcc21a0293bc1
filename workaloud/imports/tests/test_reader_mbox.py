"""The mbox reader, on a mailbox of a small circle's mail: replies, a list, automated mail."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from workaloud.imports.readers import reader_class
from workaloud.imports.readers.mbox import MboxReader
from workaloud.imports.records import BadEntry, SourceAct, SourceError, SourcePerson

FIXTURE = Path(__file__).parent / "fixtures" / "mbox" / "circle.mbox"
ANN, BJORN, CAROL = "ann@example.org", "bjorn@example.org", "carol.chen@example.org"
ANDRE, DANA = "andre@example.fr", "dana@example.net"
LIST = "wol-circles@lists.example.org"
KICKOFF = "20250106081500.1a2b@mail.example.org"


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def split(items):
    acts = [i for i in items if isinstance(i, SourceAct)]
    bad = [i for i in items if isinstance(i, BadEntry)]
    return acts, bad


def mbox(tmp_path, *messages: bytes, name="mail.mbox"):
    path = tmp_path / name
    path.write_bytes(
        b"".join(b"From x@example.org Thu Jan  2 10:00:00 2025\n" + m + b"\n" for m in messages)
    )
    return path


def message(headers: bytes, body: bytes = b"Hello.\n") -> bytes:
    return headers.strip(b"\n") + b"\n\n" + body


def test_registered_under_its_name():
    assert reader_class("mbox") is MboxReader
    assert MboxReader(FIXTURE).source == "mbox"


def test_reads_replies_and_messages_of_the_mailbox():
    acts, bad = split(list(MboxReader(FIXTURE).acts()))
    assert bad == []
    assert [(a.kind, a.actor, a.target, a.occurred_at, a.key) for a in acts] == [
        # Ann writes to Björn, Cc Carol (Carol's address lower-cased); 09:15 +0100 is 08:15 UTC
        ("imported", ANN, BJORN, utc(2025, 1, 6, 8, 15), f"{KICKOFF}#to:{BJORN}"),
        ("imported", ANN, CAROL, utc(2025, 1, 6, 8, 15), f"{KICKOFF}#to:{CAROL}"),
        # Björn replies to Ann, keeping Carol in copy
        ("reply", BJORN, ANN, utc(2025, 1, 6, 10, 2, 40), "CAF3b9x+Qw@mail.gmail.com#reply"),
        (
            "imported",
            BJORN,
            CAROL,
            utc(2025, 1, 6, 10, 2, 40),
            f"CAF3b9x+Qw@mail.gmail.com#to:{CAROL}",
        ),
        # Carol's post to the list makes no act; André's answer in the list thread is a reply
        ("reply", ANDRE, CAROL, utc(2025, 1, 7, 9), "ad-0107@example.fr#reply"),
        # the out-of-office reply, the calendar's and the bounce make none; nor a note to self;
        # a message without Date is dated by its mbox From line
        (
            "imported",
            ANN,
            DANA,
            utc(2025, 1, 9, 16, 20),
            f"welcome-dana@mail.example.org#to:{DANA}",
        ),
        # the kickoff appears twice in the file: read once. Dana's thanks have no Message-ID
        ("imported", DANA, ANN, utc(2025, 1, 10, 12), acts[-2].key),
        ("imported", DANA, BJORN, utc(2025, 1, 10, 12), acts[-1].key),
    ]
    assert acts[-2].key.startswith("sha256:") and acts[-2].key.endswith(f"#to:{ANN}")
    reply = acts[2]
    assert reply.where == "circle.mbox, message 2 (Message-ID <CAF3b9x+Qw@mail.gmail.com>)"
    assert reply.context == "Circle kickoff on Thursday"
    assert reply.text == (
        "Thursday works. I'll bring the week-one exercise — see you there.\n\n"
        "On Mon, 6 Jan 2025 at 09:15, Ann Archer <ann@example.org> wrote:"
    )  # the quoted lines are left out
    andre = acts[4]
    assert andre.text == "J'ai appris à demander de l'aide plus tôt."  # quoted-printable latin-1
    assert andre.context == "[wol-circles] Weekly reflections"
    assert acts[5].text == "Welcome, Dana!\nWe meet on Thursdays."  # from the HTML body
    assert acts[-1].where == "circle.mbox, message 11"


def test_people_are_addresses_named_from_display_names():
    people = list(MboxReader(FIXTURE).people())
    assert all(isinstance(p, SourcePerson) for p in people)
    assert {p.source_id: (p.name, p.email, p.is_bot) for p in people} == {
        ANN: ("Ann Archer", ANN, False),
        BJORN: ("Björn Berg", BJORN, False),  # an RFC 2047 encoded word
        CAROL: ("Chen, Carol", CAROL, False),
        ANDRE: ("André Dubois", ANDRE, False),  # raw latin-1 in a latin-1 message
        DANA: ("Dana", DANA, False),
    }


def test_keys_are_stable_across_reads():
    reader = MboxReader(FIXTURE)
    first, second = list(reader.acts()), list(reader.acts())
    assert first == second
    assert len({a.key for a in first}) == len(first)


def test_mailing_lists_kept_when_asked():
    acts = list(MboxReader(FIXTURE, skip_mailing_lists=False).acts())
    list_acts = [
        (a.kind, a.actor, a.target) for a in acts if "example.fr" in a.key or "5f2c" in a.key
    ]
    assert list_acts == [
        ("imported", CAROL, LIST),
        ("reply", ANDRE, CAROL),
        ("imported", ANDRE, LIST),
    ]


def test_automated_mail_kept_when_asked():
    reader = MboxReader(FIXTURE, skip_automated=False)
    acts = [(a.kind, a.actor, a.target) for a in reader.acts()]
    assert ("reply", BJORN, ANN) in acts and acts.count(("reply", BJORN, ANN)) == 2  # + away
    assert ("imported", "noreply@calendar.example.com", ANN) in acts
    assert ("imported", "mailer-daemon@mail.example.org", ANN) in acts
    bots = {p.source_id for p in reader.people() if p.is_bot}
    assert bots == {"noreply@calendar.example.com", "mailer-daemon@mail.example.org"}


def test_a_reply_to_a_message_not_in_the_file_is_a_plain_message(tmp_path):
    path = mbox(
        tmp_path,
        message(
            b"From: Ann <ann@example.org>\nTo: Bo <bo@example.org>\n"
            b"Date: Thu, 2 Jan 2025 10:00:00 +0000\nMessage-ID: <r1@example.org>\n"
            b"In-Reply-To: <elsewhere@example.org>\n"
            b"References: <root@example.org> <elsewhere@example.org>"
        ),
    )
    assert [(a.kind, a.target) for a in MboxReader(path).acts()] == [("imported", "bo@example.org")]


def test_reply_found_through_references(tmp_path):
    path = mbox(
        tmp_path,
        message(
            b"From: Ann <ann@example.org>\nTo: Bo <bo@example.org>\n"
            b"Date: Thu, 2 Jan 2025 10:00:00 +0000\nMessage-ID: <root@example.org>"
        ),
        message(
            b"From: Bo <bo@example.org>\nTo: Ann <ann@example.org>\n"
            b"Date: Thu, 2 Jan 2025 11:00:00 +0000\nMessage-ID: <r2@example.org>\n"
            b"References: <root@example.org> <lost@example.org>"
        ),
    )
    acts = list(MboxReader(path).acts())
    assert [(a.kind, a.actor, a.target) for a in acts] == [
        ("imported", "ann@example.org", "bo@example.org"),
        ("reply", "bo@example.org", "ann@example.org"),
    ]


def test_raw_utf8_headers_in_a_latin1_message_are_read(tmp_path):
    path = mbox(
        tmp_path,
        message(
            "From: Zoë Müller <zoe@example.org>\nTo: Ann <ann@example.org>\n"
            "Date: Thu, 2 Jan 2025 10:00:00 +0000\nMessage-ID: <z1@example.org>\n"
            "Content-Type: text/plain; charset=iso-8859-1".encode(),
            "Grüße\n".encode("latin-1"),
        ),
    )
    reader = MboxReader(path)
    acts = list(reader.acts())
    assert [a.text for a in acts] == ["Grüße"]
    assert {p.source_id: p.name for p in reader.people()}["zoe@example.org"] == "Zoë Müller"


def test_empty_mbox_reads_nothing(tmp_path):
    path = tmp_path / "empty.mbox"
    path.write_bytes(b"")
    assert list(MboxReader(path).acts()) == [] and list(MboxReader(path).people()) == []


# -- what cannot be read ------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="gone.mbox: no such file"):
        list(MboxReader(tmp_path / "gone.mbox").acts())


def test_a_folder_is_not_an_mbox(tmp_path):
    with pytest.raises(SourceError, match="is not a file"):
        list(MboxReader(tmp_path).acts())


def test_not_an_mbox_at_all(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{"messages": []}')
    with pytest.raises(SourceError, match="export.json: is not an mbox file"):
        list(MboxReader(path).people())


def test_bad_messages_are_reported_and_reading_goes_on(tmp_path):
    good = message(
        b"From: Ann <ann@example.org>\nTo: Bo <bo@example.org>\n"
        b"Date: Thu, 2 Jan 2025 10:00:00 +0000\nMessage-ID: <ok@example.org>"
    )
    path = mbox(
        tmp_path,
        message(
            b"From: Ann <ann@example.org>\nTo: Bo <bo@example.org>\n"
            b"Date: Mon, 45 Foo 2014 25:61:00 +0000\nMessage-ID: <bad-date@example.org>"
        ),
        # raw bytes that are not UTF-8, in a message declaring no charset
        message(
            b"From: Andr\xe9 <andre@example.fr>\nTo: Bo <bo@example.org>\n"
            b"Date: Thu, 2 Jan 2025 10:00:00 +0000\nMessage-ID: <raw@example.fr>"
        ),
        message(
            b"To: Bo <bo@example.org>\nDate: Thu, 2 Jan 2025 10:00:00 +0000\nMessage-ID: <x@y>"
        ),
        # an encoded word in a charset Python does not know, with non-ASCII bytes
        message(
            b"From: =?x-klingon?q?Kl=E9?= <k@example.org>\nTo: Bo <bo@example.org>\n"
            b"Date: Thu, 2 Jan 2025 10:00:00 +0000\nMessage-ID: <k@example.org>"
        ),
        good,
        name="broken.mbox",
    )
    acts, bad = split(list(MboxReader(path).acts()))
    assert [str(b) for b in bad] == [
        "broken.mbox, message 1 (Message-ID <bad-date@example.org>): "
        "Date 'Mon, 45 Foo 2014 25:61:00 +0000' is not a date",
        "broken.mbox, message 2 (Message-ID <raw@example.fr>): From has bytes that are neither "
        "UTF-8 nor in the message's charset (none declared): Andr\\xe9 <andre@example.fr>",
        "broken.mbox, message 3 (Message-ID <x@y>): has no readable sender (From: '')",
        "broken.mbox, message 4 (Message-ID <k@example.org>): From has bytes that are neither "
        "UTF-8 nor in the message's charset (none declared): Kl\\xe9",
    ]
    assert [(a.actor, a.target, a.key) for a in acts] == [
        ("ann@example.org", "bo@example.org", "ok@example.org#to:bo@example.org")
    ]


def test_an_unreadable_subject_loses_only_the_context(tmp_path):
    path = mbox(
        tmp_path,
        message(
            b"From: Ann <ann@example.org>\nTo: Bo <bo@example.org>\nSubject: caf\xe9\n"
            b"Date: Thu, 2 Jan 2025 10:00:00 +0000\nMessage-ID: <s@example.org>"
        ),
    )
    acts = list(MboxReader(path).acts())
    assert [(a.kind, a.target, a.context) for a in acts] == [("imported", "bo@example.org", "")]


def test_a_changed_file_is_read_again(tmp_path):
    first = message(
        b"From: Ann <ann@example.org>\nTo: Bo <bo@example.org>\n"
        b"Date: Thu, 2 Jan 2025 10:00:00 +0000\nMessage-ID: <root@example.org>"
    )
    answer = message(
        b"From: Bo <bo@example.org>\nTo: Ann <ann@example.org>\n"
        b"Date: Thu, 2 Jan 2025 11:00:00 +0000\nMessage-ID: <r@example.org>\n"
        b"In-Reply-To: <root@example.org>"
    )
    path = mbox(tmp_path, answer)
    reader = MboxReader(path)
    assert [a.kind for a in reader.acts()] == ["imported"]
    mbox(tmp_path, first, answer)
    assert [a.kind for a in reader.acts()] == ["imported", "reply"]
