"""In a real browser, on this server's sandbox: send two estate reads, find them in the history by status,
resource type and a word of one identifier, open one, compare it with the other, and read what changed."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_composer, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READ = '{"data": ["Id", "kaufpreis", "objektart"], "listlimit": 5, "filter": {"kaufpreis": [{"op": "<", "val": %d}]}}'
CHEAP, DEARER = READ % 300000, READ % 500000


def send(page, identifier, params, limit):
    settled(page)
    page.locator("#ident-0").fill(identifier)
    page.locator("#ident-0").press("Tab")
    settled(page)
    page.locator("#params-0").fill(params)
    page.locator("#params-0").press("Tab")
    expect(page.locator("#params-0")).to_have_value(re.compile(rf'"val":\s*{limit}\b'))  # re-rendered, formatted
    settled(page)
    page.locator("#params-0").focus()
    page.keyboard.press("Control+Enter")
    result = page.locator("#result-0")
    expect(result.locator(".card-title")).to_contain_text(f"“{identifier}”")
    expect(result.locator(".chip-ok")).to_be_visible()


def history_rows(page):
    return page.locator("#history-list table.history tbody tr")


def test_find_two_calls_in_the_history_and_compare_them(on_sandbox):
    page = open_composer(on_sandbox)

    send(page, "haeuser-guenstig", CHEAP, 300000)
    send(page, "wohnungen-teurer", DEARER, 500000)

    # The history: filter by status and resource type; both reads are there, nothing else.
    page.goto("/history/")
    expect(history_rows(page)).to_have_count(2)
    page.locator("#id_status").select_option("ok")
    expect(page).to_have_url(re.compile(r"status=ok"))
    page.locator("#id_resourcetype").fill("estate")
    page.locator("#id_resourcetype").press("Enter")
    expect(page).to_have_url(re.compile(r"resourcetype=estate"))
    settled(page)
    expect(history_rows(page)).to_have_count(2)
    for row in history_rows(page).all():
        expect(row).to_contain_text("OK")
        expect(row).to_contain_text("estate")

    # A word of one identifier: the list updates as you type (htmx) and shows only that call.
    page.locator("#id_q").fill("wohnungen")
    expect(page).to_have_url(re.compile(r"q=wohnungen"))
    settled(page)
    expect(history_rows(page)).to_have_count(1)
    expect(history_rows(page).first).to_contain_text("“wohnungen-teurer”")
    expect(page.locator("#history-list")).not_to_contain_text("haeuser-guenstig")

    # Open it and compare it with the other read.
    history_rows(page).first.locator("a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Call #\d+$"))
    this_id = page.get_by_role("heading", level=1).inner_text().removeprefix("Call #")
    picker = page.get_by_label(re.compile("A recent estate call"))
    other = picker.locator("option", has_text="haeuser-guenstig")
    other_id = other.get_attribute("value")
    picker.select_option(other_id)
    page.get_by_role("button", name="Compare", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/history/{this_id}/diff/{other_id}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Compare call #{this_id} with call #{other_id}")
    request = page.locator("#diff-request")
    row = request.locator("tr", has_text="parameters.filter.kaufpreis[0].val")
    expect(row.locator(".diff-kind .diff-badge")).to_have_text("changed")
    expect(row.locator(".diff-old")).to_have_text("500000")
    expect(row.locator(".diff-new")).to_have_text("300000")
    expect(request.locator("tr", has_text="identifier")).to_contain_text('"wohnungen-teurer"')
    answer = page.locator("#diff-action-0")
    expect(answer.locator("h2")).to_contain_text("Answer, action 1")
    total = answer.locator("tr", has_text="data.meta.cntabsolute")
    expect(total.locator(".diff-kind .diff-badge")).to_have_text("changed")

    # Swap turns the sides round; the calls' own pages are one click away.
    page.get_by_role("link", name="⇄ Swap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Compare call #{other_id} with call #{this_id}")
    expect(page.locator("#diff-request tr", has_text="parameters.filter.kaufpreis[0].val").locator(".diff-old")
           ).to_have_text("300000")
    page.get_by_role("link", name=f"Open call #{this_id}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Call #{this_id}")
    assert page.csp_violations == []
