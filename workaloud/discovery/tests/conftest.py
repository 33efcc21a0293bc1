"""A small community whose texts overlap in known ways."""

import pytest

from workaloud.discovery import store
from workaloud.testing.factories import make_goal, make_person, make_response, make_update


@pytest.fixture(autouse=True)
def fresh_index():
    store.reset_index()
    yield
    store.reset_index()


@pytest.fixture
def community(db, alice, bob, carol):
    """alice asks about onboarding new engineers; bob (Research) has written about it and has
    helped before; carol writes about budgets; dana (alice's team) shares alice's purpose."""
    alice.purpose = "Help new engineers become productive in their first weeks."
    alice.save()
    make_goal(alice, title="Improve onboarding for new engineers")
    ask = make_update(
        alice,
        body="Drafting the onboarding checklist for new engineers joining the platform team.",
        ask="Examples of onboarding checklists or buddy programmes for new engineers?",
    )
    bob.purpose = "Research how engineers learn a codebase."
    bob.save()
    bob_goal = make_goal(bob, title="Run an onboarding buddy programme")
    make_update(
        bob,
        body="Our onboarding buddy programme paired every new engineer with a mentor.",
        goal=bob_goal,
    )
    make_update(carol, body="Reconciled the quarterly budget spreadsheets for finance.")
    carol_ask = make_update(carol, body="Budget review", ask="Who knows the finance calendar?")
    make_response(carol_ask, bob, body="The finance calendar is on the wiki.")
    dana = make_person("dana", display_name="Dana Diaz", team="Platform")
    dana.purpose = "Make onboarding of new engineers smooth and friendly."
    dana.save()
    make_update(dana, body="Wrote the first-week onboarding guide for engineers.")
    store.refresh_all()
    return {"ask": ask, "dana": dana, "carol_ask": carol_ask}
