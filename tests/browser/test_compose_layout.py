"""In a real browser, the composer's layout: at 1366×900 request and response side by side (a resizable split,
remembered), a send with Ctrl+Enter brings the result summary into view and focus and updates the sidebar;
at 390×844 nothing is wider than the phone and the sidebar waits behind its button; the JSON editor numbers
its lines and marks the line of a parse error."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_composer, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READ = '{"data": ["Id", "kaufpreis", "objekttitel"], "listlimit": 5}'


@pytest.fixture
def composer(on_sandbox):
    on_sandbox.set_viewport_size({"width": 1366, "height": 900})
    return open_composer(on_sandbox)


def compose_read(page):
    settled(page)
    page.locator("#rt-0").fill("estate")
    page.locator("#rt-0").press("Tab")
    settled(page)
    page.locator("#params-0").fill(READ)
    page.locator("#params-0").press("Tab")
    expect(page.locator("#params-0")).to_have_value(re.compile('"listlimit": 5'))
    settled(page)


def send_with_keyboard(page):
    page.locator("#params-0").focus()
    page.keyboard.press("Control+Enter")
    expect(page.locator("#call-result .result-summary")).to_be_visible()
    settled(page)


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_wide_send_brings_the_result_into_view_and_focus_and_updates_the_sidebar(composer):
    page = composer
    expect(page.locator("#recent-calls")).to_contain_text("No calls yet")
    compose_read(page)
    request, response = page.locator("#composer").bounding_box(), page.locator("#result-pane").bounding_box()
    assert request["x"] + request["width"] <= response["x"], "request and response side by side"
    send_with_keyboard(page)
    summary = page.locator("#call-result .result-summary")
    expect(summary).to_be_in_viewport()
    page.wait_for_function("() => document.activeElement && document.activeElement.closest('#call-result .result-summary')")
    expect(page.locator("#result-announce")).to_contain_text("HTTP 200")
    # The sidebar lists the call without a reload.
    expect(page.locator("#recent-calls")).not_to_contain_text("No calls yet")
    expect(page.locator("#recent-calls .recent-calls li")).to_have_count(1)
    expect(page.locator("#recent-calls")).to_contain_text("estate")
    # A second send: the button shows progress, and the list grows.
    send_with_keyboard(page)
    expect(page.locator("#recent-calls .recent-calls li")).to_have_count(2)
    assert page.csp_violations == []


def test_the_split_handle_resizes_and_the_width_survives_a_reload(composer):
    page = composer
    handle = page.locator("[data-split-handle]")
    expect(handle).to_be_visible()
    before = page.locator("#composer").bounding_box()["width"]
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 300)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 80, y, steps=4)
    page.mouse.move(x - 160, y, steps=4)
    page.mouse.up()
    after = page.locator("#composer").bounding_box()["width"]
    assert before - 175 < after < before - 145, (before, after)
    page.reload()
    expect(page.locator("[data-split-handle]")).to_be_visible()
    assert abs(page.locator("#composer").bounding_box()["width"] - after) < 3
    # The keyboard moves it too (a separator with its value).
    page.locator("[data-split-handle]").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator("#composer").bounding_box()["width"] > after + 20
    expect(page.locator("[data-split-handle]")).to_have_attribute("aria-valuenow", re.compile(r"^\d+$"))


def test_phone_nothing_is_wider_than_the_viewport(composer):
    page = composer
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    # The header is one row: brand, switcher, menu button; the navigation opens below it.
    assert page.locator(".topbar").bounding_box()["height"] < 64
    expect(page.locator(".mainnav")).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("link", name="History")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".mainnav")).to_be_hidden()
    # The sidebar waits behind its button.
    expect(page.locator("#compose-sidebar")).to_be_hidden()
    toggle = page.get_by_role("button", name="Saved & recent")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(page.locator("#compose-sidebar")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()
    expect(page.locator("#compose-sidebar")).to_be_hidden()

    compose_read(page)
    send_with_keyboard(page)
    expect(page.locator("#result-0 table")).to_be_visible()
    expect(page.locator("#call-result .result-summary")).to_be_in_viewport()
    assert scroll_width(page) <= 390
    page.goto("/history/")
    expect(page.locator("main")).to_contain_text("estate")
    assert scroll_width(page) <= 390


def test_the_json_editor_numbers_its_lines_and_marks_the_error_line(composer):
    page = composer
    settled(page)
    editor = page.locator("#params-0")
    editor.fill('{\n  "data": ["Id"],\n  "listlimit": 5\n}')
    gutter = page.locator("#panel-json-0 .json-gutter")
    expect(gutter.locator("span")).to_have_count(4)
    height = editor.bounding_box()["height"]
    editor.fill("{\n" + "".join(f'  "k{n}": {n},\n' for n in range(30)) + '  "end": 1\n}')
    expect(gutter.locator("span")).to_have_count(33)
    assert editor.bounding_box()["height"] > height + 100, "the editor grows with its content"
    # A parse error: the server names the line; the gutter and a mark beside the text show it.
    editor.fill('{\n  "data": ["Id"]\n  "listlimit": 5\n}')
    editor.press("Tab")
    expect(page.locator("#params-error-0")).to_contain_text("line 3")
    expect(gutter.locator(".json-gutter-error")).to_have_text("3")
    mark = page.locator("#panel-json-0 .json-mark")
    expect(mark).to_be_visible()
    line_top = editor.bounding_box()["y"] + 2 * (mark.bounding_box()["height"])
    assert abs(mark.bounding_box()["y"] - line_top) < 8
    expect(mark).to_contain_text("delimiter")
    # Fixed: the mark goes.
    editor.fill('{\n  "data": ["Id"],\n  "listlimit": 5\n}')
    expect(mark).to_be_hidden()
    expect(gutter.locator(".json-gutter-error")).to_have_count(0)
