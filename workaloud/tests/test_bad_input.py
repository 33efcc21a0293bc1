"""Bad input through the HTML forms: a clear error, and nothing changed ("Nothing lost").

Each test takes a snapshot of every row of Workaloud's tables before the request and compares
it after, so a refused request that half-wrote something fails here.
"""

import html

import pytest
from django.test import Client

from workaloud.audience import Audience
from workaloud.notifications.models import Notification
from workaloud.people.models import User
from workaloud.responses.models import Response
from workaloud.testing.db_state import snapshot as db_state
from workaloud.testing.factories import make_goal, make_response, make_update
from workaloud.work.models import AskStatus
from workaloud.work.services import delete_update, resolve_ask


@pytest.fixture
def unchanged(db):
    """Call the fixture's value after the request: it asserts the database is as before."""
    before = db_state()

    def check():
        assert db_state() == before

    return check


def text(response) -> str:
    return html.unescape(response.content.decode())


def assert_form_error(response, message: str):
    """The form came back (not a redirect, not a 500) and says what is wrong."""
    assert response.status_code in (200, 400), response.status_code
    assert message in text(response), message


# --- work updates -------------------------------------------------------------------------

UPDATE_FORM = {
    "body": "Mapping the onboarding steps",
    "stage": "in_progress",
    "audience": "community",
}


@pytest.fixture
def alice_client(alice, client_for):
    return client_for(alice)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"body": ""}, "This field is required."),
        ({"body": "   "}, "This field is required."),
        ({"body": "x" * 10001}, "Ensure this value has at most 10000 characters (it has 10001)."),
        ({"ask": "y" * 1001}, "Ensure this value has at most 1000 characters (it has 1001)."),
        ({"why_it_matters": "y" * 1001}, "at most 1000 characters"),
        ({"stage": "finished"}, "Select a valid choice. finished is not one of the available"),
        ({"audience": "everyone"}, "Select a valid choice. everyone is not one of the available"),
        ({"goal": "999999"}, "That is not one of your active goals."),
        ({"goal": "not-a-number"}, "That is not one of your active goals."),
        ({"goal": "99999999999999999999999"}, "That is not one of your active goals."),
    ],
)
@pytest.mark.parametrize("action", ["publish", "draft"])
def test_update_form_refuses(alice_client, unchanged, changes, message, action):
    response = alice_client.post("/updates/new/", {**UPDATE_FORM, **changes, "action": action})
    assert_form_error(response, message)
    unchanged()


def test_update_form_refuses_someone_elses_goal(alice_client, bob):
    bobs_goal = make_goal(bob, title="Bob's goal")
    before = db_state()
    response = alice_client.post("/updates/new/", {**UPDATE_FORM, "goal": bobs_goal.pk})
    assert_form_error(response, "That is not one of your active goals.")
    assert db_state() == before


def test_update_form_refuses_an_inactive_goal(alice, alice_client):
    goal = make_goal(alice, title="Done already", status="achieved")
    before = db_state()
    response = alice_client.post("/updates/new/", {**UPDATE_FORM, "goal": goal.pk})
    assert_form_error(response, "That is not one of your active goals.")
    assert db_state() == before


def test_update_form_refuses_a_wider_audience_than_its_goal(alice, alice_client, db):
    goal = make_goal(alice, title="Quiet goal", audience=Audience.ONLY_ME)
    before = db_state()
    response = alice_client.post("/updates/new/", {**UPDATE_FORM, "goal": goal.pk})
    assert_form_error(response, "an update on it can't be shown wider")
    assert db_state() == before


def test_edit_form_refuses_too_long_body(alice, alice_client):
    update = make_update(alice, body="before")
    before = db_state()
    response = alice_client.post(
        f"/updates/{update.pk}/edit/", {**UPDATE_FORM, "body": "x" * 10001}
    )
    assert_form_error(response, "at most 10000 characters")
    assert db_state() == before


def test_editing_someone_elses_update_is_forbidden(alice, bob, client_for):
    update = make_update(alice, body="mine")
    before = db_state()
    bob_client = client_for(bob)
    assert bob_client.get(f"/updates/{update.pk}/edit/").status_code == 403
    response = bob_client.post(f"/updates/{update.pk}/edit/", {**UPDATE_FORM, "body": "hijacked"})
    assert response.status_code == 403
    assert db_state() == before


def test_deleting_someone_elses_update_is_forbidden(alice, bob, client_for):
    update = make_update(alice, body="mine")
    before = db_state()
    bob_client = client_for(bob)
    assert bob_client.get(f"/updates/{update.pk}/delete/").status_code == 403
    assert bob_client.post(f"/updates/{update.pk}/delete/").status_code == 403
    assert db_state() == before


def test_changing_an_update_you_cannot_see_is_not_found(alice, bob, client_for):
    update = make_update(alice, body="private", audience=Audience.ONLY_ME)
    before = db_state()
    bob_client = client_for(bob)
    for url in ("edit", "delete", "publish", "history", "resolve", "respond"):
        assert bob_client.post(f"/updates/{update.pk}/{url}/", {"body": "x"}).status_code == 404
    assert db_state() == before


def test_history_of_someone_elses_update_is_forbidden(alice, bob, client_for):
    update = make_update(alice, body="mine")
    assert client_for(bob).get(f"/updates/{update.pk}/history/").status_code == 403


def test_publishing_an_already_published_update_says_so(alice, alice_client):
    update = make_update(alice, body="already out")
    before = db_state()
    response = alice_client.post(f"/updates/{update.pk}/publish/", follow=True)
    assert response.status_code == 200
    assert "This update is already published." in text(response)
    assert db_state() == before


def test_publishing_someone_elses_draft_is_not_found(alice, bob, client_for):
    draft = make_update(alice, body="not yet", publish=False)
    before = db_state()
    assert client_for(bob).post(f"/updates/{draft.pk}/publish/").status_code == 404
    assert db_state() == before


def test_publishing_someone_elses_published_update_is_forbidden(alice, bob, client_for):
    update = make_update(alice, body="out")
    before = db_state()
    assert client_for(bob).post(f"/updates/{update.pk}/publish/").status_code == 403
    assert db_state() == before


# --- responses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "audience, state",
    [("only_me", "published"), ("followers", "published"), ("community", "draft")],
)
def test_responding_to_an_update_you_cannot_see_is_not_found(
    alice, bob, client_for, audience, state
):
    update = make_update(alice, body="not for bob", audience=audience, publish=state == "published")
    before = db_state()
    response = client_for(bob).post(
        f"/updates/{update.pk}/respond/", {"kind": "comment", "body": "let me in"}
    )
    assert response.status_code == 404
    assert not Response.objects.exists()
    assert db_state() == before


def test_responding_to_a_deleted_update_is_not_found(alice, bob, client_for):
    update = make_update(alice, body="gone soon")
    delete_update(update, alice)
    before = db_state()
    response = client_for(bob).post(
        f"/updates/{update.pk}/respond/", {"kind": "thanks", "body": "x"}
    )
    assert response.status_code == 404
    assert db_state() == before


@pytest.mark.parametrize(
    "form, message",
    [
        ({"kind": "comment", "body": ""}, "This field is required."),
        ({"kind": "comment", "body": "z" * 5001}, "at most 5000 characters"),
        ({"kind": "applause", "body": "hi"}, "Select a valid choice. applause is not one of"),
        ({"kind": "comment", "body": "hi", "parent_id": "abc"}, "Enter a whole number."),
        (
            {"kind": "comment", "body": "hi", "parent_id": "999999"},
            "You can only reply to a response",
        ),
        (
            {"kind": "comment", "body": "hi", "parent_id": "99999999999999999999999"},
            "You can only reply to a response",
        ),
    ],
)
def test_response_form_refuses(alice, bob, client_for, form, message):
    update = make_update(alice, body="feedback welcome")
    before = db_state()
    response = client_for(bob).post(f"/updates/{update.pk}/respond/", form)
    assert_form_error(response, message)
    assert db_state() == before


def test_replying_to_a_response_of_another_update_is_refused(alice, bob, carol, client_for):
    first = make_update(alice, body="first")
    second = make_update(alice, body="second")
    elsewhere = make_response(first, carol, body="on the first one")
    before = db_state()
    response = client_for(bob).post(
        f"/updates/{second.pk}/respond/",
        {"kind": "comment", "body": "a reply", "parent_id": elsewhere.pk},
    )
    assert_form_error(response, "You can only reply to a response on this update.")
    assert db_state() == before


# --- asks ---------------------------------------------------------------------------------


def test_resolving_someone_elses_ask_is_forbidden(alice, bob, client_for):
    update = make_update(alice, body="need help", ask="Any tips?")
    make_response(update, bob, kind="offer_of_help", body="I can help")
    before = db_state()
    bob_client = client_for(bob)
    assert bob_client.get(f"/updates/{update.pk}/resolve/").status_code == 403
    assert (
        bob_client.post(f"/updates/{update.pk}/resolve/", {"helpers": [bob.pk]}).status_code == 403
    )
    assert db_state() == before


def test_resolving_an_update_without_an_ask_is_refused(alice, alice_client):
    update = make_update(alice, body="no ask here")
    before = db_state()
    response = alice_client.post(f"/updates/{update.pk}/resolve/", {})
    assert_form_error(response, "This update has no open ask to resolve.")
    assert db_state() == before


def test_resolving_an_ask_twice_is_refused(alice, bob, alice_client):
    update = make_update(alice, body="need help", ask="Any tips?")
    make_response(update, bob, body="try this")
    resolve_ask(update, alice, helper_ids=[bob.pk])
    before = db_state()
    response = alice_client.post(f"/updates/{update.pk}/resolve/", {"helpers": [bob.pk]})
    assert_form_error(response, "This update has no open ask to resolve.")
    assert db_state() == before


@pytest.mark.parametrize("helper", ["carol", "999999", "x"])
def test_resolving_with_someone_who_did_not_respond_is_refused(
    alice, bob, carol, alice_client, helper
):
    update = make_update(alice, body="need help", ask="Any tips?")
    make_response(update, bob, body="try this")
    before = db_state()
    helper_id = str(carol.pk) if helper == "carol" else helper
    response = alice_client.post(f"/updates/{update.pk}/resolve/", {"helpers": [helper_id]})
    assert_form_error(response, f"Select a valid choice. {helper_id} is not one of the available")
    assert db_state() == before
    update.refresh_from_db()
    assert update.ask_status == AskStatus.OPEN


# --- goals --------------------------------------------------------------------------------

GOAL_FORM = {"title": "Run a monthly demo day", "status": "active", "audience": "community"}


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": ""}, "This field is required."),
        ({"title": " ".join(["word"] * 26)}, "A goal title is at most 25 words; this one has 26."),
        ({"title": "t" * 201}, "at most 200 characters"),
        ({"why": "w" * 2001}, "at most 2000 characters"),
        ({"target_date": "next tuesday"}, "Enter a valid date."),
        ({"status": "paused"}, "Select a valid choice. paused is not one of"),
        ({"audience": "circle"}, "Select a valid choice. circle is not one of"),
    ],
)
def test_goal_forms_refuse(alice, alice_client, changes, message):
    goal = make_goal(alice, title="Keep this title")
    before = db_state()
    assert_form_error(alice_client.post("/goals/new/", {**GOAL_FORM, **changes}), message)
    assert_form_error(
        alice_client.post(f"/goals/{goal.pk}/edit/", {**GOAL_FORM, **changes}), message
    )
    assert db_state() == before


def test_editing_someone_elses_goal_is_forbidden(alice, bob, client_for):
    goal = make_goal(alice, title="Alice's goal")
    before = db_state()
    bob_client = client_for(bob)
    assert bob_client.get(f"/goals/{goal.pk}/edit/").status_code == 403
    assert (
        bob_client.post(f"/goals/{goal.pk}/edit/", {**GOAL_FORM, "title": "Bob's now"}).status_code
        == 403
    )
    assert db_state() == before


def test_following_a_goal_you_cannot_see_is_not_found(alice, bob, client_for):
    goal = make_goal(alice, title="Private goal", audience=Audience.ONLY_ME)
    before = db_state()
    assert client_for(bob).post(f"/goals/{goal.pk}/follow/").status_code == 404
    assert db_state() == before


def test_following_your_own_goal_says_why_not(alice, alice_client):
    goal = make_goal(alice, title="My goal")
    before = db_state()
    response = alice_client.post(f"/goals/{goal.pk}/follow/", follow=True)
    assert "Your own goals are always in your feed." in text(response)
    assert db_state() == before


# --- profiles and following ---------------------------------------------------------------

PROFILE_FORM = {"display_name": "Alice A.", "timezone": "Europe/Berlin", "purpose": "Help teams"}


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"purpose": "p" * 1001}, "Ensure this value has at most 1000 characters (it has 1001)."),
        ({"timezone": "Mars/Olympus_Mons"}, "“Mars/Olympus_Mons” is not a known time zone"),
        ({"display_name": "d" * 81}, "at most 80 characters"),
        ({"bio": "b" * 301}, "at most 300 characters"),
    ],
)
def test_profile_form_refuses(alice, alice_client, changes, message):
    before = db_state()
    response = alice_client.post("/settings/", {**PROFILE_FORM, **changes})
    assert_form_error(response, message)
    assert db_state() == before


def test_following_yourself_is_refused(alice, alice_client):
    before = db_state()
    response = alice_client.post("/people/alice/follow/", follow=True)
    assert "You can't follow yourself." in text(response)
    assert db_state() == before


def test_following_an_unknown_person_is_not_found(alice_client, unchanged):
    assert alice_client.post("/people/nobody/follow/").status_code == 404
    unchanged()


def test_revoking_an_unknown_token_says_so(alice_client, unchanged):
    response = alice_client.post("/settings/tokens/999999/revoke/", follow=True)
    assert "No such token." in text(response)
    unchanged()


# --- sign-up ------------------------------------------------------------------------------

SIGNUP = {
    "display_name": "Dana Doe",
    "username": "dana",
    "email": "dana@example.org",
    "password": "a fine long passphrase 42",
    "password_again": "a fine long passphrase 42",
}


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"username": "alice"}, "That username is taken."),
        ({"username": "ALICE"}, "That username is taken."),
        ({"password_again": "something else entirely"}, "The two passwords differ."),
        ({"password": "password", "password_again": "password"}, "This password is too common."),
        ({"password": "x7$", "password_again": "x7$"}, "This password is too short."),
        ({"password": "83749201583", "password_again": "83749201583"}, "entirely numeric"),
        ({"username": "dana dee"}, "A username is 2–30 letters, digits"),
        ({"username": "dana!"}, "A username is 2–30 letters, digits"),
        ({"username": "d"}, "A username is 2–30 letters, digits"),
        ({"username": "d" * 31}, "at most 30 characters"),
        ({"username": ""}, "This field is required."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
    ],
)
def test_signup_refuses(alice, changes, message):
    before = db_state()
    client = Client()
    response = client.post("/accounts/signup/", {**SIGNUP, **changes})
    assert_form_error(response, message)
    assert db_state() == before
    assert "_auth_user_id" not in client.session


def test_signup_form_works_with_the_same_data_once_fixed(db):
    """The refusals above are about their one change, not about the base data."""
    response = Client().post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert User.objects.filter(username="dana").exists()


# --- feeds and cursors --------------------------------------------------------------------

FEEDS = ["/", "/discover/", "/asks/", "/asks/?mine=1", "/search/?q=guide", "/people/alice/", "GOAL"]
API_FEEDS = [
    "/api/feed/home",
    "/api/feed/discover",
    "/api/feed/asks",
    "/api/search?q=guide",
    "/api/people/alice/updates",
    "/api/goals/GOAL_ID/updates",
]
BAD_CURSORS = [
    "garbage",
    "%00",
    "MjAyNC0wMS0wMXw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ",  # base64 of a date and a huge id
    "OTk5OTktMDEtMDFUMDA6MDA6MDArMDA6MDB8MQ",  # base64 of an impossible year
    "MjAyNC0wMS0wMVQwMDowMDowMHwx",  # base64 of a naive timestamp
    "x" * 300,
]


@pytest.fixture
def feed_data(alice, bob):
    goal = make_goal(alice, title="The guide")
    for n in range(3):
        make_update(alice, body=f"guide part {n}", goal=goal, ask="Reviewers?")
        make_update(bob, body=f"bob's guide {n}", ask="Readers?")
    return goal


@pytest.mark.parametrize("cursor", BAD_CURSORS)
@pytest.mark.parametrize("url", FEEDS)
def test_malformed_cursor_on_html_feeds(alice, client_for, feed_data, url, cursor):
    url = f"/goals/{feed_data.pk}/" if url == "GOAL" else url
    before = db_state()
    sep = "&" if "?" in url else "?"
    response = client_for(alice).get(f"{url}{sep}cursor={cursor}", follow=True)
    assert response.status_code == 200  # back to the first page, or the page without it
    assert 'data-testid="update-card"' in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize("cursor", BAD_CURSORS)
@pytest.mark.parametrize("url", API_FEEDS)
def test_malformed_cursor_on_api_feeds(alice, client_for, feed_data, url, cursor):
    url = url.replace("GOAL_ID", str(feed_data.pk))
    sep = "&" if "?" in url else "?"
    response = client_for(alice).get(f"{url}{sep}cursor={cursor}")
    assert response.status_code in (400, 422), response.status_code
    assert "cursor" in response.json()["detail"]


NUL_SEARCHES = [
    "/search/?q=%00",
    "/search/?q=guide%00part",
    "/people/?q=%00",
    "/people/?q=x%00",
    "/api/search?q=%00",
    "/api/search?q=guide%00part",
    "/api/people?q=%00",
]


@pytest.mark.parametrize("url", NUL_SEARCHES)
def test_nul_bytes_in_search_words(alice_client, feed_data, url):
    """PostgreSQL text can't hold NUL; a search containing one must not fail with a 500."""
    assert alice_client.get(url).status_code == 200


# --- notifications ------------------------------------------------------------------------


@pytest.fixture
def bobs_notification(alice, bob):
    make_update(alice, body="hello @bob")
    return Notification.objects.get(recipient=bob)


@pytest.mark.parametrize("bad_id", ["999999", "abc", "-1", "99999999999999999999999", ""])
def test_marking_unknown_notifications_read_is_not_found(alice_client, bobs_notification, bad_id):
    before = db_state()
    response = alice_client.post("/notifications/read/", {"id": [bad_id]})
    assert response.status_code == 404
    assert db_state() == before


def test_marking_someone_elses_notification_read_is_not_found(alice_client, bobs_notification):
    before = db_state()
    response = alice_client.post("/notifications/read/", {"id": [bobs_notification.pk]})
    assert response.status_code == 404
    assert db_state() == before
    bobs_notification.refresh_from_db()
    assert bobs_notification.read_at is None


def test_one_unknown_id_among_good_ones_marks_nothing(bob, client_for, bobs_notification):
    before = db_state()
    response = client_for(bob).post("/notifications/read/", {"id": [bobs_notification.pk, 999999]})
    assert response.status_code == 404
    assert db_state() == before


# --- methods and anonymous writes ---------------------------------------------------------


@pytest.fixture
def post_only_urls(alice, bob):
    update = make_update(alice, body="something", ask="Help?")
    draft = make_update(alice, body="draft", publish=False)
    goal = make_goal(alice, title="Goal")
    return [
        f"/people/{bob.username}/follow/",
        f"/people/{bob.username}/unfollow/",
        f"/goals/{goal.pk}/follow/",
        f"/updates/{draft.pk}/publish/",
        f"/updates/{update.pk}/respond/",
        "/notifications/read/",
        "/settings/tokens/1/revoke/",
        "/accounts/logout/",
    ]


def test_get_on_post_only_endpoints_is_405(alice_client, post_only_urls):
    before = db_state()
    for url in post_only_urls:
        assert alice_client.get(url).status_code == 405, url
    assert db_state() == before


@pytest.mark.parametrize("public", [False, True])
def test_anonymous_posts_change_nothing(alice, bob, settings, public):
    settings.COMMUNITY_PUBLIC = public
    update = make_update(alice, body="something", ask="Help?")
    goal = make_goal(alice, title="Goal")
    before = db_state()
    client = Client()
    posts = {
        "/updates/new/": UPDATE_FORM,
        f"/updates/{update.pk}/respond/": {"kind": "comment", "body": "anon"},
        f"/updates/{update.pk}/edit/": {**UPDATE_FORM, "body": "anon"},
        f"/updates/{update.pk}/delete/": {},
        f"/updates/{update.pk}/resolve/": {},
        f"/people/{bob.username}/follow/": {},
        f"/goals/{goal.pk}/follow/": {},
        "/goals/new/": GOAL_FORM,
        "/settings/": PROFILE_FORM,
        "/notifications/read/": {},
    }
    for url, data in posts.items():
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert db_state() == before


# --- the circle audience ------------------------------------------------------------------


@pytest.fixture
def circles(alice, bob, carol):
    """Alice in two circles (one finished) and Bob's circle without her."""
    from workaloud.circles.models import Circle
    from workaloud.tests.test_visibility_matrix import make_circle

    return {
        "mine": make_circle([alice, carol], title="Alice's circle"),
        "other_mine": make_circle([alice], title="Alice's second circle"),
        "finished": make_circle([alice], title="Finished one", status=Circle.Status.FINISHED),
        "bobs": make_circle([bob], title="Bob's secret circle"),
    }


def circle_form_cases():
    return [
        ("circle", None, "Choose which of your circles to share it with."),
        ("circle:bobs", None, "That is not one of your circles."),
        ("circle:finished", None, "That is not one of your circles."),
        ("circle:999999", None, "That is not one of your circles."),
        ("circle:x", None, "That is not one of your circles."),
        ("circle:99999999999999999999999", None, "That is not one of your circles."),
        ("circle", "bobs", "That is not one of your circles."),
    ]


@pytest.mark.parametrize("audience, circle_field, message", circle_form_cases())
@pytest.mark.parametrize("action", ["publish", "draft"])
def test_update_form_refuses_a_circle_that_is_not_open_to_you(
    alice_client, circles, audience, circle_field, message, action
):
    before = db_state()
    if ":" in audience and audience.split(":")[1] in circles:
        audience = f"circle:{circles[audience.split(':')[1]].pk}"
    data = {**UPDATE_FORM, "audience": audience, "action": action}
    if circle_field:
        data["circle"] = circles[circle_field].pk
    response = alice_client.post("/updates/new/", data)
    assert_form_error(response, message)
    assert "Bob's secret circle" not in text(response)
    assert db_state() == before


def test_update_form_refuses_the_circle_audience_to_someone_in_no_circle(bob, client_for, db):
    before = db_state()
    for audience in ("circle", "circle:1"):
        response = client_for(bob).post("/updates/new/", {**UPDATE_FORM, "audience": audience})
        assert_form_error(response, "You are in no circle at the moment")
    assert "My circle" not in text(client_for(bob).get("/updates/new/"))
    assert db_state() == before


def test_update_form_refuses_a_circle_update_on_a_followers_goal(alice, alice_client, circles):
    goal = make_goal(alice, title="For followers", audience=Audience.FOLLOWERS)
    before = db_state()
    data = {**UPDATE_FORM, "goal": goal.pk, "audience": f"circle:{circles['mine'].pk}"}
    response = alice_client.post("/updates/new/", data)
    assert_form_error(response, "share the goal with the community")
    assert db_state() == before


def test_publishing_a_draft_into_a_circle_that_finished_since_is_refused(
    alice, alice_client, circles
):
    from workaloud.circles.models import Circle

    circle = circles["mine"]
    draft = make_update(alice, body="later", audience="circle", circle=circle, publish=False)
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.FINISHED)
    before = db_state()
    response = alice_client.post(f"/updates/{draft.pk}/publish/", follow=True)
    assert "has finished; it takes no new updates" in text(response)
    assert db_state() == before


def test_editing_an_update_into_a_circle_left_since_is_refused(alice, alice_client, circles):
    from workaloud.tests.test_visibility_matrix import leave_circle

    update = make_update(alice, body="for everyone")
    leave_circle(alice, circles["mine"])
    before = db_state()
    data = {**UPDATE_FORM, "audience": f"circle:{circles['mine'].pk}"}
    response = alice_client.post(f"/updates/{update.pk}/edit/", data)
    assert_form_error(response, "That is not one of your circles.")
    assert db_state() == before


@pytest.mark.parametrize("action", ["new", "edit"])
def test_goal_form_refuses_the_circle_audience(alice, alice_client, circles, action):
    goal = make_goal(alice, title="Mine")
    before = db_state()
    url = "/goals/new/" if action == "new" else f"/goals/{goal.pk}/edit/"
    data = {"title": "A goal", "status": "active", "audience": "circle"}
    response = alice_client.post(url, data)
    assert_form_error(response, "Select a valid choice. circle is not one of the available")
    assert db_state() == before


# --- campaigns ------------------------------------------------------------------------------


@pytest.fixture
def campaign_organiser(db):
    from workaloud.campaigns.tests.conftest import organiser_named

    return organiser_named("olga")


@pytest.fixture
def running_campaign(campaign_organiser):
    import datetime as dt

    from workaloud.campaigns.services import create_from_template

    today = dt.datetime.now(dt.UTC).date()
    return create_from_template(campaign_organiser, starts_on=today - dt.timedelta(days=1))


HAND = {
    "action": "hand",
    "hand-name": "Spring week",
    "hand-theme": "Sharing early",
    "hand-starts_on": "2031-03-03",
    "hand-ends_on": "2031-03-07",
    "hand-day_title": "Start",
    "hand-day_prompt": "Begin.",
}


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"hand-ends_on": "2031-03-01"},
            "The campaign ends (1 Mar 2031) before it starts (3 Mar 2031)",
        ),
        ({"hand-ends_on": "2031-05-01"}, "lasts 60 days; at most 31 are allowed"),
        ({"hand-starts_on": "2031-02-30"}, "Enter a valid date."),
        ({"hand-name": "n" * 121}, "Ensure this value has at most 120 characters"),
        ({"hand-day_prompt": "p" * 4001}, "Ensure this value has at most 4000 characters"),
        ({"hand-theme": "  "}, "This field is required."),
    ],
)
def test_new_campaign_form_refuses(campaign_organiser, client_for, unchanged, changes, message):
    response = client_for(campaign_organiser).post("/campaigns/new/", {**HAND, **changes})
    assert_form_error(response, message)
    assert "Nothing was saved." in text(response)
    unchanged()


@pytest.mark.parametrize(
    "source, message",
    [
        (b"name = 'x'\ntheme = \nx = 1", "The file is not valid TOML: Invalid value (at line 2"),
        (b'{"name": "x", "theme": "t", "days": 3}', "days: missing"),
        (
            b"name = 'x'\ntheme = 't'\n[[days]]\nday = 1\ntitle = 'a'\nprompt = 'a'\n"
            b"[[days]]\nday = 1\ntitle = 'b'\nprompt = 'b'\n",
            "days entry 2: 3 Mar 2031 already has a prompt (entry 1)",
        ),
        (b"name = 'x'\ntheme = 't'\n[[days]]\nday = 1\ntitle = 'a'\n", "days entry 1 prompt"),
    ],
)
def test_campaign_upload_refuses_a_malformed_file(
    campaign_organiser, client_for, unchanged, source, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("campaign.toml", source)
    data = {"action": "upload", "upload-file": upload, "upload-starts_on": "2031-03-03"}
    response = client_for(campaign_organiser).post("/campaigns/new/", data)
    assert_form_error(response, message)
    unchanged()


def test_campaign_template_refuses_overlapping_dates(running_campaign, client_for, unchanged):
    organiser = running_campaign.created_by
    data = {"action": "template", "tpl-starts_on": running_campaign.ends_on.isoformat()}
    response = client_for(organiser).post("/campaigns/new/", data)
    assert_form_error(response, "These dates overlap the campaign “Working Out Loud Week”")
    unchanged()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"date": "1999-01-01", "title": "t", "prompt": "p"}, "is outside the campaign"),
        ({"date": "{second}", "title": "t", "prompt": "p"}, "already has a prompt"),
        ({"date": "{first}", "title": "", "prompt": "p"}, "This field is required."),
        ({"date": "{first}", "title": "t" * 121, "prompt": "p"}, "at most 120 characters"),
    ],
)
def test_campaign_day_form_refuses(running_campaign, client_for, unchanged, data, message):
    days = list(running_campaign.days.all())
    data = {k: v.format(first=days[0].date, second=days[1].date) for k, v in data.items()}
    url = f"/campaigns/{running_campaign.pk}/days/{days[0].date}/"
    response = client_for(running_campaign.created_by).post(url, data)
    assert_form_error(response, message)
    unchanged()


def test_campaign_edit_refuses_dates_that_leave_days_out(running_campaign, client_for, unchanged):
    data = {
        "name": running_campaign.name,
        "theme": running_campaign.theme,
        "starts_on": running_campaign.starts_on.isoformat(),
        "ends_on": running_campaign.starts_on.isoformat(),
    }
    url = f"/campaigns/{running_campaign.pk}/edit/"
    response = client_for(running_campaign.created_by).post(url, data)
    assert_form_error(response, "is outside the campaign")
    unchanged()


@pytest.mark.parametrize(
    "tag, message",
    [
        ({"campaign": "999999"}, "That is not a campaign."),
        ({"campaign": "x"}, "That is not a campaign."),
        ({"campaign": "{campaign}", "campaign_day": "tomorrow"}, "Enter a valid date."),
        ({"campaign": "{campaign}", "campaign_day": "2000-01-01"}, "has no prompt on 1 Jan 2000"),
        ({"campaign_day": "2031-03-03"}, "A campaign day goes with a campaign only."),
    ],
)
def test_update_form_refuses_a_bad_campaign_tag(
    running_campaign, alice_client, unchanged, tag, message
):
    tag = {k: v.format(campaign=running_campaign.pk) for k, v in tag.items()}
    response = alice_client.post("/updates/new/", {**UPDATE_FORM, **tag, "action": "publish"})
    assert_form_error(response, message)
    unchanged()
