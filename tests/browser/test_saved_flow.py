"""In a real browser: Alice saves a request with a variable into a team folder; Bob (editor) opens it, is
asked for the variable, runs it with his own credential and finds the call in his history; Carol (viewer)
runs it but cannot change it; Alice's shared link opens for Bob with Bob's credential."""

import re

import pytest
from playwright.sync_api import expect

from explorer.accounts import services as account_services
from explorer.accounts.models import Membership
from explorer.accounts.selectors import workspace_list
from explorer.calls.models import CallLog
from explorer.saved import services as saved_services
from explorer.saved.models import SavedRequest
from explorer.sandbox.seeding import seed
from tests.browser.conftest import settled, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAMS = '{"data": ["Id", "ort"], "filter": {"ort": [{"op": "=", "val": "{{stadt}}"}]}, "listlimit": 5}'


@pytest.fixture
def team(make_user, sandbox_url):
    seed(60, 150, reset=True)
    users = {name: make_user(name) for name in ("alice", "bob", "carol")}
    for user in users.values():
        account_services.user_onboard(user=user)  # personal workspace and the "Sandbox (demo)" credential
    workspace = account_services.workspace_create(user=users["alice"], name="Makler Team")
    Membership.objects.create(workspace=workspace, user=users["bob"], role="editor")
    Membership.objects.create(workspace=workspace, user=users["carol"], role="viewer")
    saved_services.folder_create(workspace=workspace_list(user=users["alice"]).get(pk=workspace.pk), name="Akquise")
    return users, workspace


def as_user(browser, live_server, name):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, name)
    return page


def send_and_fill_variable(page, value):
    settled(page)
    page.get_by_role("button", name=re.compile("^Send")).click()
    expect(page.locator("#call-result")).to_contain_text("Fill in the variables first: stadt.")
    page.locator("#var-stadt").fill(value)
    page.locator("#var-stadt").press("Tab")
    settled(page)
    expect(page.locator("#panel-preview pre")).to_contain_text('"val": "Aachen"', use_inner_text=False)
    page.get_by_role("button", name=re.compile("^Send")).click()
    expect(page.locator("#result-0 .window")).to_have_text(re.compile(r"^1–\d+ of \d+$"))


def test_a_team_shares_a_saved_request_each_member_runs_it_with_their_own_credential(page, browser, live_server, team):
    users, workspace = team

    # Alice composes in the team workspace and saves into the "Akquise" folder.
    sign_in(page, "alice")
    page.goto("/workspaces/")
    page.locator("select[name=workspace]").select_option(str(workspace.pk))
    expect(page.locator("select[name=workspace]")).to_have_value(str(workspace.pk))
    page.goto("/compose/")
    page.locator("#params-0").fill(PARAMS)
    page.locator("#params-0").press("Tab")
    expect(page.locator("#var-stadt")).to_be_visible()  # the variable is asked for
    settled(page)
    link = page.get_by_role("link", name="Link to this request").get_attribute("href")
    page.keyboard.press("Control+s")
    page.locator("#save-name").fill("Estates in a city")
    page.locator("#save-description").fill("Pick the city with the `stadt` variable.")
    page.locator("#save-folder").select_option(label="Akquise")
    page.get_by_role("button", name="Save to “Makler Team”").click()
    page.wait_for_url(re.compile(r"/saved/\d+/$"))
    saved = SavedRequest.objects.get(name="Estates in a city")
    assert saved.folder.name == "Akquise" and saved.workspace == workspace
    assert saved.actions[0]["parameters"]["filter"]["ort"][0]["val"] == "{{stadt}}"
    expect(page.locator("#save-bar")).to_contain_text("Estates in a city")
    expect(page.locator(".saved-sidebar")).to_contain_text("Akquise")

    # Bob (editor) opens it from the list, is asked for the variable and runs it with his own credential.
    bob = as_user(browser, live_server, "bob")
    bob.goto("/saved/")
    bob.locator("select[name=workspace]").select_option(str(workspace.pk))  # the header's switcher
    expect(bob.locator("h1 + p")).to_contain_text("Makler Team")
    bob.get_by_role("link", name="Estates in a city").first.click()
    bob.wait_for_url(re.compile(rf"/saved/{saved.pk}/"))
    expect(bob.locator("#save-bar")).to_contain_text("by alice")
    expect(bob.get_by_role("button", name=re.compile("^Update"))).to_be_visible()
    expect(bob.locator("#cred")).to_have_value(str(users["bob"].credentials.get().pk))
    send_and_fill_variable(bob, "Aachen")
    call = CallLog.objects.filter(user=users["bob"]).exclude(origin="fields").get()
    assert call.credential.user == users["bob"] and call.workspace == workspace and call.origin == "saved"
    assert call.actions[0]["parameters"]["filter"]["ort"][0]["val"] == "Aachen"  # logged as sent
    bob.goto("/history/")
    expect(bob.locator("table.history")).to_contain_text("Saved request")
    bob.get_by_role("link", name=re.compile(r"^\d{4}-\d\d-\d\d")).first.click()
    expect(bob.locator("pre")).to_contain_text('"Aachen"')

    # Carol (viewer) runs it but is offered no way to change it.
    carol = as_user(browser, live_server, "carol")
    carol.goto(f"/saved/{saved.pk}/")
    expect(carol.locator("#save-bar")).to_contain_text("You are a viewer")
    expect(carol.get_by_role("button", name=re.compile("^Update"))).to_have_count(0)
    expect(carol.locator("#save-panel")).to_have_count(0)
    send_and_fill_variable(carol, "Aachen")
    assert CallLog.objects.filter(user=users["carol"], credential__user=users["carol"], origin="saved").count() == 1

    # Alice's shared link names her credential; for Bob it runs with his own, and says so.
    bob.goto(f"/compose/{link}")  # the href is relative to the composer page
    expect(bob.locator(".credential-note")).to_contain_text("not yours")
    expect(bob.locator("#cred")).to_have_value(str(users["bob"].credentials.get().pk))
    for other in (bob, carol):
        other.context.close()
    assert page.csp_violations == []
