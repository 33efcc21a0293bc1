"""HTML views of work updates: narrate, draft, edit with history, delete, respond, threads,
asks, search and "load more"."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workaloud.audience import Audience
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.people.services import follow
from workaloud.responses.models import HelpCredit, Response, ResponseKind
from workaloud.testing.factories import make_goal, make_person, make_response, make_update
from workaloud.work.models import AskStatus, WorkUpdate


def text(response) -> str:
    return html.unescape(response.content.decode())


UPDATE_FORM = {
    "body": "Mapped the **onboarding** steps; cc @bob",
    "stage": "in_progress",
    "why_it_matters": "New people get lost in week one.",
    "who_for": "New starters",
    "whats_next": "Interview three of them",
    "ask": "Who onboarded recently?",
    "audience": "community",
}


class TestSharing:
    def test_publish(self, alice, bob, client_for):
        goal = make_goal(alice, title="Better onboarding")
        client = client_for(alice)
        assert client.get("/updates/new/").status_code == 200
        response = client.post(
            "/updates/new/", {**UPDATE_FORM, "goal": goal.pk, "action": "publish"}
        )
        update = WorkUpdate.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/updates/{update.pk}/"
        assert update.published_at is not None and update.goal == goal
        assert update.ask_status == AskStatus.OPEN
        page = text(client.get(response["Location"]))
        assert "<strong>onboarding</strong>" in page
        assert '<a href="/people/bob/"' in page  # the mention links to bob
        assert "New people get lost in week one." in page
        assert "Who onboarded recently?" in page
        assert "Better onboarding" in page
        assert "Shared. Thanks for working out loud!" in page
        assert Notification.objects.filter(recipient=bob, kind=NotificationKind.MENTION).exists()

    def test_draft_then_publish(self, alice, bob, client_for):
        client = client_for(alice)
        response = client.post("/updates/new/", {**UPDATE_FORM, "action": "draft"})
        assert response.status_code == 302 and response["Location"] == "/drafts/"
        draft = WorkUpdate.objects.get()
        assert draft.is_draft
        assert not Notification.objects.exists()  # mentions count from publication on
        drafts_page = text(client.get("/drafts/"))
        assert "Mapped the onboarding steps" in drafts_page.replace("<strong>", "").replace(
            "</strong>", ""
        )
        assert "Saved as a draft; only you can see it." in drafts_page
        assert "Mapped the" not in text(client.get("/"))  # not in any feed
        assert client_for(bob).get(f"/updates/{draft.pk}/").status_code == 404

        response = client.post(f"/updates/{draft.pk}/publish/", follow=True)
        assert "Published." in text(response)
        draft.refresh_from_db()
        assert not draft.is_draft
        assert Notification.objects.filter(recipient=bob, kind=NotificationKind.MENTION).exists()
        assert client_for(bob).get(f"/updates/{draft.pk}/").status_code == 200

    def test_edit_a_draft_and_publish_it(self, alice, client_for):
        draft = make_update(alice, body="half an idea", publish=False)
        client = client_for(alice)
        response = client.post(
            f"/updates/{draft.pk}/edit/",
            {**UPDATE_FORM, "body": "a whole idea", "action": "publish"},
        )
        assert response.status_code == 302 and response["Location"] == f"/updates/{draft.pk}/"
        draft.refresh_from_db()
        assert draft.body == "a whole idea" and not draft.is_draft
        assert not draft.revisions.exists()  # drafts keep no history until they are shared

    def test_edit_keeps_a_revision_and_history_lists_it(self, alice, bob, client_for):
        update = make_update(alice, body="First version of the plan")
        client = client_for(alice)
        assert client.get(f"/updates/{update.pk}/edit/").status_code == 200
        response = client.post(
            f"/updates/{update.pk}/edit/",
            {**UPDATE_FORM, "body": "Second version of the plan", "action": "save"},
        )
        assert response.status_code == 302
        update.refresh_from_db()
        assert update.body == "Second version of the plan" and update.edited_at is not None
        revision = update.revisions.get()
        assert revision.body == "First version of the plan"

        detail = text(client.get(f"/updates/{update.pk}/"))
        assert "edited" in detail and f"/updates/{update.pk}/history/" in detail
        history = client.get(f"/updates/{update.pk}/history/")
        assert history.status_code == 200
        assert "First version of the plan" in text(history)
        assert "Second version of the plan" in text(history)
        # Others see that it was edited, not what it said before.
        bobs_view = text(client_for(bob).get(f"/updates/{update.pk}/"))
        assert "First version" not in bobs_view and "/history/" not in bobs_view

    def test_delete_hides_everywhere(self, alice, bob, client_for):
        follow(bob, alice)
        update = make_update(alice, body="Soon to be gone", ask="Anyone?")
        client = client_for(alice)
        confirm = client.get(f"/updates/{update.pk}/delete/")
        assert confirm.status_code == 200
        response = client.post(f"/updates/{update.pk}/delete/")
        assert response.status_code == 302 and response["Location"] == "/people/alice/"
        update.refresh_from_db()
        assert update.deleted_at is not None  # soft: an administrator can still recover it
        for viewer in (alice, bob):
            c = client_for(viewer)
            assert c.get(f"/updates/{update.pk}/").status_code == 404
            for url in ("/", "/people/alice/", "/asks/", "/search/?q=gone", "/discover/"):
                assert "Soon to be gone" not in text(c.get(url)), url


class TestResponding:
    @pytest.mark.parametrize("kind", ResponseKind.values)
    def test_respond_with_each_kind(self, alice, bob, client_for, kind):
        update = make_update(alice, body="Trying a new retro format")
        response = client_for(bob).post(
            f"/updates/{update.pk}/respond/", {"kind": kind, "body": f"My {kind} here"}
        )
        saved = Response.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/updates/{update.pk}/#response-{saved.pk}"
        assert (saved.kind, saved.author, saved.body) == (kind, bob, f"My {kind} here")
        expected = (
            NotificationKind.OFFER_OF_HELP
            if kind == ResponseKind.OFFER_OF_HELP
            else NotificationKind.RESPONSE
        )
        assert Notification.objects.get(recipient=alice).kind == expected
        page = text(client_for(alice).get(f"/updates/{update.pk}/"))
        assert f"My {kind} here" in page
        assert ResponseKind(kind).label in page

    def test_reply_to_a_reply_joins_the_top_level_thread(self, alice, bob, carol, client_for):
        update = make_update(alice, body="Proposal for the offsite")
        top = make_response(update, bob, kind="question", body="What is the budget?")
        client_for(alice).post(
            f"/updates/{update.pk}/respond/",
            {"kind": "comment", "body": "About 2k", "parent_id": top.pk},
        )
        first_reply = Response.objects.get(body="About 2k")
        assert first_reply.parent == top
        client_for(carol).post(
            f"/updates/{update.pk}/respond/",
            {"kind": "comment", "body": "Can we stretch it?", "parent_id": first_reply.pk},
        )
        second_reply = Response.objects.get(body="Can we stretch it?")
        assert second_reply.parent == top  # not nested under the reply
        # bob (the thread's author) and alice (the update's) hear about carol's reply
        assert Notification.objects.filter(
            recipient=bob, kind=NotificationKind.REPLY, response=second_reply
        ).exists()
        assert Notification.objects.filter(recipient=alice, response=second_reply).exists()

        response = client_for(alice).get(f"/updates/{update.pk}/")
        threads = response.context["threads"]
        assert [r.body for r in threads] == ["What is the budget?"]
        assert [r.body for r in threads[0].thread_replies] == ["About 2k", "Can we stretch it?"]

    def test_mentions_in_responses_notify_only_those_who_can_see(
        self, alice, bob, carol, client_for
    ):
        follow(bob, alice)
        update = make_update(alice, body="For followers", audience=Audience.FOLLOWERS)
        client_for(bob).post(
            f"/updates/{update.pk}/respond/", {"kind": "comment", "body": "cc @carol"}
        )
        assert not Notification.objects.filter(recipient=carol).exists()


class TestAsks:
    def test_resolve_credits_the_chosen_people_and_tells_them(self, alice, bob, carol, client_for):
        dave = make_person("dave", display_name="Dave Dunn")
        update = make_update(alice, body="Need a CSV expert", ask="Who knows CSV quirks?")
        make_response(update, bob, kind="offer_of_help", body="I can pair")
        make_response(update, carol, kind="comment", body="Try the csv module")
        make_response(update, dave, kind="encouragement", body="You've got this")
        client = client_for(alice)
        page = client.get(f"/updates/{update.pk}/resolve/")
        assert page.status_code == 200
        assert {label for _, label in page.context["form"].fields["helpers"].choices} == {
            "Bob Baker",
            "Carol Chen",
            "Dave Dunn",
        }

        response = client.post(f"/updates/{update.pk}/resolve/", {"helpers": [bob.pk, carol.pk]})
        assert response.status_code == 302
        update.refresh_from_db()
        assert update.ask_status == AskStatus.RESOLVED and update.ask_resolved_at is not None
        assert set(HelpCredit.objects.values_list("helper__username", flat=True)) == {
            "bob",
            "carol",
        }
        credited = Notification.objects.filter(kind=NotificationKind.CREDITED)
        assert set(credited.values_list("recipient__username", flat=True)) == {"bob", "carol"}

        detail = text(client.get(f"/updates/{update.pk}/"))
        assert "Ask resolved. Credited: Bob Baker, Carol Chen." in detail
        assert "✓ Ask resolved" in detail and "Helped by" in detail
        assert "Mark resolved" not in detail
        assert "Need a CSV expert" not in text(client_for(dave).get("/asks/"))

    def test_resolve_with_nobody_to_credit(self, alice, client_for):
        update = make_update(alice, body="Need a venue", ask="Any ideas?")
        response = client_for(alice).post(f"/updates/{update.pk}/resolve/", follow=True)
        assert "Ask resolved." in text(response)
        update.refresh_from_db()
        assert update.ask_status == AskStatus.RESOLVED
        assert not HelpCredit.objects.exists()

    def test_asks_page_and_my_asks(self, alice, bob, client_for):
        make_update(alice, body="Alice's question", ask="Ideas?")
        make_update(bob, body="Bob's question", ask="Ideas?")
        make_update(bob, body="Bob's statement")
        client = client_for(alice)
        others = text(client.get("/asks/"))
        assert "Bob's question" in others
        assert "Alice's question" not in others and "Bob's statement" not in others
        mine = text(client.get("/asks/?mine=1"))
        assert "Alice's question" in mine and "Bob's question" not in mine


class TestSearchAndFeeds:
    def test_search_finds_updates_by_body_ask_and_why(self, alice, bob, client_for):
        make_update(bob, body="Benchmarking the importer")
        make_update(bob, body="Something else", ask="Who has benchmarking data?")
        make_update(bob, body="Third one", why_it_matters="benchmarking saves money")
        make_update(bob, body="Unrelated")
        response = client_for(alice).get("/search/", {"q": "BENCHMARKING"})
        bodies = {u.body for u in response.context["page"].items}
        assert bodies == {"Benchmarking the importer", "Something else", "Third one"}

    def test_empty_search(self, alice, client_for):
        response = client_for(alice).get("/search/")
        assert response.status_code == 200 and response.context["page"].items == []

    def test_discover_shows_people_i_do_not_follow(self, alice, bob, carol, client_for):
        follow(alice, bob)
        make_update(bob, body="From bob")
        make_update(carol, body="From carol")
        make_update(alice, body="From alice")
        page = text(client_for(alice).get("/discover/"))
        assert "From carol" in page
        assert "From bob" not in page and "From alice" not in page


def _many_updates(author, n, **fields):
    return [make_update(author, body=f"Update number {i:02d}", **fields) for i in range(n)]


LOAD_MORE_CASES = {
    "home": lambda w: "/",
    "discover": lambda w: "/discover/",
    "asks": lambda w: "/asks/",
    "search": lambda w: "/search/?q=number",
    "profile": lambda w: "/people/bob/",
    "goal": lambda w: f"/goals/{w['goal'].pk}/",
}


@pytest.fixture
def busy_bob(alice, bob):
    goal = make_goal(bob, title="A busy goal")
    _many_updates(bob, 25, goal=goal, ask="Any thoughts?")
    follow(alice, bob)
    return {"goal": goal}


@pytest.mark.parametrize("name", LOAD_MORE_CASES)
def test_load_more_with_htmx_returns_only_the_items(alice, bob, carol, client_for, busy_bob, name):
    viewer = carol if name == "discover" else alice  # alice follows bob: not "discover" for her
    client = client_for(viewer)
    url = LOAD_MORE_CASES[name](busy_bob)
    first = client.get(url)
    assert first.status_code == 200
    assert len(first.context["page"].items) == 20
    cursor = first.context["page"].next_cursor
    assert cursor and f"cursor={cursor}" in first.content.decode()

    sep = "&" if "?" in url else "?"
    more = client.get(f"{url}{sep}cursor={cursor}", headers={"HX-Request": "true"})
    assert more.status_code == 200
    body = more.content.decode().replace("<mark>", "").replace("</mark>", "")  # search marks
    assert "<html" not in body and "<body" not in body
    assert 'class="topbar"' not in body and "<h1" not in body  # no page chrome, only items
    assert body.count('data-testid="update-card"') == 5
    assert "Update number 04" in body and "Update number 05" not in body
    assert 'id="load-more"' not in body  # the last page


@pytest.mark.parametrize("name", LOAD_MORE_CASES)
def test_feed_queries_do_not_grow_with_the_page(alice, bob, carol, client_for, name):
    """A feed page costs the same number of queries for 2 items as for 20."""
    viewer = carol if name == "discover" else alice
    client = client_for(viewer)
    goal = make_goal(bob, title="A goal")
    follow(alice, bob)

    def count(n_updates):
        for update in _many_updates(bob, n_updates, goal=goal, ask="Thoughts?"):
            make_response(update, carol, body="nice")
        url = LOAD_MORE_CASES[name]({"goal": goal})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        WorkUpdate.objects.all().delete()
        return len(queries)

    assert count(2) == count(20)
