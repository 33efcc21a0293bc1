"""Slack exports end to end: the real sample, threads, reactions, mentions, bots."""

from collections import Counter

import pytest
from django.core.management import call_command

from workaloud.imports import pipeline
from workaloud.imports.models import ImportRun, Placeholder, SourceIdentity
from workaloud.imports.readers.slack import SlackReader
from workaloud.imports.records import SourceAct
from workaloud.people.models import User
from workaloud.relationships.models import Interaction, Relationship

pytestmark = pytest.mark.django_db


def kinds(source):
    return Counter(Interaction.objects.filter(source=source).values_list("kind", flat=True))


def run_import(path, name="team", **options):
    found = pipeline.review("slack", name, str(path), pipeline.Options(**options))
    pipeline.write(found, "slack", str(path), pipeline.Options(**options))
    pipeline.recompute()
    return found


def test_the_real_sample_end_to_end(slack_sample, make_person):
    hermione = make_person("hermione")
    found = run_import(slack_sample, "sample", mapping={"doubledeez": "hermione"})
    acts = [a for a in SlackReader(slack_sample).acts() if isinstance(a, SourceAct)]
    # The sample has mentions only between people: bots and joins make no acts.
    assert found.bad == []
    assert kinds("slack:sample") == {"mention": 14}
    assert found.acts == len(acts) == 14
    assert all(a.actor != "USLACKBOT" for a in acts)
    # Hermione was mapped by username; the others are placeholders who cannot log in.
    assert (
        SourceIdentity.objects.get(source="slack:sample", source_id="U0BMS113R").person == hermione
    )
    placeholders = User.objects.filter(placeholder__isnull=False)
    assert placeholders.count() == len(found.people) - 1
    assert all(not u.is_active and not u.has_usable_password() for u in placeholders)
    assert set(placeholders.values_list("display_name", flat=True)) <= {
        "Harry Potter",
        "Hamza Faran",
        "heroeshannibal",
    }
    # Relationships were recomputed from the imported history.
    assert (
        Relationship.objects.filter(person_a=hermione).exists()
        or Relationship.objects.filter(person_b=hermione).exists()
    )


def test_threads_mentions_reactions_and_bots(slack_zip, make_person):
    ann = make_person("ann")  # ann@example.org: matched by email
    run_import(slack_zip)
    ids = dict(SourceIdentity.objects.values_list("source_id", "person_id"))
    assert ids["UANN"] == ann.pk
    assert "UBOT" not in ids
    rows = {
        (r.kind, r.actor_id, r.target_id) for r in Interaction.objects.filter(source="slack:team")
    }
    bo, cy = ids["UBO"], ids["UCY"]
    assert rows == {
        ("mention", ann.pk, bo),  # "<@UBO> can you look?"
        ("reaction", bo, ann.pk),  # 🎉 by Bo and Cy on Ann's message; Ann's own is no act
        ("reaction", cy, ann.pk),
        ("reply", bo, ann.pk),  # thread replies, with and without parent_user_id
        ("reply", cy, ann.pk),
        ("mention", cy, ann.pk),
        ("mention", cy, bo),
        ("reply", ann.pk, cy),
    }
    reply = Interaction.objects.get(source="slack:team", kind="reply", actor_id=bo)
    assert reply.source_key == "CGEN/1709283900.000000"
    assert reply.occurred_at.isoformat() == "2024-03-01T09:05:00+00:00"
    assert Placeholder.objects.count() == 2


def test_the_command_reports_and_a_second_run_changes_nothing(slack_zip, capsys):
    call_command("import_activity", "slack", str(slack_zip), "--name", "team")
    out = capsys.readouterr()
    assert "acts:                 8 (mention 3, reaction 2, reply 3)" in out.out
    assert "interactions added:   8" in out.out
    assert "interactions recorded" in out.err  # the progress line
    before = list(Interaction.objects.order_by("pk").values())
    people = User.objects.count()
    call_command("import_activity", "slack", str(slack_zip), "--name", "team")
    assert "interactions added:   0" in capsys.readouterr().out
    assert list(Interaction.objects.order_by("pk").values()) == before
    assert User.objects.count() == people
    assert ImportRun.objects.filter(status="done").count() == 2


def test_an_unpacked_export_folder_reads_the_same(tmp_path, slack_zip):
    import zipfile

    folder = tmp_path / "unpacked"
    zipfile.ZipFile(slack_zip).extractall(folder)
    from_zip = [a for a in SlackReader(slack_zip).acts()]
    from_folder = [a for a in SlackReader(folder).acts()]
    assert [(a.key, a.kind, a.actor, a.target) for a in from_zip] == [
        (a.key, a.kind, a.actor, a.target) for a in from_folder
    ]
