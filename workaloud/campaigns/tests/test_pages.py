"""Campaign pages: the list, a campaign's page (days, feed, figures), the organiser's pages
(new from the template, a file or by hand; edit; days), 403 for everyone else; today's prompt
on the home page and "Share your answer" opening the share form tagged with the campaign."""

import datetime as dt
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workaloud.audience import Audience
from workaloud.campaigns import services
from workaloud.campaigns.models import Campaign
from workaloud.campaigns.tests.conftest import days, utc_today
from workaloud.testing.db_state import snapshot
from workaloud.testing.factories import make_person, make_update
from workaloud.work.models import WorkUpdate

pytestmark = pytest.mark.django_db

MON = dt.date(2031, 3, 3)


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def olga_client(olga, client_for):
    return client_for(olga)


def test_home_shows_todays_prompt_and_share_opens_the_tagged_form(wol_week, alice, client_for):
    client = client_for(alice)
    home = text(client.get("/"))
    assert "Working Out Loud Week</a> · Day 2 of 5" in home
    assert "Unfinished work invites people in" in home
    share = f"/updates/new/?campaign={wol_week.pk}&campaign_day={utc_today():%Y-%m-%d}"
    assert share in home
    form = text(client.get(share))
    assert "Your answer to Working Out Loud Week · Day 2" in form
    assert f'name="campaign" value="{wol_week.pk}"' in form
    response = client.post(
        share,
        {
            "body": "Sharing my draft early",
            "stage": "in_progress",
            "audience": "community",
            "campaign": wol_week.pk,
            "campaign_day": utc_today().isoformat(),
            "action": "publish",
        },
    )
    assert response.status_code == 302
    update = WorkUpdate.objects.get(body="Sharing my draft early")
    assert update.campaign == wol_week and update.campaign_day == utc_today()
    assert "✓ You answered today" in text(client.get("/"))


def test_home_is_quiet_without_a_campaign(alice, client_for):
    assert 'data-testid="campaign-today"' not in text(client_for(alice).get("/"))


def test_home_uses_the_members_local_date(olga, client_for):
    """A one-day campaign on a date that is not today in UTC but is today somewhere: at
    any moment, either UTC+14 is already tomorrow or UTC−11 is still yesterday."""
    now = dt.datetime.now(dt.UTC)
    zone = "Pacific/Kiritimati" if now.hour >= 10 else "Pacific/Pago_Pago"
    elsewhere = make_person("far", timezone=zone)
    their_day = services.local_today(elsewhere)
    assert their_day != utc_today()
    services.create_campaign(
        olga, name="One day", theme="T", starts_on=their_day, ends_on=their_day,
        days=days(their_day, "Their prompt"),
    )  # fmt: skip
    assert "Their prompt" in text(client_for(elsewhere).get("/"))
    assert "Their prompt" not in text(client_for(make_person("utc")).get("/"))


def test_campaign_page_shows_days_feed_and_figures(wol_week, alice, bob, client_for):
    make_update(alice, body="Open to all", campaign=wol_week)
    make_update(alice, body="For my followers", campaign=wol_week, audience=Audience.FOLLOWERS)
    make_update(alice, body="Just a note", campaign=wol_week, audience=Audience.ONLY_ME)
    make_update(alice, body="Not tagged")
    page = text(client_for(bob).get(f"/campaigns/{wol_week.pk}/"))
    assert "Deepen relationships and create a legacy" in page
    assert page.count('data-testid="campaign-day"') == 5
    assert "Open to all" in page
    assert "For my followers" not in page and "Just a note" not in page
    assert "Not tagged" not in page
    assert page.count("fewer than 5") >= 5
    assert "How many different people shared at least one answer" in page
    assert "Alice" not in page.split("Participation")[1].split("What people shared")[0]
    own = text(client_for(alice).get(f"/campaigns/{wol_week.pk}/"))
    assert "For my followers" in own and "Just a note" in own


def test_campaign_feed_pages_with_a_cursor(wol_week, alice, client_for, settings):
    settings.FEED_PAGE_SIZE = 2
    for n in range(3):
        make_update(alice, body=f"Answer {n}", campaign=wol_week)
    client = client_for(alice)
    first = text(client.get(f"/campaigns/{wol_week.pk}/"))
    assert "Answer 2" in first and "Answer 0" not in first and "Load more" in first
    cursor = first.split("cursor=")[1].split('"')[0]
    more = client.get(f"/campaigns/{wol_week.pk}/?cursor={cursor}", headers={"HX-Request": "true"})
    assert "Answer 0" in text(more) and "<html" not in text(more)
    assert client.get(f"/campaigns/{wol_week.pk}/?cursor=garbage").status_code == 302


def test_list_groups_campaigns(olga, olga_client, alice, client_for):
    services.create_from_template(olga, starts_on=utc_today() + dt.timedelta(days=10))
    page = text(client_for(alice).get("/campaigns/"))
    assert "Coming up" in page and "Working Out Loud Week" in page
    assert "New campaign" not in page
    assert "New campaign" in text(olga_client.get("/campaigns/"))


def test_a_missing_campaign_is_404(alice, client_for):
    assert client_for(alice).get("/campaigns/999/").status_code == 404


def test_organiser_creates_from_the_template(olga_client):
    response = olga_client.post(
        "/campaigns/new/", {"action": "template", "tpl-starts_on": MON.isoformat()}
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/campaigns/{campaign.pk}/"
    assert campaign.days.count() == 5


def test_organiser_uploads_a_file(olga_client):
    source = "name = 'Filed'\ntheme = 'From a file'\n[[days]]\nday = 1\ntitle = 'A'\nprompt = 'a'\n"
    upload = SimpleUploadedFile("c.toml", source.encode(), content_type="application/toml")
    response = olga_client.post(
        "/campaigns/new/",
        {"action": "upload", "upload-file": upload, "upload-starts_on": MON.isoformat()},
    )
    assert response.status_code == 302
    assert Campaign.objects.get().name == "Filed"


def test_organiser_creates_by_hand_then_edits_and_adds_days(olga_client):
    response = olga_client.post(
        "/campaigns/new/",
        {
            "action": "hand",
            "hand-name": "Hand made",
            "hand-theme": "Careful",
            "hand-starts_on": MON.isoformat(),
            "hand-ends_on": (MON + dt.timedelta(days=2)).isoformat(),
            "hand-day_title": "Start",
            "hand-day_prompt": "Begin *here*.",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    add = olga_client.get(f"/campaigns/{campaign.pk}/days/new/")
    assert (MON + dt.timedelta(days=1)).isoformat() in text(add)  # the next free date
    olga_client.post(
        f"/campaigns/{campaign.pk}/days/new/",
        {"date": (MON + dt.timedelta(days=1)).isoformat(), "title": "Next", "prompt": "Go on."},
    )
    olga_client.post(
        f"/campaigns/{campaign.pk}/days/{MON.isoformat()}/",
        {"date": MON.isoformat(), "title": "Start again", "prompt": "Begin."},
    )
    assert [d.title for d in campaign.days.all()] == ["Start again", "Next"]
    olga_client.post(
        f"/campaigns/{campaign.pk}/days/{(MON + dt.timedelta(days=1)).isoformat()}/remove/"
    )
    assert [d.title for d in campaign.days.all()] == ["Start again"]
    olga_client.post(
        f"/campaigns/{campaign.pk}/edit/",
        {
            "name": "Renamed",
            "theme": "Careful",
            "starts_on": MON.isoformat(),
            "ends_on": (MON + dt.timedelta(days=4)).isoformat(),
        },
    )
    campaign.refresh_from_db()
    assert campaign.name == "Renamed" and campaign.length_days == 5
    download = olga_client.get(f"/campaigns/{campaign.pk}/campaign.toml")
    assert download.status_code == 200 and b'name = "Renamed"' in download.content
    assert b"Relationships at a distance" in olga_client.get("/campaigns/wol-week.toml").content


def test_non_organisers_get_403_and_nothing_changes(wol_week, alice, client_for):
    client = client_for(alice)
    before = snapshot()
    day = wol_week.starts_on.isoformat()
    for path in (
        "/campaigns/new/",
        f"/campaigns/{wol_week.pk}/edit/",
        f"/campaigns/{wol_week.pk}/days/new/",
        f"/campaigns/{wol_week.pk}/days/{day}/",
        f"/campaigns/{wol_week.pk}/campaign.toml",
        "/campaigns/wol-week.toml",
    ):
        assert client.get(path).status_code == 403, path
    for path, data in (
        ("/campaigns/new/", {"action": "template", "tpl-starts_on": MON.isoformat()}),
        (f"/campaigns/{wol_week.pk}/edit/", {"name": "Mine"}),
        (f"/campaigns/{wol_week.pk}/days/{day}/remove/", {}),
    ):
        assert client.post(path, data).status_code == 403, path
    assert snapshot() == before
    page = text(client.get(f"/campaigns/{wol_week.pk}/"))
    assert "Edit" not in page.split("Participation")[0].replace("Edit the", "")


def test_anonymous_visitors_are_sent_to_log_in(wol_week, client):
    assert client.get(f"/campaigns/{wol_week.pk}/").status_code == 302


@pytest.mark.parametrize("answers", [1, 8])
def test_campaign_page_and_feed_cost_the_same_queries_however_many_answers(
    wol_week, alice, client_for, django_assert_max_num_queries, answers
):
    people = [make_person() for _ in range(answers)]
    for person in people:
        make_update(person, body="An answer", campaign=wol_week)
    client = client_for(alice)
    with django_assert_max_num_queries(14):
        assert client.get(f"/campaigns/{wol_week.pk}/").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(f"/api/campaigns/{wol_week.pk}/feed").status_code == 200
