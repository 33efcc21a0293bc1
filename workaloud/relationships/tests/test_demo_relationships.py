"""The demo community's ledger carries the backdated times of its acts."""

import pytest

from workaloud.demo.loader import load_demo
from workaloud.relationships.models import Interaction, Relationship
from workaloud.responses.models import Response

pytestmark = pytest.mark.django_db


def test_demo_ledger_is_dated_like_its_acts():
    load_demo()
    responses = dict(Response.objects.values_list("pk", "created_at"))
    rows = Interaction.objects.filter(source_key__startswith="response:")
    assert rows.exists()
    for row in rows:
        assert row.occurred_at == responses[row.response_id]
    stages = set(Relationship.objects.values_list("stage", flat=True))
    assert {1, 2, 3} <= stages
