"""The search interface, on whichever database the suite runs on: the same tests and the same
expected hits on SQLite (FTS5) and PostgreSQL (tsvector)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from workaloud.audience import Audience
from workaloud.goals.models import Goal
from workaloud.goals.services import update_goal
from workaloud.people.models import User
from workaloud.people.services import follow, update_profile
from workaloud.search import engine, index
from workaloud.search.parse import parse
from workaloud.testing.factories import make_goal, make_person, make_update
from workaloud.work.models import WorkUpdate
from workaloud.work.services import delete_update, edit_update, publish_draft


def found(viewer, text, **kw):
    return [(h.kind, h.object.pk) for h in engine.query(viewer, text, **kw).hits]


def update_ids(viewer, text, **kw):
    return [h.object.pk for h in engine.query(viewer, text, kinds=["updates"], **kw).hits]


@pytest.fixture
def ada(db):
    return make_person("ada", display_name="Ada Lovelace", team="Platform", purpose="Engines.")


@pytest.fixture
def ben(db):
    return make_person("ben", display_name="Ben Carter", team="Research")


class TestMatching:
    def test_every_kind_is_found(self, ada, ben):
        goal = make_goal(ada, title="Document the analytical engine", why="Nobody can run it.")
        update = make_update(ada, body="Wrote notes on the analytical engine.")
        hits = found(ben, "analytical")
        assert set(hits) == {("goals", goal.pk), ("updates", update.pk)}
        assert ("people", ada.pk) in found(ben, "lovelace")
        assert ("people", ada.pk) in found(ben, "platform")  # the team
        assert ("people", ada.pk) in found(ben, "ada")  # the username

    def test_all_words_must_match(self, ada, ben):
        both = make_update(ada, body="Tuned the kafka consumer lag.")
        make_update(ada, body="Tuned the database.")
        assert update_ids(ben, "tuned kafka") == [both.pk]

    def test_phrase(self, ada, ben):
        phrase = make_update(ada, body="The release train leaves on Friday.")
        make_update(ada, body="A train of thought about the release.")
        assert update_ids(ben, '"release train"') == [phrase.pk]

    def test_prefix_on_the_word_being_typed(self, ada, ben):
        update = make_update(ada, body="Migrated the warehouse.")
        assert update_ids(ben, "wareho") == [update.pk]
        assert update_ids(ben, "wareho ") == []  # a finished word is a word

    def test_stemming_and_diacritics(self, ada, ben):
        update = make_update(ada, body="We are benchmarking the new café menus.")
        assert update_ids(ben, "benchmarked") == [update.pk]
        assert update_ids(ben, "cafe menu") == [update.pk]

    def test_ask_and_context_are_searched(self, ada, ben):
        update = make_update(
            ada, body="Started.", ask="Who knows terraform?", why_it_matters="Unblocks billing."
        )
        assert update_ids(ben, "terraform") == [update.pk]
        assert update_ids(ben, "billing") == [update.pk]

    @pytest.mark.parametrize(
        "text",
        ['foo" OR bar*(', "NEAR(a b)", "*", '"', "a AND", "-x", "col:word", "(((", "^x", "'; --"],
    )
    def test_syntax_never_reaches_the_query_language(self, ada, ben, text):
        make_update(ada, body="foo bar near col word x")
        engine.query(ben, text)  # no error, whatever it finds

    def test_operator_words_are_plain_words(self, ada, ben):
        update = make_update(ada, body="Either foo or bar, not both.")
        make_update(ada, body="Only foo here.")
        assert update_ids(ben, 'foo" OR bar*(') == [update.pk]

    def test_nothing_to_search(self, ben):
        results = engine.query(ben, '  "" ((  ')
        assert results.hits == [] and results.counts == {}


class TestRanking:
    def test_title_ranks_above_body(self, ada, ben):
        in_why = make_goal(ada, title="Ship the guide", why="About the zeppelin hangar.")
        in_title = make_goal(ada, title="Zeppelin hangar tour", why="For visitors.")
        assert [pk for _, pk in found(ben, "zeppelin", kinds=["goals"])] == [in_title.pk, in_why.pk]

    def test_name_ranks_above_purpose(self, ada, ben):
        by_purpose = make_person("cy", display_name="Cy", purpose="I help Hopper fans.")
        by_name = make_person("gh", display_name="Grace Hopper", purpose="Compilers.")
        assert found(ben, "hopper", kinds=["people"]) == [
            ("people", by_name.pk),
            ("people", by_purpose.pk),
        ]

    def test_recency_breaks_ties(self, ada, ben):
        old = make_update(ada, body="Quarterly numbers published.")
        new = make_update(ada, body="Quarterly numbers published.")
        WorkUpdate.objects.filter(pk=old.pk).update(
            published_at=timezone.now() - timedelta(days=30)
        )
        assert update_ids(ben, "quarterly") == [new.pk, old.pk]


class TestHighlighting:
    def test_matches_are_marked_and_text_is_escaped(self, ada, ben):
        make_update(ada, body="<script>alert(1)</script> the <b>pipeline</b> is fixed & shipped")
        hit = engine.query(ben, "pipeline").hits[0]
        html = str(hit.snippet_html)
        assert "<mark>pipeline</mark>" in html
        assert "<script>" not in html and "<b>" not in html
        assert "&amp;" in html
        # FTS5 keeps the text as written (escaped); ts_headline's parser leaves out tag-like words
        assert "&lt;script&gt;" in html or connection.vendor == "postgresql"

    def test_only_mark_tags_even_with_marker_characters_in_the_text(self, ada, ben):
        make_update(ada, body="pipeline \x02 stray \x03\x03 markers")
        html = str(engine.query(ben, "pipeline").hits[0].snippet_html)
        assert html.count("<mark>") == html.count("</mark>")
        assert "\x02" not in html and "\x03" not in html

    def test_titles_are_highlighted(self, ada, ben):
        make_goal(ada, title="Retire the mainframe")
        hit = engine.query(ben, "mainframe", kinds=["goals"]).hits[0]
        assert "<mark>mainframe</mark>" in hit.title_html
        person = engine.query(ben, "lovelace", kinds=["people"]).hits[0]
        assert "<mark>Lovelace</mark>" in person.title_html


class TestFilters:
    @pytest.fixture
    def updates(self, ada, ben):
        return {
            "stuck": make_update(ada, body="Radar calibration", stage="stuck", ask="Who can help?"),
            "done": make_update(ben, body="Radar calibration", stage="done"),
        }

    def test_stage(self, ada, updates):
        assert update_ids(ada, "radar", stage="stuck") == [updates["stuck"].pk]

    def test_open_ask(self, ada, updates):
        assert update_ids(ada, "radar", open_ask=True) == [updates["stuck"].pk]

    def test_team_of_the_author(self, ada, updates):
        assert update_ids(ada, "radar", team="Research") == [updates["done"].pk]

    def test_date_range(self, ada, updates):
        WorkUpdate.objects.filter(pk=updates["done"].pk).update(
            published_at=timezone.now() - timedelta(days=40)
        )
        today = timezone.localdate()
        assert update_ids(ada, "radar", since=today - timedelta(days=7)) == [updates["stuck"].pk]
        assert update_ids(ada, "radar", until=today - timedelta(days=30)) == [updates["done"].pk]

    def test_update_only_filters_leave_out_people_and_goals(self, ada, ben):
        make_goal(ada, title="Radar goal")
        make_update(ada, body="Radar", stage="stuck")
        results = engine.query(ben, "radar", stage="stuck")
        assert {h.kind for h in results.hits} == {"updates"}
        assert results.counts["goals"].n == 0

    def test_team_filter_on_people(self, ada, ben):
        assert found(ben, "a", team="Research", kinds=["people"]) == []
        assert found(ben, "ben", team="Research", kinds=["people"]) == [("people", ben.pk)]

    @pytest.mark.parametrize(
        "kw, field",
        [
            ({"kinds": ["spaceships"]}, "kind"),
            ({"stage": "finished"}, "stage"),
            ({"cursor": "garbage"}, "cursor"),
        ],
    )
    def test_bad_filters_name_what_is_wrong(self, ben, kw, field):
        with pytest.raises(ValidationError) as exc:
            engine.query(ben, "radar", **kw)
        assert field in exc.value.message_dict

    def test_date_range_backwards(self, ben):
        today = timezone.localdate()
        with pytest.raises(ValidationError) as exc:
            engine.query(ben, "radar", since=today, until=today - timedelta(days=1))
        assert "until" in exc.value.message_dict


class TestPagesAndCounts:
    def test_pages_cover_every_hit_once(self, ada, ben):
        made = {make_update(ada, body=f"Sprint review number {i}").pk for i in range(7)}
        seen, cursor = [], None
        while True:
            results = engine.query(ben, "sprint", kinds=["updates"], limit=3, cursor=cursor)
            seen += [h.object.pk for h in results.hits]
            cursor = results.next_cursor
            if cursor is None:
                break
        assert sorted(seen) == sorted(made) and len(seen) == 7
        assert results.counts["updates"].n == 7

    def test_counts_are_capped(self, ada, ben, monkeypatch):
        monkeypatch.setattr(engine, "COUNT_CAP", 3)
        for i in range(5):
            make_update(ada, body=f"Standup {i}")
        count = engine.query(ben, "standup").counts["updates"]
        assert count.capped and str(count) == "3+"


class TestVisibility:
    """The matrix (workaloud/tests/test_visibility_matrix.py) runs every audience through the
    page and the API; these are the rules at the interface itself, counts included."""

    def test_hits_and_counts_only_what_the_viewer_may_see(self, ada, ben):
        carl = make_person("carl")
        follow(carl, ada)
        make_update(ada, body="Okapi community")
        make_update(ada, body="Okapi followers", audience=Audience.FOLLOWERS)
        make_update(ada, body="Okapi private", audience=Audience.ONLY_ME)
        make_update(ada, body="Okapi draft", publish=False)
        deleted = make_update(ada, body="Okapi deleted")
        delete_update(deleted, ada)
        hidden = make_update(ada, body="Okapi hidden")
        WorkUpdate.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
        make_goal(ada, title="Okapi goal for followers", audience=Audience.FOLLOWERS)

        def seen(viewer):
            results = engine.query(viewer, "okapi")
            return (
                sorted(
                    h.object.body if h.kind == "updates" else h.object.title for h in results.hits
                ),
                {k: c.n for k, c in results.counts.items()},
            )

        assert seen(ben) == (["Okapi community"], {"people": 0, "goals": 0, "updates": 1})
        assert seen(carl) == (
            ["Okapi community", "Okapi followers", "Okapi goal for followers"],
            {"people": 0, "goals": 1, "updates": 2},
        )
        assert seen(ada)[1] == {"people": 0, "goals": 1, "updates": 3}

    def test_deactivated_people_are_not_found(self, ada, ben):
        ada.is_active = False
        ada.save()
        assert found(ben, "lovelace") == []

    def test_anonymous(self, ada, settings):
        from django.contrib.auth.models import AnonymousUser

        make_update(ada, body="Okapi community")
        settings.COMMUNITY_PUBLIC = False
        assert found(AnonymousUser(), "okapi") == []
        settings.COMMUNITY_PUBLIC = True
        assert len(found(AnonymousUser(), "okapi")) == 1


class TestIndexStaysCurrent:
    def test_edit_changes_what_is_found(self, ada, ben):
        update = make_update(ada, body="Painting the shed.")
        edit_update(update, ada, body="Building the greenhouse.")
        assert update_ids(ben, "shed") == []
        assert update_ids(ben, "greenhouse") == [update.pk]

    def test_publishing_a_draft(self, ada, ben):
        draft = make_update(ada, body="Lighthouse plans", publish=False)
        assert update_ids(ben, "lighthouse") == []
        publish_draft(draft, ada)
        assert update_ids(ben, "lighthouse") == [draft.pk]

    def test_visibility_changes_apply_at_once(self, ada, ben):
        update = make_update(ada, body="Lighthouse plans")
        edit_update(update, ada, audience=Audience.ONLY_ME)
        assert update_ids(ben, "lighthouse") == []
        goal = make_goal(ada, title="Lighthouse goal")
        update_goal(goal, ada, audience=Audience.ONLY_ME)
        assert found(ben, "lighthouse") == []

    def test_profile_edit(self, ada, ben):
        update_profile(ada, display_name="Ada King", team="Mathematics")
        assert found(ben, "lovelace") == []
        assert found(ben, "mathematics", kinds=["people"]) == [("people", ada.pk)]

    def test_bulk_and_raw_writes(self, ada, ben):
        """The index follows the rows however they are written: queryset updates, raw SQL."""
        update = make_update(ada, body="Sailing")
        WorkUpdate.objects.filter(pk=update.pk).update(body="Rowing")
        assert update_ids(ben, "rowing") == [update.pk] and update_ids(ben, "sailing") == []
        with connection.cursor() as db:
            db.execute("UPDATE goals_goal SET title = %s WHERE owner_id = %s", ["Kayak", ada.pk])
        goal = make_goal(ada, title="Canoe")
        Goal.objects.filter(pk=goal.pk).update(title="Kayak trip")
        assert found(ben, "kayak", kinds=["goals"]) == [("goals", goal.pk)]
        User.objects.filter(pk=ben.pk).update(team="Rowing club")
        assert ("people", ben.pk) in found(ada, "rowing")

    def test_rows_deleted_from_the_table_leave_the_index(self, ada, ben):
        goal = make_goal(ada, title="Temporary goal")
        Goal.objects.filter(pk=goal.pk).delete()
        ada_pk = ada.pk
        ada.delete()
        assert found(ben, "temporary") == [] and found(ben, "lovelace") == []
        assert ada_pk  # deleted people cascade their updates and goals out of the index too

    def test_rebuild_restores_lost_triggers(self, ada, ben):
        if connection.vendor != "sqlite":
            pytest.skip("PostgreSQL's generated columns have no triggers to lose")
        with connection.cursor() as db:
            index.drop_sqlite_triggers(db)
        update = make_update(ada, body="Unindexed words")
        assert index.missing_triggers()
        index.rebuild()
        assert not index.missing_triggers()
        assert update_ids(ben, "unindexed") == [update.pk]


def test_parse_keeps_only_letters_and_digits():
    assert [t.words for t in parse('foo" OR bar*(')] == [("foo",), ("or", "bar")]
    assert parse("half typ")[-1].prefix and not parse('"half typ"')[-1].prefix


def test_update_snippets_read_as_text_not_markdown(db):
    ada, ben = make_person("ada"), make_person("ben")
    make_update(ada, body="Tuned the **kafka** consumer, see [the notes](https://example.org/n).")
    html = str(engine.query(ben, "kafka").hits[0].snippet_html)
    assert "<mark>kafka</mark> consumer" in html and "**" not in html
    assert "the notes." in html and "example.org" not in html


def test_one_letter_is_a_word_not_a_beginning(db):
    ada, ben = make_person("ada"), make_person("ben")
    make_update(ada, body="Plan b is ready.")
    make_update(ada, body="Budget review.")
    assert [h.object.body for h in engine.query(ben, "b", kinds=["updates"]).hits] == [
        "Plan b is ready."
    ]
    assert len(engine.query(ben, "bu", kinds=["updates"]).hits) == 1  # two letters: a beginning
