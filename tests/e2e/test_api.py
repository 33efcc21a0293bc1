"""Personal API tokens made in Settings, and the interactive API documentation."""

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from workaloud.testing import factories

pytestmark = pytest.mark.e2e


def test_an_api_token_works_until_it_is_revoked(page, open_page, screenshot, transactional_db):
    ada = factories.make_person("ada", display_name="Ada Lovelace")
    factories.make_update(ada, body="Wrote the export script.")
    script = open_page()  # a browser context that never logged in: only the token speaks

    log_in(page, "ada")
    page.goto("/settings/")
    page.get_by_role("navigation", name="Settings").get_by_role("link", name="API tokens").click()
    expect(page.get_by_text("No tokens yet.")).to_be_visible()
    page.get_by_label("Name").fill("weekly report script")
    page.get_by_role("button", name="Create token").click()

    expect(page.get_by_text("Copy it now: it is shown only once.")).to_be_visible()
    raw = page.get_by_test_id("new-token").inner_text().strip()
    assert raw.startswith("wal_"), raw
    screenshot(page, "token-created")
    bearer = {"Authorization": f"Bearer {raw}"}

    assert script.request.get("/api/feed/home").status == 401
    answer = script.request.get("/api/feed/home", headers=bearer)
    assert answer.status == 200, answer.text()
    assert "Wrote the export script." in answer.text()

    page.goto("/settings/tokens/")  # the raw token is never shown again
    expect(page.get_by_test_id("new-token")).to_have_count(0)
    your_tokens = page.locator(".card").filter(has=page.get_by_role("heading", name="Your tokens"))
    listed = your_tokens.get_by_role("listitem").filter(has_text="weekly report script")
    expect(listed).to_contain_text("last used")
    expect(listed).not_to_contain_text(raw)
    screenshot(page, "token-listed")

    listed.get_by_role("button", name="Revoke").click()
    revoked = "Token “weekly report script” is revoked; it no longer works."
    expect(page.get_by_text(revoked)).to_be_visible()
    expect(listed).to_contain_text("revoked")
    expect(listed.get_by_role("button", name="Revoke")).to_have_count(0)
    screenshot(page, "token-revoked")

    assert script.request.get("/api/feed/home", headers=bearer).status == 401
    # A revoked token is refused even alongside a logged-in session.
    assert page.request.get("/api/feed/home", headers=bearer).status == 401
    assert page.request.get("/api/feed/home").status == 200


def test_api_docs_render_from_the_site_itself(page, live_server, screenshot, transactional_db):
    factories.make_person("ada", display_name="Ada Lovelace")
    outside = []
    page.on("request", lambda r: r.url.startswith(live_server.url) or outside.append(r.url))

    log_in(page, "ada")
    answer = page.goto("/api/docs")
    assert answer is not None and answer.status == 200

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Workaloud API")
    expect(page.get_by_text("/api/feed/home", exact=True)).to_be_visible()
    screenshot(page, "api-docs")
    # The page works offline: Swagger UI's scripts and styles come from our static files.
    assert outside == [], f"/api/docs fetched from outside the site: {outside}"
