"""The search page and /api/search/results: tabs and counts, filters, pages, bad input."""

import html
import re

import pytest

from workaloud.testing.db_state import snapshot
from workaloud.testing.factories import make_goal, make_update
from workaloud.tests.api_helpers import call


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def community(alice, bob):
    make_goal(bob, title="Publish the pipeline handbook")
    make_update(bob, body="Pipeline handbook: first chapter.", stage="stuck", ask="Reviewers?")
    make_update(alice, body="Fixed the pipeline alerts.", stage="done")
    return bob


def tab_counts(response) -> dict[str, str]:
    found = re.findall(
        r'data-testid="tab-(\w+)">[^<]*<span class="count">([\d,+]+)</span>', text(response)
    )
    return dict(found)


class TestPage:
    def test_tabs_count_each_kind(self, alice, client_for, community):
        response = client_for(alice).get("/search/", {"q": "pipeline"})
        assert response.status_code == 200
        assert tab_counts(response) == {"all": "3", "people": "0", "goals": "1", "updates": "2"}
        assert text(response).count('data-testid="update-card"') == 2
        assert "<mark>pipeline</mark>" in response.content.decode().lower()

    def test_a_tab_shows_its_kind_only(self, alice, client_for, community):
        response = client_for(alice).get("/search/", {"q": "pipeline", "kind": "goals"})
        assert 'data-testid="goal-hit"' in text(response)
        assert 'data-testid="update-card"' not in text(response)
        assert 'class="active" aria-current="page" data-testid="tab-goals"' in text(response)

    def test_filters(self, alice, client_for, community):
        c = client_for(alice)
        stuck = c.get("/search/", {"q": "pipeline", "stage": "stuck", "ask": "on"})
        assert tab_counts(stuck) == {"all": "1", "people": "0", "goals": "0", "updates": "1"}
        assert "first chapter" in text(stuck)
        by_team = c.get("/search/", {"q": "pipeline", "team": "Platform"})  # alice's team
        assert "alerts" in text(by_team) and "first chapter" not in text(by_team)

    def test_no_results_says_what_to_try(self, alice, client_for, community):
        response = client_for(alice).get("/search/", {"q": "zeppelin", "kind": "updates"})
        assert 'data-testid="no-results"' in text(response)
        assert "Search everything" in text(response)

    def test_more_results(self, alice, bob, client_for):
        for i in range(23):
            make_update(bob, body=f"Weekly note {i}")
        c = client_for(alice)
        first = c.get("/search/", {"q": "weekly", "kind": "updates"})
        assert text(first).count('data-testid="update-card"') == 20
        more = re.search(r'href="(\?[^"]*cursor=[^"]+)"', text(first)).group(1)
        rest = c.get("/search/" + more, headers={"HX-Request": "true"})
        assert text(rest).count('data-testid="update-card"') == 3
        assert "<h1" not in text(rest)

    @pytest.mark.parametrize(
        "params, message",
        [
            ({"stage": "finished"}, "Select a valid choice"),
            ({"since": "not-a-date"}, "Enter a valid date"),
            ({"since": "2026-05-02", "until": "2026-05-01"}, "before its start"),
            ({"kind": "spaceships"}, "Select a valid choice"),
            ({"team": "x\x00y"}, None),
        ],
    )
    def test_bad_filters_are_explained_and_change_nothing(
        self, alice, client_for, community, params, message
    ):
        before = snapshot()
        response = client_for(alice).get("/search/", {"q": "pipeline", **params})
        assert response.status_code == 200
        if message:
            assert message in text(response)
        assert snapshot() == before

    @pytest.mark.parametrize(
        "q", ['foo" OR bar*(', "NEAR(", "*", '"', "x" * 500, "über café", "🙂", "a\x00b"]
    )
    def test_any_words_answer(self, alice, client_for, community, q):
        assert client_for(alice).get("/search/", {"q": q}).status_code == 200
        assert client_for(alice).get("/api/search/results", {"q": q[:200]}).status_code == 200


class TestApi:
    def test_results_with_counts_and_snippets(self, alice, client_for, community):
        body = call(client_for(alice), "get", "/api/search/results", q="pipeline").json()
        assert body["counts"] == {
            "people": {"n": 0, "capped": False},
            "goals": {"n": 1, "capped": False},
            "updates": {"n": 2, "capped": False},
        }
        kinds = sorted(h["kind"] for h in body["hits"])
        assert kinds == ["goals", "updates", "updates"]
        goal = next(h for h in body["hits"] if h["kind"] == "goals")
        assert goal["goal"]["title"] == "Publish the pipeline handbook"
        assert "<mark>pipeline</mark>" in goal["title_html"]
        assert all(h["score"] > 0 for h in body["hits"])

    def test_filters_and_kinds(self, alice, client_for, community):
        c = client_for(alice)
        body = call(c, "get", "/api/search/results?q=pipeline&kind=updates&open_ask=true").json()
        assert [h["update"]["body"] for h in body["hits"]] == ["Pipeline handbook: first chapter."]
        body = call(c, "get", "/api/search/results?q=pipeline&kind=goals&kind=people").json()
        assert [h["kind"] for h in body["hits"]] == ["goals"]

    @pytest.mark.parametrize(
        "query, field",
        [
            ("q=pipeline&stage=finished", "stage"),
            ("q=pipeline&kind=spaceships", "kind"),
            ("q=pipeline&since=yesterday", "since"),
            ("q=pipeline&since=2026-05-02&until=2026-05-01", "until"),
            ("q=pipeline&cursor=garbage", "cursor"),
            ("q=pipeline&limit=0", "limit"),
            ("", "q"),
        ],
    )
    def test_bad_input_names_the_field(self, alice, client_for, community, query, field):
        before = snapshot()
        response = call(client_for(alice), "get", f"/api/search/results?{query}")
        assert response.status_code in (400, 422)
        assert field in response.content.decode()
        assert snapshot() == before

    def test_anonymous_needs_a_public_community(self, client, community, settings):
        assert client.get("/api/search/results?q=pipeline").status_code == 401
        settings.COMMUNITY_PUBLIC = True
        assert len(client.get("/api/search/results?q=pipeline").json()["hits"]) == 3
