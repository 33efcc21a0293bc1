"""The prompt library and ``prompt_for``: deterministic per period, rotating themes, skipping
recent answers, None when the rhythm is off."""

import datetime

import pytest

from workaloud.reflection import prompts
from workaloud.reflection.models import PromptAction, PromptMark, ReflectionSettings, Rhythm
from workaloud.reflection.prompts import THEMES, LibraryError, parse_library, prompt_for

MONDAY = datetime.date(2026, 11, 23)


def week(start=MONDAY):
    return [start + datetime.timedelta(days=i) for i in range(7)]


def test_library_has_at_least_six_prompts_per_theme_with_unique_keys():
    lib = prompts.library()
    assert len({p.key for p in lib}) == len(lib)
    for theme in THEMES:
        assert sum(p.theme == theme for p in lib) >= 6
    assert all(p.id == p.key and p.text.endswith("?") for p in lib)


@pytest.mark.parametrize(
    "text, message",
    [
        ('[[prompt]]\nkey = "a"\ntheme = "nope"\ntext = "x"', "unknown theme"),
        ('[[prompt]]\nkey = "a"\ntheme = "purpose"\ntext = ""', "needs a key"),
        ("", "has no prompt"),
    ],
)
def test_a_malformed_library_is_refused(text, message):
    with pytest.raises(LibraryError, match=message):
        parse_library(text)


def test_weekly_is_the_default_and_the_same_all_local_week(alice):
    chosen = {prompt_for(alice, day) for day in week()}
    assert len(chosen) == 1
    assert prompt_for(alice, MONDAY) != prompt_for(alice, MONDAY + datetime.timedelta(days=7))
    # Sunday before belongs to the previous week
    assert prompt_for(alice, MONDAY - datetime.timedelta(days=1)) != prompt_for(alice, MONDAY)


def test_themes_rotate_one_per_period(alice):
    themes = [prompt_for(alice, MONDAY + datetime.timedelta(weeks=i)).theme for i in range(6)]
    assert sorted(themes) == sorted(THEMES)


def test_daily_changes_every_day_and_fortnightly_every_two_weeks(alice):
    ReflectionSettings.objects.create(person=alice, rhythm=Rhythm.DAILY)
    assert len({prompt_for(alice, d).theme for d in week()[:6]}) == 6
    ReflectionSettings.objects.filter(person=alice).update(rhythm=Rhythm.FORTNIGHTLY)
    days = [MONDAY + datetime.timedelta(days=i) for i in range(-14, 28)]
    starts = {prompts.period_start(Rhythm.FORTNIGHTLY, d) for d in days}
    assert all(s.weekday() == 0 for s in starts) and 3 <= len(starts) <= 4
    for s in starts:
        chosen = {prompt_for(alice, s + datetime.timedelta(days=i)) for i in range(14)}
        assert len(chosen) == 1


def test_off_gives_none(alice):
    ReflectionSettings.objects.create(person=alice, rhythm=Rhythm.OFF)
    assert prompt_for(alice, MONDAY) is None


def test_prompts_answered_recently_are_skipped_but_not_within_the_period(alice):
    usual = prompt_for(alice, MONDAY)
    # answering it this week keeps it this week's prompt
    PromptMark.objects.create(
        person=alice, prompt_key=usual.key, period_start=MONDAY, action=PromptAction.JOURNAL
    )
    assert prompt_for(alice, MONDAY + datetime.timedelta(days=3)) == usual
    # answered a few weeks before: skipped, another prompt of the same theme instead
    PromptMark.objects.all().delete()
    PromptMark.objects.create(
        person=alice,
        prompt_key=usual.key,
        period_start=MONDAY - datetime.timedelta(weeks=3),
        action=PromptAction.SHARED,
    )
    other = prompt_for(alice, MONDAY)
    assert other != usual and other.theme == usual.theme
    # a dismissal is not an answer
    PromptMark.objects.all().delete()
    PromptMark.objects.create(
        person=alice,
        prompt_key=usual.key,
        period_start=MONDAY - datetime.timedelta(weeks=3),
        action=PromptAction.DISMISSED,
    )
    assert prompt_for(alice, MONDAY) == usual


def test_local_week_follows_the_persons_time_zone(make_person):
    tokyo = make_person("tokyo", timezone="Asia/Tokyo")
    # Sunday 16:00 UTC is already Monday 01:00 in Tokyo
    now = datetime.datetime(2026, 11, 22, 16, 0, tzinfo=datetime.UTC)
    assert prompts.local_today(tokyo, now) == MONDAY
    nobody = make_person("utc")
    assert prompts.local_today(nobody, now) == MONDAY - datetime.timedelta(days=1)
