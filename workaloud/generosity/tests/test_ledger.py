"""My contribution ledger after real acts: counts, the list, the balance and the persona."""

import html
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from workaloud.audience import Audience
from workaloud.generosity import ledger
from workaloud.generosity.services import say_thanks
from workaloud.people.services import follow
from workaloud.relationships.services import record_interaction
from workaloud.testing.factories import make_person, make_response, make_update
from workaloud.work.models import WorkUpdate
from workaloud.work.services import delete_update, edit_update, resolve_ask

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def story(alice, bob, carol, ask, offer):
    """Bob offers help on Alice's ask, Carol asks a question, Alice answers Bob, credits him
    and thanks him; Alice encourages Bob's own work. Bob follows and mentions Alice (awareness,
    not generosity)."""
    make_response(ask, carol, kind="question", body="Which volunteers?")
    make_response(ask, alice, kind="comment", body="Tuesday works.", parent_id=offer.pk)
    resolve_ask(ask, alice, response_ids=[offer.pk])
    say_thanks(alice, response_id=offer.pk, note="You saved me a week.")
    follow(bob, alice)
    bobs = make_update(bob, body="Mapping the volunteer rota, thanks to @alice.")
    make_response(bobs, alice, kind="encouragement", body="Lovely work!")
    return {"ask": ask, "offer": offer, "bobs": bobs}


def counts_of(person) -> dict:
    return {c["category"]: (c["given"], c["received"]) for c in ledger.counts(person)["categories"]}


def test_counts_per_category_given_and_received(story, alice, bob, carol):
    assert counts_of(alice) == {
        "help": (0, 1),  # Bob's help, credited by Alice
        "answers": (1, 1),  # her reply to Bob; Carol's question
        "offers": (0, 1),
        "thanks": (1, 0),
        "encouragement": (1, 0),
        "introductions": (0, 0),
    }
    assert counts_of(bob) == {
        "help": (1, 0),
        "answers": (0, 1),
        "offers": (1, 0),
        "thanks": (0, 1),
        "encouragement": (0, 1),
        "introductions": (0, 0),
    }
    assert counts_of(carol)["answers"] == (1, 0)
    totals = ledger.counts(alice)
    assert (totals["given"], totals["received"]) == (3, 3)


def test_awareness_is_not_generosity(story, alice, bob):
    kinds = {e.kind for e in ledger.ledger_page(alice)[1]}
    assert "follow" not in kinds and "mention" not in kinds
    assert kinds == {
        "help_credited",
        "comment",
        "question",
        "offer_of_help",
        "thanks",
        "encouragement",
    }


def test_the_list_is_newest_first_with_who_and_where(story, alice, bob, carol):
    page, entries = ledger.ledger_page(alice)
    assert [(e.direction, e.kind, e.person.username) for e in entries] == [
        ("given", "encouragement", "bob"),
        ("given", "thanks", "bob"),
        ("received", "help_credited", "bob"),
        ("given", "comment", "bob"),
        ("received", "question", "carol"),
        ("received", "offer_of_help", "bob"),
    ]
    thanks = entries[1]
    assert thanks.note == "You saved me a week."
    assert thanks.update == story["ask"] and thanks.response_id == story["offer"].pk
    assert entries[0].update == story["bobs"]
    assert page.paginator.count == 6


def test_filters_by_direction_and_category(story, alice):
    _, given = ledger.ledger_page(alice, direction="given")
    assert {e.direction for e in given} == {"given"} and len(given) == 3
    _, answers = ledger.ledger_page(alice, category="answers")
    assert [e.kind for e in answers] == ["comment", "question"]
    _, received_answers = ledger.ledger_page(alice, direction="received", category="answers")
    assert [e.person.username for e in received_answers] == ["carol"]


def test_paged(alice, bob):
    t0 = timezone.now() - timedelta(days=1)
    for n in range(ledger.PAGE_SIZE + 5):
        record_interaction(
            bob.pk, alice.pk, "comment", occurred_at=t0 + timedelta(minutes=n), source_key=f"x{n}"
        )
    first, entries = ledger.ledger_page(alice)
    assert len(entries) == ledger.PAGE_SIZE and first.has_next()
    second, rest = ledger.ledger_page(alice, page=2)
    assert len(rest) == 5 and not second.has_next()
    assert entries[0].occurred_at > entries[-1].occurred_at > rest[0].occurred_at


@pytest.mark.parametrize("state", ["community", "followers", "only_me", "hidden", "deleted"])
def test_an_update_is_named_only_while_the_viewer_may_see_it(client_for, alice, bob, state):
    """Bob answered Alice's update; his ledger names it only while he may still see it."""
    update = make_update(alice, body="quokkasecret plans for the rota.")
    make_response(update, bob, kind="question", body="When?")
    if state in ("followers", "only_me"):
        edit_update(WorkUpdate.objects.get(pk=update.pk), alice, audience=state)
    elif state == "hidden":
        WorkUpdate.objects.filter(pk=update.pk).update(hidden_at=timezone.now())
    elif state == "deleted":
        delete_update(update, alice)
    page = text(client_for(bob).get("/relationships/generosity/"))
    if state == "community":
        assert "quokkasecret plans" in page
        assert "an update you can no longer see" not in page
    elif state == "deleted":  # its acts are voided: they no longer count, nor are listed
        assert "quokkasecret" not in page
        assert "Nothing here yet" in page
        assert ledger.counts(bob)["given"] == 0 and ledger.persona_figures(bob)["given"] == 0
    else:
        assert "quokkasecret" not in page
        assert "on an update you can no longer see" in page
        assert ledger.counts(bob)["given"] == 1
    # Alice, the author, still sees her own update named (unless deleted or hidden).
    alices = text(client_for(alice).get("/relationships/generosity/"))
    assert ("quokkasecret plans" in alices) == (state not in ("hidden", "deleted"))


# --- the balance over time -----------------------------------------------------------------


NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)  # a Wednesday


def record(actor, target, kind, at, key):
    record_interaction(actor.pk, target.pk, kind, occurred_at=at, source_key=key)


def test_weekly_balance_last_12_weeks(alice, bob, carol):
    record(alice, bob, "comment", NOW - timedelta(hours=1), "a")  # this week
    record(alice, carol, "thanks", NOW - timedelta(days=2), "b")  # Monday: this week
    record(bob, alice, "help_credited", NOW - timedelta(days=3), "c")  # Sunday: last week
    record(carol, alice, "question", NOW - timedelta(weeks=11), "d")  # the oldest week shown
    record(carol, alice, "question", NOW - timedelta(weeks=13), "e")  # too old
    record(bob, alice, "follow", NOW - timedelta(hours=2), "f")  # awareness
    record(bob, alice, "mention", NOW - timedelta(hours=2), "g")
    record(bob, carol, "comment", NOW - timedelta(hours=2), "h")  # not Alice's
    b = ledger.balance(alice, "week", now=NOW)
    assert len(b["buckets"]) == 12
    assert b["buckets"][-1]["start"] == datetime(2026, 3, 16, tzinfo=UTC)
    assert b["buckets"][-1]["label"] == "16 Mar"
    assert [(x["given"], x["received"]) for x in b["buckets"]] == [(0, 1)] + [(0, 0)] * 9 + [
        (0, 1),
        (2, 0),
    ]
    assert (b["given"], b["received"]) == (2, 2)


def test_monthly_balance_last_12_months(alice, bob):
    record(alice, bob, "comment", NOW, "a")
    record(bob, alice, "offer_of_help", datetime(2026, 2, 28, 23, 0, tzinfo=UTC), "b")
    record(bob, alice, "offer_of_help", datetime(2025, 4, 1, 0, 0, tzinfo=UTC), "c")
    record(bob, alice, "offer_of_help", datetime(2025, 3, 31, 23, 0, tzinfo=UTC), "d")  # too old
    b = ledger.balance(alice, "month", now=NOW)
    assert [x["label"] for x in b["buckets"]][:3] == ["Apr", "May", "Jun"]
    assert [x["label"] for x in b["buckets"]][-3:] == ["Jan 2026", "Feb", "Mar"]
    assert [(x["given"], x["received"]) for x in b["buckets"]] == [(0, 1)] + [(0, 0)] * 9 + [
        (0, 1),
        (1, 0),
    ]


def test_balance_weeks_start_on_monday_in_the_viewers_time_zone(alice, bob):
    alice.timezone = "Pacific/Auckland"  # UTC+13 in March
    alice.save()
    # Sunday 15 March, 12:00 UTC is Monday 16 March, 01:00 in Auckland: this week there.
    record(bob, alice, "comment", datetime(2026, 3, 15, 12, 0, tzinfo=UTC), "a")
    b = ledger.balance(alice, "week", now=NOW)
    assert b["time_zone"] == "Pacific/Auckland"
    assert (b["buckets"][-1]["received"], b["buckets"][-2]["received"]) == (1, 0)


# --- the persona ---------------------------------------------------------------------------


def test_persona_figures_from_real_acts(story, alice, bob, carol):
    figures = ledger.persona_figures(alice)
    assert figures == {"given": 3, "received": 3, "posts": 1}
    persona = ledger.my_persona(alice)
    assert persona["persona"] == "engager"
    assert persona["what_it_takes"].startswith("You give and receive in balance")
    assert ledger.persona_figures(bob) == {"given": 2, "received": 3, "posts": 1}
    assert ledger.my_persona(carol)["persona"] == "observer"


def test_persona_window_and_deleted_posts(alice, bob):
    now = timezone.now()
    record(alice, bob, "comment", now - timedelta(days=89), "in")
    record(alice, bob, "comment", now - timedelta(days=91), "out")
    record(alice, bob, "follow", now - timedelta(days=1), "awareness")
    make_update(alice, body="Published.")
    make_update(alice, body="A draft.", publish=False)
    delete_update(make_update(alice, body="Deleted."), alice)
    assert ledger.persona_figures(alice) == {"given": 1, "received": 0, "posts": 1}


def test_a_circle_meeting_counts_for_the_persona_not_in_the_ledger(alice, bob, client_for):
    record(alice, bob, "circle_meeting", timezone.now() - timedelta(days=1), "meeting")
    assert ledger.persona_figures(alice)["given"] == 1
    assert ledger.counts(alice)["given"] == 0
    page = text(client_for(alice).get("/relationships/generosity/"))
    assert 'data-testid="persona-given">1<' in page and 'data-testid="total-given">0<' in page
    assert (
        "Every act of engagement counts here: circle meetings, imported messages, circle "
        "check-ins and reactions too, which the table below leaves out." in page
    )


# --- the page --------------------------------------------------------------------------------


def test_the_page(story, client_for, alice):
    client = client_for(alice)
    answer = client.get("/relationships/generosity/")
    assert answer.status_code == 200
    page = text(answer)
    assert "My contribution ledger" in page
    assert "Follows and mentions are awareness, not generosity" in page
    assert page.count('data-testid="ledger-entry"') == 6
    assert "You saved me a week." in page
    assert 'data-testid="total-given">3<' in page and 'data-testid="total-received">3<' in page
    assert "Engager" in page and "You give and receive in balance" in page
    assert "fewer than 5 acts in 90 days" in page  # the thresholds are shown
    assert "<svg" in page and 'class="bar-given"' in page
    # The prompt: of her relationships, the one she gave least to lately.
    assert "What could you offer Carol Chen?" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_reads_a_fixed_number_of_queries(client_for, alice, ask, offer, monkeypatch):
    """However many acts, people and updates: the page of acts is read in bulk. (The story's
    suggestions vary with what they find, so the prompt uses open asks here.)"""
    _without_story(monkeypatch)
    client = client_for(alice)
    say_thanks(alice, response_id=offer.pk)
    client.get("/relationships/generosity/")
    few = _queries(client, "/relationships/generosity/")
    for n in range(30):
        person = make_person(f"helper{n}")
        update = make_update(person, body=f"Work {n}")
        make_response(ask, person, body=f"Idea {n}")
        make_response(update, alice, kind="encouragement", body="Nice!")
    many = _queries(client, "/relationships/generosity/")
    assert many <= few  # (one fewer when no thanks on the page: no notes to read)
    assert _queries(client, "/relationships/generosity/?page=2&direction=given") == few


@pytest.mark.parametrize(
    "query",
    [
        "period=month",
        "period=year",
        "direction=given",
        "direction=sideways",
        "category=answers",
        "category=nope",
        "page=2",
        "page=abc",
        "page=-1",
        "page=99999999999999999999",
    ],
)
def test_the_page_takes_any_query(story, client_for, alice, query):
    assert client_for(alice).get(f"/relationships/generosity/?{query}").status_code == 200


def _without_story(monkeypatch):
    real = ledger._optional
    monkeypatch.setattr(
        ledger,
        "_optional",
        lambda name: None if name == "workaloud.relationships.story" else real(name),
    )


def test_the_prompt_falls_back_to_open_asks(alice, bob, monkeypatch):
    """Without the relationship story's suggestions: the person's open asks I can see."""
    _without_story(monkeypatch)
    ask = make_update(bob, body="Survey design.", ask="Has anyone run a survey like this?")
    make_update(bob, body="Private.", ask="Only-me ask text", audience=Audience.ONLY_ME)
    make_response(ask, alice, kind="comment", body="Interesting!")
    prompt = ledger.offer_prompt(alice)
    assert prompt["person"] == bob and prompt["source"] == "relationships"
    assert prompt["suggestions"] == [
        {
            "text": "Their ask: Has anyone run a survey like this?",
            "url": ask.get_absolute_url(),
            "kind": "open_ask",
        }
    ]


def test_the_prompt_without_asks_points_to_their_work(alice, bob, monkeypatch):
    _without_story(monkeypatch)
    record(alice, bob, "comment", timezone.now(), "a")
    [idea] = ledger.offer_prompt(alice)["suggestions"]
    assert idea["kind"] == "recent_work" and idea["url"] == "/people/bob/"


def test_the_prompt_uses_the_relationship_story_when_present(alice, bob, monkeypatch):
    class Story:
        @staticmethod
        def suggestions(viewer, other, now=None):
            return [
                {
                    "text": f"Introduce {other.username} to {viewer.username}",
                    "url": None,
                    "kind": "introduce",
                }
            ]

    real = ledger._optional
    monkeypatch.setattr(
        ledger,
        "_optional",
        lambda name: Story if name == "workaloud.relationships.story" else real(name),
    )
    record(alice, bob, "comment", timezone.now(), "a")
    prompt = ledger.offer_prompt(alice)
    assert prompt["suggestions"] == [
        {"text": "Introduce bob to alice", "url": None, "kind": "introduce"}
    ]


def test_the_prompt_prefers_my_relationship_lists(alice, bob, carol, monkeypatch):
    class Lists:
        @staticmethod
        def listed_people(owner):
            return [carol]

    real = ledger._optional
    monkeypatch.setattr(
        ledger,
        "_optional",
        lambda name: Lists if name == "workaloud.relationship_lists.services" else real(name),
    )
    record(alice, bob, "comment", timezone.now(), "a")  # Bob is a relationship, not listed
    prompt = ledger.offer_prompt(alice)
    assert prompt["person"] == carol and prompt["source"] == "lists"


def test_the_prompt_picks_whom_i_gave_least(alice, bob, carol, monkeypatch):
    monkeypatch.setattr(ledger, "people_to_offer", lambda viewer: ([bob, carol], "lists"))
    t = timezone.now() - timedelta(hours=1)
    record(alice, bob, "comment", t, "a")
    prompt = ledger.offer_prompt(alice)
    assert prompt["person"] == carol and prompt["source"] == "lists"


def test_no_prompt_without_relationships(alice):
    assert ledger.offer_prompt(alice) is None


def test_the_prompt_never_shows_someone_elses_private_asks(alice, bob, carol):
    make_update(bob, body="Private.", ask="Only-me ask text", audience=Audience.ONLY_ME)
    record(alice, bob, "comment", timezone.now(), "a")
    prompt = ledger.offer_prompt(alice)
    assert "Only-me ask text" not in str(prompt)


def test_strangers_do_not_appear(alice, bob, carol):
    dave = make_person("dave", display_name="Dave Secret")
    record(bob, carol, "thanks", timezone.now(), "x")
    record(dave, carol, "help_credited", timezone.now(), "y")
    assert ledger.counts(alice)["given"] == 0 and ledger.counts(alice)["received"] == 0
    assert ledger.ledger_page(alice)[1] == []
