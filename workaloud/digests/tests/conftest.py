"""Fixtures for the digest tests: a real local SMTP server, and moments after this week."""

import datetime as dt

import pytest
from django.utils import timezone

from workaloud.testing.smtp import smtp_server


@pytest.fixture
def smtp(settings):
    """A real SMTP server on localhost, and Django's SMTP backend pointed at it."""
    with smtp_server(settings, sender="Workaloud <digest@wol.example.org>") as inbox:
        yield inbox


@pytest.fixture
def next_week():
    """A moment in the coming week: this week (holding everything the test made) has ended."""
    return timezone.now() + dt.timedelta(days=7)
