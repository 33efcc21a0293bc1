"""Fixtures the campaign tests share: an organiser, and campaigns running today."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from workaloud.campaigns import services
from workaloud.testing import factories


def organiser_named(username: str = "olga", **profile):
    person = factories.make_person(username, **profile)
    person.user_permissions.add(Permission.objects.get(codename="run_campaigns"))
    return type(person).objects.get(pk=person.pk)  # a fresh permission cache


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@pytest.fixture
def olga(db):
    return organiser_named("olga", display_name="Olga Organiser")


@pytest.fixture
def wol_week(olga):
    """Working Out Loud Week from the template, day 2 today (in UTC)."""
    return services.create_from_template(olga, starts_on=utc_today() - dt.timedelta(days=1))


def days(start: dt.date, *titles: str) -> list[dict]:
    return [
        {"date": start + dt.timedelta(days=n), "title": t, "prompt": f"Prompt for {t}."}
        for n, t in enumerate(titles)
    ]
