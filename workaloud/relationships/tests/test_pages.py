"""My relationships: the viewer's own, strongest first; nobody else's ever appears."""

import pytest
from django.utils import timezone

from workaloud.relationships import services

pytestmark = pytest.mark.django_db


def record(actor, target, kind, key):
    services.record_interaction(
        actor.pk, target.pk, kind, occurred_at=timezone.now(), source_key=key
    )


def test_login_required(client):
    response = client.get("/relationships/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_shows_only_my_relationships_strongest_first(
    client_for, alice, bob, carol, make_person, django_assert_max_num_queries
):
    dave, erin = make_person("dave", display_name="Dave Secret"), make_person("erin")
    record(alice, bob, "follow", "f1")
    record(carol, alice, "offer_of_help", "o1")
    record(alice, carol, "thanks", "t1")
    record(dave, erin, "help_credited", "h1")  # not Alice's: must never show to her
    record(bob, dave, "question", "q1")  # Bob's, not Alice's
    client = client_for(alice)
    with django_assert_max_num_queries(10):
        page = client.get("/relationships/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-testid="relationship"') == 2
    assert html.index("Carol Chen") < html.index("Bob Baker")
    assert "Dave Secret" not in html and "erin" not in html
    assert "Reciprocal exchange" in html and "Aware" in html
    assert 'href="/relationships/"' in html


def test_another_persons_page_shows_their_own_only(client_for, alice, bob, carol):
    record(alice, carol, "comment", "c1")
    html = client_for(bob).get("/relationships/").content.decode()
    assert "Carol Chen" not in html and "Alice Archer" not in html
    assert "No relationships yet" in html
