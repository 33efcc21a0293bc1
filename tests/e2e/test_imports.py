"""Imports in the browser: an organiser uploads the real Slack sample, reviews who is who,
imports it and reads the report; a run in progress updates its bar by itself; the
placeholder page lists the people to invite or merge."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.imports.models import ImportRun
from workaloud.relationships.models import Interaction
from workaloud.testing import factories

pytestmark = pytest.mark.e2e

SAMPLE = (
    Path(settings.BASE_DIR).parent / "shared" / "data" / "slack-export-sample" / "testarchive.zip"
)


@pytest.fixture
def olga(transactional_db):
    person = factories.make_person("olga", display_name="Olga Organiser")
    person.user_permissions.add(Permission.objects.get(codename="run_imports"))
    return person


def test_upload_review_import_and_follow_progress(page, screenshot, olga, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    hermione = factories.make_person("hermione", display_name="Hermione Granger")
    log_in(page, "olga")
    page.goto("/imports/")
    expect(page.get_by_role("heading", name="Import history from other tools")).to_be_visible()
    form = page.get_by_test_id("new-import")
    form.get_by_label("Format").select_option("slack")
    form.get_by_label("Name").fill("sample")
    form.get_by_label("File", exact=True).set_input_files(str(SAMPLE))
    form.get_by_role("textbox", name="Mapping").fill("doubledeez, hermione")
    screenshot(page, "new-import")
    form.get_by_role("button", name="Read and review").click()

    run = ImportRun.objects.get()
    expect(page).to_have_url(re.compile(rf"/imports/{run.pk}/$"))
    expect(page.get_by_test_id("report")).to_contain_text("14 interactions: 14 mention")
    matches = page.get_by_test_id("matches")
    expect(matches.get_by_role("row", name=re.compile("Hermione Granger"))).to_contain_text(
        "@hermione"
    )
    expect(matches.get_by_text("new placeholder")).to_have_count(2)
    screenshot(page, "review")
    assert not Interaction.objects.exists()

    page.get_by_test_id("start").click()
    expect(page.get_by_test_id("report")).to_contain_text("What was imported")
    expect(page.get_by_test_id("report")).to_contain_text("14 new interactions recorded")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    screenshot(page, "done")
    assert Interaction.objects.filter(source="slack:sample", actor=hermione).exists() or (
        Interaction.objects.filter(source="slack:sample", target=hermione).exists()
    )

    # A run in progress: the page polls, fills its bar and figures, and shows the report when
    # the run is done.
    running = ImportRun.objects.create(
        name="later",
        format="slack",
        source="slack:later",
        path=str(SAMPLE),
        original_name="later.zip",
        status="writing",
        rows_total=200,
        rows_read=50,
        people_matched=3,
    )
    page.goto(f"/imports/{running.pk}/")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "25")
    ImportRun.objects.filter(pk=running.pk).update(rows_read=150, interactions_recorded=120)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "75")
    expect(page.locator('[data-figure="interactions_recorded"]')).to_have_text("120")
    screenshot(page, "in-progress")
    ImportRun.objects.filter(pk=running.pk).update(
        status="done",
        rows_read=200,
        interactions_recorded=160,
        report={
            "source": "slack:later",
            "acts": 160,
            "by_kind": {"reply": 160},
            "people": 3,
            "matched": 3,
            "placeholders": 0,
            "bot_acts": 0,
            "bad": [],
            "bad_count": 0,
            "added": 160,
            "recorded": 160,
            "recompute_seconds": 0.1,
        },
    )
    expect(page.get_by_test_id("report")).to_contain_text("160 new interactions recorded")

    page.goto("/imports/people/")
    expect(page.get_by_test_id("placeholders").get_by_role("row")).to_have_count(3)
    screenshot(page, "placeholders")


def test_members_without_the_permission_are_refused(page, transactional_db):
    factories.make_person("mo")
    log_in(page, "mo")
    response = page.goto("/imports/")
    assert response.status == 403
