"""In a real browser: sign in, add a credential, test it against this server's sandbox, and see the hint for
swapped values. Drives Debian's Chromium through Playwright's sync API (no browser downloads)."""

import os
import re
from pathlib import Path

import pytest

from explorer.sandbox.users import api_users
from tests.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-gpu"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run browser tests",
                allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402  (only once a browser exists)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
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
    context.close()


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))


def test_add_a_credential_and_test_it_against_the_sandbox(page, make_user, sandbox_url):
    make_user("alice")
    sign_in(page, "alice")
    page.goto("/credentials/")
    expect(page.get_by_role("heading", name="Sandbox (demo)")).to_be_visible()

    read_only_user = next(user for user in api_users() if user.rights == "read-only")
    page.get_by_role("link", name="Add credential").first.click()
    page.get_by_label("Label").fill("Sandbox read-only")
    page.get_by_label("Token").fill(read_only_user.token)
    page.get_by_label("Secret").fill(read_only_user.secret)
    page.get_by_label("Endpoint").select_option(sandbox_url)
    page.get_by_label("Read-only").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/credentials/")
    expect(page.locator(".toast-success")).to_contain_text("Saved “Sandbox read-only”")

    card = page.locator("article.credential", has_text="Sandbox read-only")
    expect(card.locator(".badge-sandbox")).to_have_text("SANDBOX")
    expect(card.locator(".badge-readonly")).to_have_text("READ-ONLY")
    expect(card).to_contain_text(f"…{read_only_user.token[-4:]}")
    card.get_by_role("button", name="Test connection of Sandbox read-only").click()
    card = page.locator("article.credential", has_text="Sandbox read-only")
    expect(card.locator(".chip-ok")).to_have_text("OK")
    expect(card).to_contain_text("clock skew")
    expect(page.locator("#toasts")).to_contain_text("Connection test of “Sandbox read-only”: OK.")
    assert read_only_user.secret not in page.content()
    assert page.csp_violations == []


def test_swapped_token_and_secret_get_the_hint(page, make_user, sandbox_url):
    make_user("bob")
    sign_in(page, "bob")
    user = api_users()[0]
    page.goto("/credentials/new/")
    page.get_by_label("Label").fill("Swapped")
    page.get_by_label("Token").fill(user.secret)
    page.get_by_label("Secret").fill(user.token)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Token and secret look swapped")
    expect(page).to_have_url(re.compile(r"/credentials/new/$"))
    assert page.csp_violations == []


def test_theme_choice_is_remembered(page, make_user, sandbox_url):
    make_user("carla")
    sign_in(page, "carla")
    page.goto("/workspaces/")
    toggle = page.locator("[data-theme-toggle]")
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.locator("[data-theme-toggle]")).to_have_attribute("aria-label", re.compile("Colour theme: dark"))
