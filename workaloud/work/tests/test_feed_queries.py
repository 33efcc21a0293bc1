"""Feeds cost a small, fixed number of queries, whatever the page size and however deep.

Timing belongs to bench/feed_bench.py; here only query counts and results are asserted.
"""

import pytest
from django.db.models import Q

from workaloud.audience import Audience, visible_updates
from workaloud.goals.services import follow_goal
from workaloud.people.services import follow
from workaloud.testing.factories import make_goal, make_person, make_response, make_update
from workaloud.work.feeds import asks_feed, discover_feed, home_feed
from workaloud.work.services import delete_update

# One query for the page of updates (with their authors and goals), one for the response
# summaries of the whole page. The home feed first finds its page of ids with one more.
FEED_QUERIES = {"home_feed": 3, "discover_feed": 2, "asks_feed": 2}


@pytest.fixture
def community(db):
    """A viewer who follows three people and one goal, in a community busy enough for 20+ items
    in every feed, with every audience, drafts, deleted updates, asks and responses."""
    viewer = make_person("viewer")
    friends = [make_person(f"friend{i}") for i in range(3)]
    goal_owner = make_person("goalowner")
    strangers = [make_person(f"stranger{i}") for i in range(3)]
    for friend in friends:
        follow(viewer, friend)
    follow(friends[0], viewer)
    followed_goal = make_goal(goal_owner, title="Ship the guide")
    other_goal = make_goal(goal_owner, title="Something else")
    follow_goal(viewer, followed_goal)

    audiences = [Audience.COMMUNITY, Audience.COMMUNITY, Audience.FOLLOWERS, Audience.ONLY_ME]
    for i in range(16):
        for friend in friends:
            update = make_update(
                friend,
                body=f"{friend.username} step {i}",
                audience=audiences[i % 4],
                ask="Any reviewer?" if i % 2 == 0 else "",
            )
            if i % 4 == 0:  # community-wide, so strangers can respond
                make_response(update, strangers[0], kind="encouragement")
                make_response(update, strangers[1], kind="question", body="Why?")
            if i == 5:
                delete_update(update, friend)
        make_update(goal_owner, body=f"on the goal {i}", goal=followed_goal)
        make_update(goal_owner, body=f"on another goal {i}", goal=other_goal)
        make_update(goal_owner, body=f"no goal {i}", audience=audiences[i % 4])
        for stranger in strangers:
            make_update(
                stranger,
                body=f"{stranger.username} news {i}",
                audience=audiences[i % 4],
                ask="Who knows this?" if i % 2 else "",
            )
        if i % 4 == 0:
            make_update(viewer, body=f"my own {i}", audience=audiences[i % 4], ask="Help?")
            make_update(viewer, body=f"my draft {i}", publish=False)
            make_update(friends[0], body=f"friend draft {i}", publish=False)
    return viewer


FEEDS = [
    pytest.param(home_feed, id="home"),
    pytest.param(discover_feed, id="discover"),
    pytest.param(asks_feed, id="asks"),
]


@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("limit", [5, 20])
def test_a_page_costs_the_same_queries_whatever_its_size(
    feed, limit, community, django_assert_num_queries
):
    with django_assert_num_queries(FEED_QUERIES[feed.__name__]):
        page = feed(community, limit=limit)
    assert len(page.items) == limit
    assert page.next_cursor
    for update in page.items:  # authors, goals and summaries came with the page
        assert update.author.username
        assert update.goal is None or update.goal.title
        assert update.response_summary["total"] >= 0


@pytest.mark.parametrize("feed", FEEDS)
def test_a_later_page_costs_the_same_queries(feed, community, django_assert_num_queries):
    first = feed(community, limit=5)
    with django_assert_num_queries(FEED_QUERIES[feed.__name__]):
        second = feed(community, cursor=first.next_cursor, limit=5)
    assert len(second.items) == 5
    assert not {u.pk for u in first.items} & {u.pk for u in second.items}


def _walk(feed, viewer, limit):
    ids, cursor = [], None
    while True:
        page = feed(viewer, cursor=cursor, limit=limit)
        ids += [u.pk for u in page.items]
        if not page.next_cursor:
            return ids
        cursor = page.next_cursor


@pytest.mark.parametrize("limit", [1, 5, 20, 100])
def test_home_feed_pages_through_exactly_the_visible_updates_it_means(community, limit):
    """The home feed, paged in any size, equals the plain query it is an optimisation of."""
    viewer = community
    expected = list(
        visible_updates(viewer)
        .filter(
            Q(author_id=viewer.pk)
            | Q(author_id__in=viewer.following.values("followed_id"))
            | Q(goal_id__in=viewer.goal_follows.values("goal_id"))
        )
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)
    )
    assert len(expected) > 40
    assert _walk(home_feed, viewer, limit) == expected


def test_home_feed_summaries_count_responses_by_kind(community):
    page = home_feed(community, limit=100)
    with_responses = [u for u in page.items if u.response_summary["total"]]
    assert with_responses
    for update in with_responses:
        counts = {s["kind"]: s["count"] for s in update.response_summary["by_kind"]}
        assert counts == {"question": 1, "encouragement": 1}
        assert update.response_summary["total"] == 2
