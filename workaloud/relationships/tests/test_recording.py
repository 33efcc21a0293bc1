"""The services record exactly the expected ledger rows, once, and never to oneself."""

import pytest
from django.utils import timezone

from workaloud.people.services import follow
from workaloud.relationships import services
from workaloud.relationships.models import Interaction, InteractionKind, Relationship
from workaloud.testing.factories import make_goal, make_response, make_update
from workaloud.work.services import resolve_ask

pytestmark = pytest.mark.django_db


def ledger():
    return sorted(
        (i.actor.username, i.target.username, i.kind)
        for i in Interaction.objects.select_related("actor", "target")
    )


def test_respond_records_the_response_kind_to_the_update_author(alice, bob):
    goal = make_goal(alice)
    update = make_update(alice, goal=goal)
    response = make_response(update, bob, kind="question", body="Which audience?")
    assert ledger() == [("bob", "alice", "question")]
    row = Interaction.objects.get()
    assert (row.update_id, row.response_id, row.goal_id) == (update.pk, response.pk, goal.pk)
    assert row.occurred_at == response.created_at
    assert row.source == "native" and row.source_key == f"response:{response.pk}"


def test_a_reply_also_reaches_the_parent_author(alice, bob, carol):
    update = make_update(alice)
    parent = make_response(update, bob, kind="comment")
    make_response(update, carol, kind="challenge", body="Not sure.", parent_id=parent.pk)
    assert ledger() == [
        ("bob", "alice", "comment"),
        ("carol", "alice", "challenge"),
        ("carol", "bob", "reply"),
    ]


def test_on_your_own_update_a_reply_goes_to_the_person_you_answer(alice, bob):
    update = make_update(alice, ask="Any pointers?")
    offer = make_response(update, bob, kind="offer_of_help")
    make_response(update, alice, kind="thanks", body="Thank you!", parent_id=offer.pk)
    assert ledger() == [("alice", "bob", "thanks"), ("bob", "alice", "offer_of_help")]


def test_responding_to_your_own_update_records_nothing(alice):
    update = make_update(alice)
    make_response(update, alice, kind="comment")
    assert ledger() == []


def test_mentions_in_updates_and_responses(alice, bob, carol):
    update = make_update(alice, body="Pairing with @bob on this.")
    make_response(update, bob, kind="comment", body="Looping in @carol and @bob.")
    assert ledger() == [
        ("alice", "bob", "mention"),
        ("bob", "alice", "comment"),
        ("bob", "carol", "mention"),
    ]


def test_follow_records_once(alice, bob):
    follow(alice, bob)
    follow(alice, bob)
    assert ledger() == [("alice", "bob", "follow")]


def test_resolve_ask_records_help_given_by_the_helper_to_the_asker(alice, bob, carol):
    update = make_update(alice, ask="Who can review?")
    offer = make_response(update, bob, kind="offer_of_help")
    resolve_ask(update, alice, helper_ids=[carol.pk], response_ids=[offer.pk])
    assert ledger() == [
        ("bob", "alice", "help_credited"),
        ("bob", "alice", "offer_of_help"),
        ("carol", "alice", "help_credited"),
    ]


def test_recording_the_same_act_twice_keeps_one_row(alice, bob):
    now = timezone.now()
    first = services.record_interaction(
        alice.pk, bob.pk, "comment", occurred_at=now, source_key="response:1"
    )
    again = services.record_interaction(
        alice.pk, bob.pk, "comment", occurred_at=now, source_key="response:1"
    )
    assert first is not None and again is None
    assert Interaction.objects.count() == 1
    rel = Relationship.objects.get()
    assert rel.count_a_to_b + rel.count_b_to_a == 1


def test_self_interactions_are_never_recorded(alice):
    assert (
        services.record_interaction(
            alice.pk, alice.pk, "comment", occurred_at=timezone.now(), source_key="x"
        )
        is None
    )
    assert not Interaction.objects.exists() and not Relationship.objects.exists()


def test_unknown_kind_is_refused(alice, bob):
    with pytest.raises(ValueError):
        services.record_interaction(
            alice.pk, bob.pk, "poke", occurred_at=timezone.now(), source_key="x"
        )
    assert not Interaction.objects.exists()


def test_every_response_kind_is_a_ledger_kind_with_a_weight_and_a_code():
    from workaloud.relationships import model
    from workaloud.responses.models import ResponseKind

    assert set(ResponseKind.values) <= set(InteractionKind.values)
    assert set(model.KIND_WEIGHTS) == set(InteractionKind.values) == set(model.KIND_CODES)
    assert len(model.KIND_CODES) <= 16  # four bits in the ledger reader's packed rows
