"""The Mastodon archive reader, on an archive laid out as Mastodon's BackupService writes it."""

import io
import json
import shutil
import tarfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workaloud.imports.readers import reader_class
from workaloud.imports.readers.mastodon import MastodonReader, status_author
from workaloud.imports.records import BadEntry, SourceAct, SourceError, SourcePerson

FIXTURE = Path(__file__).parent / "fixtures" / "mastodon" / "archive"
ANN = "https://social.example/users/ann"
BOB = "https://other.example/users/bob"
CAROL = "https://social.example/users/carol"
DAVE = "https://pleroma.example/users/dave"
ERIN = "https://erin.example/users/erin"
EXPORTED = (2024, 2, 1, 3, 4, 6)  # when the archive's zip wrote likes.json


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def zip_archive(tmp_path, files=None, name="archive-20240201030405-0a1b2c.zip"):
    """The fixture as the zip Mastodon serves, each file dated at the export."""
    files = files if files is not None else {p.name: p.read_bytes() for p in FIXTURE.iterdir()}
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in files.items():
            archive.writestr(zipfile.ZipInfo(member, date_time=EXPORTED), data)
    return path


def split(items):
    acts = [i for i in items if isinstance(i, SourceAct)]
    bad = [i for i in items if isinstance(i, BadEntry)]
    return acts, bad


def test_registered_under_its_name():
    assert reader_class("mastodon") is MastodonReader
    assert MastodonReader(FIXTURE).source == "mastodon"


def test_reads_every_act_of_the_archive(tmp_path):
    acts, bad = split(list(MastodonReader(zip_archive(tmp_path)).acts()))
    assert bad == []
    got = {(a.kind, a.target, a.occurred_at, a.key) for a in acts}
    status = f"{ANN}/statuses"
    assert got == {
        # a reply to bob's status; the mention of bob Mastodon adds to a reply is not counted twice
        ("reply", BOB, utc(2023, 1, 11, 12, 30), f"{status}/109670576947201234#reply"),
        (
            "mention",
            CAROL,
            utc(2023, 1, 11, 12, 30),
            f"{status}/109670576947201234#mention:{CAROL}",
        ),
        # a reply to a Pleroma object: its author is unknown, the mention of dave stands
        ("mention", DAVE, utc(2023, 1, 12, 10), f"{status}/109675649433601234#mention:{DAVE}"),
        # a boost of bob's status
        ("reaction", BOB, utc(2023, 1, 13, 17, 45), f"{status}/109683140198401234/activity"),
        # a poll replying to a status given by its web address
        ("reply", ERIN, utc(2023, 1, 14, 7, 20), f"{status}/109686344908801234#reply"),
        # a direct message to carol (mentioning oneself makes no act)
        ("mention", CAROL, utc(2023, 1, 15, 11), f"{status}/109692872294401234#mention:{CAROL}"),
        # favourites: dated by the status id, or at the export for an old sequential id
        (
            "reaction",
            BOB,
            utc(2023, 1, 16, 14),
            "like:https://other.example/users/bob/statuses/109699242393601234",
        ),
        (
            "reaction",
            CAROL,
            utc(*EXPORTED),
            "like:https://social.example/users/carol/statuses/1234",
        ),
    }
    assert all(a.actor == ANN for a in acts)
    assert all(a.occurred_at.tzinfo is not None for a in acts)
    assert len({a.key for a in acts}) == len(acts)
    reply = next(a for a in acts if a.kind == "reply" and a.target == BOB)
    assert reply.text == "@bob thanks, that helped! @carol you will like this & more"
    assert reply.context == "tag:other.example,2023-01-09:objectId=5521:objectType=Conversation"
    assert reply.where == f"outbox.json, item 2 ({status}/109670576947201234)"
    dm = next(a for a in acts if a.key.startswith(f"{status}/109692872294401234"))
    assert dm.text == "@carol @ann can we meet on Friday?\nOnly us two."


def test_people_are_the_owner_and_every_account_acted_on(tmp_path):
    people = list(MastodonReader(FIXTURE).people())
    assert all(isinstance(p, SourcePerson) for p in people)
    by_id = {p.source_id: p for p in people}
    assert set(by_id) == {ANN, BOB, CAROL, DAVE, ERIN}
    assert (by_id[ANN].name, by_id[ANN].username) == ("Ann Archer", "ann")
    assert (by_id[BOB].name, by_id[BOB].username) == ("@bob@other.example", "bob")
    # a local mention is written "@carol": the server's name is added
    assert by_id[CAROL].name == "@carol@social.example"
    assert by_id[ERIN].name == "@erin@erin.example"


def test_folder_zip_and_tar_gz_read_alike_and_keys_are_stable(tmp_path):
    folder = list(MastodonReader(FIXTURE).acts())
    zipped = list(MastodonReader(zip_archive(tmp_path)).acts())
    tar_path = tmp_path / "archive-20190101.tar.gz"
    with tarfile.open(tar_path, "w:gz") as archive:
        for p in sorted(FIXTURE.iterdir()):
            archive.add(p, arcname=p.name)
    tarred = list(MastodonReader(tar_path).acts())

    def keys(items):
        return [(a.key, a.kind, a.target) for a in items]

    assert keys(folder) == keys(zipped) == keys(tarred)
    assert len(folder) == 8
    reader = MastodonReader(zip_archive(tmp_path))
    assert list(reader.acts()) == list(reader.acts())


def test_an_archive_zipped_with_its_folder_is_read(tmp_path):
    files = {f"archive/{p.name}": p.read_bytes() for p in FIXTURE.iterdir()}
    files["__MACOSX/archive/._outbox.json"] = b"\x00\x05\x16\x07"
    acts = list(MastodonReader(zip_archive(tmp_path, files)).acts())
    assert len(acts) == 8


def test_without_likes_file_only_the_outbox_counts(tmp_path):
    files = {p.name: p.read_bytes() for p in FIXTURE.iterdir() if p.name != "likes.json"}
    acts = list(MastodonReader(zip_archive(tmp_path, files)).acts())
    assert len(acts) == 6 and all(not a.key.startswith("like:") for a in acts)


def test_status_author_from_uri_and_web_address():
    assert status_author("https://h.example/users/amy/statuses/1") == "https://h.example/users/amy"
    assert status_author("https://h.example/@amy/109") == "https://h.example/users/amy"
    assert status_author("https://h.example/@amy@elsewhere.example/109") is None
    assert status_author("https://h.example/notes/9x") is None
    assert status_author("tag:h.example,2020:objectId=1") is None


# -- what cannot be read ------------------------------------------------------------------


def test_missing_archive(tmp_path):
    with pytest.raises(SourceError, match="nope.zip: no such file"):
        list(MastodonReader(tmp_path / "nope.zip").acts())


def test_truncated_zip_names_the_file(tmp_path):
    whole = zip_archive(tmp_path).read_bytes()
    cut = tmp_path / "archive-cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(SourceError) as caught:
        list(MastodonReader(cut).acts())
    assert caught.value.where == "archive-cut.zip"
    assert "truncated" in caught.value.message


def test_not_an_archive_at_all(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(SourceError, match="notes.txt: not a readable archive"):
        list(MastodonReader(path).people())


def test_missing_outbox_is_fatal(tmp_path):
    files = {"actor.json": (FIXTURE / "actor.json").read_bytes()}
    with pytest.raises(SourceError, match="outbox.json: missing from the archive"):
        list(MastodonReader(zip_archive(tmp_path, files)).acts())


def test_missing_actor_is_fatal(tmp_path):
    folder = tmp_path / "archive"
    shutil.copytree(FIXTURE, folder)
    (folder / "actor.json").unlink()
    with pytest.raises(SourceError, match="actor.json: missing from the archive"):
        list(MastodonReader(folder).people())


@pytest.mark.parametrize("name", ["outbox.json", "likes.json", "actor.json"])
def test_invalid_json_names_the_file(tmp_path, name):
    files = {p.name: p.read_bytes() for p in FIXTURE.iterdir()}
    files[name] = files[name][: len(files[name]) // 2]  # cut short mid-object
    with pytest.raises(SourceError) as caught:
        list(MastodonReader(zip_archive(tmp_path, files)).acts())
    assert caught.value.where == name
    assert "not valid JSON" in caught.value.message


def test_bad_entries_are_reported_and_reading_goes_on(tmp_path):
    outbox = json.loads((FIXTURE / "outbox.json").read_text())
    outbox["orderedItems"][1]["object"]["published"] = "2023-13-45T10:00:00Z"
    outbox["orderedItems"][3]["object"]["tag"][0].pop("href")
    outbox["orderedItems"].insert(0, "just a string")
    files = {p.name: p.read_bytes() for p in FIXTURE.iterdir()}
    files["outbox.json"] = json.dumps(outbox).encode()
    acts, bad = split(list(MastodonReader(zip_archive(tmp_path, files)).acts()))
    assert [str(b) for b in bad] == [
        "outbox.json, item 1: is not an activity (expected a JSON object)",
        f"outbox.json, item 3 ({ANN}/statuses/109670576947201234): "
        "published '2023-13-45T10:00:00Z' is not a date",
        f"outbox.json, item 5 ({ANN}/statuses/109675649433601234): a mention without an "
        "account (href): {'type': 'Mention', 'name': '@dave@pleroma.example'}",
    ]
    assert len(acts) == 8 - 3  # the bad status's reply and mention, dave's mention


def test_a_damaged_member_in_the_zip_names_the_file(tmp_path):
    path = zip_archive(tmp_path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("outbox.json")
    start = info.header_offset + 30 + len(info.filename) + 40
    data[start : start + 20] = b"\xff" * 20  # corrupt the compressed outbox
    path.write_bytes(bytes(data))
    with pytest.raises(SourceError) as caught:
        list(MastodonReader(path).acts())
    assert caught.value.where == "outbox.json"


def test_an_empty_outbox_reads_nothing_but_other_json_is_refused(tmp_path):
    files = {p.name: p.read_bytes() for p in FIXTURE.iterdir() if p.name != "likes.json"}
    files["outbox.json"] = json.dumps(
        {"id": "outbox.json", "type": "OrderedCollection", "totalItems": 0, "orderedItems": []}
    ).encode()
    assert list(MastodonReader(zip_archive(tmp_path, files)).acts()) == []
    files["outbox.json"] = b'{"statuses": [{"id": "1"}]}'
    with pytest.raises(SourceError, match="outbox.json: is not an ActivityStreams collection"):
        list(MastodonReader(zip_archive(tmp_path, files)).acts())


def test_long_keys_fit_the_ledger_and_stay_unique(tmp_path):
    outbox = json.loads((FIXTURE / "outbox.json").read_text())
    note = outbox["orderedItems"][7]["object"]
    long_host = "https://" + "very-long-subdomain." * 6 + "example/users/"
    note["tag"] = [
        {"type": "Mention", "href": long_host + "a" * 40, "name": "@a"},
        {"type": "Mention", "href": long_host + "a" * 39 + "b", "name": "@b"},
    ]
    files = {p.name: p.read_bytes() for p in FIXTURE.iterdir()}
    files["outbox.json"] = json.dumps(outbox).encode()
    acts = [a for a in MastodonReader(zip_archive(tmp_path, files)).acts() if a.kind == "mention"]
    long_ones = [a.key for a in acts if long_host in a.target]
    assert len(long_ones) == 2 and len(set(long_ones)) == 2
    assert all(len(k) == 200 for k in long_ones)
    assert long_ones == [
        a.key
        for a in MastodonReader(zip_archive(tmp_path, files)).acts()
        if a.kind == "mention" and long_host in a.target
    ]


def test_truncated_tar_gz_names_the_file(tmp_path):
    whole = tmp_path / "archive-20190101.tar.gz"
    with tarfile.open(whole, "w:gz") as archive:
        for p in sorted(FIXTURE.iterdir()):
            archive.add(p, arcname=p.name)
    cut = tmp_path / "archive-cut.tar.gz"
    cut.write_bytes(whole.read_bytes()[:-400])
    with pytest.raises(SourceError) as caught:
        list(MastodonReader(cut).acts())
    assert caught.value.where == "archive-cut.tar.gz"
    assert "truncated" in caught.value.message
