"""The pipeline's promises: dry runs change nothing, re-imports change nothing, bad input is
refused naming file and entry (or skipped and listed), people are matched by email or mapping."""

import json

import pytest
from django.core.management import CommandError, call_command

from workaloud.imports import pipeline
from workaloud.imports.models import ImportRun, Placeholder, SourceIdentity
from workaloud.imports.records import SourceError
from workaloud.imports.tests.conftest import T0, standard_files, write_zip
from workaloud.people.models import User
from workaloud.relationships.models import Interaction
from workaloud.testing.db_state import snapshot

pytestmark = pytest.mark.django_db

CSV = """source,target,kind,timestamp,context,text
ann@example.org,bo@example.org,reply,2024-03-01T09:30:00Z,thread-42,Thanks for the draft!
bo@example.org,ann@example.org,reaction,2024-03-01T09:41:00+01:00,thread-42,
cy,ann@example.org,mention,2024-03-02 10:00:00Z,,@ann see this
"""


def run(format, path, name="t", **options):
    found = pipeline.review(format, name, str(path), pipeline.Options(**options))
    state = pipeline.write(found, format, str(path), pipeline.Options(**options))
    pipeline.recompute()
    return found, state


def without_import_runs(state):
    return {k: v for k, v in state.items() if k != "imports.ImportRun"}


def test_plain_csv_and_jsonl_record_the_same(tmp_path, make_person):
    ann = make_person("ann")
    csv_path = tmp_path / "acts.csv"
    csv_path.write_text(CSV)
    found, state = run("plain", csv_path, "csv")
    assert found.by_kind == {"reply": 1, "reaction": 1, "mention": 1}
    assert state.interactions_recorded == 3
    rows = Interaction.objects.filter(source="plain:csv").order_by("occurred_at")
    assert [r.kind for r in rows] == ["reaction", "reply", "mention"]  # 08:41Z before 09:30Z
    assert rows[0].occurred_at.isoformat() == "2024-03-01T08:41:00+00:00"
    assert {r.target_id for r in rows if r.kind != "reply"} == {ann.pk}

    lines = [
        {
            "source": "ann@example.org",
            "target": "bo@example.org",
            "kind": "reply",
            "timestamp": "2024-03-01T09:30:00Z",
            "context": "thread-42",
        },
        {
            "source": "bo@example.org",
            "target": "ann@example.org",
            "kind": "reaction",
            "timestamp": "2024-03-01T09:41:00+01:00",
            "context": "thread-42",
        },
        {
            "source": "cy",
            "target": "ann@example.org",
            "kind": "mention",
            "timestamp": "2024-03-02 10:00:00Z",
        },
    ]
    jsonl = tmp_path / "acts.jsonl"
    jsonl.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    run("plain", jsonl, "jsonl")
    as_tuples = lambda source: sorted(  # noqa: E731
        Interaction.objects.filter(source=source).values_list("kind", "occurred_at", "source_key")
    )
    assert as_tuples("plain:jsonl") == as_tuples("plain:csv")


def test_a_dry_run_changes_nothing(slack_zip, make_person, capsys):
    make_person("ann")
    before = snapshot()
    call_command("import_activity", "slack", str(slack_zip), "--name", "team", "--dry-run")
    out = capsys.readouterr().out
    assert "Dry run: nothing was changed" in out
    assert "acts:                 8" in out
    assert "people:               3 (1 matched to members, 2 placeholders)" in out
    assert snapshot() == before


def test_importing_again_changes_nothing(slack_zip):
    run("slack", slack_zip)
    before = snapshot()
    found, state = run("slack", slack_zip)
    assert state.interactions_recorded == 0
    after = snapshot()
    # Only the recomputed figures' timestamps may move; every row is the same.
    for label in (
        "relationships.Interaction",
        "people.User",
        "imports.SourceIdentity",
        "imports.Placeholder",
        "relationships.Relationship",
    ):
        strip = lambda rows: [{k: v for k, v in r.items() if k != "id"} for r in rows]  # noqa: E731
        assert strip(after[label]) == strip(before[label]), label


def broken(tmp_path, **changes):
    files = standard_files()
    for name, content in changes.items():
        if content is None:
            files.pop(name)
        else:
            files[name] = content
    return write_zip(tmp_path / "broken.zip", files)


MSG = {"type": "message", "user": "UANN", "text": "hi <@UBO>", "ts": f"{T0}.000100"}


@pytest.mark.parametrize(
    "changes, expected",
    [
        (
            {"general/2024-03-01.json": '[{"type": "message", "user": "UANN"'},
            "general/2024-03-01.json: invalid JSON: Expecting",
        ),
        ({"users.json": None}, "users.json: missing"),
        ({"users.json": "{not json"}, "users.json: invalid JSON"),
        (
            {"dev/2024-03-02.json": json.dumps([MSG, {**MSG, "user": "UZZZ"}])},
            "dev/2024-03-02.json, message 2: unknown user id UZZZ",
        ),
        (
            {"dev/2024-03-02.json": json.dumps([{**MSG, "text": "hey <@UNOBODY>"}])},
            "dev/2024-03-02.json, message 1: unknown user id UNOBODY (mentioned)",
        ),
        (
            {"dev/2024-03-02.json": json.dumps([{**MSG, "ts": "99999999999.000001"}])},
            "dev/2024-03-02.json, message 1: impossible date 5138-11-16",
        ),
        (
            {"dev/2024-03-02.json": json.dumps([{**MSG, "ts": "yesterday"}])},
            "dev/2024-03-02.json, message 1: impossible timestamp 'yesterday'",
        ),
        (
            {
                "dev/2024-03-02.json": json.dumps(
                    [{**MSG, "text": "Café"}], ensure_ascii=False
                ).encode("latin-1")
            },
            "dev/2024-03-02.json: not UTF-8 text (byte 0xe9",
        ),
    ],
    ids=[
        "invalid-json",
        "no-users",
        "users-invalid",
        "unknown-user",
        "unknown-mention",
        "impossible-date",
        "bad-ts",
        "latin-1",
    ],
)
def test_bad_input_is_refused_naming_file_and_entry(tmp_path, changes, expected, capsys):
    path = broken(tmp_path, **changes)
    before = snapshot()
    with pytest.raises(CommandError) as refused:
        call_command("import_activity", "slack", str(path), "--name", "team")
    assert expected in str(refused.value)
    assert "Nothing was imported" in str(refused.value)
    assert without_import_runs(snapshot()) == without_import_runs(before)
    failed = ImportRun.objects.get()
    assert failed.status == "failed" and expected in " ".join(failed.report["errors"])


def test_a_truncated_zip_is_refused(tmp_path, slack_zip):
    data = slack_zip.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match=r"cut.zip: not a readable zip archive"):
        pipeline.review("slack", "team", str(cut))
    assert not Interaction.objects.exists()


def test_plain_bad_rows_are_refused_or_skipped_and_listed(tmp_path, capsys):
    path = tmp_path / "acts.csv"
    path.write_bytes(
        CSV.encode()
        + b"ann@example.org,bo@example.org,poke,2024-03-01T09:30:00Z,,\n"
        + b"ann@example.org,bo@example.org,reply,2024-13-01T09:30:00Z,,\n"
        + b"ann@example.org,bo@example.org,reply,2024-03-01T09:30:00,,\n"
        + b"ann@example.org,,reply,2024-03-01T09:30:00Z,,\n"
        + "ann@example.org,bo@example.org,reply,2024-03-03T09:30:00Z,,caf\u00e9\n".encode("latin-1")
    )
    before = snapshot()
    with pytest.raises(pipeline.ImportFailed) as refused:
        pipeline.review("plain", "t", str(path))
    assert refused.value.errors == [
        "acts.csv, line 5: unknown kind 'poke'",
        "acts.csv, line 6: timestamp '2024-13-01T09:30:00Z' is not ISO 8601 "
        "(for example 2024-03-01T09:30:00Z)",
        "acts.csv, line 7: timestamp '2024-03-01T09:30:00' has no time zone (add Z or +01:00)",
        "acts.csv, line 8: missing target",
        "acts.csv, line 9: not UTF-8 text (byte 0xe9 at position 62)",
    ]
    assert snapshot() == before

    call_command("import_activity", "plain", str(path), "--name", "t", "--skip-bad-rows")
    out = capsys.readouterr().out
    assert "bad rows skipped:     5" in out
    assert "    acts.csv, line 5: unknown kind 'poke'" in out
    assert Interaction.objects.filter(source="plain:t").count() == 3
    assert ImportRun.objects.get().report["bad_count"] == 5


def test_a_csv_without_the_required_columns_is_refused(tmp_path):
    path = tmp_path / "acts.csv"
    path.write_text("from,to,kind,when\na,b,reply,2024-03-01T09:30:00Z\n")
    with pytest.raises(
        SourceError,
        match=r"acts.csv, line 1: the header lacks column\(s\) "
        r"source, target, timestamp",
    ):
        pipeline.review("plain", "t", str(path))


def test_people_are_matched_by_email_and_by_mapping(slack_zip, make_person, tmp_path, capsys):
    ann = make_person("ann")  # ann@example.org, as in the export
    bob = make_person("bob")  # Bo's export address is an old one: mapped by username
    make_person("cy")  # the same username as in Slack, but not mapped: not matched
    mapping = tmp_path / "people.csv"
    mapping.write_text("# Slack, Workaloud\nbo, bob\n")
    call_command(
        "import_activity", "slack", str(slack_zip), "--name", "team", "--mapping", str(mapping)
    )
    ids = {i.source_id: (i.person_id, i.matched_by) for i in SourceIdentity.objects.all()}
    assert ids["UANN"] == (ann.pk, "email")
    assert ids["UBO"] == (bob.pk, "mapping")
    cy = User.objects.get(pk=ids["UCY"][0])
    assert ids["UCY"][1] == "placeholder" and cy.username == "cy-2" and not cy.is_active
    assert Placeholder.objects.get().person == cy
    assert not cy.check_password("") and not cy.has_usable_password()


def test_a_mapping_to_an_unknown_member_is_refused(slack_zip):
    before = snapshot()
    with pytest.raises(pipeline.ImportFailed, match="mapping: no member with username 'nobody'"):
        pipeline.review(
            "slack", "team", str(slack_zip), pipeline.Options(mapping={"UBO": "nobody"})
        )
    assert snapshot() == before


def test_a_stack_exchange_dump_goes_through_the_same_pipeline(capsys):
    from workaloud.imports.tests.conftest import shared_data

    posts = shared_data("matheducators-stackexchange")
    call_command("import_activity", "stackexchange", str(posts), "--name", "mathed")
    assert "acts:                 1662 (help_credited 186, offer_of_help 1476)" in (
        capsys.readouterr().out
    )
    assert Interaction.objects.filter(source="stackexchange:mathed").count() == 1662
    assert Placeholder.objects.count() == 354


def test_mail_sent_to_lists_counts_only_when_the_organiser_asks(capsys):
    """The command's --include-list-mail reaches the mbox reader through the run."""
    from workaloud.imports.tests.test_reader_mbox import FIXTURE

    def acts_to_the_list(*flags):
        call_command("import_activity", "mbox", str(FIXTURE), "--name", "list", *flags)
        return Interaction.objects.filter(
            source="mbox:list",
            target__in=SourceIdentity.objects.filter(source_id__contains="@lists.").values(
                "person"
            ),
        ).count()

    assert acts_to_the_list("--dry-run") == 0
    assert acts_to_the_list() == 0
    assert ImportRun.objects.get().include_list_mail is False
    assert acts_to_the_list("--include-list-mail") == 2
    assert ImportRun.objects.filter(include_list_mail=True).count() == 1
