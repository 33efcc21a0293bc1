"""The confidential space: updates shared with "my circle" reach its current members only.

Stories: a member shares with their circle from the circle page; the others respond; someone
who leaves stops seeing it all; a finished circle keeps what was said but takes nothing new;
nobody outside, administrators included, ever sees it or is told about it.
"""

import html

import pytest
from django.test import Client

from workaloud.audience import Audience, visible_updates
from workaloud.circles.models import Circle
from workaloud.goals.services import update_goal
from workaloud.notifications.models import Notification
from workaloud.relationships.models import Interaction, InteractionKind
from workaloud.responses.models import Mention
from workaloud.testing.db_state import snapshot as db_state
from workaloud.testing.factories import make_goal, make_person, make_response, make_update
from workaloud.tests.api_helpers import assert_error, call
from workaloud.tests.test_visibility_matrix import leave_circle, make_circle
from workaloud.work.feeds import home_feed
from workaloud.work.models import WorkUpdate
from workaloud.work.services import edit_update

SECRET = "platypussecret"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def circle(alice, bob, carol):
    """Alice and Bob in a circle; Carol is a member of the community, not of the circle."""
    return make_circle([alice, bob], title="Wednesday circle")


def share(author, circle, body=f"{SECRET}: my first draft of the survey", **fields):
    return make_update(author, body=body, audience=Audience.CIRCLE, circle=circle, **fields)


# --- sharing -------------------------------------------------------------------------------


def test_the_share_form_offers_each_of_my_circles_and_preselects_the_one_asked(
    alice, carol, circle, client_for
):
    second = make_circle([alice], title="Book circle")
    make_circle([alice], title="Old circle", status=Circle.Status.FINISHED)
    page = text(client_for(alice).get(f"/updates/new/?audience=circle&circle={circle.pk}"))
    assert "My circle: Wednesday circle" in page and "My circle: Book circle" in page
    assert "Old circle" not in page  # finished: it takes no new updates
    assert f'value="circle:{circle.pk}" selected' in page
    assert f'value="circle:{second.pk}" selected' not in page
    # Not in any circle: no circle choice; a circle one is not in is not preselected.
    assert "My circle" not in text(client_for(carol).get("/updates/new/"))
    carols = text(client_for(carol).get(f"/updates/new/?audience=circle&circle={circle.pk}"))
    assert f'value="circle:{circle.pk}"' not in carols and "Wednesday circle" not in carols


def test_sharing_with_the_circle_from_the_form(alice, bob, carol, circle, client_for):
    response = client_for(alice).post(
        "/updates/new/",
        {
            "body": f"{SECRET} survey draft",
            "stage": "idea",
            "audience": f"circle:{circle.pk}",
            "action": "publish",
        },
    )
    update = WorkUpdate.objects.get()
    assert response.status_code == 302 and update.circle == circle
    assert update.audience == Audience.CIRCLE
    detail = text(client_for(bob).get(update.get_absolute_url()))
    assert SECRET in detail and "Wednesday circle" in detail
    assert client_for(carol).get(update.get_absolute_url()).status_code == 404


def test_sharing_with_the_circle_through_the_api(alice, bob, carol, circle, client_for):
    response = call(
        client_for(alice),
        "POST",
        "/api/updates",
        {"body": f"{SECRET} via the API", "audience": "circle", "circle_id": circle.pk},
    )
    assert response.status_code == 201, response.content
    assert response.json()["circle_id"] == circle.pk
    update_id = response.json()["id"]
    assert call(client_for(bob), "GET", f"/api/updates/{update_id}").status_code == 200
    assert call(client_for(carol), "GET", f"/api/updates/{update_id}").status_code == 404
    feed = call(client_for(bob), "GET", f"/api/feed/circles/{circle.pk}").json()
    assert [u["id"] for u in feed["items"]] == [update_id]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"audience": "circle"}, "circle_id"),
        ({"audience": "circle", "circle_id": "theirs"}, "circle_id"),
        ({"audience": "circle", "circle_id": "finished"}, "circle_id"),
        ({"audience": "circle", "circle_id": 999999}, "circle_id"),
        ({"audience": "circle", "circle_id": 0}, "circle_id"),
        ({"audience": "circle", "circle_id": "x"}, "circle_id"),
        ({"audience": "community", "circle_id": "mine"}, "circle_id"),
    ],
)
def test_bad_circle_input_through_the_api_changes_nothing(
    alice, bob, carol, circle, client_for, payload, field
):
    ids = {
        "mine": circle.pk,
        "theirs": make_circle([carol], title="Carol's private circle").pk,
        "finished": make_circle([alice], status=Circle.Status.FINISHED).pk,
    }
    payload = {k: ids.get(v, v) if k == "circle_id" else v for k, v in payload.items()}
    before = db_state()
    response = call(client_for(alice), "POST", "/api/updates", {"body": "x", **payload})
    body = assert_error(response, response.status_code, field)
    assert response.status_code in (400, 422)
    assert "Carol's private circle" not in str(body)
    assert db_state() == before


def test_goals_refuse_the_circle_audience_through_the_api(alice, circle, client_for):
    goal = make_goal(alice, title="Mine")
    before = db_state()
    client = client_for(alice)
    for method, url in (("POST", "/api/goals"), ("PATCH", f"/api/goals/{goal.pk}")):
        response = call(client, method, url, {"title": "A goal", "audience": "circle"})
        assert_error(response, 422, "audience")
    assert db_state() == before


def test_editing_moves_between_audiences_and_revisions_keep_the_circle(
    alice, bob, carol, circle, client_for
):
    update = share(alice, circle)
    edit_update(update, alice, audience=Audience.COMMUNITY)
    update.refresh_from_db()
    assert update.circle is None  # out of its circle when shared wider
    assert update.revisions.get().circle_id_then == circle.pk
    assert client_for(carol).get(update.get_absolute_url()).status_code == 200
    response = call(
        client_for(alice),
        "PATCH",
        f"/api/updates/{update.pk}",
        {"audience": "circle", "circle_id": circle.pk},
    )
    assert response.status_code == 200 and response.json()["circle_id"] == circle.pk
    assert client_for(carol).get(update.get_absolute_url()).status_code == 404
    revisions = call(client_for(alice), "GET", f"/api/updates/{update.pk}/revisions").json()
    assert [r["circle_id"] for r in revisions] == [None, circle.pk]


def test_an_author_who_left_keeps_editing_their_update_in_the_circle(alice, bob, circle):
    update = share(alice, circle)
    leave_circle(alice, circle)
    edit_update(update, alice, body=f"{SECRET} with a typo fixed")
    assert visible_updates(bob).filter(pk=update.pk).exists()
    assert visible_updates(alice).filter(pk=update.pk).exists()  # always their own


def test_a_circle_update_on_a_goal_narrowed_since_hides_the_goal(alice, bob, circle, client_for):
    goal = make_goal(alice, title="Narwhal migration")
    update = share(alice, circle, goal=goal)
    assert "Narwhal migration" in text(client_for(bob).get(update.get_absolute_url()))
    update_goal(goal, alice, audience=Audience.FOLLOWERS)  # Bob does not follow Alice
    for url in (update.get_absolute_url(), "/", f"/api/updates/{update.pk}"):
        page = text(client_for(bob).get(url))
        assert SECRET in page and "Narwhal migration" not in page


# --- who is told ------------------------------------------------------------------------------


def test_mentions_and_replies_reach_members_only(alice, bob, carol, circle, make_person):
    dave = make_person("dave", display_name="Dave Day")
    circle.memberships.create(person=dave)
    update = share(alice, circle, body=f"{SECRET} what do @bob and @carol think?")
    first = make_response(update, dave, body="Dave's thought")
    leave_circle(dave, circle)
    make_response(update, bob, body="and @carol? @dave?", parent_id=first.pk)

    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"alice", "bob"}  # Bob mentioned; Alice told of the responses
    assert not Mention.objects.filter(person__in=[carol, dave]).exists()
    assert not Interaction.objects.filter(
        kind=InteractionKind.MENTION, target__in=[carol, dave]
    ).exists()
    # Members' responses on circle updates are theirs to see in their own relationships.
    assert Interaction.objects.filter(actor=bob, target=alice).exists()


def test_someone_who_left_loses_the_circles_updates_everywhere(
    alice, bob, circle, client_for, settings
):
    update = share(alice, circle, body=f"{SECRET} thanks for the pointers, @bob", ask="Any?")
    make_response(update, bob, kind="offer_of_help", body="I can pair on it")
    pages = [
        update.get_absolute_url(),
        "/",
        "/asks/",
        "/search/?q=pointers",
        "/notifications/",
        "/relationships/generosity/",
        "/relationships/with/alice/",
        f"/updates/circle/{circle.pk}/",
        f"/api/updates/{update.pk}",
        "/api/search?q=pointers",
        "/api/generosity/ledger",
        "/api/relationships/alice",
        f"/api/feed/circles/{circle.pk}",
    ]
    bob_client = client_for(bob)
    assert SECRET in text(bob_client.get("/relationships/generosity/"))
    assert SECRET in text(bob_client.get("/api/generosity/ledger"))
    assert SECRET in text(bob_client.get("/search/?q=pointers"))
    assert SECRET in text(bob_client.get(f"/api/feed/circles/{circle.pk}"))
    leave_circle(bob, circle)
    for url in pages:
        response = bob_client.get(url)
        assert SECRET not in text(response), url
    assert bob_client.get(f"/updates/circle/{circle.pk}/").status_code == 404
    assert bob_client.get(f"/api/feed/circles/{circle.pk}").status_code == 404


def test_a_finished_circle_keeps_its_updates_for_its_members(alice, bob, carol, circle, client_for):
    update = share(alice, circle)
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.FINISHED)
    assert client_for(bob).get(update.get_absolute_url()).status_code == 200
    assert client_for(carol).get(update.get_absolute_url()).status_code == 404


def test_deleting_a_circle_leaves_its_updates_to_their_authors(alice, bob, circle, client_for):
    update = share(alice, circle)
    circle.delete()
    update.refresh_from_db()
    assert update.circle is None and update.audience == Audience.CIRCLE
    assert client_for(alice).get(update.get_absolute_url()).status_code == 200
    assert client_for(bob).get(update.get_absolute_url()).status_code == 404


def test_the_home_feed_shows_my_circles_updates_at_the_same_cost(
    alice, bob, carol, circle, django_assert_num_queries
):
    for i in range(3):
        share(alice, circle, body=f"{SECRET} step {i}")
    with django_assert_num_queries(3):
        page = home_feed(bob)
    assert len(page.items) == 3
    assert home_feed(carol).items == []


# --- the circle page --------------------------------------------------------------------------


def test_the_circle_page_shows_the_latest_ten_and_links_to_the_rest(alice, bob, circle, client_for):
    for i in range(12):
        share(alice, circle, body=f"{SECRET} step {i}")
    make_update(alice, body="for everyone, not the circle")
    page = text(client_for(bob).get(circle.get_absolute_url()))
    assert page.count('data-testid="update-card"') == 10
    assert f"{SECRET} step 11" in page and f"{SECRET} step 1<" not in page
    assert "for everyone, not the circle" not in page
    assert f"/updates/new/?audience=circle&circle={circle.pk}" in page
    assert f"/updates/circle/{circle.pk}/" in page
    everything = text(client_for(bob).get(f"/updates/circle/{circle.pk}/"))
    assert everything.count('data-testid="update-card"') == 12 or "Load more" in everything


def test_the_circle_page_of_a_finished_circle_offers_no_sharing(alice, bob, circle, client_for):
    share(alice, circle)
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.FINISHED)
    page = text(client_for(bob).get(circle.get_absolute_url()))
    assert SECRET in page
    assert "audience=circle" not in page


@pytest.mark.parametrize("who", ["carol", "admin", "anonymous"])
def test_outsiders_see_no_circle_updates_on_circle_pages(alice, circle, client_for, who):
    share(alice, circle)
    client = Client()
    if who == "carol":
        client = client_for(make_person("outsider"))
    elif who == "admin":
        client = client_for(make_person("root", is_staff=True, is_superuser=True))
    for url in (
        circle.get_absolute_url(),
        f"/updates/circle/{circle.pk}/",
        f"/api/feed/circles/{circle.pk}",
    ):
        response = client.get(url)
        assert SECRET not in text(response), url
        assert response.status_code in (302, 401, 404), (url, response.status_code)


# --- administrators -------------------------------------------------------------------------


def test_administrators_do_not_see_circle_updates_in_the_admin(alice, bob, circle, client_for):
    update = share(alice, circle)
    response = make_response(update, bob, body=f"{SECRET} reply")
    earlier = share(alice, circle, body="earlier text")
    edit_update(earlier, alice, audience=Audience.COMMUNITY, body="now for everyone")
    admin = client_for(make_person("root", is_staff=True, is_superuser=True))
    for url in (
        "/admin/work/workupdate/",
        "/admin/work/workupdate/?q=survey",
        "/admin/responses/response/",
        "/admin/responses/helpcredit/",
        f"/admin/work/workupdate/{earlier.pk}/change/",
    ):
        page = admin.get(url)
        assert page.status_code == 200, url
        assert SECRET not in text(page) and "earlier text" not in text(page), url
    for url in (
        f"/admin/work/workupdate/{update.pk}/change/",
        f"/admin/responses/response/{response.pk}/change/",
    ):
        assert admin.get(url, follow=True).status_code in (200, 404)
        assert SECRET not in text(admin.get(url, follow=True)), url
    change = text(admin.get(f"/admin/work/workupdate/{earlier.pk}/change/"))
    assert 'value="circle"' not in change  # an administrator can't move an update into one


def test_the_admin_shows_a_circle_in_outline_and_none_of_its_content(
    alice, bob, circle, client_for
):
    from workaloud.circles.models import CheckIn, FutureLetter, Meeting, Retrospective
    from workaloud.circles.schedule import create_meetings

    create_meetings(circle)
    meeting = Meeting.objects.get(circle=circle, week=1)
    Meeting.objects.filter(pk=meeting.pk).update(notes=f"{SECRET} in the notes")
    CheckIn.objects.create(meeting=meeting, person=bob, progress=3, did=f"{SECRET} check-in")
    Retrospective.objects.create(circle=circle, person=bob, recommend=9, what_changed=SECRET)
    FutureLetter.objects.create(circle=circle, person=alice, text=f"{SECRET} dear me")
    admin = client_for(make_person("root", is_staff=True, is_superuser=True))
    listing = admin.get("/admin/circles/circle/")
    assert listing.status_code == 200 and "Wednesday circle" in text(listing)
    change = admin.get(f"/admin/circles/circle/{circle.pk}/change/")
    assert change.status_code == 200
    assert SECRET not in text(change)
    index = text(admin.get("/admin/"))
    for hidden in ("meeting", "checkin", "retrospective", "futureletter", "poolentry"):
        assert f"/admin/circles/{hidden}/" not in index
        assert admin.get(f"/admin/circles/{hidden}/").status_code == 404


def test_editing_an_update_whose_circle_is_gone_keeps_it_to_its_author(
    alice, bob, carol, circle, client_for
):
    update = share(alice, circle)
    circle.delete()
    form = text(client_for(alice).get(f"/updates/{update.pk}/edit/"))
    assert 'value="circle" selected' in form  # not silently widened to the first choice
    response = client_for(alice).post(
        f"/updates/{update.pk}/edit/",
        {"body": f"{SECRET} typo fixed", "stage": "in_progress", "audience": "circle"},
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.audience == Audience.CIRCLE and update.circle is None
    assert "typo fixed" in update.body
    assert client_for(carol).get(update.get_absolute_url()).status_code == 404
