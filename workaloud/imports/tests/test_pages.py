"""The organiser's pages: organisers only; upload, review, import, progress, report."""

from pathlib import Path

import pytest
from django.urls import reverse

from workaloud.imports.models import ImportRun, Placeholder
from workaloud.relationships.models import Interaction
from workaloud.testing.db_state import snapshot

pytestmark = pytest.mark.django_db


def upload(client, path, **fields):
    with open(path, "rb") as handle:
        return client.post(
            reverse("imports_home"),
            {"format": "slack", "name": "team", "file": handle, **fields},
        )


def test_pages_are_for_organisers_only(client_for, alice, organiser, slack_zip):
    run = ImportRun.objects.create(name="x", format="slack", source="slack:x", path="/nowhere")
    placeholder_page = reverse("imports_people")
    urls = [
        reverse("imports_home"),
        reverse("imports_run", args=[run.pk]),
        reverse("imports_progress", args=[run.pk]),
        placeholder_page,
    ]
    member = client_for(alice)
    for url in urls:
        assert member.get(url).status_code == 403, url
    before = snapshot()
    assert upload(member, slack_zip).status_code == 403
    assert member.post(reverse("imports_start", args=[run.pk])).status_code == 403
    assert (
        member.post(reverse("imports_merge", args=[alice.pk]), {"into": "olga"}).status_code == 403
    )
    assert snapshot() == before
    boss = client_for(organiser)
    for url in urls:
        assert boss.get(url).status_code == 200, url
    assert client_for(alice).get(reverse("imports_my_texts")).status_code == 200


def test_upload_review_import_and_report(
    client_for, organiser, slack_zip, make_person, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    make_person("ann")
    boss = client_for(organiser)
    answer = upload(boss, slack_zip, mapping="UBO, olga")
    run = ImportRun.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("imports_run", args=[run.pk])
    # Jobs run at once in tests: the review is ready, nothing is written yet.
    assert run.status == "review" and not Interaction.objects.exists()
    page = boss.get(answer["Location"]).content.decode()
    assert "What will be imported" in page and "Who is who" in page
    assert "@olga" in page and "mapping" in page and "new placeholder" in page
    progress = boss.get(reverse("imports_progress", args=[run.pk])).json()
    assert progress["status"] == "review" and progress["finished"]
    assert progress["rows_read"] == 8 and progress["people_matched"] == 2

    assert Path(run.path).exists()
    boss.post(reverse("imports_start", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "done" and run.interactions_recorded == 8
    assert not Path(run.path).exists()  # the uploaded export, with every message, is gone
    assert Interaction.objects.filter(source="slack:team").count() == 8
    progress = boss.get(reverse("imports_progress", args=[run.pk])).json()
    assert progress == {
        "status": "done",
        "status_label": "Done",
        "finished": True,
        "percent": 100,
        "rows_read": 8,
        "rows_total": 8,
        "people_matched": 2,
        "placeholders": 1,
        "interactions_recorded": 8,
        "errors": 0,
    }
    assert "What was imported" in boss.get(reverse("imports_run", args=[run.pk])).content.decode()
    people = boss.get(reverse("imports_people")).content.decode()
    assert Placeholder.objects.get().person.username in people
    # Starting it again is refused: it is done.
    boss.post(reverse("imports_start", args=[run.pk]))
    assert Interaction.objects.filter(source="slack:team").count() == 8


def test_a_bad_upload_shows_its_errors_and_imports_nothing(client_for, organiser, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    boss = client_for(organiser)
    answer = upload(boss, bad)
    run = ImportRun.objects.get()
    assert run.status == "failed"
    page = boss.get(answer["Location"]).content.decode()
    assert "Nothing was imported" in page and "not a readable zip archive" in page
    assert boss.post(reverse("imports_start", args=[run.pk])).status_code == 302
    assert not Interaction.objects.exists()


def test_the_form_refuses_a_bad_name_or_mapping(client_for, organiser, slack_zip):
    boss = client_for(organiser)
    before = snapshot()
    answer = upload(boss, slack_zip, name="Not OK!")
    assert answer.status_code == 200 and "lowercase letters" in answer.content.decode()
    answer = upload(boss, slack_zip, mapping="just-one-column")
    assert answer.status_code == 200 and "Mapping line 1" in answer.content.decode()
    answer = upload(boss, slack_zip, mapping="UBO, nobody")
    assert answer.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == "failed" and "no member with username 'nobody'" in run.problem
    assert {k: v for k, v in snapshot().items() if k != "imports.ImportRun"} == {
        k: v for k, v in before.items() if k != "imports.ImportRun"
    }


def test_merging_and_inviting_from_the_page(client_for, organiser, slack_zip, bob, settings):
    from workaloud.testing.smtp import smtp_server

    boss = client_for(organiser)
    upload(boss, slack_zip)
    boss.post(reverse("imports_start", args=[ImportRun.objects.get().pk]))
    first, second, third = Placeholder.objects.select_related("person").order_by("pk")
    answer = boss.post(reverse("imports_merge", args=[first.person.pk]), {"into": "bob"})
    assert answer.status_code == 302
    assert not Placeholder.objects.filter(pk=first.pk).exists()
    with smtp_server(settings, sender="w@wol.example.org") as inbox:
        boss.post(reverse("imports_invite", args=[second.person.pk]), {"email": "cy@new.example"})
    assert inbox.to("cy@new.example")
    answer = boss.post(reverse("imports_merge", args=[third.person.pk]), {"into": "nobody"})
    assert Placeholder.objects.filter(pk=third.pk).exists()
    assert "No member with that username" in boss.get(answer["Location"]).content.decode()


def test_the_navigation_links_to_imports_for_importers_only(client_for, organiser, alice):
    link = 'href="/imports/"'
    assert link in client_for(organiser).get(reverse("imports_people")).content.decode()
    assert link not in client_for(alice).get(reverse("imports_my_texts")).content.decode()
