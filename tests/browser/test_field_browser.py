"""In a real browser, on this server's sandbox: the field browser lists the estate fields, the search hides
the others, the phone layout fits 390 px, and "Add to data" opens the composer with that field chosen."""

import json
import re

import pytest
from playwright.sync_api import expect

from explorer.sandbox import fieldconfig
from tests.browser.conftest import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fields_page(on_sandbox):
    on_sandbox.goto("/fields/")
    return on_sandbox


def visible_rows(page):
    return page.locator("#fb-table li.fb-row:visible")


def test_search_the_fields_and_add_one_to_a_read(fields_page):
    page = fields_page
    expect(page.locator("#fb-module")).to_have_value("estate")
    expect(page.locator("#fb-table li.fb-row")).to_have_count(len(fieldconfig.ESTATE))
    expect(page.locator("#field-kaufpreis .fb-name")).to_have_text("kaufpreis")

    page.get_by_label("Search").fill("kaufpreis")
    expect(page.locator("#field-kaufpreis")).to_be_visible()
    expect(page.locator("#field-objektart")).to_be_hidden()
    assert 0 < visible_rows(page).count() < 10
    # Permitted values are searched too: "Wohnung" finds objektart.
    page.get_by_label("Search").fill("wohnung")
    expect(page.locator("#field-objektart")).to_be_visible()
    expect(page.locator("#field-kaufpreis")).to_be_hidden()

    page.locator("#field-objektart").get_by_role("link", name="Add objektart to data in the composer").click()
    page.wait_for_url(re.compile(r"/compose/\?"))
    settled(page)
    params = json.loads(page.locator("#params-0").input_value())
    assert params["data"] == ["objektart"]
    expect(page.locator("#cred")).to_contain_text("Sandbox (demo)")


def test_filter_by_it_opens_the_composer_with_a_filter_row(fields_page):
    page = fields_page
    page.get_by_label("Search").fill("kaufpreis")
    page.locator("#field-kaufpreis").get_by_role("link", name="Filter by kaufpreis in the composer").click()
    page.wait_for_url(re.compile(r"/compose/\?"))
    settled(page)
    params = json.loads(page.locator("#params-0").input_value())
    assert list(params["filter"]) == ["kaufpreis"]


def test_switching_the_module_reloads_the_list(fields_page):
    page = fields_page
    page.locator("#fb-module").select_option("address")
    page.wait_for_url(re.compile(r"module=address"))
    expect(page.locator("#fb-table li.fb-row")).to_have_count(len(fieldconfig.ADDRESS))


def test_fits_a_phone(fields_page):
    page = fields_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#fb-table li.fb-row").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("Search").fill("objektart")
    page.locator("#field-objektart summary").click()  # the long list of permitted values opens
    expect(page.locator("#field-objektart .fb-value-list")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
