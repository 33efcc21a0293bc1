"""Fixtures for the browser tests: Debian's chromium driven by Playwright's sync API.

One browser per session; a fresh context and page per test (extra people get their own
contexts through ``open_page``). Each test saves screenshots of its main steps, and of every
open page when it fails, under ``test-artifacts/e2e/<test name>/``.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; without this Django's ORM (used by
# the tests for setup and by pytest-django to flush the database) refuses to run.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
TIMEOUT_MS = 10_000


def _unavailable(reason: str):
    """Skip the browser tests, except on CI where a missing browser is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so this is a failure rather than a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM_PATH):
        _unavailable(
            f"Browser tests need Chromium at {CHROMIUM_PATH}: `sudo apt-get install chromium` "
            "(or set CHROMIUM_PATH)."
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Browser tests need the playwright package: pip install -e '.[dev]'.")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _plain_http_settings(settings):
    """The live server speaks plain HTTP, so cookies must not be Secure-only."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def artifacts_dir(request) -> Path:
    path = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def open_page(browser, live_server, transactional_db, request, artifacts_dir):
    """A function opening a page in a fresh browser context (a separate person's browser)."""
    contexts = []

    def _local_only(route):
        # Nothing outside the live server: a page that needs the internet should show it.
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def make():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.route("**/*", _local_only)
        contexts.append(context)
        return context.new_page()

    yield make

    report = getattr(request.node, "rep_call", None)
    for n, context in enumerate(contexts, 1):
        if report is not None and report.failed:
            for m, pg in enumerate(context.pages, 1):
                try:
                    path = artifacts_dir / f"FAILED-context{n}-page{m}.png"
                    pg.screenshot(path=path, full_page=True)
                except Exception as exc:  # a crashed page should not hide the real failure
                    print(f"Could not take the failure screenshot: {exc}")
        context.close()


@pytest.fixture
def page(open_page):
    """A fresh page in its own browser context, on the live server."""
    return open_page()


@pytest.fixture
def screenshot(artifacts_dir):
    """``screenshot(page, "what it shows")`` saves a numbered (by default full-page) screenshot."""
    counter = iter(range(1, 1000))

    def take(page, label: str, *, full_page: bool = True) -> Path:
        slug = re.sub(r"[^\w.-]+", "-", label)
        path = artifacts_dir / f"{next(counter):02d}-{slug}.png"
        page.screenshot(path=path, full_page=full_page)
        return path

    return take
