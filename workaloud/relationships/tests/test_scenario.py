"""The story of the seed: a relationship deepening stage by stage, then fading.

Every act goes through the real services. "A week later" is made by moving the first
week's ledger rows back seven days and rebuilding from the ledger (no clock mocking).
"""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from workaloud.people.services import follow
from workaloud.relationships import services, story
from workaloud.relationships.models import Interaction
from workaloud.relationships.recompute import rebuild_all
from workaloud.testing.factories import make_goal, make_response, make_update
from workaloud.work.services import resolve_ask

pytestmark = pytest.mark.django_db


def stage(a, b):
    return services.stage(a.pk, b.pk)


def test_two_people_deepen_their_relationship_step_by_step(make_person, settings):
    settings.RELATIONSHIP_HALF_LIFE_DAYS = 90
    ann, ben = make_person("ann"), make_person("ben")

    # Two people who never interacted.
    assert stage(ann, ben) == 0
    assert services.strength(ann.pk, ben.pk) == 0.0

    # Ann shares work with an ask: they are still unaware of each other.
    ask = make_update(ann, body="Drafting the onboarding guide.", ask="Who has run one before?")
    assert stage(ann, ben) == 0

    # Ben sees it and follows Ann: aware.
    follow(ben, ann)
    assert stage(ann, ben) == 1

    # Ben offers help: interacted.
    offer = make_response(ask, ben, kind="offer_of_help", body="I ran ours, happy to help.")
    assert stage(ann, ben) == 2

    # Ann credits Ben (recorded as help Ben gave her): still one way.
    resolve_ask(ask, ann, response_ids=[offer.pk])
    assert stage(ann, ben) == 2
    # ... and thanks him: a reciprocal exchange.
    make_response(ask, ann, kind="thanks", body="That saved me a week.", parent_id=offer.pk)
    assert stage(ann, ben) == 3

    # A week later (move that week into the past) they exchange questions on Ben's goal.
    Interaction.objects.update(occurred_at=F("occurred_at") - timedelta(days=7))
    rebuild_all()
    assert stage(ann, ben) == 3
    goal = make_goal(ben, title="Run a mentoring pilot")
    pilot = make_update(ben, body="Planning the pilot.", goal=goal)
    question = make_response(pilot, ann, kind="question", body="Who are the mentees?")
    assert stage(ann, ben) == 3
    make_response(pilot, ben, kind="question", body="Could you be one?", parent_id=question.pk)
    assert stage(ann, ben) == 4

    # The story names those interactions, and the moments each stage was reached.
    now = timezone.now()
    told = story.story(ann, ben, now=now)
    assert told["stage_name"] == "Collaborating"
    timeline = list(reversed(told["timeline"]))  # oldest first
    assert [("ann" if t["given"] else "ben", t["kind"]) for t in timeline] == [
        ("ben", "follow"),
        ("ben", "offer_of_help"),
        ("ben", "help_credited"),
        ("ann", "thanks"),
        ("ann", "question"),
        ("ben", "question"),
    ]
    ids = [t["id"] for t in timeline]
    assert [(m["stage"], m["interaction_id"]) for m in told["moments"]] == [
        (1, ids[0]),
        (2, ids[1]),
        (3, ids[3]),
        (4, ids[5]),
    ]
    parts = {c["name"]: c for c in told["components"]}
    assert parts["intensity"]["rows"] == ids
    assert parts["multiplexity"]["rows"] == ids[:5]  # the first of each of the five kinds
    assert parts["recency"]["rows"] == [ids[-1]]
    assert parts["duration"]["rows"] == [ids[0], ids[-1]]
    assert "you gave 2, you received 4" in parts["reciprocity"]["explain"]
    assert told["strength"] == pytest.approx(services.strength(ann.pk, ben.pk, now=now))
    assert 0 < told["strength"] < 100

    # Without further interaction, strength halves with each half-life; the stage stays.
    assert services.strength(ann.pk, ben.pk, now=now + timedelta(days=90)) == pytest.approx(
        told["strength"] / 2
    )
    assert services.strength(ann.pk, ben.pk, now=now + timedelta(days=180)) == pytest.approx(
        told["strength"] / 4
    )
    assert stage(ann, ben) == 4


def test_half_life_is_configurable(make_person, settings):
    ann, ben = make_person("ann"), make_person("ben")
    t0 = timezone.now()
    services.record_interaction(ann.pk, ben.pk, "comment", occurred_at=t0, source_key="x")
    settings.RELATIONSHIP_HALF_LIFE_DAYS = 10
    assert services.strength(ann.pk, ben.pk, now=t0 + timedelta(days=10)) == pytest.approx(
        services.strength(ann.pk, ben.pk, now=t0) / 2
    )
