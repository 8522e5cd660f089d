"""In a real browser, on this server's sandbox: compose an estate read from the field configuration,
filter it, send it, read the labelled table, page forward, open the JSON, copy the curl snippet; and a
write to a live CRM asks for confirmation first."""

import re
import socket

import pytest
from playwright.sync_api import expect

from explorer.accounts import services as account_services
from tests.browser.conftest import open_composer, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def composer(on_sandbox):
    on_sandbox.context.grant_permissions(["clipboard-read", "clipboard-write"])
    return open_composer(on_sandbox)


def params(page):
    return page.locator("#params-0")


def test_compose_send_page_and_inspect_an_estate_read(composer):
    page = composer
    # Pick fields from the dropdown built from the field configuration.
    page.get_by_text("Choose fields").click()
    page.locator("#field-search-0").fill("kaufpreis")
    page.locator('#field-list-0 input[type="checkbox"][value="kaufpreis"]').click()  # click: see test_composer_checks.py
    expect(params(page)).to_have_value(re.compile(r'"kaufpreis"'))
    expect(page.locator("#field-picker-0")).to_have_attribute("open", "")  # stays open across the re-render
    expect(page.locator("#field-search-0")).to_have_value("kaufpreis")  # the search survives it too
    expect(page.locator('#field-list-0 li:has(input[value="objektart"])')).to_be_hidden()  # and still filters
    page.locator("#field-search-0").fill("objektart")
    page.locator('#field-list-0 input[type="checkbox"][value="objektart"]').click()
    expect(params(page)).to_have_value(re.compile(r'"objektart"'))

    # kaufpreis < 300000
    settled(page)
    page.get_by_role("button", name="+ Add filter").click()
    settled(page)
    page.get_by_label("Filter 1: field").fill("kaufpreis")
    page.get_by_label("Filter 1: field").press("Tab")
    expect(page.get_by_label("Filter 1: operator")).to_contain_text("between")  # operators of a number field
    page.get_by_label("Filter 1: operator").select_option("<")
    settled(page)
    page.get_by_label("Filter 1: value").fill("300000")
    page.get_by_label("Filter 1: value").press("Tab")
    expect(params(page)).to_have_value(re.compile(r'"kaufpreis": \[\s*\{\s*"op": "<",\s*"val": 300000'))

    # A single-select filter from its permitted values, offered with their labels.
    settled(page)
    page.get_by_role("button", name="+ Add filter").click()
    settled(page)
    page.get_by_label("Filter 2: field").fill("objektart")
    page.get_by_label("Filter 2: field").press("Tab")
    expect(page.get_by_label("Filter 2: value")).to_contain_text("Wohnung")
    page.get_by_label("Filter 2: value").select_option("wohnung")
    expect(params(page)).to_have_value(re.compile(r'"objektart": \[\s*\{\s*"op": "=",\s*"val": "wohnung"'))
    settled(page)
    page.get_by_label("listlimit").fill("5")
    page.get_by_label("listlimit").press("Tab")
    expect(params(page)).to_have_value(re.compile(r'"listlimit": 5'))

    # Send with the keyboard; the table is labelled from the field configuration.
    settled(page)
    params(page).focus()
    page.keyboard.press("Control+Enter")
    result = page.locator("#result-0")
    expect(result.locator("thead")).to_contain_text("Kaufpreis")
    expect(result.locator("thead")).to_contain_text("Objektart")
    expect(result.locator("tbody")).to_contain_text("Wohnung")
    window = result.locator(".window")
    expect(window).to_have_text(re.compile(r"^1–5 of \d+$"))
    total = int(window.inner_text().rsplit(" ", 1)[1])
    assert total > 5

    # Page forward: the request is sent again with listoffset 5, and the form follows.
    result.get_by_role("button", name="Next page →").click()
    expect(page.locator("#result-0 .window")).to_have_text(re.compile(r"^6–"))
    expect(page.get_by_label("listoffset")).to_have_value("5")

    # The JSON, highlighted on the server, loads when opened.
    page.locator("#result-0 details.json > summary").click()
    expect(page.locator("#json-0 .hl")).to_contain_text('"cntabsolute"')

    # The curl snippet signs with openssl and takes the credentials from the environment.
    page.locator("#panel-code > summary").click()
    page.get_by_role("button", name="Copy curl").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "openssl dgst -sha256 -hmac" in copied and "$ONOFFICE_SECRET" in copied
    assert page.csp_violations == []


def test_a_write_to_a_live_crm_asks_for_confirmation(composer, settings):
    page = composer
    # A "stable" endpoint on a closed local port: the composer's field-configuration call is refused at once
    # instead of trying the internet (tests reach nothing beyond 127.0.0.1).
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        stable_url = f"http://127.0.0.1:{sock.getsockname()[1]}/api/stable/api.php"
    settings.ONOFFICE_ALLOWED_URLS = [*settings.ONOFFICE_ALLOWED_URLS, stable_url]
    live = account_services.credential_create(user=page.user, label="Makler live", token="t" * 32, secret="s" * 64,
                                              api_url=stable_url, hmac_version=2, read_only=False)
    page.reload()
    page.locator("#cred").select_option(str(live.pk))
    expect(page.locator(".request-bar .badge-stable")).to_have_text("STABLE")
    page.locator('input[name="0-act"][value="create"]').check(force=True)
    expect(page.locator('input[name="0-act"][value="create"]')).to_be_checked()
    settled(page)
    params(page).fill('{"data": {"objekttitel": "Neubau am Park"}}')
    params(page).press("Tab")
    expect(params(page)).to_have_value(re.compile("Neubau am Park"))
    settled(page)
    page.get_by_role("button", name=re.compile("^Send")).click()
    expect(page.locator(".confirm-strip")).to_contain_text("Makler live")
    expect(page.get_by_role("button", name="Confirm and send to Makler live")).to_be_visible()
    assert not page.locator("#call-result .result-summary").count()  # nothing was sent
