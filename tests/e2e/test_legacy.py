"""A person's legacy in the browser: from the profile to the Legacy tab, as the person sees it
(with who thanked them privately) and as another member sees it (without)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.generosity.services import say_thanks
from workaloud.people.services import follow
from workaloud.testing import factories
from workaloud.work.models import Stage, WorkUpdate
from workaloud.work.services import resolve_ask

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(transactional_db):
    ada = factories.make_person(
        "ada", display_name="Ada Lovelace", team="Platform", purpose="Make onboarding humane."
    )
    grace = factories.make_person("grace", display_name="Grace Hopper")
    linus = factories.make_person("linus", display_name="Linus Park")
    mia = factories.make_person("mia", display_name="Mia Member")
    follow(mia, ada)

    start = datetime(2026, 1, 12, 9, tzinfo=UTC)
    guide = factories.make_goal(ada, title="Ship the onboarding guide")
    talk = factories.make_goal(ada, title="Give the DevEx conference talk")
    factories.make_goal(ada, title="Learn enough Rust to review the CLI")
    work = [
        (guide, "Outlined the guide with three new joiners.", Stage.IDEA),
        (guide, "Chapter one drafted: the first week.", Stage.IN_PROGRESS),
        (guide, "Stuck on the access-request chapter.", Stage.STUCK),
        (guide, "Published the onboarding guide for everyone.", Stage.DONE),
        (talk, "Abstract submitted to DevEx.", Stage.IN_PROGRESS),
        (None, "Tidied the team wiki's front page.", Stage.DONE),
    ]
    for n, (goal, body, stage) in enumerate(work):
        update = factories.make_update(ada, body=body, goal=goal, stage=stage)
        WorkUpdate.objects.filter(pk=update.pk).update(published_at=start + timedelta(days=9 * n))
    factories.make_update(ada, body="A private note on the talk", goal=talk, audience="only_me")

    for asker, ask in [
        (grace, "Who knows how the SSO groups are provisioned?"),
        (linus, "Can someone review my onboarding checklist?"),
    ]:
        update = factories.make_update(asker, body=f"Working on: {ask}", ask=ask)
        answer = factories.make_response(update, ada, kind="offer_of_help", body="Happy to help.")
        resolve_ask(update, asker, response_ids=[answer.pk])
    say_thanks(grace, update_id=_last_update(ada).pk, note="Your guide saved my first week.")
    factories.make_response(_last_update(ada), linus, kind="thanks", body="Thank you for this!")
    return ada


def _last_update(person):
    return (
        WorkUpdate.objects.filter(author=person, audience="community")
        .order_by("-published_at")
        .first()
    )


def test_a_profile_opens_its_legacy(open_page, screenshot, world):
    page = open_page()
    log_in(page, "ada")
    page.goto("/people/ada/")
    screenshot(page, "the profile with its tabs", full_page=False)
    page.screenshot(path="/tmp/legacy-profile.png")
    page.get_by_test_id("profile-tabs").get_by_role("link", name="Legacy").click()
    expect(page).to_have_url(re.compile(r"/people/ada/legacy/$"))
    expect(page.get_by_test_id("legacy-summary")).to_have_text(
        "7 updates, 6 on 2 goals · helped resolve 2 asks · helped 2 people"
    )
    goals = page.get_by_test_id("legacy-goal")
    expect(goals).to_have_count(3)
    guide = goals.filter(has_text="Ship the onboarding guide")
    expect(guide).to_contain_text("4 updates")
    expect(guide).to_contain_text("12 Jan 2026 – 8 Feb 2026")
    expect(guide).to_contain_text("reached Done")
    expect(page.get_by_test_id("legacy-ask")).to_have_count(2)
    expect(page.get_by_test_id("legacy-helped")).to_have_count(2)
    private = page.get_by_test_id("legacy-private-thanks")
    expect(private).to_contain_text("only you see these")
    expect(private).to_contain_text("Grace Hopper")
    expect(private).to_contain_text("Your guide saved my first week.")
    expect(page.get_by_test_id("legacy-public-thanker")).to_contain_text("Linus Park")
    shot = screenshot(page, "legacy as its owner")
    page.screenshot(path="/tmp/legacy-owner.png", full_page=True)
    assert shot.exists()

    # Another member, a follower: her work and help, but not who thanked her privately.
    other = open_page()
    log_in(other, "mia")
    other.goto("/people/ada/legacy/")
    expect(other.get_by_test_id("legacy-summary")).to_have_text(
        "6 updates, 5 on 2 goals · helped resolve 2 asks · helped 2 people"
    )
    expect(other.get_by_test_id("legacy-private-thanks")).to_have_count(0)
    expect(other.get_by_text("Your guide saved my first week.")).to_have_count(0)
    expect(other.get_by_test_id("legacy-public-thanker")).to_contain_text("Linus Park")
    other.get_by_test_id("legacy-ask").first.get_by_role("link").first.click()
    expect(other).to_have_url(re.compile(r"/updates/\d+/$"))
    other.go_back()
    other.evaluate("window.scrollTo(0, 0)")
    screenshot(other, "legacy as another member")
    other.screenshot(path="/tmp/legacy-member.png", full_page=True)
