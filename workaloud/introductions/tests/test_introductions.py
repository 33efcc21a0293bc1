"""Introductions: made with a note, answered by each of the two, recorded in the ledger for
all three once both accept, and seen by nobody else."""

import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from workaloud.introductions.models import Introduction
from workaloud.introductions.services import answer, introduce, status_for
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.relationships.models import Interaction, InteractionKind
from workaloud.relationships.services import stage, strength
from workaloud.testing.db_state import snapshot
from workaloud.tests.api_helpers import assert_error, call

pytestmark = pytest.mark.django_db

NOTE = "You both run onboarding for new engineers."


def text(response) -> str:
    return html.unescape(response.content.decode())


def words(response) -> str:
    """The page's text without markup, on one line."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


@pytest.fixture
def dan(make_person):
    return make_person("dan", display_name="Dan Diaz", team="Sales")


def acts():
    return sorted(
        (i.actor.username, i.target.username, i.kind)
        for i in Interaction.objects.select_related("actor", "target")
    )


# --- making one ----------------------------------------------------------------------------


def test_introducing_tells_both_and_records_nothing_yet(alice, bob, carol):
    intro = introduce(carol, "alice", "@Bob", f"  {NOTE}  ")
    assert (intro.introducer, intro.first, intro.second, intro.note) == (carol, alice, bob, NOTE)
    told = Notification.objects.filter(kind=NotificationKind.INTRODUCTION, introduction=intro)
    assert sorted(n.recipient.username for n in told) == ["alice", "bob"]
    assert {n.actor for n in told} == {carol}
    assert Interaction.objects.count() == 0


@pytest.mark.parametrize(
    "first,second,note,message",
    [
        ("alice", "alice", NOTE, "Choose two different people."),
        ("carol", "bob", NOTE, "You can't introduce yourself"),
        ("alice", "nobody", NOTE, "There is no member called “nobody”."),
        ("", "bob", NOTE, "Say who"),
        ("alice", "bob", "", "This field cannot be blank."),
        ("alice", "bob", "x" * 501, "at most 500 characters"),
    ],
)
def test_bad_introductions_say_what_is_wrong_and_change_nothing(
    alice, bob, carol, first, second, note, message
):
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        introduce(carol, first, second, note)
    assert any(message in m for m in caught.value.messages), caught.value.messages
    assert snapshot() == before


def test_an_inactive_member_cannot_be_introduced(alice, bob, carol):
    bob.is_active = False
    bob.save()
    with pytest.raises(ValidationError, match="no member called"):
        introduce(carol, "alice", "bob", NOTE)


def test_the_same_introduction_twice_is_refused_while_it_waits(alice, bob, carol, dan):
    introduce(carol, "alice", "bob", NOTE)
    with pytest.raises(ValidationError, match="already introduced"):
        introduce(carol, "bob", "alice", NOTE)
    introduce(dan, "alice", "bob", "Another view: you should talk.")  # someone else may


# --- answering -----------------------------------------------------------------------------


def test_both_accepting_records_the_introduction_for_all_three(alice, bob, carol):
    intro = introduce(carol, "alice", "bob", NOTE)
    answer(alice, intro.pk, accept=True)
    assert Interaction.objects.count() == 0  # one acceptance is not a meeting yet
    intro = answer(bob, intro.pk, accept=True)
    assert intro.is_accepted
    assert acts() == sorted(
        [
            ("carol", "alice", InteractionKind.INTRODUCTION),
            ("carol", "bob", InteractionKind.INTRODUCTION),
            ("alice", "bob", InteractionKind.INTRODUCTION),
            ("bob", "alice", InteractionKind.INTRODUCTION),
        ]
    )
    assert {i.occurred_at for i in Interaction.objects.all()} == {intro.accepted_at}
    # The figures moved at once: the broker now has a relationship with each of the two.
    for a, b in ((carol, alice), (carol, bob), (alice, bob)):
        assert strength(a.pk, b.pk) > 0
    assert stage(carol.pk, alice.pk) == 2  # the broker acted; they have not answered yet
    assert stage(alice.pk, bob.pk) == 3  # each accepted the other
    accepted = Notification.objects.filter(kind=NotificationKind.INTRODUCTION_ACCEPTED)
    assert sorted((n.recipient.username, n.actor.username) for n in accepted) == [
        ("alice", "bob"),
        ("carol", "bob"),
    ]


def test_a_decline_records_nothing_and_only_the_decliner_knows_it_was_them(alice, bob, carol):
    intro = introduce(carol, "alice", "bob", NOTE)
    answer(alice, intro.pk, accept=True)
    intro = answer(bob, intro.pk, accept=False)
    assert Interaction.objects.count() == 0
    assert status_for(bob, intro) == "You declined"
    assert status_for(alice, intro) == "Not taken up"
    assert status_for(carol, intro) == "Not taken up"


def test_an_answer_is_final_and_only_the_two_may_answer(alice, bob, carol, dan):
    intro = introduce(carol, "alice", "bob", NOTE)
    answer(alice, intro.pk, accept=False)
    before = snapshot()
    with pytest.raises(ValidationError, match="already declined"):
        answer(alice, intro.pk, accept=True)
    with pytest.raises(PermissionDenied):
        answer(carol, intro.pk, accept=True)
    with pytest.raises(Http404):
        answer(dan, intro.pk, accept=True)
    assert snapshot() == before


def test_a_second_acceptance_records_nothing_more(alice, bob, carol):
    intro = introduce(carol, "alice", "bob", NOTE)
    answer(alice, intro.pk, accept=True)
    answer(bob, intro.pk, accept=True)
    with pytest.raises(ValidationError):
        answer(bob, intro.pk, accept=True)
    assert Interaction.objects.count() == 4


# --- pages ---------------------------------------------------------------------------------


def test_the_page_makes_and_answers_introductions(client_for, alice, bob, carol):
    page = client_for(carol).post(
        "/introductions/", {"first": "alice", "second": "bob", "note": NOTE}, follow=True
    )
    assert "You introduced Alice Archer and Bob Baker" in text(page)
    intro = Introduction.objects.get()
    alice_page = client_for(alice).get("/introductions/")
    assert "Carol Chen introduced you to Bob Baker" in words(alice_page)
    assert NOTE in text(alice_page)
    client_for(alice).post(f"/introductions/{intro.pk}/answer/", {"answer": "accept"})
    done = client_for(bob).post(
        f"/introductions/{intro.pk}/answer/", {"answer": "accept"}, follow=True
    )
    assert "You and Alice Archer both accepted" in text(done)
    made = client_for(carol).get("/introductions/")
    assert "Both accepted" in text(made)


def test_a_bad_form_shows_the_error_and_changes_nothing(client_for, alice, carol):
    before = snapshot()
    page = client_for(carol).post(
        "/introductions/", {"first": "alice", "second": "ghost", "note": NOTE}
    )
    assert page.status_code == 200
    assert "There is no member called “ghost”." in text(page)
    assert snapshot() == before


def test_nobody_else_sees_an_introduction(client_for, alice, bob, carol, dan, admin_user):
    intro = introduce(carol, "alice", "bob", NOTE)
    for outsider in (dan, admin_user):
        page = client_for(outsider).get("/introductions/")
        assert NOTE not in text(page)
        assert client_for(outsider).post(
            f"/introductions/{intro.pk}/answer/", {"answer": "accept"}
        ).status_code in (302, 404)
        listed = call(client_for(outsider), "get", "/api/introductions")
        assert listed.json()["items"] == []
    assert Interaction.objects.count() == 0
    assert Introduction.objects.get().first_answer == "pending"


def test_the_notification_links_to_the_introduction(client_for, alice, bob, carol):
    intro = introduce(carol, "alice", "bob", NOTE)
    inbox = text(client_for(alice).get("/notifications/"))
    assert "introduced you to someone" in inbox
    assert f"/introductions/#introduction-{intro.pk}" in inbox


# --- API -----------------------------------------------------------------------------------


def test_the_api_makes_lists_and_answers(client_for, alice, bob, carol):
    made = call(
        client_for(carol),
        "post",
        "/api/introductions",
        {"first": "alice", "second": "bob", "note": NOTE},
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["first"]["username"], body["second"]["username"]) == ("alice", "bob")
    assert body["awaiting_my_answer"] is False
    mine = call(client_for(alice), "get", "/api/introductions").json()["items"]
    assert [(i["id"], i["awaiting_my_answer"]) for i in mine] == [(body["id"], True)]
    answered = call(
        client_for(alice), "post", f"/api/introductions/{body['id']}/answer", {"answer": "accept"}
    )
    assert answered.json()["status"] == "You accepted; waiting for Bob Baker"


def test_api_bad_input_is_a_clear_error(client_for, alice, bob, carol, dan):
    before = snapshot()
    bad = call(
        client_for(carol),
        "post",
        "/api/introductions",
        {"first": "alice", "second": "alice", "note": NOTE},
    )
    assert_error(bad, 400)
    assert "two different people" in bad.content.decode()
    intro = introduce(carol, "alice", "bob", NOTE)
    before = snapshot()
    wrong = call(
        client_for(alice), "post", f"/api/introductions/{intro.pk}/answer", {"answer": "maybe"}
    )
    assert_error(wrong, 422)
    outsider = call(
        client_for(dan), "post", f"/api/introductions/{intro.pk}/answer", {"answer": "accept"}
    )
    assert_error(outsider, 404)
    assert snapshot() == before
