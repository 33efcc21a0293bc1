"""The campaign feed shows an answer exactly to the people who may see it, on the page and in
the API: a followers-only or circle answer is never shown to anyone else (administrators
included), nor a draft, an "only me", a deleted or a hidden one."""

import html

import pytest
from django.test import Client
from django.utils import timezone

from workaloud.audience import Audience, can_view_update
from workaloud.people.services import follow
from workaloud.testing.factories import make_person, make_update
from workaloud.tests.api_helpers import token_client
from workaloud.tests.test_visibility_matrix import make_circle
from workaloud.work.models import WorkUpdate
from workaloud.work.services import delete_update

pytestmark = pytest.mark.django_db

SECRET = "Zanzibar-answer"
VIEWERS = ("author", "follower", "circlemate", "stranger", "admin")
EXPECTED = {
    "community": {"author", "follower", "circlemate", "stranger", "admin"},
    "followers": {"author", "follower"},
    "circle": {"author", "circlemate"},
    "only_me": {"author"},
    "draft": {"author"},  # on the page only in the author's drafts, never in the feed
    "deleted": set(),
    "hidden": set(),
}


@pytest.fixture
def people(db):
    people = {name: make_person(name) for name in VIEWERS}
    people["admin"].is_staff = people["admin"].is_superuser = True
    people["admin"].save()
    follow(people["follower"], people["author"])
    people["circle"] = make_circle([people["author"], people["circlemate"]])
    return people


def tagged(people, campaign, state) -> WorkUpdate:
    author = people["author"]
    audience = state if state in Audience.values else Audience.COMMUNITY
    update = make_update(
        author,
        body=f"{SECRET} in state {state}",
        campaign=campaign,
        audience=audience,
        circle=people["circle"] if state == "circle" else None,
        publish=state != "draft",
    )
    if state == "deleted":
        delete_update(update, author)
    elif state == "hidden":
        WorkUpdate.objects.filter(pk=update.pk).update(hidden_at=timezone.now())
    update.refresh_from_db()
    return update


@pytest.mark.parametrize("state", list(EXPECTED))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_campaign_feed_audience(wol_week, people, state, viewer):
    update = tagged(people, wol_week, state)
    person = people[viewer]
    in_feed = viewer in EXPECTED[state] and state != "draft"
    assert in_feed == (can_view_update(person, update) and state != "draft")

    client = Client()
    client.force_login(person)
    page = html.unescape(client.get(f"/campaigns/{wol_week.pk}/").content.decode())
    assert (SECRET in page) == in_feed, (viewer, state)

    api = token_client(person)[0]
    items = api.get(f"/api/campaigns/{wol_week.pk}/feed").json()["items"]
    assert ([u["id"] for u in items] == [update.pk]) == in_feed, (viewer, state)
    figures = api.get(f"/api/campaigns/{wol_week.pk}/figures").content.decode()
    assert SECRET not in figures and "author" not in figures.replace("authors", "")
