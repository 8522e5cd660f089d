"""In a real browser, on this server's sandbox (issue 11): a multiselect filter with `=` and two values is
flagged before sending with the `in` fix, and sends once fixed; the chosen `data` fields keep the user's
order across edits, can be reordered, and give the result table its column order."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_composer, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def composer(on_sandbox):
    return open_composer(on_sandbox)


def params(page):
    return page.locator("#params-0")


def send(page):
    settled(page)
    page.get_by_role("button", name=re.compile("^Send")).click()


def test_multiselect_equals_with_two_values_is_flagged_and_fixed_with_in(composer):
    page = composer
    page.get_by_role("button", name="+ Add filter").click()
    settled(page)
    page.get_by_label("Filter 1: field").fill("heizungsart")
    page.get_by_label("Filter 1: field").press("Tab")
    expect(page.get_by_label("Filter 1: values")).to_contain_text("Zentralheizung")
    settled(page)
    expect(page.get_by_label("Filter 1: operator")).to_have_value("=")
    page.get_by_label("Filter 1: values").select_option(["0:zentral", "0:fern"])
    expect(params(page)).to_have_value(re.compile(r'"op": "=",\s*"val": \[\s*"zentral",\s*"fern"'))

    # Flagged before sending, with the fix as a button in the problem's row.
    problem = page.locator("ul.problems li", has_text="heizungsart")
    expect(problem).to_contain_text("257")
    fix = problem.get_by_role("button", name="Use “in”")
    expect(fix).to_be_visible()
    settled(page)
    fix.click()
    expect(params(page)).to_have_value(re.compile(r'"op": "in",\s*"val": \[\s*"zentral",\s*"fern"'))
    expect(page.get_by_label("Filter 1: operator")).to_have_value("in")
    expect(page.locator("ul.problems li", has_text="heizungsart")).to_have_count(0)

    send(page)
    expect(page.locator("#result-0 .window")).to_be_visible()
    expect(page.locator("#call-result")).not_to_contain_text("257")
    expect(page.locator("#call-result")).not_to_contain_text("Not sent")


def test_chosen_field_order_survives_edits_and_is_the_column_order(composer):
    page = composer
    page.get_by_text("Choose fields").click()
    # Three edits, in an order the alphabetical picker does not have: Ort, Kaufpreis, Objektart.
    for name in ("ort", "kaufpreis", "objektart"):
        settled(page)
        # The picker's checkboxes load when it opens (lazily, app.js) and after every re-render.
        expect(page.locator("#field-list-0[data-loaded]")).to_be_attached()
        page.locator("#field-search-0").fill(name)
        # click, not check(): the re-render the click starts may already have replaced the box when
        # check() looks at it again (chosen fields are hidden inputs until the list is loaded anew).
        page.locator(f'#field-list-0 input[type="checkbox"][name="0-data"][value="{name}"]').click()
        expect(params(page)).to_have_value(re.compile(f'"{name}"'))
    settled(page)
    assert json.loads(params(page).input_value())["data"] == ["ort", "kaufpreis", "objektart"]
    chips = page.locator("#field-options-0 .chips code")
    expect(chips).to_have_text(["ort", "kaufpreis", "objektart"])

    # Another edit elsewhere keeps it; the chips' buttons reorder.
    page.get_by_label("listlimit").fill("5")
    page.get_by_label("listlimit").press("Tab")
    expect(params(page)).to_have_value(re.compile(r'"listlimit": 5'))
    assert json.loads(params(page).input_value())["data"] == ["ort", "kaufpreis", "objektart"]
    settled(page)
    page.get_by_role("button", name="Move objektart up").click()
    expect(chips).to_have_text(["ort", "objektart", "kaufpreis"])
    assert json.loads(params(page).input_value())["data"] == ["ort", "objektart", "kaufpreis"]

    send(page)
    head = page.locator("#result-0 thead")
    expect(head).to_contain_text("Kaufpreis")
    labels = [re.sub(r"[▲▼]", "", t).strip() for t in head.locator("th").all_inner_texts()]
    chosen = [label for label in labels if label in ("Ort", "Objektart", "Kaufpreis")]
    assert chosen == ["Ort", "Objektart", "Kaufpreis"], labels
