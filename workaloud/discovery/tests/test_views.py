"""The discovery pages, the panels on the home page and on an ask, "ask them" and "not now"."""

import pytest

from workaloud.discovery.models import Dismissal, HelpRequest
from workaloud.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_home_and_ask_load_their_panels(community, client_for, alice, bob):
    c = client_for(alice)
    home = c.get("/")
    assert b'data-testid="aligned-slot"' in home.content
    panel = c.get("/discovery/people/panel/", HTTP_HX_REQUEST="true")
    assert panel.status_code == 200 and b"Dana Diaz" in panel.content
    assert b"Both working on" in panel.content
    ask = community["ask"]
    page = c.get(f"/updates/{ask.pk}/")
    assert b'data-testid="helpers-slot"' in page.content
    helpers = c.get(f"/discovery/updates/{ask.pk}/helpers/", HTTP_HX_REQUEST="true")
    assert helpers.status_code == 200
    assert b"Bob Baker" in helpers.content and b"has helped on 1 ask" in helpers.content
    assert b"Ask Bob Baker" in helpers.content


def test_helpers_panel_is_the_authors_alone(community, client_for, bob):
    ask = community["ask"]
    c = client_for(bob)
    assert b"helpers-slot" not in c.get(f"/updates/{ask.pk}/").content
    assert c.get(f"/discovery/updates/{ask.pk}/helpers/").status_code == 403
    assert c.post(f"/discovery/updates/{ask.pk}/ask/", {"username": "carol"}).status_code == 403
    assert not HelpRequest.objects.exists()


def test_ask_them_from_the_page(community, client_for, alice, bob):
    ask = community["ask"]
    c = client_for(alice)
    answer = c.post(f"/discovery/updates/{ask.pk}/ask/", {"username": "bob"}, follow=True)
    assert b"We asked Bob Baker" in answer.content
    assert Notification.objects.filter(recipient=bob, kind="help_asked").count() == 1
    again = c.post(f"/discovery/updates/{ask.pk}/ask/", {"username": "bob"}, follow=True)
    assert b"already asked" in again.content
    assert c.post(f"/discovery/updates/{ask.pk}/ask/", {"username": "x" * 40}).status_code == 404
    inbox = client_for(bob).get("/notifications/")
    assert b"asked whether you could help" in inbox.content


def test_pages(community, client_for, alice, bob):
    c = client_for(bob)
    asks = c.get("/discovery/asks/")
    assert asks.status_code == 200 and b"onboarding checklists" in asks.content
    assert b'href="/discovery/asks/"' in c.get("/asks/").content  # a tab of the asks page
    assert c.get("/discovery/beyond/").status_code == 200
    people = client_for(alice).get("/discovery/people/")
    assert b"Dana Diaz" in people.content
    discover = client_for(alice).get("/discover/")
    assert b"Beyond my network" in discover.content


def test_dismissals_from_the_pages(community, client_for, alice, bob):
    c = client_for(alice)
    c.post("/discovery/dismiss/person/", {"username": "dana", "next": "/discovery/people/"})
    assert b"Dana Diaz" not in c.get("/discovery/people/").content
    assert c.post("/discovery/dismiss/person/", {"username": "nobody"}).status_code == 404
    bad = client_for(bob).post("/discovery/dismiss/ask/", {"update_id": "abc"})
    assert bad.status_code == 302 and not Dismissal.objects.filter(viewer=bob).exists()
    client_for(bob).post("/discovery/dismiss/ask/", {"update_id": community["ask"].pk})
    assert b"onboarding checklists" not in client_for(bob).get("/discovery/asks/").content


def test_anonymous_visitors_are_sent_to_log_in(community, client):
    for path in ("/discovery/people/", "/discovery/asks/", "/discovery/beyond/"):
        assert client.get(path).status_code == 302
