"""Reflection services: rhythm, the current prompt and its marks, and the journal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from workaloud.reflection import services
from workaloud.reflection.models import ENTRY_MAX, JournalEntry, PromptAction, PromptMark
from workaloud.testing.db_state import snapshot
from workaloud.testing.factories import make_update


def test_rhythm_is_weekly_by_default_and_can_be_changed(alice):
    assert services.rhythm_of(alice) == "weekly"
    for rhythm in ("daily", "fortnightly", "off", "weekly"):
        assert services.set_rhythm(alice, rhythm) == rhythm
        assert services.rhythm_of(alice) == rhythm


@pytest.mark.parametrize("bad", ["hourly", "", None, 3, "WEEKLY"])
def test_an_unknown_rhythm_is_refused_and_changes_nothing(alice, bad):
    services.set_rhythm(alice, "daily")
    before = snapshot()
    with pytest.raises(ValidationError, match="Choose a rhythm"):
        services.set_rhythm(alice, bad)
    assert snapshot() == before


def test_current_prompt_is_open_until_dismissed_or_answered(alice):
    current = services.current_prompt(alice)
    assert current.open and current.rhythm == "weekly"
    assert (
        current.period_start.weekday() == 0
        and (current.period_end - current.period_start).days == 6
    )
    services.dismiss(alice, current.prompt.key)
    assert services.current_prompt(alice).dismissed
    # answering after "Not now" still counts as an answer; dismissing again doesn't undo it
    services.create_entry(alice, "My answer", prompt_key=current.prompt.key)
    assert services.current_prompt(alice).action == PromptAction.JOURNAL
    services.dismiss(alice, current.prompt.key)
    assert services.current_prompt(alice).answered
    assert PromptMark.objects.filter(person=alice).count() == 1


def test_off_rhythm_has_no_current_prompt(alice):
    services.set_rhythm(alice, "off")
    assert services.current_prompt(alice) is None


def test_sharing_marks_the_prompt_shared(alice, bob):
    key = services.current_prompt(alice).prompt.key
    update = make_update(alice, body="My answer, out loud")
    services.mark_shared(alice, key, update)
    assert services.current_prompt(alice).action == PromptAction.SHARED
    with pytest.raises(ValidationError, match="your own published"):
        services.mark_shared(bob, key, update)


@pytest.mark.parametrize("key", ["no-such-prompt", "", None, 42, "x" * 500])
def test_an_unknown_prompt_is_refused_and_changes_nothing(alice, key):
    before = snapshot()
    with pytest.raises(ValidationError):
        services.dismiss(alice, key)
    if key not in ("", None):
        with pytest.raises(ValidationError, match="no reflection prompt"):
            services.create_entry(alice, "text", prompt_key=key)
    assert snapshot() == before


def test_journal_entries_are_written_dated_and_listed_newest_first(alice):
    older = services.create_entry(alice, "Older *thought*", written_on=datetime.date(2026, 1, 5))
    newer = services.create_entry(alice, "  Newer thought  ", prompt_key="legacy-1")
    assert newer.text == "Newer thought" and newer.prompt_text.startswith("What will remain")
    assert list(services.journal(alice)) == [newer, older]
    assert "<em>thought</em>" in services.render_entry(older)


def test_markdown_is_sanitised(alice):
    entry = services.create_entry(alice, "<script>alert(1)</script> [x](javascript:alert(1))")
    html = services.render_entry(entry)
    assert "<script" not in html and "javascript:" not in html


@pytest.mark.parametrize(
    "text, written_on, message",
    [
        ("", None, "empty"),
        ("   \n ", None, "empty"),
        (None, None, "Write something"),
        ("x" * (ENTRY_MAX + 1), None, "at most"),
        ("ok", datetime.date(2999, 1, 1), "future"),
        ("ok", "2026-01-01", "YYYY-MM-DD"),
    ],
)
def test_bad_entries_are_refused_and_change_nothing(alice, text, written_on, message):
    before = snapshot()
    with pytest.raises(ValidationError, match=message):
        services.create_entry(alice, text, written_on=written_on)
    assert snapshot() == before


def test_edit_and_delete_only_my_own_entries(alice, bob):
    entry = services.create_entry(alice, "first words")
    services.edit_entry(alice, entry.pk, text="second words")
    entry.refresh_from_db()
    assert entry.text == "second words"
    before = snapshot()
    for attempt in (
        lambda: services.edit_entry(bob, entry.pk, text="hijack"),
        lambda: services.delete_entry(bob, entry.pk),
        lambda: services.my_entry(bob, entry.pk),
        lambda: services.my_entry(alice, entry.pk + 999),
    ):
        with pytest.raises(Http404):
            attempt()
    with pytest.raises(ValidationError):
        services.edit_entry(alice, entry.pk, text="")
    assert snapshot() == before
    services.delete_entry(alice, entry.pk)
    assert not JournalEntry.objects.exists()


def test_search_finds_every_word_case_insensitively_and_only_mine(alice, bob):
    services.create_entry(alice, "Mentoring plans for the Spring cohort")
    services.create_entry(alice, "Nothing related")
    services.create_entry(bob, "mentoring spring too")
    assert [e.text for e in services.journal(alice, "spring MENTORING")] == [
        "Mentoring plans for the Spring cohort"
    ]
    assert services.journal(alice, "autumn").count() == 0
    assert services.journal(alice, "").count() == 2
    assert services.journal(alice, "\x00").count() == 2
    # the prompt answered is searchable too
    services.create_entry(alice, "short", prompt_key="legacy-1")
    assert services.journal(alice, "remain").count() == 1


def test_export_is_the_whole_journal_in_markdown_oldest_first(alice, bob):
    services.create_entry(alice, "Second entry", prompt_key="purpose-1")
    services.create_entry(alice, "First entry", written_on=datetime.date(2026, 1, 5))
    services.create_entry(bob, "Bob's secret")
    text = services.export_markdown(alice)
    assert text.startswith("# Journal of Alice Archer")
    assert text.index("## 2026-01-05") < text.index("Second entry")
    assert "> What is the purpose of my work" in text
    assert "Bob's secret" not in text
