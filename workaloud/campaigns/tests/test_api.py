"""The campaigns API: list, read, create (by hand, template, file), change; today's prompt for
me; the feed (only what the caller may see) and the figures; its errors, 403 for members who
are not organisers; and its answers match the OpenAPI document."""

import datetime as dt

import pytest
from django.test import Client

from workaloud.audience import Audience
from workaloud.campaigns.models import Campaign
from workaloud.campaigns.tests.conftest import utc_today
from workaloud.testing.factories import make_update
from workaloud.tests.api_helpers import assert_error, call, snapshot, token_client
from workaloud.tests.test_api_openapi import _response_schema, assert_matches
from workaloud.work.models import WorkUpdate

pytestmark = pytest.mark.django_db

MON = dt.date(2031, 3, 3)
BODY = {
    "name": "API week",
    "theme": "Automation",
    "starts_on": "2031-03-03",
    "ends_on": "2031-03-04",
    "days": [
        {"date": "2031-03-03", "title": "One", "prompt": "First *prompt*"},
        {"date": "2031-03-04", "title": "Two", "prompt": "Second"},
    ],
}


@pytest.fixture
def document(db):
    return Client().get("/api/openapi.json").json()


@pytest.fixture
def olga_api(olga):
    return token_client(olga)[0]


@pytest.fixture
def alice_api(alice):
    return token_client(alice)[0]


def test_create_read_list_and_change(olga_api, alice_api, document):
    created = call(olga_api, "post", "/api/campaigns", BODY)
    assert created.status_code == 201, created.content
    campaign = created.json()
    assert_matches(document, _response_schema(document, "/api/campaigns", "post", 201), campaign)
    assert [d["number"] for d in campaign["days"]] == [1, 2]
    assert campaign["days"][0]["prompt_html"] == "<p>First <em>prompt</em></p>"
    got = call(alice_api, "get", f"/api/campaigns/{campaign['id']}")
    assert got.json() == campaign
    listed = call(alice_api, "get", "/api/campaigns").json()
    assert [c["id"] for c in listed] == [campaign["id"]]
    patched = call(
        olga_api,
        "patch",
        f"/api/campaigns/{campaign['id']}",
        {"name": "Renamed", "ends_on": "2031-03-05"},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["name"] == "Renamed" and len(patched.json()["days"]) == 2
    replaced = call(
        olga_api,
        "patch",
        f"/api/campaigns/{campaign['id']}",
        {"days": [{"date": "2031-03-05", "title": "Three", "prompt": "3"}]},
    ).json()
    assert [d["title"] for d in replaced["days"]] == ["Three"]


def test_from_template_and_import(olga_api, document):
    made = call(olga_api, "post", "/api/campaigns/from-template", {"starts_on": "2031-03-03"})
    assert made.status_code == 201, made.content
    assert made.json()["name"] == "Working Out Loud Week" and len(made.json()["days"]) == 5
    source = '{"name": "J", "theme": "T", "days": [{"day": 1, "title": "A", "prompt": "a"}]}'
    imported = call(
        olga_api,
        "post",
        "/api/campaigns/import",
        {"content": source, "format": "json", "starts_on": "2031-04-01"},
    )
    assert imported.status_code == 201, imported.content
    assert imported.json()["starts_on"] == "2031-04-01"


def test_today_feed_and_figures(wol_week, alice, bob, alice_api, document):
    today = call(alice_api, "get", "/api/campaigns/today")
    assert today.status_code == 200
    body = today.json()
    assert_matches(document, _response_schema(document, "/api/campaigns/today", "get", 200), body)
    assert body["campaign"]["id"] == wol_week.pk and body["day"]["number"] == 2
    assert body["share_url"].startswith(f"/updates/new/?campaign={wol_week.pk}")

    shared = call(
        alice_api,
        "post",
        "/api/updates",
        {"body": "My answer", "campaign_id": wol_week.pk},
    )
    assert shared.status_code == 201, shared.content
    assert shared.json()["campaign_id"] == wol_week.pk
    assert shared.json()["campaign_day"] == utc_today().isoformat()
    make_update(alice, body="Followers only", campaign=wol_week, audience=Audience.FOLLOWERS)

    bob_api = token_client(bob)[0]
    feed = call(bob_api, "get", f"/api/campaigns/{wol_week.pk}/feed")
    assert feed.status_code == 200
    assert_matches(
        document, _response_schema(document, "/api/campaigns/{campaign_id}/feed", "get", 200),
        feed.json(),
    )  # fmt: skip
    assert [u["body"] for u in feed.json()["items"]] == ["My answer"]
    mine = call(alice_api, "get", f"/api/campaigns/{wol_week.pk}/feed").json()
    assert [u["body"] for u in mine["items"]] == ["Followers only", "My answer"]

    figures = call(bob_api, "get", f"/api/campaigns/{wol_week.pk}/figures")
    assert figures.status_code == 200
    assert_matches(
        document, _response_schema(document, "/api/campaigns/{campaign_id}/figures", "get", 200),
        figures.json(),
    )  # fmt: skip
    assert figures.json()["min_group"] == 5
    assert {f["value"] for f in figures.json()["figures"]} == {None}
    assert {f["display"] for f in figures.json()["figures"]} == {"fewer than 5"}


def test_today_without_a_campaign(alice_api):
    body = call(alice_api, "get", "/api/campaigns/today").json()
    assert body == {
        "date": utc_today().isoformat(),
        "campaign": None,
        "day": None,
        "share_url": None,
    }


def test_members_who_are_not_organisers_get_403(wol_week, alice_api):
    before = snapshot()
    for method, path, data in (
        ("post", "/api/campaigns", BODY),
        ("post", "/api/campaigns/from-template", {"starts_on": "2031-03-03"}),
        ("post", "/api/campaigns/import", {"content": "name = 'x'"}),
        ("patch", f"/api/campaigns/{wol_week.pk}", {"name": "Mine"}),
    ):
        assert_error(call(alice_api, method, path, data), 403)
    assert snapshot() == before


def test_anonymous_callers_get_401(wol_week):
    assert_error(call(Client(), "get", "/api/campaigns"), 401)
    assert_error(call(Client(), "get", f"/api/campaigns/{wol_week.pk}/figures"), 401)


@pytest.mark.parametrize(
    "changes, status, field, message",
    [
        ({"ends_on": "2031-03-01"}, 400, "ends_on", "before it starts"),
        (
            {"days": [{"date": "2031-03-03", "title": "A", "prompt": "a"}] * 2},
            400,
            "days",
            "already has a prompt",
        ),
        (
            {"days": [{"date": "2031-03-09", "title": "A", "prompt": "a"}]},
            400,
            "days",
            "is outside the campaign",
        ),
        ({"days": []}, 400, "days", "at least one day"),
        ({"name": "n" * 121}, 422, "name", "at most 120 characters"),
        ({"starts_on": "tomorrow"}, 422, "starts_on", "valid date"),
        ({"colour": "red"}, 422, "colour", "Extra inputs are not permitted"),
        ({"name": "a\x00b"}, 422, "name", "NUL"),
    ],
)
def test_bad_campaigns_are_refused(olga_api, changes, status, field, message):
    before = snapshot()
    body = assert_error(
        call(olga_api, "post", "/api/campaigns", {**BODY, **changes}), status, field
    )
    assert message in body["detail"], body
    assert snapshot() == before


def test_overlap_and_bad_files_are_refused(olga_api, wol_week):
    before = snapshot()
    start = wol_week.starts_on.isoformat()
    body = assert_error(
        call(olga_api, "post", "/api/campaigns/from-template", {"starts_on": start}), 400
    )
    assert "overlap the campaign “Working Out Loud Week”" in body["detail"]
    body = assert_error(
        call(olga_api, "post", "/api/campaigns/import", {"content": "name = 'x'\ntheme = \nx = 1"}),
        400,
        "file",
    )
    assert "not valid TOML" in body["detail"] and "line 2" in body["detail"]
    body = assert_error(
        call(
            olga_api,
            "post",
            "/api/campaigns/import",
            {
                "content": '{"name": "x", "theme": "t", "days": [{"day": "one"}]}',
                "format": "json",
                "starts_on": "2031-03-03",
            },
        ),
        400,
    )
    assert "days entry 1: day must be a whole number" in body["detail"]
    assert_error(
        call(olga_api, "post", "/api/campaigns/import", {"content": "x", "format": "yaml"}), 422
    )
    assert snapshot() == before


def test_missing_campaigns_are_404(alice_api):
    for path in ("/api/campaigns/999", "/api/campaigns/999/feed", "/api/campaigns/999/figures"):
        assert_error(call(alice_api, "get", path), 404)


def test_tagging_an_update_through_the_api(wol_week, olga, alice_api):
    before = snapshot()
    for payload, field, message in (
        ({"campaign_id": 999}, "campaign_id", "There is no campaign with id 999"),
        (
            {"campaign_id": wol_week.pk, "campaign_day": "2000-01-01"},
            "campaign_day",
            "has no prompt on 1 Jan 2000",
        ),
        ({"campaign_day": utc_today().isoformat()}, "campaign_day", "goes with a campaign"),
    ):
        body = assert_error(
            call(alice_api, "post", "/api/updates", {"body": "x", **payload}), 400, field
        )
        assert message in body["detail"], body
    assert_error(
        call(alice_api, "post", "/api/updates", {"body": "x", "campaign_day": "soon"}), 422
    )
    assert snapshot() == before
    update = call(alice_api, "post", "/api/updates", {"body": "Answer", "campaign_id": wol_week.pk})
    update_id = update.json()["id"]
    cleared = call(alice_api, "patch", f"/api/updates/{update_id}", {"campaign_id": None})
    assert cleared.json()["campaign_id"] is None and cleared.json()["campaign_day"] is None
    assert WorkUpdate.objects.get(pk=update_id).campaign is None
    assert Campaign.objects.filter(pk=wol_week.pk).exists()
