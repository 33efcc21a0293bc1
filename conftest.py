"""Shared pytest fixtures: members, and clients logged in as them."""

import pytest

from workaloud.testing import factories


@pytest.fixture
def make_person(db):
    return factories.make_person


@pytest.fixture
def alice(db):
    return factories.make_person("alice", display_name="Alice Archer", team="Platform")


@pytest.fixture
def bob(db):
    return factories.make_person("bob", display_name="Bob Baker", team="Research")


@pytest.fixture
def carol(db):
    return factories.make_person("carol", display_name="Carol Chen", team="People")


@pytest.fixture
def client_for(client):
    """A function returning a Django test client logged in as the given person."""
    from django.test import Client

    def make(person):
        c = Client()
        c.force_login(person)
        return c

    return make
