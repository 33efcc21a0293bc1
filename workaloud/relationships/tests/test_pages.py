"""My relationships: the viewer's own, strongest first; nobody else's ever appears."""

import re

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


def build_two_teams(make_person):
    """Two tight teams of eight; Alpha 0 also knows Beta 0 and Beta 5; Beta 0 knows Alpha 3."""
    alpha = [make_person(f"a{i}", display_name=f"Alpha {i}", team="Alpha") for i in range(8)]
    beta = [make_person(f"b{i}", display_name=f"Beta {i}", team="Beta") for i in range(8)]
    n = 0
    for team in (alpha, beta):
        for i, x in enumerate(team):
            for y in team[i + 1 :]:
                n += 1
                record(x, y, "comment", f"in-{n}")
    for x, y in ((alpha[0], beta[0]), (alpha[0], beta[5]), (beta[0], alpha[3])):
        n += 1
        record(x, y, "question", f"across-{n}")
    from workaloud.relationships.recompute import rebuild_all

    rebuild_all()
    return alpha, beta


def test_weak_ties_and_brokers(client_for, make_person):
    alpha, beta = build_two_teams(make_person)
    html = client_for(alpha[0]).get("/relationships/").content.decode()
    ties = html[html.index('data-testid="weak-ties"') : html.index('data-testid="brokers"')]
    # Beta 5 shares one of Alpha 0's 9 ties (1/14 overlap); Beta 0 shares two (2/14): not weak.
    assert "Beta 5" in ties and "Beta 0" not in ties and "Alpha 1" not in ties
    assert "in Beta" in ties  # the community, named by its largest team
    brokers = re.sub(r"<[^>]+>", "", html[html.index('data-testid="brokers"') :])
    # Beta 0 has ties into both groups Alpha 0 is in: their own and the Beta community.
    assert "Beta 0" in brokers and "links Beta (7 ties) and Alpha (2 ties)" in brokers
    assert "Beta 5" not in brokers and "Alpha 1" not in brokers
    only_bridges = client_for(alpha[0]).get("/relationships/?bridges=on").content.decode()
    assert only_bridges.count('data-testid="relationship"') == 1


def test_filters_by_name_team_stage_goal_and_paging(client_for, alice, bob, carol, make_person):
    from workaloud.relationships import queries
    from workaloud.testing.factories import make_goal, make_response, make_update

    goal = make_goal(alice, title="Better code reviews")
    update = make_update(alice, body="Review checklist draft.", goal=goal)
    make_response(update, bob, kind="question", body="Which repos?")
    record(carol, alice, "follow", "f-c")
    many = [make_person(f"m{i:02}", team="Many") for i in range(queries.PAGE_SIZE + 5)]
    for i, person in enumerate(many):
        record(person, alice, "mention", f"m-{i}")
    client = client_for(alice)

    def shown(query):
        page = client.get(f"/relationships/?{query}")
        assert page.status_code == 200
        return page.content.decode().count('data-testid="relationship"')

    assert shown("") == queries.PAGE_SIZE
    assert shown("page=2") == 2 + 5 + 0  # bob, carol and the rest of Many
    assert shown("q=bob") == 1 and shown("q=CHEN") == 1
    assert shown("team=research") == 1
    assert shown("team=Many") == queries.PAGE_SIZE
    assert shown("stage=2") == 1  # Bob asked a question
    assert shown(f"goal={goal.pk}") == 1
    assert shown("q=nobody") == 0
    api = client.get("/api/relationships", {"team": "Many", "page": 2}).json()
    assert (api["matching"], api["page"], api["pages"], len(api["items"])) == (55, 2, 2, 5)


@pytest.mark.parametrize(
    "query, message",
    [
        ("stage=9", "Select a valid choice"),
        ("stage=x", "Select a valid choice"),
        ("goal=abc", "Select a valid choice"),
        ("page=0", "greater than or equal to 1"),
        ("sort=sideways", "Select a valid choice"),
        ("q=" + "x" * 101, "at most 100 characters"),
    ],
)
def test_bad_filters_say_what_is_wrong(client_for, alice, bob, query, message):
    record(alice, bob, "comment", "c1")
    page = client_for(alice).get(f"/relationships/?{query}")
    assert page.status_code == 200
    assert message in page.content.decode()


@pytest.mark.parametrize(
    "query", ["stage=9", "stage=x", "goal=0", "page=0", "sort=sideways", "q=" + "x" * 101]
)
def test_bad_api_filters_are_422(client_for, alice, query):
    response = client_for(alice).get(f"/api/relationships?{query}")
    assert response.status_code == 422 and response.json()["detail"]


def test_administrators_do_not_see_anyone_elses_relationships(client_for, alice, bob, carol):
    record(alice, bob, "comment", "c1")
    carol.is_staff = carol.is_superuser = True
    carol.save()
    client = client_for(carol)
    assert "Bob Baker" not in client.get("/relationships/").content.decode()
    assert client.get("/api/relationships").json()["items"] == []
    assert client.get("/api/relationships/bob").json()["timeline"] == []
    for path in ("interaction", "relationship", "networkposition", "community"):
        assert client.get(f"/admin/relationships/{path}/").status_code == 404
