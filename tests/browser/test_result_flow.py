"""In a real browser, on this server's sandbox: create an address in the composer, read "Created address <id>",
follow "Read it back" and get that very record back."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_composer, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CREATE = '{"Vorname": "Erika", "Name": "Lesezeichen", "Anrede": "Frau"}'


def test_a_create_shows_the_new_id_and_reads_it_back(on_sandbox):
    page = open_composer(on_sandbox)

    settled(page)
    page.locator("#rt-0").fill("address")
    page.locator("#rt-0").press("Tab")
    settled(page)
    page.locator('input[name="0-act"][value="create"]').check()
    settled(page)
    page.locator("#params-0").fill(CREATE)
    page.locator("#params-0").press("Tab")
    expect(page.locator("#params-0")).to_have_value(re.compile(r'"Lesezeichen"'))
    settled(page)
    page.locator("#params-0").focus()
    page.keyboard.press("Control+Enter")  # the sandbox credential needs no confirmation

    result = page.locator("#result-0")
    summary = result.locator(".action-summary")
    expect(summary).to_contain_text(re.compile(r"Created address \d+"))
    new_id = re.search(r"Created address (\d+)", summary.inner_text()).group(1)
    expect(result.locator("table")).to_have_count(0)  # a create has no fields to table
    expect(result).not_to_contain_text("These records hold lists")

    summary.get_by_role("link", name="Read it back").click()
    page.wait_for_url(re.compile(r"/compose/\?.*0-act=read"))
    expect(page.locator("#params-0")).to_have_value(re.compile(rf"\"recordids\":\s*\[\s*{new_id}\s*\]"))
    settled(page)
    page.locator("#params-0").focus()
    page.keyboard.press("Control+Enter")
    result = page.locator("#result-0")
    expect(result.locator(".action-summary")).to_have_text("Read 1 address")
    rows = result.locator("table.records tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").first).to_have_text(new_id)
    expect(rows.first).to_contain_text("Lesezeichen")
    expect(rows.first).to_contain_text("Erika")
    assert page.csp_violations == []
