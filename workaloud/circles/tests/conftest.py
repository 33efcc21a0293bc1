"""Fixtures the circle tests share: an organiser and a round she runs."""

import pytest

from workaloud.circles.tests.test_forming import make_round, organiser_named


@pytest.fixture
def olga(db):
    return organiser_named("olga", display_name="Olga Organiser")


@pytest.fixture
def spring(olga):
    return make_round(olga)
