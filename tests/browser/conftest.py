"""Browser tests drive Debian's Chromium through Playwright's sync API (browser downloads are impossible here)."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-gpu"]



@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run browser tests")
    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def sandbox_url(live_server, settings):
    """This server's sandbox, reached over HTTP at the live server's address."""
    settings.SANDBOX_BASE_URL = live_server.url
    url = f"{live_server.url}/sandbox/api/stable/api.php"
    settings.ONOFFICE_ALLOWED_URLS = [settings.ONOFFICE_STABLE_URL, url]
    return url


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.csp_violations = []
    page.on("console", lambda message: page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    # Let requests still in flight finish while the test database exists; a server thread cut off
    # later would close its connection from the wrong thread and print a traceback.
    page.wait_for_load_state("networkidle")
    context.close()


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))


def settled(page):
    """Wait until no htmx request is running and its swap has landed: the composer re-renders after every
    change, and text typed into an element the swap is about to replace would go with it."""
    # Quiet for 150 ms on end: a request htmx queued behind another (hx-sync) starts only after the first has
    # finished, and a single look in between found nothing running and let the test type too early.
    page.evaluate("window.__htmxQuietSince = null")
    page.wait_for_function("""() => {
        if (document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')) {
            window.__htmxQuietSince = null;
            return false;
        }
        window.__htmxQuietSince ??= performance.now();
        return performance.now() - window.__htmxQuietSince > 150;
    }""", polling=25)


@pytest.fixture
def on_sandbox(page, make_user, sandbox_url):
    """Alice signed in, on a freshly seeded small sandbox that her "Sandbox (demo)" credential points at."""
    from explorer.sandbox.seeding import seed

    seed(60, 150, reset=True)
    page.user = make_user("alice")
    sign_in(page, "alice")
    return page


def open_composer(page):
    """The composer, with the sandbox credential chosen."""
    from playwright.sync_api import expect

    page.goto("/compose/")
    expect(page.locator("#cred")).to_contain_text("Sandbox (demo)")
    return page
