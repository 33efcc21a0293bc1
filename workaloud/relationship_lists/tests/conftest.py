"""Fixtures: Alice's goal and its list, and a way to give two people a computed stage."""

from itertools import count

import pytest
from django.utils import timezone

from workaloud.relationships.services import record_interaction
from workaloud.testing.factories import make_goal

_keys = count(1)


@pytest.fixture
def goal(alice):
    return make_goal(alice, title="Launch the mentoring programme")


@pytest.fixture
def record():
    """``record(actor, target, kind)``: one interaction in the ledger, now."""

    def add(actor, target, kind, **fields):
        fields.setdefault("occurred_at", timezone.now())
        return record_interaction(
            actor.pk, target.pk, kind, source_key=f"list-test:{next(_keys)}", **fields
        )

    return add
