"""A person's legacy: work by goal, asks helped resolve, people helped, who thanked them.

Each part is counted only from what the viewer may see, item by item; private thanks reach
only the two people in them; the number of queries does not grow with the work.
"""

import html
from datetime import UTC, date, datetime, time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from workaloud.audience import Audience
from workaloud.circles.models import Circle, Membership
from workaloud.generosity.services import say_thanks
from workaloud.goals.services import update_goal
from workaloud.people.legacy import legacy_of
from workaloud.people.services import follow
from workaloud.testing.factories import make_goal, make_person, make_response, make_update
from workaloud.work.models import Stage, WorkUpdate
from workaloud.work.services import delete_update, resolve_ask


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def make_circle(members) -> Circle:
    circle = Circle.objects.create(
        title="Tuesday circle",
        language="English",
        timezone="Europe/Berlin",
        weekday=1,
        start_time=time(9),
        starts_on=date(2026, 1, 6),
        status=Circle.Status.CLOSED,
        feed_token=f"legacy-feed-{len(members)}-{members[0].pk}",
    )
    for person in members:
        Membership.objects.create(circle=circle, person=person)
    return circle


def at(update, moment: datetime) -> None:
    WorkUpdate.objects.filter(pk=update.pk).update(published_at=moment)


# --- the people --------------------------------------------------------------------------


@pytest.fixture
def ada(db):
    return make_person("ada", display_name="Ada Lovelace")


@pytest.fixture
def fred(ada):
    fred = make_person("fred", display_name="Fred Follower")
    follow(fred, ada)
    return fred


@pytest.fixture
def mia(db):
    return make_person("mia", display_name="Mia Member")


@pytest.fixture
def cleo(ada):
    return make_person("cleo", display_name="Cleo Circlemate")


@pytest.fixture
def sam(db):
    return make_person("sam", display_name="Sam Staff", is_staff=True, is_superuser=True)


@pytest.fixture
def grace(db):
    return make_person("grace", display_name="Grace Hopper")


@pytest.fixture
def circle(ada, cleo):
    return make_circle([ada, cleo])


# --- 1. work by goal ---------------------------------------------------------------------


class TestWorkByGoal:
    def test_goals_with_counts_dates_and_the_stage_reached(self, ada, mia):
        guide = make_goal(ada, title="Ship the onboarding guide")
        talk = make_goal(ada, title="Give the conference talk")
        empty = make_goal(ada, title="Learn Rust")
        u1 = make_update(ada, body="Outlined the guide", goal=guide, stage=Stage.IDEA)
        u2 = make_update(ada, body="Wrote chapter one", goal=guide)
        u3 = make_update(ada, body="Published the guide", goal=guide, stage=Stage.DONE)
        t1 = make_update(ada, body="Sent the abstract", goal=talk, stage=Stage.STUCK)
        loose = make_update(ada, body="Tidied the wiki")
        at(u1, datetime(2026, 1, 5, 9, tzinfo=UTC))
        at(u2, datetime(2026, 2, 1, 9, tzinfo=UTC))
        at(u3, datetime(2026, 3, 10, 9, tzinfo=UTC))
        at(t1, datetime(2026, 2, 20, 9, tzinfo=UTC))
        at(loose, datetime(2026, 1, 1, 9, tzinfo=UTC))
        make_update(ada, body="A draft", goal=guide, publish=False)
        delete_update(make_update(ada, body="Deleted", goal=guide), ada)

        legacy = legacy_of(mia, ada)
        assert [w.goal for w in legacy.goals] == [guide, talk, empty]  # latest work first
        first = legacy.goals[0]
        assert (first.count, first.first_on, first.latest_on) == (
            3,
            date(2026, 1, 5),
            date(2026, 3, 10),
        )
        assert first.latest == u3 and first.stage_reached == Stage.DONE and first.is_done
        assert legacy.goals[1].count == 1 and legacy.goals[1].stage_reached == Stage.STUCK
        assert legacy.goals[2].count == 0 and legacy.goals[2].latest is None
        assert legacy.other_work.count == 1 and legacy.other_work.latest == loose
        assert legacy.update_count == 5 and legacy.goal_count == 2
        assert legacy.summary.startswith("5 updates, 4 on 2 goals · ")

    def test_the_page_shows_each_goal_and_other_work(self, ada, mia, client_for):
        guide = make_goal(ada, title="Ship the onboarding guide")
        make_update(ada, body="Outlined the guide", goal=guide)
        make_update(ada, body="Published the guide", goal=guide, stage=Stage.DONE)
        make_update(ada, body="Tidied the wiki")
        response = client_for(mia).get("/people/ada/legacy/")
        assert response.status_code == 200
        text = text_of(response)
        assert "3 updates, 2 on 1 goal · helped resolve 0 asks · helped 0 people" in text
        assert "Ship the onboarding guide" in text and "Published the guide" in text
        assert "Other work" in text and "Tidied the wiki" in text

    def test_dates_are_in_the_viewers_time_zone(self, ada, mia):
        update = make_update(ada, body="Late-night update")
        at(update, datetime(2026, 1, 1, 20, tzinfo=UTC))
        assert legacy_of(mia, ada).other_work.latest_on == date(2026, 1, 1)
        mia.timezone = "Pacific/Auckland"
        assert legacy_of(mia, ada).other_work.latest_on == date(2026, 1, 2)

    def test_nothing_yet(self, ada, mia, client_for):
        text = text_of(client_for(mia).get("/people/ada/legacy/"))
        assert "0 updates · helped resolve 0 asks · helped 0 people" in text
        assert "Nothing Ada Lovelace shared with you yet." in text
        mine = text_of(client_for(ada).get("/people/ada/legacy/"))
        assert "Share what you're working on" in mine

    def test_a_goal_narrowed_after_sharing_keeps_its_title_from_its_updates(self, ada, mia, fred):
        goal = make_goal(ada, title="Quietly plan the reorg")
        make_update(ada, body="Shared with everyone", goal=goal)
        update_goal(goal, ada, audience=Audience.ONLY_ME)
        for viewer in (mia, fred):
            legacy = legacy_of(viewer, ada)
            assert legacy.goals == [] and legacy.other_work.count == 1
            assert legacy.goal_count == 0
        own = legacy_of(ada, ada)
        assert [w.goal for w in own.goals] == [goal] and own.other_work is None

    def test_a_followers_goal_shows_followers_updates_to_followers_only(self, ada, fred, mia):
        goal = make_goal(ada, title="Followers goal")
        make_update(ada, body="for everyone", goal=goal)
        update_goal(goal, ada, audience=Audience.FOLLOWERS)  # now narrower than that update
        make_update(ada, body="for followers", goal=goal, audience=Audience.FOLLOWERS)
        legacy = legacy_of(fred, ada)
        assert [(w.goal, w.count) for w in legacy.goals] == [(goal, 1)]
        assert legacy.other_work.count == 1
        legacy = legacy_of(mia, ada)
        assert legacy.goals == [] and legacy.other_work.count == 1


# --- visibility, viewer by viewer --------------------------------------------------------

OWNER, FOLLOWER, MEMBER, CIRCLEMATE, STAFF = "ada", "fred", "mia", "cleo", "sam"
ANON, ANON_PUBLIC = "anonymous", "anonymous_public"
VIEWERS = (OWNER, FOLLOWER, MEMBER, CIRCLEMATE, STAFF, ANON, ANON_PUBLIC)

# What of Ada's work each viewer sees: the update bodies, by audience.
SEEN = {
    OWNER: {"community", "followers", "circle", "only_me"},
    FOLLOWER: {"community", "followers"},
    MEMBER: {"community"},
    CIRCLEMATE: {"community", "circle"},
    STAFF: {"community"},  # an administrator is no one special here
    ANON: set(),  # a private community: no page at all
    ANON_PUBLIC: {"community"},
}


@pytest.fixture
def people(ada, fred, mia, cleo, sam):
    return {p.username: p for p in (ada, fred, mia, cleo, sam)}


@pytest.fixture
def ada_work(ada, people, circle):
    """One update of Ada's per audience, all on her community goal, and a draft."""
    goal = make_goal(ada, title="Community goal")
    for audience in ("community", "followers", "circle", "only_me"):
        make_update(
            ada,
            body=f"ada-{audience}-work",
            goal=goal,
            audience=audience,
            circle=circle if audience == "circle" else None,
        )
    make_update(ada, body="ada-draft-work", goal=goal, publish=False)
    return goal


def client_as(people, viewer, settings) -> Client:
    settings.COMMUNITY_PUBLIC = viewer == ANON_PUBLIC
    client = Client()
    if viewer in people:
        client.force_login(people[viewer])
    return client


@pytest.mark.parametrize("viewer", VIEWERS)
def test_work_counts_only_what_the_viewer_may_see(ada_work, people, settings, viewer):
    client = client_as(people, viewer, settings)
    page = client.get("/people/ada/legacy/")
    api = client.get("/api/people/ada/legacy")
    if viewer == ANON:
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
        assert api.status_code == 401
        return
    assert page.status_code == 200 and api.status_code == 200
    text = text_of(page)
    for audience in ("community", "followers", "circle", "only_me", "draft"):
        assert (f"ada-{audience}-work" in text) == (
            audience in SEEN[viewer] and audience == _latest(viewer)
        )
    n = len(SEEN[viewer])
    body = api.json()
    assert body["update_count"] == n
    seen_under_goal = sum(w["update_count"] for w in body["goals"])
    seen_elsewhere = body["other_work"]["update_count"] if body["other_work"] else 0
    assert seen_under_goal + seen_elsewhere == n  # no hidden update counted anywhere
    assert f"{n} update" in text


def _latest(viewer) -> str:
    """The latest update each viewer sees (the page quotes only the latest of a goal)."""
    order = ("community", "followers", "circle", "only_me")
    return [a for a in order if a in SEEN[viewer]][-1]


# --- 2. asks they helped resolve, and 3. the people they helped ------------------------------


@pytest.fixture
def helped(ada, grace, mia, fred, cleo, circle):
    """Ada helps: Grace's community ask (credited), Grace's followers-only ask (credited; Ada
    follows Grace), an ask in Ada's circle by Cleo (credited), Mia's open ask (an offer of
    help), Fred's ask (an answer), and things that are not help."""
    follow(ada, grace)
    asks = {}
    for audience in ("community", "followers"):
        update = make_update(
            grace, body=f"grace-{audience}-body", ask=f"grace-{audience}-ask", audience=audience
        )
        resolve_ask(update, grace, helper_ids=[ada.pk])
        asks[audience] = update
    circle_ask = make_update(
        cleo,
        body="cleo-circle-body",
        ask="cleo-circle-ask",
        audience=Audience.CIRCLE,
        circle=circle,
    )
    resolve_ask(circle_ask, cleo, helper_ids=[ada.pk])
    asks["circle"] = circle_ask
    mias = make_update(mia, body="mia-open-body", ask="mia-open-ask")
    make_response(mias, ada, kind="offer_of_help", body="I can pair on it")
    make_response(mias, ada, kind="comment", body="and a tip")  # same update: still one
    freds = make_update(fred, body="fred-ask-body", ask="fred-ask")
    make_response(freds, ada, kind="comment", body="Try the staging data")
    # Not help: a question, encouragement, a comment on an update with no ask, her own update.
    plain = make_update(fred, body="fred-plain-body")
    make_response(plain, ada, kind="comment", body="nice")
    make_response(make_update(grace, body="g2", ask="g2-ask"), ada, kind="question", body="?")
    make_response(make_update(grace, body="g3"), ada, kind="encouragement", body="go!")
    own = make_update(ada, body="own", ask="own-ask")
    make_response(own, ada, kind="offer_of_help", body="self")
    return asks


def helped_names(legacy):
    return {p.person.username: p.count for p in legacy.people_helped}


def test_asks_helped_resolve_and_people_helped_for_each_viewer(helped, ada, people, grace):
    people = {**people, "grace": grace}
    expected_asks = {
        "ada": {"community", "followers", "circle"},
        "grace": {"community", "followers"},  # her own asks; not Ada's circle
        "fred": {"community"},  # fred doesn't follow Grace
        "mia": {"community"},
        "cleo": {"community", "circle"},
        "sam": {"community"},
    }
    for name, audiences in expected_asks.items():
        legacy = legacy_of(people[name], ada)
        asks = {a.update.ask.split("-")[1] for a in legacy.asks}
        assert asks == audiences, name
        assert legacy.asks_count == len(audiences), name
        names = helped_names(legacy)
        # Grace's count holds only the asks this viewer may see; Cleo only if the circle is seen.
        assert names.get("grace", 0) == len(audiences - {"circle"}), name
        assert ("cleo" in names) == ("circle" in audiences), name
        assert names["mia"] == 1 and names["fred"] == 1, name  # community: everyone sees
        assert "ada" not in names
        assert legacy.summary.endswith(
            f"helped resolve {len(audiences)} ask{'s' if len(audiences) != 1 else ''}"
            f" · helped {len(names)} people"
        )


def test_asks_are_listed_with_their_asker_and_a_link(helped, ada, mia, client_for):
    text = text_of(client_for(mia).get("/people/ada/legacy/"))
    assert "grace-community-ask" in text and f"/updates/{helped['community'].pk}/" in text
    assert "Grace Hopper" in text
    assert "grace-followers-ask" not in text and f"/updates/{helped['followers'].pk}/" not in text
    assert "cleo-circle-ask" not in text
    assert "Mia Member" in text and "Fred Follower" in text


def test_an_anonymous_reader_of_a_public_community_sees_community_help(
    helped, ada, settings, client
):
    settings.COMMUNITY_PUBLIC = True
    body = client.get("/api/people/ada/legacy").json()
    assert [a["ask"] for a in body["asks"]] == ["grace-community-ask"]
    assert {p["person"]["username"] for p in body["people_helped"]} == {"grace", "mia", "fred"}
    assert body["private_thanks"] is None


def test_a_deleted_ask_is_no_longer_counted(helped, ada, grace, mia):
    delete_update(helped["community"], grace)
    legacy = legacy_of(mia, ada)
    assert legacy.asks == [] and legacy.asks_count == 0
    assert "grace" not in helped_names(legacy)


def test_only_the_latest_asks_are_listed_the_count_covers_all(ada, grace, mia, monkeypatch):
    from workaloud.people import legacy as legacy_module

    for n in range(4):
        update = make_update(grace, body=f"b{n}", ask=f"ask number {n}")
        resolve_ask(update, grace, helper_ids=[ada.pk])
    monkeypatch.setattr(legacy_module, "ASKS_SHOWN", 2)
    asks, count = legacy_module.asks_helped(mia, ada, limit=2)
    assert [a.update.ask for a in asks] == ["ask number 3", "ask number 2"] and count == 4


# --- 4. who thanked them -----------------------------------------------------------------


@pytest.fixture
def thanked(ada, grace, mia, fred):
    """Grace thanks Ada privately twice (once with a note); Fred thanks her in public with a
    "Thanks" response; Mia only watches."""
    update = make_update(ada, body="ada-shared-work")
    answer = make_response(make_update(grace, body="grace-question"), ada, body="Here's how")
    say_thanks(grace, update_id=update.pk, note="grace-private-note")
    say_thanks(grace, response_id=answer.pk)
    make_response(update, fred, kind="thanks", body="Thank you, this saved me a day")
    return update


class TestThanks:
    def test_the_person_sees_who_thanked_them(self, thanked, ada, client_for):
        legacy = legacy_of(ada, ada)
        private = legacy.private_thanks
        assert private.mode == "received" and private.total == 2
        assert [(p.person.username, p.count) for p in private.people] == [("grace", 2)]
        assert [n.note for n in private.notes] == ["grace-private-note"]
        assert [(p.person.username, p.count) for p in legacy.public_thanks] == [("fred", 1)]
        text = text_of(client_for(ada).get("/people/ada/legacy/"))
        assert "only you see these" in text and "grace-private-note" in text

    def test_the_giver_sees_their_own_thanks(self, thanked, ada, grace, client_for):
        private = legacy_of(grace, ada).private_thanks
        assert private.mode == "given" and private.total == 2
        text = text_of(client_for(grace).get("/people/ada/legacy/"))
        assert "You thanked Ada Lovelace 2 times." in text and "grace-private-note" in text
        body = client_for(grace).get("/api/people/ada/legacy").json()
        assert body["private_thanks"]["mode"] == "given" and body["private_thanks"]["total"] == 2

    @pytest.mark.parametrize("viewer", ["mia", "fred", "sam"])
    def test_nobody_else_sees_any_private_thanks(
        self, thanked, ada, fred, mia, sam, client_for, viewer
    ):
        person = {"mia": mia, "fred": fred, "sam": sam}[viewer]
        assert legacy_of(person, ada).private_thanks is None
        text = text_of(client_for(person).get("/people/ada/legacy/"))
        assert "grace-private-note" not in text and "Privately" not in text
        assert "legacy-private-thanks" not in text and "Grace Hopper" not in text
        body = client_for(person).get("/api/people/ada/legacy").json()
        assert body["private_thanks"] is None and "grace" not in str(body)
        # Public thanks are for whoever may see the update.
        assert [p["person"]["username"] for p in body["public_thanks"]] == ["fred"]

    def test_a_thanks_leaves_with_its_update(self, thanked, ada, grace):
        delete_update(thanked, ada)
        for viewer in (ada, grace):
            private = legacy_of(viewer, ada).private_thanks
            assert private is None or private.total == 1
        assert legacy_of(ada, ada).public_thanks == []

    def test_public_thanks_follow_the_update_audience(self, ada, fred, mia):
        update = make_update(ada, body="for followers", audience=Audience.FOLLOWERS)
        make_response(update, fred, kind="thanks", body="thanks!")
        assert [p.person for p in legacy_of(fred, ada).public_thanks] == [fred]
        assert legacy_of(mia, ada).public_thanks == []

    def test_a_thanks_reply_by_the_author_thanks_the_one_replied_to(self, ada, grace):
        update = make_update(grace, body="grace's work")
        tip = make_response(update, ada, body="a tip")
        make_response(update, grace, kind="thanks", body="thanks Ada", parent_id=tip.pk)
        assert [p.person for p in legacy_of(grace, ada).public_thanks] == [grace]
        assert legacy_of(grace, grace).public_thanks == []


# --- the page, the API, bad input ----------------------------------------------------------


def test_the_profile_links_to_the_legacy_tab(ada, mia, client_for):
    text = text_of(client_for(mia).get("/people/ada/"))
    assert 'href="/people/ada/legacy/"' in text


@pytest.mark.parametrize("username", ["nobody", "ada%20", "a" * 300, "%00", "ada'--", "ad%C3%A9"])
def test_an_unknown_person_is_not_found(ada, mia, client_for, username):
    client = client_for(mia)
    assert client.get(f"/people/{username}/legacy/").status_code == 404
    assert client.get(f"/people/{username}/").status_code == 404
    api = client.get(f"/api/people/{username}/legacy")
    assert api.status_code == 404 and api.json()["detail"]


def test_a_former_member_has_no_legacy_page(ada, mia, client_for):
    ada.is_active = False
    ada.save(update_fields=["is_active"])
    assert client_for(mia).get("/people/ada/legacy/").status_code == 404
    assert client_for(mia).get("/api/people/ada/legacy").status_code == 404


def test_the_api_reads_only(ada, mia, client_for):
    response = client_for(mia).post("/api/people/ada/legacy")
    assert response.status_code == 405 and response.json()["detail"]


# --- query counts --------------------------------------------------------------------------


def _grow(ada, grace, mia, n: int) -> None:
    for i in range(n):
        goal = make_goal(ada, title=f"Goal {i}")
        for j in range(3):
            make_update(ada, body=f"update {i}.{j}", goal=goal)
        make_update(ada, body=f"loose {i}")
        ask = make_update(grace, body=f"ask body {i}", ask=f"ask {i}")
        make_response(ask, ada, kind="offer_of_help", body="I can help")
        resolve_ask(ask, grace, helper_ids=[ada.pk])
        helpee = make_person(f"helpee{n}x{i}")
        make_response(make_update(helpee, body="help me", ask="?"), ada, body="an answer")
        thanker = make_person(f"thanker{n}x{i}")
        say_thanks(thanker, update_id=make_update(ada, body=f"thanked {i}").pk, note="ta")
        make_response(ask, mia, kind="comment", body="+1")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/people/ada/legacy/", "/api/people/ada/legacy"])
def test_queries_do_not_grow_with_the_work(ada, grace, mia, client_for, url):
    _grow(ada, grace, mia, 1)
    clients = {"owner": client_for(ada), "member": client_for(mia)}
    few = {name: _queries(c, url) for name, c in clients.items()}
    _grow(ada, grace, mia, 8)
    many = {name: _queries(c, url) for name, c in clients.items()}
    assert many == few
    assert max(many.values()) <= 14


def test_legacy_of_reads_in_a_fixed_number_of_queries(
    ada, grace, mia, django_assert_max_num_queries
):
    _grow(ada, grace, mia, 5)
    with django_assert_max_num_queries(7):
        legacy_of(ada, ada)
    with django_assert_max_num_queries(6):  # no private thanks for a member who gave none
        legacy_of(mia, ada)
