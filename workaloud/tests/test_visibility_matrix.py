"""The audience matrix: every read path × every state of an update × every kind of viewer.

"Confidential means confidential": an update's text reaches exactly the viewers in the tables
below, on every page and API answer that can show it. An audience is one more row in
``UPDATE_SEEN_BY`` (the circle audience: a circle, a finished circle, a circle since deleted);
a new read path is one more entry in ``UPDATE_READ_PATHS``.

The viewers: the author; a circle member (in the author's circle, not following them); a former
member (left the circle after the update was shared); a follower outside the circle; another
member; a staff superuser (an administrator is no one special in the product's pages); and
anonymous visitors with the community public or not.
"""

import html
import itertools
import re
from dataclasses import dataclass
from datetime import date, time

import pytest
from django.test import Client
from django.utils import timezone

from workaloud.audience import Audience
from workaloud.circles.models import Circle, Membership
from workaloud.goals.services import update_goal
from workaloud.notifications.models import Notification
from workaloud.people.services import follow, unfollow
from workaloud.testing.factories import make_goal, make_person, make_update
from workaloud.work.models import WorkUpdate
from workaloud.work.services import delete_update, edit_update

# --- the viewers -------------------------------------------------------------------------

AUTHOR, FOLLOWER, MEMBER = "author", "follower", "member"
CIRCLEMATE, FORMER, STAFF = "circlemate", "former", "staff"
ANON, ANON_PUBLIC = "anonymous", "anonymous_public"  # COMMUNITY_PUBLIC off / on
LOGGED_IN = (AUTHOR, FOLLOWER, MEMBER, CIRCLEMATE, FORMER, STAFF)
VIEWERS = (*LOGGED_IN, ANON, ANON_PUBLIC)
EVERYONE = set(VIEWERS)
OTHERS = set(LOGGED_IN) - {AUTHOR}  # members who are not the author
ALL_MEMBERS = EVERYONE - {ANON, ANON_PUBLIC}

# --- who may read an update, by its state --------------------------------------------------

UPDATE_SEEN_BY = {
    "community": EVERYONE - {ANON},
    "followers": {AUTHOR, FOLLOWER},
    "circle": {AUTHOR, CIRCLEMATE},  # its current members: not who left, not administrators
    "circle_finished": {AUTHOR, CIRCLEMATE},  # a finished circle still shows its updates
    "circle_gone": {AUTHOR},  # its circle was deleted: nobody is left to share it with
    "only_me": {AUTHOR},
    "draft": set(),  # listed nowhere; only its author may open it (see DRAFT_OPENED_BY)
    "deleted": set(),
    "hidden": set(),  # hidden by a moderator
}
STATES = tuple(UPDATE_SEEN_BY)
CIRCLE_STATES = frozenset({"circle", "circle_finished", "circle_gone"})
# Detail pages (not lists) open a draft for its author, so they can finish and publish it.
DRAFT_OPENED_BY = {AUTHOR}

# Words only the update (or goal) under test contains: what a leak would reveal.
SECRET = "quokkasecret"
SEARCH_WORD = "zanzibarish"
GOAL_SECRET = "narwhalgoal"


@dataclass(frozen=True)
class ReadPath:
    url: str  # formatted with the World's attributes
    serves: frozenset  # viewers the path lists anything for at all (by design, not audience)
    detail: bool = False  # one item by id: hidden answers exactly like missing
    api: bool = False
    marker: str = "{secret}"  # what in the answer shows the item (formatted like ``url``)
    # Viewers the path lists a circle's updates for, when not ``serves`` (by design: discover
    # lists community updates only; home lists my circles' updates too).
    circle_serves: frozenset | None = None


def path(url, serves=EVERYONE, circle_serves=None, **kw):
    circle_serves = None if circle_serves is None else frozenset(circle_serves)
    return ReadPath(url, frozenset(serves), circle_serves=circle_serves, **kw)


UPDATE_READ_PATHS = {
    # the home feed: me, the people I follow, the goals I follow and my circles (members only)
    "home": path("/", {AUTHOR, FOLLOWER}, circle_serves={AUTHOR, CIRCLEMATE}),
    # discover: community updates of people I don't follow yet (not my own)
    "discover": path("/discover/", EVERYONE - {AUTHOR, FOLLOWER, ANON}, circle_serves=set()),
    # open asks of others
    "asks": path("/asks/", EVERYONE - {AUTHOR, ANON}),
    "profile": path("/people/{author.username}/"),
    "goal_page": path("/goals/{goal.pk}/"),
    "update_detail": path("/updates/{update.pk}/", detail=True),
    "search": path("/search/?q={search_word}"),
    # people search shows people, never update text
    "people_search": path("/people/?q={search_word}", set()),
    # the update mentions everyone; nobody is told about their own update
    "notifications": path("/notifications/", OTHERS),
    # the story of my relationship with the author names their latest update
    "relationship_story": path(
        "/relationships/with/{author.username}/", OTHERS, marker="/updates/{update.pk}/"
    ),
    "api_home": path("/api/feed/home", {AUTHOR, FOLLOWER}, {AUTHOR, CIRCLEMATE}, api=True),
    "api_discover": path(
        "/api/feed/discover", EVERYONE - {AUTHOR, FOLLOWER, ANON}, set(), api=True
    ),
    "api_asks": path("/api/feed/asks", EVERYONE - {AUTHOR, ANON}, api=True),
    "api_update_detail": path("/api/updates/{update.pk}", detail=True, api=True),
    "api_search": path("/api/search?q={search_word}", api=True),
    "api_people_search": path("/api/people?q={search_word}", set(), api=True),
    "api_person_updates": path("/api/people/{author.username}/updates", api=True),
    "api_goal_updates": path("/api/goals/{goal.pk}/updates", api=True),
    # API notifications name the update by id rather than quoting it
    "api_notifications": path(
        "/api/notifications", OTHERS, api=True, marker='"update_id":{update.pk},'
    ),
    "api_relationship_story": path(
        "/api/relationships/{author.username}", OTHERS, api=True, marker="/updates/{update.pk}/"
    ),
    # the author's legacy links the latest update of each goal
    "legacy": path("/people/{author.username}/legacy/", marker="/updates/{update.pk}/"),
    "api_legacy": path(
        "/api/people/{author.username}/legacy", api=True, marker='"latest_update_id":{update.pk}'
    ),
}


def expected_update_viewers(read_path: ReadPath, state: str) -> set[str]:
    seen_by = set(UPDATE_SEEN_BY[state])
    if read_path.detail and state == "draft":
        seen_by |= DRAFT_OPENED_BY
    serves = read_path.serves
    if state in CIRCLE_STATES and read_path.circle_serves is not None:
        serves = read_path.circle_serves
    return seen_by & serves


# --- building the world ----------------------------------------------------------------


_feed_tokens = itertools.count(1)


def make_circle(members, title="Circle of five", *, status=Circle.Status.CLOSED) -> Circle:
    """A circle with these current members (its status, schedule and programme beside the
    point here)."""
    circle = Circle.objects.create(
        title=title,
        language="English",
        timezone="Europe/Berlin",
        weekday=2,
        start_time=time(9),
        starts_on=date(2026, 1, 7),
        status=status,
        feed_token=f"feed-token-{next(_feed_tokens)}",
    )
    for person in members:
        Membership.objects.create(circle=circle, person=person)
    return circle


def leave_circle(person, circle) -> None:
    Membership.objects.filter(person=person, circle=circle).update(left_at=timezone.now())


@dataclass
class World:
    author: object
    follower: object
    member: object
    circlemate: object
    former: object
    staff: object
    circle: object
    goal: object = None
    update: object = None
    secret: str = SECRET
    search_word: str = SEARCH_WORD

    def url(self, template: str) -> str:
        return template.format(**vars(self))


@pytest.fixture
def world(db):
    author = make_person(AUTHOR, display_name="Ada Author", team="Platform")
    follower = make_person(FOLLOWER, display_name="Fred Follower")
    member = make_person(MEMBER, display_name="Mia Member")
    circlemate = make_person(CIRCLEMATE, display_name="Cleo Circlemate")
    former = make_person(FORMER, display_name="Flo Former")
    staff = make_person(STAFF, display_name="Sam Staff", is_staff=True, is_superuser=True)
    follow(follower, author)
    circle = make_circle([author, circlemate, former], title="The Thursday circle")
    return World(
        author=author,
        follower=follower,
        member=member,
        circlemate=circlemate,
        former=former,
        staff=staff,
        circle=circle,
    )


MENTIONS = " ".join(f"@{name}" for name in LOGGED_IN if name != AUTHOR)


def share_update(world: World, state: str) -> WorkUpdate:
    """An update in ``state`` on a community goal, with an open ask, mentioning everyone but
    its author. The former member leaves the circle after it is shared."""
    world.goal = make_goal(world.author, title="Community goal")
    body = f"{SECRET} narrates {SEARCH_WORD} progress; thoughts, {MENTIONS}?"
    in_circle = state in CIRCLE_STATES
    audience = Audience.CIRCLE if in_circle else state
    audience = audience if audience in Audience.values else Audience.COMMUNITY
    update = make_update(
        world.author,
        body=body,
        goal=world.goal,
        ask="Has anyone done this before?",
        audience=audience,
        circle=world.circle if in_circle else None,
        publish=state != "draft",
    )
    leave_circle(world.former, world.circle)
    if state == "circle_finished":
        Circle.objects.filter(pk=world.circle.pk).update(status=Circle.Status.FINISHED)
    elif state == "circle_gone":
        world.circle.delete()
        update.refresh_from_db()
    if state == "deleted":
        delete_update(update, world.author)
    elif state == "hidden":
        WorkUpdate.objects.filter(pk=update.pk).update(hidden_at=timezone.now())
    world.update = update
    return update


def client_as(world: World, viewer: str, settings) -> Client:
    settings.COMMUNITY_PUBLIC = viewer == ANON_PUBLIC
    client = Client()
    if viewer in LOGGED_IN:
        client.force_login(getattr(world, viewer))
    return client


def page_text(response) -> str:
    return html.unescape(response.content.decode())


_TOKEN = re.compile(r"[A-Za-z0-9]{64}")  # masked CSRF tokens differ on every render


def same_answer(response, url: str, item_id: int, other, other_url: str, other_id: int) -> bool:
    """Whether two answers are the same page once their URLs and ids are swapped."""

    def norm(r, url, item_id):
        text = _TOKEN.sub("TOKEN", r.content.decode() + "|" + r.get("Location", ""))
        # " 19." ends a sentence naming the id; " 19.5" is a number (an icon's path, say).
        return r.status_code, re.sub(rf" {item_id}\.(?!\d)", " ID.", text.replace(url, "URL"))

    return norm(response, url, item_id) == norm(other, other_url, other_id)


def assert_looks_missing(client, response, url: str, item):
    """A hidden item answers exactly like an id that does not exist."""
    missing_id = item.pk + 1000
    missing_url = url.replace(str(item.pk), str(missing_id))
    assert missing_url != url
    missing = client.get(missing_url)
    assert response.status_code in (302, 401, 404), response.status_code
    assert same_answer(response, url, item.pk, missing, missing_url, missing_id)


# --- the matrix --------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("read_path", UPDATE_READ_PATHS.values(), ids=UPDATE_READ_PATHS.keys())
def test_update_visibility(world, settings, read_path, state, viewer):
    share_update(world, state)
    client = client_as(world, viewer, settings)
    url = world.url(read_path.url)
    response = client.get(url)
    sees = viewer in expected_update_viewers(read_path, state)

    marker = world.url(read_path.marker)
    if sees:
        assert response.status_code == 200, response.status_code
        assert marker in page_text(response)
    else:
        assert marker not in page_text(response)
        assert SECRET not in page_text(response)
    if read_path.detail and not sees:  # not shared with you looks exactly like not there
        assert_looks_missing(client, response, url, world.update)


# Who gets a notification row when the update mentions everyone. Deleted and hidden updates
# were shared with the community first; their rows stay but are not shown. The former member
# was in the circle when its updates were shared (their row is no longer shown either).
MENTION_TOLD = {
    "community": OTHERS,
    "followers": {FOLLOWER},
    "circle": {CIRCLEMATE, FORMER},
    "circle_finished": {CIRCLEMATE, FORMER},
    "circle_gone": {CIRCLEMATE, FORMER},
    "only_me": set(),
    "draft": set(),  # mentions count from publication on
    "deleted": OTHERS,
    "hidden": OTHERS,
}


@pytest.mark.parametrize("state", STATES)
def test_mention_notification_rows_follow_the_audience(world, state):
    """Nobody is even recorded as told about an update they could not see when it was shared."""
    share_update(world, state)
    rows = Notification.objects.filter(update=world.update)
    assert set(rows.values_list("recipient__username", flat=True)) == MENTION_TOLD[state]


# --- goals -------------------------------------------------------------------------------

GOAL_SEEN_BY = {
    "community": EVERYONE - {ANON},
    "followers": {AUTHOR, FOLLOWER},
    "only_me": {AUTHOR},
}

GOAL_READ_PATHS = {
    "profile_goal_list": path("/people/{author.username}/"),
    "goal_page": path("/goals/{goal.pk}/", detail=True),
    "api_goal": path("/api/goals/{goal.pk}", detail=True, api=True),
    "api_person_goals": path("/api/people/{author.username}/goals", api=True),
    "api_my_goals": path("/api/goals", {AUTHOR}, api=True),
    "legacy": path("/people/{author.username}/legacy/"),
    "api_legacy": path("/api/people/{author.username}/legacy", api=True),
}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("audience", GOAL_SEEN_BY)
@pytest.mark.parametrize("read_path", GOAL_READ_PATHS.values(), ids=GOAL_READ_PATHS.keys())
def test_goal_visibility(world, settings, read_path, audience, viewer):
    world.goal = make_goal(world.author, title=f"Run the {GOAL_SECRET} demo day", audience=audience)
    client = client_as(world, viewer, settings)
    url = world.url(read_path.url)
    response = client.get(url)
    sees = viewer in GOAL_SEEN_BY[audience] & read_path.serves

    if sees:
        assert response.status_code == 200
        assert GOAL_SECRET in page_text(response)
    else:
        assert GOAL_SECRET not in page_text(response)
    if read_path.detail and not sees:
        assert_looks_missing(client, response, url, world.goal)


# --- people ------------------------------------------------------------------------------

PERSON_SEEN_BY = {
    "active": EVERYONE - {ANON},
    "deactivated": set(),
}

PERSON_READ_PATHS = {
    "people_search_by_team": path("/people/?q=Platform"),
    "people_search_by_name": path("/people/?q=Ada"),
    "search_page_people": path("/search/?q=Platform"),
    "profile": path("/people/{author.username}/"),
    "api_people_search": path("/api/people?q=Platform", api=True),
    "api_profile": path("/api/people/{author.username}", api=True),
}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("state", PERSON_SEEN_BY)
@pytest.mark.parametrize("read_path", PERSON_READ_PATHS.values(), ids=PERSON_READ_PATHS.keys())
def test_person_visibility(world, settings, read_path, state, viewer):
    if state == "deactivated":
        world.author.is_active = False
        world.author.save(update_fields=["is_active"])
    client = client_as(world, viewer, settings)
    response = client.get(world.url(read_path.url))
    # The author's own session ends with deactivation; other viewers never see them.
    sees = viewer in PERSON_SEEN_BY[state] & read_path.serves
    assert ("Ada Author" in page_text(response)) == sees


# --- single scenarios the matrix can't express ---------------------------------------------


def test_home_feed_of_a_follower_leaves_out_only_me_updates(world, client_for):
    make_update(world.author, body="shared with my followers", audience=Audience.FOLLOWERS)
    make_update(world.author, body="a private note to myself", audience=Audience.ONLY_ME)
    text = page_text(client_for(world.follower).get("/"))
    assert "shared with my followers" in text
    assert "a private note to myself" not in text
    assert "a private note to myself" in page_text(client_for(world.author).get("/"))


NARROWED_GOAL_PATHS = {
    "update_detail": "/updates/{update.pk}/",
    "profile": "/people/{author.username}/",
    "discover": "/discover/",
    "asks": "/asks/",
    "search": "/search/?q={search_word}",
    "api_update_detail": "/api/updates/{update.pk}",
    "api_discover": "/api/feed/discover",
    "api_asks": "/api/feed/asks",
    "api_search": "/api/search?q={search_word}",
    "api_person_updates": "/api/people/{author.username}/updates",
}


# Discover leaves out the author's own updates and those of people one follows; asks leave
# out the author's own.
NARROWED_GOAL_CASES = [
    pytest.param(url, viewer, id=f"{name}-{viewer}")
    for name, url in NARROWED_GOAL_PATHS.items()
    for viewer in (AUTHOR, FOLLOWER, MEMBER, ANON_PUBLIC)
    if not ("discover" in name and viewer in (AUTHOR, FOLLOWER))
    and not ("asks" in name and viewer == AUTHOR)
]


@pytest.mark.parametrize("url, viewer", NARROWED_GOAL_CASES)
def test_goal_narrowed_after_sharing_keeps_its_title_from_the_update(world, settings, url, viewer):
    goal = make_goal(world.author, title=f"Quietly {GOAL_SECRET} the reorg")
    world.goal = goal
    world.update = make_update(
        world.author, body=f"{SECRET} {SEARCH_WORD} progress", goal=goal, ask="Any pointers?"
    )
    update_goal(goal, world.author, audience=Audience.ONLY_ME)

    client = client_as(world, viewer, settings)
    response = client.get(world.url(url))
    assert response.status_code == 200
    text = page_text(response)
    assert SECRET in text
    if viewer == AUTHOR:
        assert GOAL_SECRET in text
    else:  # the update is still shared with them, but the goal it belongs to is not
        assert GOAL_SECRET not in text


def test_goal_narrowed_after_sharing_keeps_its_title_from_home_feed(world, client_for):
    goal = make_goal(world.author, title=f"Quietly {GOAL_SECRET} the reorg")
    make_update(world.author, body=f"{SECRET} progress", goal=goal)
    update_goal(goal, world.author, audience=Audience.ONLY_ME)
    for path_ in ("/", "/api/feed/home"):
        text = page_text(client_for(world.follower).get(path_))
        assert SECRET in text and GOAL_SECRET not in text
        assert GOAL_SECRET in page_text(client_for(world.author).get(path_))


class TestNotificationsFollowTheUpdate:
    """A notification about an update disappears when the update stops being shared."""

    @pytest.fixture
    def mentioned(self, world):
        world.update = make_update(world.author, body=f"{SECRET}: what do you think, @member?")
        return world

    def inbox(self, world, client_for):
        return page_text(client_for(world.member).get("/notifications/"))

    def unread_badge(self, world, client_for):
        return (
            'data-testid="unread-count"'
            in client_for(world.member).get("/people/").content.decode()
        )

    def test_seen_while_shared(self, mentioned, client_for):
        assert SECRET in self.inbox(mentioned, client_for)
        assert self.unread_badge(mentioned, client_for)

    @pytest.mark.parametrize("audience", [Audience.FOLLOWERS, Audience.ONLY_ME])
    def test_gone_when_made_private(self, mentioned, client_for, audience):
        edit_update(mentioned.update, mentioned.author, audience=audience)
        assert SECRET not in self.inbox(mentioned, client_for)
        assert not self.unread_badge(mentioned, client_for)
        api = client_for(mentioned.member).get("/api/notifications")
        assert api.status_code == 200 and SECRET not in page_text(api)

    def test_gone_when_deleted(self, mentioned, client_for):
        delete_update(mentioned.update, mentioned.author)
        assert SECRET not in self.inbox(mentioned, client_for)
        assert not self.unread_badge(mentioned, client_for)

    def test_gone_when_hidden_by_a_moderator(self, mentioned, client_for):
        WorkUpdate.objects.filter(pk=mentioned.update.pk).update(hidden_at=timezone.now())
        assert SECRET not in self.inbox(mentioned, client_for)
        assert not self.unread_badge(mentioned, client_for)

    def test_follower_loses_it_on_unfollow(self, world, client_for):
        make_update(world.author, body=f"{SECRET} for followers, @follower", audience="followers")
        assert SECRET in page_text(client_for(world.follower).get("/notifications/"))
        unfollow(world.follower, world.author)
        assert SECRET not in page_text(client_for(world.follower).get("/notifications/"))


# --- journal entries: their owner, and nobody else, anywhere -------------------------------

JOURNAL_READ_PATHS = {
    "journal": path("/reflection/journal/", {AUTHOR}),
    "journal_search": path("/reflection/journal/?q={search_word}", {AUTHOR}),
    "journal_edit": path("/reflection/journal/{entry.pk}/edit/", {AUTHOR}, detail=True),
    "journal_delete": path("/reflection/journal/{entry.pk}/delete/", {AUTHOR}, detail=True),
    "journal_export": path("/reflection/journal/export/", {AUTHOR}),
    "reflection": path("/reflection/", {AUTHOR}, marker="{search_word}"),  # recent entries
    "api_journal": path("/api/reflection/journal", {AUTHOR}, api=True),
    "api_journal_search": path("/api/reflection/journal?q={search_word}", {AUTHOR}, api=True),
    "api_journal_entry": path(
        "/api/reflection/journal/{entry.pk}", {AUTHOR}, detail=True, api=True
    ),
    "api_journal_export": path("/api/reflection/journal/export", {AUTHOR}, api=True),
    # nowhere else, not even for its owner
    "home": path("/", set()),
    "discover": path("/discover/", set()),
    "search": path("/search/?q={search_word}", set()),
    "profile": path("/people/{author.username}/", set()),
    "notifications": path("/notifications/", set()),
    "relationship_story": path("/relationships/with/{author.username}/", set()),
    "api_search": path("/api/search?q={search_word}", set(), api=True),
    "api_home": path("/api/feed/home", set(), api=True),
    "api_person_updates": path("/api/people/{author.username}/updates", set(), api=True),
    "api_notifications": path("/api/notifications", set(), api=True),
}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("read_path", JOURNAL_READ_PATHS.values(), ids=JOURNAL_READ_PATHS.keys())
def test_journal_entry_visibility(world, settings, read_path, viewer):
    from workaloud.reflection.services import create_entry

    text = f"{SECRET} {SEARCH_WORD}: a private thought about {MENTIONS}"
    told = Notification.objects.count()
    world.entry = create_entry(world.author, text, prompt_key="purpose-1")
    client = client_as(world, viewer, settings)
    url = world.url(read_path.url)
    response = client.get(url)
    sees = viewer in read_path.serves
    body = html.unescape(response.content.decode())
    if sees:
        assert response.status_code == 200, response.status_code
        assert world.url(read_path.marker) in body
    else:
        assert SECRET not in body  # (the search word is echoed back in the search box)
    if read_path.detail and not sees:
        assert_looks_missing(client, response, url, world.entry)
    assert Notification.objects.count() == told  # a journal tells nobody anything


# --- full-text search: every kind, tab, filter and count -------------------------------------

SEARCH_UPDATE_READ_PATHS = {
    "search_updates_tab": path("/search/?q={search_word}&kind=updates"),
    "search_filtered": path(
        "/search/?q={search_word}&kind=updates&team=Platform&stage=in_progress&ask=on"
    ),
    "search_as_you_type": path("/search/?q=zanzibar"),  # the word being typed, as a prefix
    "search_phrase": path('/search/?q="{search_word}+progress"'),
    "api_search_results": path("/api/search/results?q={search_word}", api=True),
    "api_search_results_filtered": path(
        "/api/search/results?q={search_word}&kind=updates&team=Platform&open_ask=true",
        api=True,
    ),
}

_TAB_COUNT = re.compile(r'data-testid="tab-(\w+)">[^<]*<span class="count">([\d,+]+)</span>')


def search_counts(response, api: bool) -> dict[str, str]:
    """The count per kind the answer shows (nothing when it shows no results at all)."""
    if response.status_code != 200:
        return {}
    if api:
        return {k: str(c["n"]) for k, c in response.json().get("counts", {}).items()}
    return dict(_TAB_COUNT.findall(response.content.decode()))


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(
    "read_path", SEARCH_UPDATE_READ_PATHS.values(), ids=SEARCH_UPDATE_READ_PATHS.keys()
)
def test_search_update_visibility(world, settings, read_path, state, viewer):
    """An update a viewer may not see is never a hit, a snippet or a count."""
    share_update(world, state)
    client = client_as(world, viewer, settings)
    response = client.get(world.url(read_path.url))
    sees = viewer in expected_update_viewers(read_path, state)
    counts = search_counts(response, read_path.api)
    if sees:
        assert response.status_code == 200, response.status_code
        assert SECRET in page_text(response)
        assert counts["updates"] == "1"
    else:
        assert SECRET not in page_text(response)
        assert counts.get("updates", "0") == "0"


SEARCH_GOAL_READ_PATHS = {
    "search": path("/search/?q={goal_word}"),
    "search_goals_tab": path("/search/?q={goal_word}&kind=goals&team=Platform"),
    "api_search_results": path("/api/search/results?q={goal_word}", api=True),
}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("audience", GOAL_SEEN_BY)
@pytest.mark.parametrize(
    "read_path", SEARCH_GOAL_READ_PATHS.values(), ids=SEARCH_GOAL_READ_PATHS.keys()
)
def test_search_goal_visibility(world, settings, read_path, audience, viewer):
    world.goal = make_goal(world.author, title=f"Run the {GOAL_SECRET} demo day", audience=audience)
    client = client_as(world, viewer, settings)
    response = client.get(read_path.url.format(goal_word=GOAL_SECRET))
    sees = viewer in GOAL_SEEN_BY[audience] & read_path.serves
    counts = search_counts(response, read_path.api)
    if sees:
        assert response.status_code == 200
        assert GOAL_SECRET in page_text(response).replace("<mark>", "").replace("</mark>", "")
        assert counts["goals"] == "1"
    else:
        assert f"{GOAL_SECRET}</mark>" not in page_text(response)  # (echoed in the query box)
        assert "demo day" not in page_text(response)
        assert counts.get("goals", "0") == "0"


SEARCH_PERSON_READ_PATHS = {
    "search_people_tab": path("/search/?q=Platform&kind=people"),
    "search_people_team_filter": path("/search/?q=Platform&kind=people&team=Platform"),
    "api_search_results": path("/api/search/results?q=Platform", api=True),
}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("state", PERSON_SEEN_BY)
@pytest.mark.parametrize(
    "read_path", SEARCH_PERSON_READ_PATHS.values(), ids=SEARCH_PERSON_READ_PATHS.keys()
)
def test_search_person_visibility(world, settings, read_path, state, viewer):
    if state == "deactivated":
        world.author.is_active = False
        world.author.save(update_fields=["is_active"])
    client = client_as(world, viewer, settings)
    response = client.get(read_path.url)
    sees = viewer in PERSON_SEEN_BY[state] & read_path.serves
    assert ("Ada Author" in page_text(response)) == sees
    assert (search_counts(response, read_path.api).get("people", "0") != "0") == sees


def test_circle_update_is_found_by_its_circle_members_only(world, client_for):
    """Search finds a circle update for its author and current members, and for nobody else:
    not a follower, not a former member, not an administrator (not even as a count)."""
    make_update(
        world.author, body=f"{SECRET} circle notes", audience=Audience.CIRCLE, circle=world.circle
    )
    leave_circle(world.former, world.circle)
    for person in (world.author, world.circlemate):
        body = page_text(client_for(person).get(f"/search/?q={SECRET}"))
        assert SECRET in body
    for person in (world.follower, world.former, world.member, world.staff):
        c = client_for(person)
        response = c.get(f"/search/?q={SECRET}")
        assert search_counts(response, api=False)["updates"] == "0"
        assert f"<mark>{SECRET}" not in response.content.decode()
        api = c.get(f"/api/search/results?q={SECRET}").json()
        assert api["hits"] == [] and api["counts"]["updates"]["n"] == 0


@pytest.mark.parametrize(
    "url", ["/search/?q={search_word}&kind=updates", "/api/search/results?q={search_word}"]
)
@pytest.mark.parametrize("viewer", (AUTHOR, FOLLOWER, MEMBER))
def test_search_hit_keeps_a_narrowed_goal_title_to_its_author(world, settings, url, viewer):
    goal = make_goal(world.author, title=f"Quietly {GOAL_SECRET} the reorg")
    world.update = make_update(world.author, body=f"{SECRET} {SEARCH_WORD} progress", goal=goal)
    update_goal(goal, world.author, audience=Audience.ONLY_ME)
    text = page_text(client_as(world, viewer, settings).get(world.url(url)))
    assert SECRET in text
    assert (GOAL_SECRET in text) == (viewer == AUTHOR)


# --- discovery: suggestions cite only what the viewer may see ----------------------------------

DISCOVERY_READ_PATHS = {
    "aligned page": "/discovery/people/",
    "aligned panel": "/discovery/people/panel/",
    "aligned API": "/api/discovery/aligned",
    "asks I could help with page": "/discovery/asks/",
    "asks I could help with API": "/api/discovery/asks",
    "beyond my network page": "/discovery/beyond/",
    "beyond my network API": "/api/discovery/beyond",
    "who could help panel": "/discovery/updates/{viewer_ask}/helpers/",
    "who could help API": "/api/updates/{viewer_ask}/helpers",
}


@pytest.mark.parametrize("viewer", sorted(OTHERS))
@pytest.mark.parametrize("state", STATES)
def test_discovery_cites_only_visible_items(world, settings, state, viewer):
    """The author's update in ``state`` shares its words with the viewer's purpose, goal and ask;
    the author is also rankable from a community update. Every discovery answer may name the
    author, but shows the update's secret word only to viewers who may read the update."""
    from workaloud.discovery import store

    topic = "onboarding engineers mentoring checklist"
    share_update(world, state)
    WorkUpdate.objects.filter(pk=world.update.pk).update(
        body=f"{SECRET} {topic} progress", ask=f"{SECRET} {topic}?"
    )
    make_update(world.author, body=f"Wrote the {topic} for new engineers.")
    person = getattr(world, viewer)
    person.purpose = f"{SECRET} {topic}"
    person.save()
    make_goal(person, title=f"{SECRET} {topic}")
    viewer_ask = make_update(person, body=f"{SECRET} {topic}", ask=f"{topic} {SECRET}?")
    store.refresh_all()
    store.reset_index()
    client = client_as(world, viewer, settings)
    may_see = viewer in UPDATE_SEEN_BY[state]
    for name, template in DISCOVERY_READ_PATHS.items():
        url = template.format(viewer_ask=viewer_ask.pk)
        answer = client.get(url, HTTP_HX_REQUEST="true") if "panel" in name else client.get(url)
        assert answer.status_code == 200, (name, answer.status_code)
        text = page_text(answer)
        # The viewer's own words are never shown back by these answers, so the secret in an
        # answer can only come from the author's update.
        if not may_see:
            assert SECRET not in text, f"{name} cites a {state} update to {viewer}"
        elif name == "aligned API" and state == "community":
            assert SECRET in text  # the check can see a citation when there is one
