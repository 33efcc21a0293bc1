"""The notification tests' SMTP server: the shared one, sending as Workaloud."""

import pytest

from workaloud.testing.smtp import html_of, smtp_server, text_of  # noqa: F401


@pytest.fixture
def smtp(settings):
    """Django's SMTP backend pointed at a real server on localhost."""
    with smtp_server(settings, sender="workaloud@wol.example.org") as inbox:
        yield inbox
