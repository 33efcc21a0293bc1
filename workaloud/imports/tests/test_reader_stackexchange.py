"""The Stack Exchange dump reader, on a hand-made dump and on Math Educators' real Posts.xml."""

import shutil
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from workaloud.imports.readers import reader_class
from workaloud.imports.readers.stackexchange import StackExchangeReader
from workaloud.imports.records import BadEntry, SourceAct, SourceError, SourcePerson

FIXTURE = Path(__file__).parent / "fixtures" / "stackexchange"
# The shared data sits beside the repository: ../shared/data/ from its root.
MATHEDUCATORS = (
    Path(settings.BASE_DIR).parent / "shared" / "data" / "matheducators-stackexchange" / "Posts.xml"
)


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def split(items):
    acts = [i for i in items if isinstance(i, SourceAct)]
    bad = [i for i in items if isinstance(i, BadEntry)]
    return acts, bad


def dump(tmp_path, **replace):
    """A copy of the fixture dump with some files replaced (None removes one)."""
    folder = tmp_path / "matheducators.stackexchange.com"
    shutil.copytree(FIXTURE, folder)
    for name, text in replace.items():
        path = folder / f"{name}.xml"
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")
    return folder


def test_registered_under_its_name():
    assert reader_class("stackexchange") is StackExchangeReader
    assert StackExchangeReader(FIXTURE).source == "stackexchange"


def test_reads_answers_acceptances_and_comments():
    reader = StackExchangeReader(FIXTURE)
    acts, bad = split(list(reader.acts()))
    assert bad == []
    assert [(a.key, a.kind, a.actor, a.target, a.occurred_at) for a in acts] == [
        ("answer:2", "offer_of_help", "7", "5", utc(2014, 3, 13, 21, 5, 10, 500000)),
        ("answer:3", "offer_of_help", "9", "5", utc(2014, 3, 14, 9, 12)),
        # the dump has no acceptance date: the credit is dated at the answer
        ("accepted:3", "help_credited", "5", "9", utc(2014, 3, 14, 9, 12)),
        ("answer:7", "offer_of_help", "12", "7", utc(2014, 3, 18, 12)),
        ("answer:10", "offer_of_help", "5", "9", utc(2014, 3, 19, 15, 45, 30, 250000)),
        ("accepted:10", "help_credited", "9", "5", utc(2014, 3, 19, 15, 45, 30, 250000)),
        ("comment:1", "comment", "7", "5", utc(2014, 3, 13, 20, 40)),
        ("comment:2", "comment", "5", "9", utc(2014, 3, 15, 8)),
    ]
    first = acts[0]
    assert first.where == "Posts.xml, row Id=2"
    assert first.context == "question 1: Getting a quiet class to talk"
    assert first.text == "Think-pair-share works & costs three minutes."
    assert acts[1].text == "Ask them to explain each other's answers.\n\nThen vote."
    assert acts[3].text == "Zoë here: use a picture proof."
    assert acts[2].where == "Posts.xml, row Id=1 (AcceptedAnswerId=3)"
    assert acts[-1].where == "Comments.xml, row Id=2"
    assert acts[-1].context == "question 1: Getting a quiet class to talk"
    assert acts[-1].text == "This worked in my class, thank you!"
    # a self-answer, an answer by a deleted user, comments by or on deleted users, a comment
    # on one's own post, the Community user's tag wiki: no acts, counted where worth it
    assert reader.skipped == Counter(
        {
            "comment by or to a deleted user": 2,
            "answer to one's own question": 1,
            "post by a deleted user": 1,
        }
    )


def test_people_are_those_who_acted_named_from_users_xml():
    people = list(StackExchangeReader(FIXTURE).people())
    assert all(isinstance(p, SourcePerson) for p in people)
    assert {p.source_id: p.name for p in people} == {
        "5": "Asha",
        "7": "Ben Okafor",
        "9": "Chidi",
        "12": "Zoë Müller",
    }  # not "lurker", who never posted, nor the Community bot


def test_without_users_and_comments_people_are_numbered(tmp_path):
    folder = dump(tmp_path, Users=None, Comments=None)
    reader = StackExchangeReader(folder)
    people = {p.source_id: p.name for p in reader.people()}
    assert people == {"5": "user 5", "7": "user 7", "9": "user 9", "12": "user 12"}
    assert [a.kind for a in reader.acts()].count("comment") == 0


def test_posts_xml_path_and_zip_read_alike_and_keys_are_stable(tmp_path):
    from_folder = list(StackExchangeReader(FIXTURE).acts())
    from_file = list(StackExchangeReader(FIXTURE / "Posts.xml").acts())
    zipped = tmp_path / "matheducators.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for p in FIXTURE.iterdir():
            archive.write(p, f"matheducators.stackexchange.com/{p.name}")
    from_zip = list(StackExchangeReader(zipped).acts())
    assert from_folder == from_file == from_zip
    assert from_folder == list(StackExchangeReader(FIXTURE).acts())


def test_real_math_educators_posts():
    """Math Educators' first weeks (see ../shared/data/README.md), counted here independently."""
    rows = [r.attrib for r in ET.parse(MATHEDUCATORS).getroot().iter("row")]
    questions = {r["Id"]: r for r in rows if r["PostTypeId"] == "1"}
    answers = [r for r in rows if r["PostTypeId"] == "2"]
    assert (len(questions), len(answers)) == (397, 1507)
    accepted = {q["AcceptedAnswerId"] for q in questions.values() if "AcceptedAnswerId" in q}
    expected_offers = []
    for a in answers:
        asker = questions[a["ParentId"]].get("OwnerUserId")
        answerer = a.get("OwnerUserId")
        if asker and answerer and asker != answerer and "-1" not in (asker, answerer):
            expected_offers.append((answerer, asker, a["Id"]))
    expected_credits = [(q, a, i) for a, q, i in expected_offers if i in accepted]

    reader = StackExchangeReader(MATHEDUCATORS)
    acts, bad = split(list(reader.acts()))
    assert bad == []
    offers = [(a.actor, a.target, a.key.split(":")[1]) for a in acts if a.kind == "offer_of_help"]
    credits = [(a.actor, a.target, a.key.split(":")[1]) for a in acts if a.kind == "help_credited"]
    assert offers == expected_offers
    assert credits == expected_credits
    assert (len(offers), len(credits)) == (1476, 186)
    assert len({a.key for a in acts}) == len(acts)
    assert all(a.occurred_at.tzinfo is UTC for a in acts)
    assert min(a.occurred_at for a in acts) >= utc(2014, 3, 13)
    people = list(reader.people())
    acting = {a.actor for a in acts} | {a.target for a in acts}
    assert {p.source_id for p in people} == acting
    assert all(p.name == f"user {p.source_id}" for p in people)  # this extract has no Users.xml


# -- what cannot be read ------------------------------------------------------------------


def test_missing_dump(tmp_path):
    with pytest.raises(SourceError, match="nothing-here: no such file or folder"):
        list(StackExchangeReader(tmp_path / "nothing-here").acts())


def test_missing_posts_is_fatal(tmp_path):
    folder = dump(tmp_path, Posts=None)
    with pytest.raises(SourceError, match="Posts.xml: missing"):
        list(StackExchangeReader(folder).people())


def test_truncated_posts_is_fatal_and_names_the_file(tmp_path):
    text = (FIXTURE / "Posts.xml").read_text(encoding="utf-8-sig")
    folder = dump(tmp_path, Posts=text[: len(text) // 2])
    with pytest.raises(SourceError) as caught:
        list(StackExchangeReader(folder).acts())
    assert caught.value.where == "Posts.xml"
    assert "not well-formed XML" in caught.value.message


def test_not_xml_at_all(tmp_path):
    folder = dump(tmp_path, Users='{"users": []}')
    with pytest.raises(SourceError, match="Users.xml: is not well-formed XML"):
        list(StackExchangeReader(folder).acts())


def test_another_file_in_place_of_posts(tmp_path):
    users = (FIXTURE / "Users.xml").read_text(encoding="utf-8-sig")
    folder = dump(tmp_path, Posts=users)
    with pytest.raises(SourceError, match=r"Posts.xml: is not Posts.xml \(its root is <users>\)"):
        list(StackExchangeReader(folder).acts())


def test_entity_expansion_is_refused(tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE posts [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<posts><row Id="1" PostTypeId="1" Body="&b;" /></posts>'
    )
    folder = dump(tmp_path, Posts=bomb)
    with pytest.raises(SourceError, match="Posts.xml: uses forbidden XML features"):
        list(StackExchangeReader(folder).acts())


def test_not_a_zip(tmp_path):
    path = tmp_path / "dump.7z"
    path.write_bytes(b"7z\xbc\xaf\x27\x1c\x00\x04")
    with pytest.raises(SourceError, match="dump.7z: not a Stack Exchange dump") as caught:
        list(StackExchangeReader(path).acts())
    assert "unpacked" in caught.value.message


def test_truncated_zip(tmp_path):
    zipped = tmp_path / "dump.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for p in FIXTURE.iterdir():
            archive.write(p, p.name)
    zipped.write_bytes(zipped.read_bytes()[:-300])
    with pytest.raises(SourceError, match="dump.zip: not a Stack Exchange dump"):
        list(StackExchangeReader(zipped).acts())


def test_a_posts_file_under_another_name(tmp_path):
    path = tmp_path / "posts-2014.xml"
    path.write_bytes((FIXTURE / "Posts.xml").read_bytes())
    acts = list(StackExchangeReader(path).acts())
    # read as Posts.xml; nothing beside it, so no comments and no names
    assert [a.key for a in acts] == [
        "answer:2",
        "answer:3",
        "accepted:3",
        "answer:7",
        "answer:10",
        "accepted:10",
    ]


def test_bad_rows_are_reported_and_reading_goes_on(tmp_path):
    posts = (FIXTURE / "Posts.xml").read_text(encoding="utf-8-sig")
    posts = posts.replace(
        'Id="2" PostTypeId="2" ParentId="1" CreationDate="2014-03-13T21:05:10.500"',
        'Id="2" PostTypeId="2" ParentId="1" CreationDate="2014-13-45T21:05:10.500"',
    )
    posts = posts.replace(
        'Id="7" PostTypeId="2" ParentId="4"', 'Id="7" PostTypeId="2" ParentId="99"'
    )
    posts = posts.replace(
        'ParentId="9" CreationDate="2014-03-19T15:45:30.250" Score="7" Body="&lt;p&gt;Desmos on '
        'phones.&lt;/p&gt;&#xA;" OwnerUserId="5"',
        'ParentId="9" CreationDate="2014-03-19T15:45:30.250" Score="7" Body="&lt;p&gt;Desmos on '
        'phones.&lt;/p&gt;&#xA;" OwnerUserId="404"',
    )
    comments = (FIXTURE / "Comments.xml").read_text(encoding="utf-8-sig")
    comments = comments.replace('Id="1" PostId="1"', 'Id="1" PostId="1234"')
    comments = comments.replace(
        'CreationDate="2014-03-15T08:00:00.000" UserId="5"',
        'CreationDate="yesterday" UserId="5"',
    )
    folder = dump(tmp_path, Posts=posts, Comments=comments)
    acts, bad = split(list(StackExchangeReader(folder).acts()))
    assert [str(b) for b in bad] == [
        "Posts.xml, row Id=2: CreationDate '2014-13-45T21:05:10.500' is not a date",
        "Posts.xml, row Id=7: ParentId '99' names no question in Posts.xml",
        "Posts.xml, row Id=10: OwnerUserId 404 is not in Users.xml",
        "Comments.xml, row Id=1: PostId '1234' names no post in Posts.xml",
        "Comments.xml, row Id=2: CreationDate 'yesterday' is not a date",
    ]
    assert [a.key for a in acts] == ["answer:3", "accepted:3"]
