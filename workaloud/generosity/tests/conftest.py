import pytest

from workaloud.testing.db_state import snapshot as db_state
from workaloud.testing.factories import make_response, make_update


@pytest.fixture
def unchanged(db):
    """Call the fixture's value after the request: it asserts the database is as before."""
    before = db_state()

    def check():
        assert db_state() == before

    return check


@pytest.fixture
def ask(alice):
    """Alice shares work with an ask."""
    return make_update(
        alice, body="Drafting the onboarding guide for new volunteers.", ask="Who ran one?"
    )


@pytest.fixture
def offer(ask, bob):
    """Bob offers help on Alice's ask."""
    return make_response(
        ask, bob, kind="offer_of_help", body="I ran ours last year, happy to help."
    )
