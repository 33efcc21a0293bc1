"""Creating and changing campaigns through the services: by hand, from the WOL Week
template and from a file; every refusal is clear and changes nothing; today's prompt for a
member follows their local date; the rule for tagging work updates."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from workaloud.campaigns import services
from workaloud.campaigns.campaign_file import campaign_to_toml, template_text
from workaloud.campaigns.models import Campaign, CampaignDay
from workaloud.campaigns.tests.conftest import days, utc_today
from workaloud.testing.db_state import snapshot
from workaloud.testing.factories import make_person, make_update
from workaloud.work.services import edit_update

pytestmark = pytest.mark.django_db

MON = dt.date(2031, 3, 3)


def messages(exc: ValidationError) -> str:
    return " ".join(exc.value.messages)


@pytest.fixture
def unchanged(db):
    before = snapshot()

    def check():
        assert snapshot() == before

    return check


def make(olga, start=MON, end=None, titles=("One", "Two", "Three"), **fields):
    return services.create_campaign(
        olga,
        name=fields.pop("name", "Spring week"),
        theme=fields.pop("theme", "Sharing early"),
        starts_on=start,
        ends_on=end or start + dt.timedelta(days=len(titles) - 1),
        days=days(start, *titles),
        **fields,
    )


def test_create_by_hand(olga):
    campaign = make(olga, description="Read **this** <script>x</script>")
    assert campaign.length_days == 3 and campaign.created_by == olga
    assert [d.title for d in campaign.days.all()] == ["One", "Two", "Three"]
    assert [d.number for d in campaign.days.all()] == [1, 2, 3]
    assert "<strong>this</strong>" in campaign.description_html
    assert "<script>" not in campaign.description_html
    assert campaign.days.first().prompt_html == "<p>Prompt for One.</p>"


def test_from_the_template(olga):
    campaign = services.create_from_template(olga, starts_on=MON)
    assert campaign.name == "Working Out Loud Week"
    assert campaign.theme == "Deepen relationships and create a legacy"
    assert (campaign.starts_on, campaign.ends_on) == (MON, MON + dt.timedelta(days=4))
    titles = [d.title for d in campaign.days.all()]
    assert titles == [
        "Relationships at a distance",
        "Unfinished work invites people in",
        "What your work leaves behind",
        "Generosity first",
        "The next step together",
    ]
    assert all(d.prompt_html.startswith("<p>") for d in campaign.days.all())
    renamed = services.create_from_template(
        olga, starts_on=MON + dt.timedelta(days=7), name="WOL Week 2031"
    )
    assert renamed.name == "WOL Week 2031"


def test_from_a_toml_file_with_dates_moved(olga):
    source = """
name = "Legacy week"
theme = "What we leave"
starts_on = 2030-01-06
ends_on = 2030-01-08
[[days]]
date = 2030-01-06
title = "First"
prompt = "One"
[[days]]
day = 3
title = "Third"
prompt = "Three"
"""
    campaign = services.import_campaign(olga, source.encode(), "c.toml", starts_on=MON)
    assert (campaign.starts_on, campaign.ends_on) == (MON, MON + dt.timedelta(days=2))
    assert [(d.date, d.title) for d in campaign.days.all()] == [
        (MON, "First"),
        (MON + dt.timedelta(days=2), "Third"),
    ]


def test_from_a_json_file(olga):
    source = json.dumps(
        {
            "name": "JSON week",
            "theme": "Plain data",
            "starts_on": MON.isoformat(),
            "days": [
                {"day": 1, "title": "A", "prompt": "a"},
                {"day": 2, "title": "B", "prompt": "b"},
            ],
        }
    )
    campaign = services.import_campaign(olga, source, "week.json")
    assert (campaign.starts_on, campaign.ends_on) == (MON, MON + dt.timedelta(days=1))


def test_a_downloaded_campaign_loads_again(olga):
    campaign = services.create_from_template(olga, starts_on=MON)
    again = services.import_campaign(
        olga, campaign_to_toml(campaign), "x.toml", starts_on=MON + dt.timedelta(days=14)
    )
    assert [d.prompt for d in again.days.all()] == [d.prompt for d in campaign.days.all()]
    assert again.ends_on == MON + dt.timedelta(days=18)


def test_the_template_is_a_valid_file_and_needs_a_start(olga, unchanged):
    with pytest.raises(ValidationError) as exc:
        services.import_campaign(olga, template_text(), "wol_week.toml")
    assert "The file has no starts_on date" in messages(exc)
    unchanged()


@pytest.mark.parametrize(
    "fields, message",
    [
        (
            {"start": MON, "end": MON - dt.timedelta(days=1), "titles": ("A",)},
            "The campaign ends (2 Mar 2031) before it starts (3 Mar 2031)",
        ),
        ({"end": MON + dt.timedelta(days=40), "titles": ("A",)}, "lasts 41 days; at most 31"),
        ({"end": MON, "titles": ()}, "A campaign needs a prompt for at least one day."),
        ({"name": ""}, "name: is missing or empty."),
        ({"theme": "t" * 201}, "theme: is 201 characters long; at most 200"),
        ({"description": "d" * 5001}, "description: is 5,001 characters long"),
        ({"titles": ("x" * 121,)}, "Day 3 Mar 2031 title: is 121 characters long; at most 120"),
    ],
)
def test_create_refuses(olga, unchanged, fields, message):
    with pytest.raises(ValidationError) as exc:
        make(olga, **fields)
    assert message in messages(exc)
    unchanged()


def test_create_refuses_overlong_prompt_and_overlapping_days(olga, unchanged):
    base = dict(name="N", theme="T", starts_on=MON, ends_on=MON + dt.timedelta(days=2))
    cases = [
        (
            [{"date": MON, "title": "A", "prompt": "p" * 4001}],
            "Day 3 Mar 2031 prompt: is 4,001 characters long; at most 4,000",
        ),
        (
            [
                {"date": MON, "title": "A", "prompt": "a"},
                {"date": MON, "title": "B", "prompt": "b"},
            ],
            "days entry 2: 3 Mar 2031 already has a prompt (entry 1)",
        ),
        (
            [{"date": MON + dt.timedelta(days=5), "title": "A", "prompt": "a"}],
            "days entry 1: 8 Mar 2031 is outside the campaign, which runs from 3 Mar 2031 to "
            "5 Mar 2031",
        ),
        ([{"date": "03/03/2031", "title": "A", "prompt": "a"}], "is not a date"),
    ]
    for given, message in cases:
        with pytest.raises(ValidationError) as exc:
            services.create_campaign(olga, **base, days=given)
        assert message in messages(exc), messages(exc)
    unchanged()


def test_campaigns_may_not_overlap(olga):
    first = make(olga)
    with pytest.raises(ValidationError) as exc:
        make(olga, start=MON + dt.timedelta(days=2), name="Second")
    assert (
        "These dates overlap the campaign “Spring week” (3 Mar 2031 to 5 Mar 2031); one "
        "campaign runs at a time" in messages(exc)
    )
    assert list(Campaign.objects.all()) == [first]
    after = make(olga, start=MON + dt.timedelta(days=3), name="Back to back")  # touching is fine
    with pytest.raises(ValidationError) as exc:
        services.update_campaign(after, olga, starts_on=MON + dt.timedelta(days=1))
    assert "overlap the campaign “Spring week”" in messages(exc)


@pytest.mark.parametrize(
    "source, message",
    [
        ("", "The file is empty."),
        (
            "name = 'x'\ntheme = \nx = 1",
            "The file is not valid TOML: Invalid value (at line 2, column 9)",
        ),
        ('{"name": "x",\n "theme": }', "The file is not valid JSON: Expecting value at line 2"),
        ("[1, 2]", "The file must hold a table with name, theme and days."),
        ("name = 'x'\ntheme = 't'\ncolour = 'red'", "Unknown key at the top of the file: colour"),
        ("name = 'x'\ntheme = 't'", "days: missing"),
        (
            "name = 'x'\ntheme = 't'\n[[days]]\nday = 1\ntitle = 'a'\n[[days]]\nday = 1\n"
            "title = 'b'\nprompt = 'b'",
            "days entry 1 prompt: is missing or empty.",
        ),
        (
            "name = 'x'\ntheme = 't'\n[[days]]\nday = 1\ntitle = 'a'\nprompt = 'a'\n[[days]]\n"
            "day = 1\ntitle = 'b'\nprompt = 'b'",
            "days entry 2: 3 Mar 2031 already has a prompt (entry 1)",
        ),
        (
            "name = 'x'\ntheme = 't'\nstarts_on = 2031-03-03\nends_on = 2031-03-04\n[[days]]\n"
            "day = 3\ntitle = 'a'\nprompt = 'a'",
            "days entry 1: 5 Mar 2031 is outside the campaign",
        ),
        (
            "name = 'x'\ntheme = 't'\nstarts_on = 2031-03-05\nends_on = 2031-03-04\n[[days]]\n"
            "day = 1\ntitle = 'a'\nprompt = 'a'",
            "before it starts",
        ),
        (
            "name = 'x'\ntheme = 't'\n[[days]]\nday = 0\ntitle = 'a'\nprompt = 'a'",
            "days entry 1: day must be",
        ),
        (
            "name = 'x'\ntheme = 't'\n[[days]]\nday = 1\ndate = 2031-03-03\ntitle = 'a'\n"
            "prompt = 'a'",
            "give either day",
        ),
        (
            "name = 'x'\ntheme = 't'\n[[days]]\nday = 1\ntitle = 'a'\nprompt = 'a'\nmood = 1",
            "days entry 1: unknown key mood",
        ),
        (
            "name = 'x'\ntheme = 't'\n[[days]]\nday = 1\ntitle = 3\nprompt = 'a'",
            "days entry 1 title: must be text, not int.",
        ),
        (
            "name = 'x'\ntheme = 't'\nstarts_on = 'soon'\n[[days]]\nday = 1\ntitle = 'a'\n"
            "prompt = 'a'",
            "starts_on: “soon” is not a date",
        ),
        (b"\xff\xfe", "The file is not UTF-8 text"),
        ("x" * 200_001, "The file is too large"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_place(olga, unchanged, source, message):
    with pytest.raises(ValidationError) as exc:
        services.import_campaign(olga, source, "c.toml", starts_on=MON)
    assert message in messages(exc), messages(exc)
    unchanged()


def test_only_organisers_run_campaigns(alice, olga, unchanged):
    campaign = make(olga)
    before = snapshot()
    for act in (
        lambda: make(alice, start=MON + dt.timedelta(days=10)),
        lambda: services.create_from_template(alice, starts_on=MON + dt.timedelta(days=10)),
        lambda: services.import_campaign(alice, template_text(), starts_on=MON),
        lambda: services.update_campaign(campaign, alice, name="Mine now"),
        lambda: services.set_day(campaign, alice, date=MON, title="t", prompt="p", replacing=MON),
        lambda: services.remove_day(campaign, alice, MON),
    ):
        with pytest.raises(PermissionDenied):
            act()
    assert snapshot() == before


def test_superusers_are_organisers(db):
    boss = make_person("boss", is_superuser=True)
    assert services.is_organiser(boss)
    assert not services.is_organiser(make_person("someone"))


def test_edit_fields_and_days(olga):
    campaign = make(olga)
    services.update_campaign(campaign, olga, name="Renamed", ends_on=MON + dt.timedelta(days=4))
    campaign.refresh_from_db()
    assert campaign.name == "Renamed" and campaign.length_days == 5
    assert campaign.days.count() == 3  # days keep their dates
    services.set_day(campaign, olga, date=MON + dt.timedelta(days=4), title="Five", prompt="5")
    services.set_day(
        campaign, olga, date=MON + dt.timedelta(days=3), title="Four", prompt="4",
        replacing=MON + dt.timedelta(days=2),
    )  # fmt: skip
    assert [(d.number, d.title) for d in campaign.days.all()] == [
        (1, "One"),
        (2, "Two"),
        (4, "Four"),
        (5, "Five"),
    ]
    services.remove_day(campaign, olga, MON)
    assert campaign.days.count() == 3
    services.update_campaign(campaign, olga, days=days(MON, "Only"))
    assert [d.title for d in campaign.days.all()] == ["Only"]


def test_edits_that_break_a_rule_change_nothing(olga):
    campaign = make(olga)
    before = snapshot()
    attempts = [
        (
            lambda: services.update_campaign(campaign, olga, ends_on=MON + dt.timedelta(days=1)),
            "days entry 3: 5 Mar 2031 is outside the campaign",
        ),
        (
            lambda: services.update_campaign(campaign, olga, ends_on=MON - dt.timedelta(days=1)),
            "before it starts",
        ),
        (
            lambda: services.set_day(
                campaign, olga, date=MON + dt.timedelta(days=1), title="t", prompt="p"
            ),
            "4 Mar 2031 already has a prompt",
        ),
        (
            lambda: services.set_day(
                campaign, olga, date=MON + dt.timedelta(days=9), title="t", prompt="p"
            ),
            "12 Mar 2031 is outside the campaign",
        ),
        (
            lambda: services.set_day(campaign, olga, date=MON, title="", prompt="p", replacing=MON),
            "title: is missing or empty",
        ),
        (
            lambda: services.remove_day(campaign, olga, MON + dt.timedelta(days=9)),
            "no prompt on 12 Mar 2031",
        ),
        (lambda: services.update_campaign(campaign, olga, colour="red"), "Unknown campaign field"),
    ]
    for act, message in attempts:
        with pytest.raises(ValidationError) as exc:
            act()
        assert message in messages(exc), messages(exc)
    assert snapshot() == before


def test_the_last_day_cannot_be_removed(olga):
    campaign = make(olga, titles=("Only",))
    with pytest.raises(ValidationError, match="at least one day"):
        services.remove_day(campaign, olga, MON)


# --- today -----------------------------------------------------------------------------------


def test_today_follows_the_members_local_date(olga):
    # 3 Mar 2031 23:30 UTC is already 4 Mar in Tokyo and still 3 Mar in New York.
    make(olga)
    now = dt.datetime(2031, 3, 3, 23, 30, tzinfo=dt.UTC)
    tokyo = make_person("kenji", timezone="Asia/Tokyo")
    new_york = make_person("ny", timezone="America/New_York")
    nowhere = make_person("utc")
    assert services.today_for(tokyo, now).day.title == "Two"
    assert services.today_for(new_york, now).day.title == "One"
    assert services.today_for(nowhere, now).day.title == "One"
    before = dt.datetime(2031, 3, 2, 12, tzinfo=dt.UTC)
    assert services.today_for(nowhere, before) is None
    # A day without a prompt inside the campaign: the campaign is on, no prompt.
    gap = services.create_campaign(
        olga, name="Gap", theme="T", starts_on=MON + dt.timedelta(days=10),
        ends_on=MON + dt.timedelta(days=12), days=days(MON + dt.timedelta(days=10), "A"),
    )  # fmt: skip
    on = services.today_for(nowhere, dt.datetime(2031, 3, 14, 9, tzinfo=dt.UTC))
    assert on.campaign == gap and on.day is None and on.number == 2


def test_window_spans_every_time_zone(olga):
    campaign = make(olga)
    start, end = services.window(campaign)
    assert start == dt.datetime(2031, 3, 2, 10, tzinfo=dt.UTC)  # 3 Mar 00:00 at UTC+14
    assert end == dt.datetime(2031, 3, 6, 12, tzinfo=dt.UTC)  # 6 Mar 00:00 at UTC−12


# --- tagging updates -------------------------------------------------------------------------


def test_an_answer_is_tagged_with_today_by_default(wol_week, alice):
    update = make_update(alice, body="My answer", campaign=wol_week)
    assert update.campaign == wol_week and update.campaign_day == utc_today()
    late = make_update(
        alice, body="Day one, late", campaign=wol_week, campaign_day=wol_week.starts_on
    )
    assert late.campaign_day == wol_week.starts_on


def test_tagging_rules(wol_week, olga, alice, unchanged):
    ahead = utc_today() + dt.timedelta(days=1)
    old = MON.replace(year=2020)
    past = services.create_campaign(
        olga, name="Old", theme="Old", starts_on=old, ends_on=old, days=days(old, "Old")
    )
    before = snapshot()
    cases = [
        ({"campaign": wol_week, "campaign_day": ahead}, "is not open yet; answer it that day"),
        ({"campaign": past}, "The campaign “Old” is over: it takes answers from 3 Mar 2020"),
        ({"campaign_day": utc_today()}, "A campaign day goes with a campaign only."),
        (
            {"campaign": wol_week, "campaign_day": wol_week.starts_on - dt.timedelta(days=1)},
            "has no prompt on",
        ),
    ]
    for fields, message in cases:
        with pytest.raises(ValidationError) as exc:
            make_update(alice, body="An answer", **fields)
        assert message in messages(exc), messages(exc)
    assert snapshot() == before


def test_an_answer_keeps_its_tag_when_edited_after_the_campaign(wol_week, olga, alice):
    update = make_update(alice, body="My answer", campaign=wol_week)
    Campaign.objects.filter(pk=wol_week.pk).update(
        starts_on=MON.replace(year=2020), ends_on=MON.replace(year=2020)
    )
    CampaignDay.objects.filter(campaign=wol_week).delete()
    edited = edit_update(update, alice, body="Edited later")
    assert edited.campaign_id == wol_week.pk
    cleared = edit_update(edited, alice, campaign=None)
    assert cleared.campaign is None and cleared.campaign_day is None


def test_deleting_a_campaign_keeps_its_answers(wol_week, alice):
    update = make_update(alice, body="My answer", campaign=wol_week)
    wol_week.delete()
    update.refresh_from_db()
    assert update.campaign is None and update.body == "My answer"
