"""The pages: a goal's list (add, rate, edit, remove), the overview, and the goal page's link."""

import html
import re

import pytest

from workaloud.relationship_lists import services
from workaloud.relationship_lists.models import ListEntry, Rating
from workaloud.testing.factories import make_goal

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def squashed(response) -> str:
    """The page's text without tags, spaces collapsed: what a reader sees."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


@pytest.fixture
def alice_client(alice, client_for):
    return client_for(alice)


def list_url(goal) -> str:
    return f"/goals/{goal.pk}/relationship-list/"


def test_the_goal_page_links_to_its_list_for_the_owner_only(alice, bob, goal, client_for):
    link = f'href="{list_url(goal)}"'
    assert link in text(client_for(alice).get(f"/goals/{goal.pk}/"))
    assert link not in text(client_for(bob).get(f"/goals/{goal.pk}/"))


def test_add_members_and_outside_people_then_rate_them(alice, bob, goal, alice_client):
    url = list_url(goal)
    page = alice_client.get(url)
    assert page.status_code == 200
    assert "No one on this list yet" in text(page)
    assert "Launch the mentoring programme" in text(page)

    response = alice_client.post(
        f"{url}add/",
        {
            "kind": "member",
            "member-username": "@bob",
            "member-direction": "they_help_me",
            "member-rating": "1",
            "member-note": "Ran the last pilot",
        },
    )
    entry = ListEntry.objects.get(person=bob)
    assert response.status_code == 302 and response["Location"] == f"{url}#entry-{entry.pk}"
    response = alice_client.post(
        f"{url}add/",
        {
            "kind": "outside",
            "outside-outside_name": "Sam Rivera",
            "outside-outside_about": "ex-colleague at Acme",
            "outside-direction": "both",
            "outside-rating": "2",
        },
    )
    assert response.status_code == 302
    sam = ListEntry.objects.get(outside_name="Sam Rivera")

    response = alice_client.post(
        f"{url}{entry.pk}/rate/", {f"rate-{entry.pk}-value": "3", f"rate-{entry.pk}-note": "Met"}
    )
    assert response.status_code == 302 and response["Location"] == f"{url}#entry-{entry.pk}"
    assert list(entry.ratings.values_list("value", flat=True)) == [1, 3]

    page = alice_client.get(url)
    shown = squashed(page)
    assert "Rated Bob Baker 3: We have helped each other." in shown
    assert "Bob Baker" in shown and "@bob" in shown and "They could help me" in shown
    assert "Ran the last pilot" in shown
    assert "Your rating 3 · We have helped each other" in shown
    assert re.search(r"1 → 3 since \d{1,2} \w{3}", shown)
    assert "Computed stage 0 · Unaware" in shown
    assert "Sam Rivera" in shown and "ex-colleague at Acme" in shown and "Both ways" in shown
    assert "Outside the community" in shown
    assert "Sam Rivera is outside the community, so there is no computed stage" in shown
    assert text(page).count('data-testid="list-entry"') == 2
    assert f'id="entry-{sam.pk}"' in text(page)
    assert "Latest rating: “Met”" in shown
    # Bob is rated 3 with no interaction at all (stage 0): the page points it out.
    assert "You rate Bob Baker 3, but you have not interacted here yet (stage 0, unaware)." in shown
    assert "1 where your rating and your interactions disagree" in shown
    assert "2 or more apart" in shown  # the rule, stated on the page


def test_history_and_calibration_on_the_page(alice, carol, goal, alice_client, record):
    record(carol, alice, "offer_of_help")
    record(alice, carol, "thanks")  # engagement both ways: stage 3
    entry = services.add_person(alice, goal, carol, rating=0)
    services.rate(alice, entry, 1)
    services.rate(alice, entry, 1)
    page = alice_client.get(list_url(goal))
    shown = squashed(page)
    history = re.search(r'data-testid="history">(.*?)</ol>', text(page), re.S).group(1)
    assert [int(v) for v in re.findall(r"<strong>(\d)</strong>", history)] == [0, 1, 1]
    assert "Computed stage 3 · Reciprocal exchange" in shown
    assert (
        "Your interactions show a reciprocal exchange (stage 3, reciprocal exchange), but you "
        "rated Carol Chen 1 — maybe you are closer than you think." in shown
    )


def test_edit_an_entry(alice, bob, goal, alice_client):
    sam = services.add_person(alice, goal, outside_name="Sam")
    url = f"{list_url(goal)}{sam.pk}/edit/"
    assert alice_client.get(url).status_code == 200
    response = alice_client.post(
        url,
        {
            "outside_name": "Sam Rivera",
            "outside_about": "Acme",
            "direction": "i_help_them",
            "note": "Owes me a call",
        },
    )
    assert response.status_code == 302
    sam.refresh_from_db()
    assert (sam.outside_name, sam.outside_about, sam.direction, sam.note) == (
        "Sam Rivera",
        "Acme",
        "i_help_them",
        "Owes me a call",
    )
    member = services.add_person(alice, goal, bob)
    page = text(alice_client.get(f"{list_url(goal)}{member.pk}/edit/"))
    assert 'name="outside_name"' not in page and 'name="note"' in page
    response = alice_client.post(
        f"{list_url(goal)}{member.pk}/edit/", {"direction": "both", "note": "x"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.direction, member.note) == ("both", "x")


def test_remove_asks_first_then_removes_with_the_ratings(alice, bob, goal, alice_client):
    entry = services.add_person(alice, goal, bob, rating=2)
    services.rate(alice, entry, 3)
    url = f"{list_url(goal)}{entry.pk}/remove/"
    page = squashed(alice_client.get(url))
    assert "Remove Bob Baker from this list?" in page and "your 2 ratings of them" in page
    assert ListEntry.objects.exists()
    response = alice_client.post(url)
    assert response.status_code == 302 and response["Location"] == list_url(goal)
    assert not ListEntry.objects.exists() and not Rating.objects.exists()
    assert "Removed Bob Baker from the list" in text(alice_client.get(list_url(goal)))


def test_overview_lists_every_goal_of_mine(alice, bob, carol, goal, alice_client):
    handbook = make_goal(alice, title="Write the handbook")
    make_goal(bob, title="Bob's own goal")
    services.add_person(alice, goal, bob, rating=4)
    services.add_person(alice, goal, outside_name="Sam Rivera")
    services.add_person(bob, make_goal(bob, title="Bob's listed goal"), carol, rating=5)
    page = alice_client.get("/relationships/lists/")
    shown = squashed(page)
    assert page.status_code == 200
    assert "My relationship lists" in shown
    assert "Launch the mentoring programme" in shown and "Write the handbook" in shown
    assert "Bob's" not in shown and "Carol" not in shown
    assert "2 people 1 rated" in shown
    assert f'href="{list_url(handbook)}"' in text(page)
    assert "Start the list" in shown
    assert 'href="/relationships/lists/" class="active"' in text(page)  # the Relationships tabs


def test_overview_without_goals(alice_client):
    assert "No goals yet" in text(alice_client.get("/relationships/lists/"))


def test_the_list_page_keeps_to_a_few_queries(
    alice, bob, carol, make_person, goal, alice_client, django_assert_max_num_queries
):
    people = [bob, carol, *(make_person(f"p{n}") for n in range(5))]
    for person in people:
        services.rate(alice, services.add_person(alice, goal, person, rating=1), 2)
    # session, user, goal, entries, ratings, follow suggestions, one stage per member
    with django_assert_max_num_queries(8 + len(people)):
        assert alice_client.get(list_url(goal)).status_code == 200
