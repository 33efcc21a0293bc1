"""A relationship's story (page and API): timeline, moments, breakdown, suggestions; private."""

from datetime import timedelta

import pytest
from django.utils import timezone

from workaloud.people.services import follow
from workaloud.relationships import services, story
from workaloud.testing.factories import make_goal, make_response, make_update
from workaloud.work.services import delete_update, resolve_ask

pytestmark = pytest.mark.django_db


def test_login_required(client, bob):
    response = client.get("/relationships/with/bob/")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert client.get("/api/relationships/bob").status_code == 401


def test_story_page_tells_the_timeline_moments_and_breakdown(client_for, alice, bob):
    update = make_update(alice, body="Mapping our review process.", ask="Who has a checklist?")
    offer = make_response(update, bob, kind="offer_of_help", body="I have one.")
    make_response(update, alice, kind="thanks", body="Thank you!", parent_id=offer.pk)
    html = client_for(alice).get("/relationships/with/bob/").content.decode()
    assert "You and" in html and "Bob Baker" in html
    assert "Stage 3 · Reciprocal exchange" in html
    assert html.count("<li") >= 2
    assert "Offer of help" in html and "Mapping our review process." in html
    assert "Reached stage 2" in html and "Reached stage 3" in html
    for component in ("intensity", "recency", "reciprocity", "multiplexity", "duration"):
        assert f'data-component="{component}"' in html
    assert 'data-testid="suggestion"' in html


def test_the_story_hides_work_the_viewer_can_no_longer_see(alice, bob):
    update = make_update(bob, body="Secret plans for the offsite.", audience="followers")
    follow(alice, bob)
    make_response(update, alice, kind="question", body="When?")
    told = story.story(alice, bob)
    assert told["timeline"][0]["about"]["label"].startswith("Secret plans")
    from workaloud.people.services import unfollow

    unfollow(alice, bob)
    told = story.story(alice, bob)
    labels = [t["about"]["label"] for t in told["timeline"] if t["about"]]
    assert labels == ["an update you cannot see"]
    assert "Secret plans" not in str(told)


def test_a_person_i_cannot_see_or_do_not_know(client_for, alice, make_person):
    make_person("ghost", is_active=False)
    client = client_for(alice)
    assert client.get("/relationships/with/nobody-here/").status_code == 404
    assert client.get("/relationships/with/ghost/").status_code == 404
    assert client.get("/api/relationships/nobody-here").status_code == 404
    assert client.get("/relationships/with/alice/").status_code == 302  # yourself: the list
    assert client.get("/api/relationships/alice").status_code == 400


def test_someone_no_longer_active_keeps_their_place_in_my_story(client_for, alice, bob, carol):
    """A member who left, or a person known only from imported history, is inactive: no
    profile, but the story of my own relationship with them is still mine to read."""
    update = make_update(alice, body="Drafting the rota.", ask="Who has a template?")
    make_response(update, bob, kind="offer_of_help", body="Use ours.")
    bob.is_active = False
    bob.save()
    html = client_for(alice).get("/relationships/with/bob/").content.decode()
    assert "not a member" in html and "Offer of help" in html
    assert 'href="/people/bob/"' not in html
    assert client_for(alice).get("/api/relationships/bob").json()["username"] == "bob"
    # Someone with no relationship to them still finds nobody there.
    assert client_for(carol).get("/relationships/with/bob/").status_code == 404
    assert client_for(carol).get("/api/relationships/bob").status_code == 404


def test_no_interactions_yet_still_suggests_a_first_step(client_for, alice, bob):
    make_update(bob, body="Sketching the new onboarding flow.")
    html = client_for(alice).get("/relationships/with/bob/").content.decode()
    assert "No interactions yet" in html
    assert "Sketching the new onboarding flow." in html  # respond to their latest work


def test_suggestions_are_concrete(alice, bob):
    make_goal(alice, title="Improve onboarding for new engineers")
    make_goal(bob, title="Onboarding buddies for every team")
    ask = make_update(bob, body="Planning buddies.", ask="Who has run a buddy scheme?")
    helped = make_update(alice, body="Writing the checklist.", ask="Any templates?")
    offer = make_response(helped, bob, kind="offer_of_help", body="Use ours.")
    resolve_ask(helped, alice, response_ids=[offer.pk])
    kinds = [s["kind"] for s in story.suggestions(alice, bob)]
    assert kinds[:3] == ["open_ask", "thank", "shared_goal"]
    texts = " ".join(s["text"] for s in story.suggestions(alice, bob))
    assert "Who has run a buddy scheme?" in texts
    assert "never thanked Bob Baker" in texts
    assert "“onboarding”" in texts
    # Answer the ask and thank: those suggestions go away.
    make_response(ask, alice, kind="comment", body="We did, here is how.")
    make_response(helped, alice, kind="thanks", body="Thanks!", parent_id=offer.pk)
    kinds = [s["kind"] for s in story.suggestions(alice, bob)]
    assert "open_ask" not in kinds and "thank" not in kinds and "shared_goal" in kinds


def test_api_story_has_every_part_and_only_for_the_caller(client_for, alice, bob, carol):
    update = make_update(alice, body="Draft.", ask="Thoughts?")
    make_response(update, bob, kind="question", body="Why?")
    body = client_for(alice).get("/api/relationships/bob").json()
    assert body["exists"] and body["stage"] == 2
    assert [t["kind"] for t in body["timeline"]] == ["question"]
    assert body["timeline"][0]["given"] is False
    assert {c["name"] for c in body["components"]} == {
        "intensity",
        "recency",
        "reciprocity",
        "multiplexity",
        "duration",
        "shared_connections",
    }
    assert body["moments"][0]["stage"] == 1 and body["suggestions"]
    # Carol asking about Bob sees her own (empty) relationship, never Alice's.
    other = client_for(carol).get("/api/relationships/bob").json()
    assert other["exists"] is False and other["timeline"] == []


def test_deleting_an_update_removes_its_interactions_effect(client_for, alice, bob, carol):
    kept = make_update(alice, body="Kept.")
    make_response(kept, bob, kind="comment", body="Nice.")
    gone = make_update(alice, body="To be deleted.", ask="Help?")
    make_response(gone, bob, kind="offer_of_help", body="Me!")
    make_response(gone, carol, kind="question", body="What for?")
    before = services.strength(alice.pk, bob.pk)
    assert services.relationship_between(alice.pk, carol.pk) is not None
    delete_update(gone, alice)
    # Bob's pair keeps only the comment on the kept update; Carol's pair had nothing else.
    rel = services.relationship_between(alice.pk, bob.pk)
    assert (rel.count_a_to_b + rel.count_b_to_a, rel.kind_mask.bit_count()) == (1, 1)
    assert services.strength(alice.pk, bob.pk) < before
    assert services.relationship_between(alice.pk, carol.pk) is None
    told = story.story(alice, bob)
    assert [t["kind"] for t in told["timeline"]] == ["comment"]


def test_strength_fades_and_trend_reads_90_days(client_for, alice, bob, carol, make_person):
    dave = make_person("dave", display_name="Dave Doe")
    now = timezone.now()
    old = now - timedelta(days=200)

    def record(actor, target, kind, at, key):
        services.record_interaction(actor.pk, target.pk, kind, occurred_at=at, source_key=key)

    record(alice, bob, "comment", old, "old-1")  # only long ago: fading
    record(bob, alice, "question", old, "old-2")
    record(alice, carol, "comment", now - timedelta(days=3), "new-1")  # new within 90 days
    record(alice, dave, "comment", old, "d-1")  # long ago, then a lot recently: deepening
    for i in range(3):
        record(dave, alice, "offer_of_help", now - timedelta(days=5 + i), f"d-r{i}")
    rows = {r["username"]: r for r in client_for(alice).get("/api/relationships").json()["items"]}
    assert rows["bob"]["trend"] == "fading" and rows["bob"]["trend_ratio"] == pytest.approx(0.5)
    assert rows["carol"]["trend"] == "new" and rows["carol"]["trend_ratio"] is None
    assert rows["dave"]["trend"] == "deepening" and rows["dave"]["trend_ratio"] > 1.25
    assert (rows["dave"]["gave"], rows["dave"]["received"]) == (1, 3)


def test_the_timeline_runs_newest_first_by_when_acts_happened(alice, bob):
    from workaloud.relationships.models import Interaction

    update = make_update(alice, body="Drafting the survey.")
    first = make_response(update, bob, kind="question", body="Who is it for?")
    second = make_response(update, bob, kind="encouragement", body="Good luck!")
    # The later-recorded act happened earlier (a backdated or imported act).
    Interaction.objects.filter(source_key=f"response:{second.pk}").update(
        occurred_at=first.created_at - timedelta(days=3)
    )
    kinds = [entry["kind"] for entry in story.story(alice, bob)["timeline"]]
    assert kinds == ["question", "encouragement"]
