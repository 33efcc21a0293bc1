"""Fixtures for the notification tests."""

from workaloud.notifications.tests.smtp import smtp  # noqa: F401
