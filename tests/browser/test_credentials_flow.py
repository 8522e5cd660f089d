"""In a real browser: sign in, add a credential, test it against this server's sandbox, and see the hint for
swapped values. Drives Debian's Chromium through Playwright's sync API (no browser downloads)."""

import re

import pytest
from playwright.sync_api import expect

from explorer.sandbox.users import api_users
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    background = "getComputedStyle(document.body).backgroundColor"
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    assert page.evaluate(background) == "rgb(245, 246, 248)"
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert page.evaluate(background) == "rgb(14, 17, 22)"
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.locator("[data-theme-toggle]")).to_have_attribute("aria-label", re.compile("Colour theme: dark"))
