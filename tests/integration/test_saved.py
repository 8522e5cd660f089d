"""Saved requests end to end: the Getting started folder of every new workspace, saving from the composer
(never a credential), roles (viewers run, editors edit, owners manage folders), opening with the runner's
own credential, `{{variables}}`, JSON export and import (page and `manage.py saved`), bad files, the Postman
export of the command line, and no credential in any export."""

from __future__ import annotations

import importlib
import io
import json
import sys

import pytest
from django.apps import apps as django_apps
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import QueryDict

from explorer.accounts import services as account_services
from explorer.accounts.models import Credential, WorkspaceVariable
from explorer.accounts.selectors import workspace_list
from explorer.calls import services as call_services
from explorer.calls.models import CallLog
from explorer.composer.models import VariableMemory
from explorer.composer.state import state_from_query
from explorer.saved import services as saved_services
from explorer.saved import transfer
from explorer.saved.models import Folder, SavedRequest
from explorer.saved.onboarding import GETTING_STARTED, GETTING_STARTED_FOLDER
from explorer.saved.postman import SCHEMA
from tests import stub_upstream
from tests.integration.test_canary import assert_no_leak
from tests.integration.test_compose_views import answering, sent
from tests.stub_upstream import StubUpstream

pytestmark = pytest.mark.django_db

VIEWER_REFUSAL = "You are a viewer in “Makler Team”"
OWNER_REFUSAL = "Only owners of “Makler Team” create, rename and delete folders."


# --- helpers -----------------------------------------------------------------------------------

def as_member(user, workspace):
    """The workspace as `user` sees it (with `my_role`), as the services expect it."""
    return workspace_list(user=user).get(pk=workspace.pk)


def switch(client, workspace):
    response = client.post_form("/workspaces/switch/", {"workspace": workspace.pk, "next": "/saved/"})
    assert response.status_code == 302 and response["Location"] == "/saved/"


def message_of(response) -> str:
    """The message this request added (earlier, unread ones may still wait in the storage before it)."""
    stored = [str(m) for m in get_messages(response.wsgi_request)]
    assert stored, "no message"
    return stored[-1]


def composer_fields(*actions, cred=None, **extra) -> dict:
    """The composer's form fields for (resourcetype, action, parameters text) tuples."""
    data = {"n": str(len(actions))}
    for i, (resourcetype, action, params) in enumerate(actions):
        data |= {f"{i}-rt": resourcetype, f"{i}-act": action, f"{i}-params": params}
    if cred is not None:
        data["cred"] = str(cred.pk)
    return data | extra


def save_directly(user, workspace, *, name, params, kind="stable", folder=None) -> SavedRequest:
    query = QueryDict(mutable=True)
    query.update({"n": "1", "0-rt": "estate", "0-act": "read", "0-params": json.dumps(params)})
    return saved_services.saved_request_create(user=user, workspace=as_member(user, workspace),
                                               state=state_from_query(query), name=name, endpoint_kind=kind,
                                               folder=folder)


def stub_credential(user, upstream, label, *, url=None) -> Credential:
    return account_services.credential_create(user=user, label=label, token=stub_upstream.TOKEN,
                                              secret=stub_upstream.SECRET, api_url=url or upstream.url,
                                              hmac_version=2, read_only=False)


def comparable(export: dict) -> dict:
    """An export without what differs between two workspaces holding the same requests."""
    return {k: v for k, v in export.items() if k not in ("exported_at", "workspace")}


def empty(workspace):
    """A workspace without its Getting started folder, requests and variables (to compare imports exactly)."""
    SavedRequest.objects.filter(workspace=workspace).delete()
    Folder.objects.filter(workspace=workspace).delete()
    WorkspaceVariable.objects.filter(workspace=workspace).delete()


def counts() -> tuple[int, int, int]:
    return SavedRequest.objects.count(), Folder.objects.count(), WorkspaceVariable.objects.count()


def getting_started_names(workspace) -> list[str]:
    return sorted(SavedRequest.objects.filter(workspace=workspace, folder__name=GETTING_STARTED_FOLDER)
                  .values_list("name", flat=True))


@pytest.fixture
def upstream(allow_stub):
    """The stub upstream answering like onOffice (field configurations too)."""
    return answering(allow_stub)


@pytest.fixture
def latest_url(upstream, settings):
    """The same stub under a /latest/ path, so a credential for it has the LATEST endpoint kind."""
    url = upstream.url.replace("/api/stable/", "/api/latest/")
    settings.ONOFFICE_ALLOWED_URLS = [*settings.ONOFFICE_ALLOWED_URLS, url]
    return url


# --- Getting started ---------------------------------------------------------------------------

def test_personal_workspace_gets_getting_started_at_first_sign_in(make_user, client_for):
    user = make_user("newbie")
    client = client_for(user)  # force_login signs in: onboarding runs
    assert client.get("/saved/").status_code == 200
    personal = workspace_list(user=user).get(personal_for=user)
    assert getting_started_names(personal) == sorted(r.name for r in GETTING_STARTED)
    assert len(getting_started_names(personal)) == 13
    assert dict(WorkspaceVariable.objects.filter(workspace=personal).values_list("name", "value")) == {
        "city": "Aachen", "since": "2026-06-01 00:00:00"}
    assert SavedRequest.objects.get(workspace=personal, name__startswith="13 ").expected_errorcode == 143

    client_for(user)  # signing in again
    account_services.user_onboard(user=user)
    assert saved_services.onboarding_install(workspace=personal) is None
    assert SavedRequest.objects.filter(workspace=personal).count() == 13
    assert Folder.objects.filter(workspace=personal).count() == 1


def test_team_workspace_gets_getting_started_once(make_user):
    user = make_user("founder")
    team = account_services.workspace_create(user=user, name="Neu GmbH")
    assert getting_started_names(team) == sorted(r.name for r in GETTING_STARTED)
    assert saved_services.onboarding_install(workspace=team) is None
    assert saved_services.onboarding_install(workspace=team) is None
    assert SavedRequest.objects.filter(workspace=team).count() == 13
    assert Folder.objects.filter(workspace=team, name=GETTING_STARTED_FOLDER).count() == 1
    assert WorkspaceVariable.objects.filter(workspace=team).count() == 2


def test_the_migration_installs_what_onboarding_installs(make_user):
    """Migration 0004 repeats onboarding_install's shape for workspaces older than saved requests."""
    migration = importlib.import_module("explorer.migrations.0004_getting_started_for_existing_workspaces")
    user = make_user("founder")
    by_signal = account_services.workspace_create(user=user, name="By signal")
    by_migration = account_services.workspace_create(user=user, name="By migration")
    empty(by_migration)
    migration.install(django_apps, None)
    migration.install(django_apps, None)  # idempotent as well
    assert comparable(transfer.export_data(workspace=by_migration)) == comparable(
        transfer.export_data(workspace=by_signal))
    assert SavedRequest.objects.filter(workspace=by_signal).count() == 13


# --- Saving from the composer ------------------------------------------------------------------

def test_save_from_the_composer_keeps_every_action_and_no_credential(team, client_for, upstream):
    credential = stub_credential(team.eddie, upstream, "Eddie live")
    client = client_for(team.eddie)
    switch(client, team.workspace)
    folder = Folder.objects.get(workspace=team.workspace, name=GETTING_STARTED_FOLDER)
    data = composer_fields(("estate", "read", '{"data": ["Id", "kaufpreis"], "listlimit": 5}'),
                           ("address", "read", '{"data": ["KdNr"]}'),
                           ("estate", "read", '{"data": ["Id",'),  # still being typed: not valid JSON
                           cred=credential, name="  Three   actions ", description="Cheapest first.",
                           folder=str(folder.pk))
    response = client.post_form("/saved/new/", data)

    saved = SavedRequest.objects.get(name="Three actions")
    assert response.status_code == 302 and response["Location"] == f"/saved/{saved.pk}/"
    assert message_of(response) == "Saved “Three actions” in “Makler Team”."
    assert saved.workspace == team.workspace and saved.folder == folder and saved.description == "Cheapest first."
    assert saved.created_by == team.eddie and saved.endpoint_kind == "stable"
    assert saved.actions == [
        {"resourcetype": "estate", "action": "read", "resourceid": "", "identifier": "",
         "parameters": {"data": ["Id", "kaufpreis"], "listlimit": 5}},
        {"resourcetype": "address", "action": "read", "resourceid": "", "identifier": "",
         "parameters": {"data": ["KdNr"]}},
        {"resourcetype": "estate", "action": "read", "resourceid": "", "identifier": "",
         "parameters_text": '{"data": ["Id",'},
    ]
    # Never a credential: no such column, nothing of it in the stored row.
    assert not [f.name for f in SavedRequest._meta.get_fields() if "cred" in f.name]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM explorer_savedrequest WHERE id = %s", [saved.pk])
        row = repr(cursor.fetchone())
    for value in (stub_upstream.TOKEN, stub_upstream.SECRET, "cred",
                  "Eddie live"):
        assert value not in row
    assert all(set(a) <= {"resourcetype", "action", "resourceid", "identifier", "parameters", "parameters_text"}
               for a in saved.actions)


def test_save_from_htmx_answers_with_hx_redirect(team, client_for, upstream):
    client = client_for(team.eddie)
    switch(client, team.workspace)
    response = client.post_htmx("/saved/new/", composer_fields(("estate", "read", "{}"), name="Via htmx"),
                                target="save-bar")
    saved = SavedRequest.objects.get(name="Via htmx")
    assert response.status_code == 200 and response["HX-Redirect"] == f"/saved/{saved.pk}/"
    assert saved.endpoint_kind == ""  # saved without a credential


def test_save_without_a_name_is_refused(team, client_for):
    client = client_for(team.eddie)
    switch(client, team.workspace)
    before = counts()
    response = client.post_form("/saved/new/", composer_fields(("estate", "read", "{}"), name="   "))
    assert response.status_code == 302 and counts() == before
    assert message_of(response).startswith("Not saved. Name: This field is required.")


# --- Roles ------------------------------------------------------------------------------------

@pytest.fixture
def team_request(team):
    return save_directly(team.alice, team.workspace, name="Team read", params={"data": ["Id"]})


def snapshot(saved: SavedRequest) -> dict:
    saved.refresh_from_db()
    return {"name": saved.name, "description": saved.description, "folder": saved.folder_id,
            "actions": saved.actions, "updated_at": saved.updated_at}


def test_viewer_is_refused_every_change_and_nothing_changes(team, team_request, client_for):
    client = client_for(team.vera)
    switch(client, team.workspace)
    before, stored = counts(), snapshot(team_request)
    pk = team_request.pk
    changed_actions = composer_fields(("address", "read", '{"data": ["KdNr"]}'))
    posts = [("/saved/new/", changed_actions | {"name": "Mine now"}),
             (f"/saved/{pk}/update/", changed_actions),
             (f"/saved/{pk}/edit/", {"name": "Renamed", "description": "x", "folder": ""}),
             (f"/saved/{pk}/duplicate/", {}),
             (f"/saved/{pk}/delete/", {})]
    for url, data in posts:
        response = client.post_form(url, data)
        assert response.status_code == 302, url
        assert message_of(response).startswith(VIEWER_REFUSAL), (url, message_of(response))
        response = client.post_htmx(url, data, target="save-bar")
        assert response.status_code == 200 and response["HX-Reswap"] == "none", url
        assert VIEWER_REFUSAL in response.text and 'hx-swap-oob="beforeend"' in response.text, url
    response = client.get(f"/saved/{pk}/delete/")
    assert response.status_code == 302 and message_of(response).startswith(VIEWER_REFUSAL)
    assert counts() == before and snapshot(team_request) == stored


def test_viewer_opens_and_sees_why_they_cannot_save(team, team_request, client_for):
    Credential.objects.filter(user=team.vera).delete()  # her sandbox credential would read fields on :8000
    response = client_for(team.vera).get(f"/saved/{team_request.pk}/")
    assert response.status_code == 200
    assert "You are a viewer in “Makler Team”: run it with your credential" in response.text
    assert f"/saved/{team_request.pk}/update/" not in response.text


def test_editor_updates_edits_duplicates_and_deletes(team, team_request, client_for):
    client = client_for(team.eddie)
    switch(client, team.workspace)
    pk = team_request.pk
    response = client.post_form(f"/saved/{pk}/update/", composer_fields(("address", "read", '{"data": ["Name"]}'),
                                                                        ("estate", "read", '{"listlimit": 1}')))
    assert response.status_code == 302 and message_of(response) == "Updated “Team read”."
    team_request.refresh_from_db()
    assert [(a["resourcetype"], a["action"], a["parameters"]) for a in team_request.actions] == [
        ("address", "read", {"data": ["Name"]}), ("estate", "read", {"listlimit": 1})]
    assert team_request.updated_by == team.eddie

    folder = Folder.objects.get(workspace=team.workspace)
    response = client.post_form(f"/saved/{pk}/edit/", {"name": "Addresses", "description": "By name",
                                                       "folder": str(folder.pk), "next": "/saved/"})
    assert response.status_code == 302
    team_request.refresh_from_db()
    assert (team_request.name, team_request.description, team_request.folder) == ("Addresses", "By name", folder)

    response = client.post_form(f"/saved/{pk}/duplicate/")
    copy = SavedRequest.objects.get(name="Addresses (copy)")
    assert response.status_code == 302 and copy.actions == team_request.actions and copy.created_by == team.eddie

    response = client.post_htmx(f"/saved/{copy.pk}/delete/", {}, target="save-bar")
    assert response["HX-Redirect"] == "/saved/"
    assert not SavedRequest.objects.filter(pk=copy.pk).exists()
    assert SavedRequest.objects.filter(pk=pk).exists()


def test_only_owners_manage_folders_and_deleting_one_keeps_its_requests(team, team_request, client_for):
    folder = Folder.objects.get(workspace=team.workspace, name=GETTING_STARTED_FOLDER)
    inside = set(SavedRequest.objects.filter(folder=folder).values_list("pk", flat=True))
    assert len(inside) == 13

    eddie = client_for(team.eddie)
    switch(eddie, team.workspace)
    before = counts()
    for url, data in (("/saved/folders/", {"name": "Eddie's"}), (f"/saved/folders/{folder.pk}/", {"name": "Mine"}),
                      (f"/saved/folders/{folder.pk}/delete/", {})):
        response = eddie.post_form(url, data)
        assert response.status_code == 302 and message_of(response) == OWNER_REFUSAL, url
        response = eddie.post_htmx(url, data, target="saved-list")
        assert response["HX-Reswap"] == "none" and OWNER_REFUSAL in response.text, url
    folder.refresh_from_db()
    assert counts() == before and folder.name == GETTING_STARTED_FOLDER

    olga = client_for(team.olga)  # a co-owner
    switch(olga, team.workspace)
    assert olga.post_form("/saved/folders/", {"name": "Reports"}).status_code == 302
    assert Folder.objects.filter(workspace=team.workspace, name="Reports").exists()
    response = olga.post_form(f"/saved/folders/{folder.pk}/", {"name": "Erste Schritte"})
    assert message_of(response) == "Renamed the folder to “Erste Schritte”."
    response = olga.post_form(f"/saved/folders/{folder.pk}/delete/")
    assert message_of(response) == "Deleted the folder “Erste Schritte”. Its 13 requests stay, outside any folder."
    assert not Folder.objects.filter(pk=folder.pk).exists()
    assert set(SavedRequest.objects.filter(pk__in=inside, folder=None).values_list("pk", flat=True)) == inside


# --- Opening with the runner's own credential ----------------------------------------------------

def test_editor_opens_with_the_saved_actions_and_own_credential(team, client_for, upstream):
    stub_credential(team.alice, upstream, "Alice live")
    saved = SavedRequest.objects.create(
        workspace=team.workspace, name="Two actions", endpoint_kind="stable", created_by=team.alice,
        actions=[{"resourcetype": "estate", "action": "read", "resourceid": "", "identifier": "cheap",
                  "parameters": {"data": ["Id", "kaufpreis"], "sortby": {"kaufpreis": "ASC"}}},
                 {"resourcetype": "address", "action": "read", "resourceid": "", "identifier": "",
                  "parameters_text": '{"data": [KdNr]}'}])
    Credential.objects.filter(user=team.eddie).delete()
    mine = stub_credential(team.eddie, upstream, "Eddie live")

    response = client_for(team.eddie).get(f"/saved/{saved.pk}/")
    assert response.status_code == 200
    state = response.context["state"]
    assert [(d.resourcetype, d.action, d.identifier) for d in state.drafts] == [("estate", "read", "cheap"),
                                                                               ("address", "read", "")]
    assert state.drafts[0].params == {"data": ["Id", "kaufpreis"], "sortby": {"kaufpreis": "ASC"}}
    assert state.drafts[1].params is None and state.drafts[1].params_text == '{"data": [KdNr]}'
    assert response.context["credential"] == mine
    assert "Eddie live" in response.text and "Alice live" not in response.text
    assert "Two actions" in response.text and f"/saved/{saved.pk}/update/" in response.text


def test_open_picks_the_credential_of_the_saved_endpoint_kind(team, client_for, upstream, latest_url):
    Credential.objects.filter(user=team.eddie).delete()
    stub_credential(team.eddie, upstream, "A stable")
    latest = stub_credential(team.eddie, upstream, "B latest", url=latest_url)
    saved = save_directly(team.alice, team.workspace, name="For latest", params={"data": ["Id"]}, kind="latest")

    response = client_for(team.eddie).get(f"/saved/{saved.pk}/")
    assert response.context["credential"] == latest
    note = "Runs with your credential “B latest” (your first credential for the LATEST endpoint)."
    assert response.context["credential_note"] == note and note in response.text


def test_open_picks_the_credential_last_used_in_the_workspace(team, client_for, upstream, latest_url):
    Credential.objects.filter(user=team.eddie).delete()
    first = stub_credential(team.eddie, upstream, "A stable")
    used = stub_credential(team.eddie, upstream, "B latest", url=latest_url)
    saved = save_directly(team.alice, team.workspace, name="For stable", params={"data": ["Id"]}, kind="stable")
    personal = workspace_list(user=team.eddie).get(personal_for=team.eddie)
    for credential, workspace in ((used, team.workspace), (first, personal)):  # the personal one does not count
        call_services.call_perform(actions=[call_services.CONNECTION_PROBE], token=stub_upstream.TOKEN,
                                   secret=stub_upstream.SECRET, url=credential.api_url, origin="ui",
                                   user=team.eddie, workspace=workspace, credential=credential)

    response = client_for(team.eddie).get(f"/saved/{saved.pk}/")
    assert response.context["credential"] == used
    note = "Runs with your credential “B latest” (the one you last used in this workspace)."
    assert note in response.text


def test_a_composer_send_in_the_workspace_counts_as_last_used(team, client_for, upstream, latest_url):
    Credential.objects.filter(user=team.eddie).delete()
    stub_credential(team.eddie, upstream, "A stable")
    used = stub_credential(team.eddie, upstream, "B latest", url=latest_url)
    saved = save_directly(team.alice, team.workspace, name="For stable", params={"data": ["Id"]}, kind="stable")
    client = client_for(team.eddie)
    switch(client, team.workspace)
    response = client.post_htmx("/compose/send/", composer_fields(("address", "read", "{}"), cred=used),
                                target="call-result")
    assert response.status_code == 200 and sent(upstream)
    assert CallLog.objects.filter(workspace=team.workspace, credential=used, origin="ui").exists()
    assert client.get(f"/saved/{saved.pk}/").context["credential"] == used


# --- Variables --------------------------------------------------------------------------------

@pytest.fixture
def city_request(team):
    return save_directly(team.alice, team.workspace, name="In a city",
                         params={"data": ["Id"], "filter": {"ort": [{"op": "=", "val": "{{city}}"}]}})


def send_saved(client, saved, cred, params, **extra):
    # force: the stub's field configuration has no `ort`, which the composer would otherwise hold back.
    data = composer_fields(("estate", "read", json.dumps(params)), cred=cred, saved=str(saved.pk), force="1") | extra
    return client.post_htmx("/compose/send/", data, target="call-result")


def test_variables_are_filled_in_sent_logged_and_remembered(team, client_for, upstream, city_request):
    credential = stub_credential(team.alice, upstream, "Alice live")
    client = client_for(team.alice)
    page = client.get(f"/saved/{city_request.pk}/")
    assert page.context["variables"].names == ["city"]
    params = city_request.actions[0]["parameters"]

    response = send_saved(client, city_request, credential, params, **{"var-city": " "})
    assert "Fill in the variables first: city." in response.text
    assert sent(upstream) == [] and not CallLog.objects.filter(origin="saved").exists()

    response = send_saved(client, city_request, credential, params, **{"var-city": "Köln"})
    assert response.status_code == 200 and "Fill in the variables" not in response.text
    (action,) = sent(upstream)
    assert action["parameters"]["filter"] == {"ort": [{"op": "=", "val": "Köln"}]}
    log = CallLog.objects.get(origin="saved")
    assert log.workspace == team.workspace
    assert log.actions[0]["parameters"]["filter"]["ort"][0]["val"] == "Köln"
    assert "{{city}}" not in json.dumps(log.actions)
    assert VariableMemory.objects.get(user=team.alice, key=f"saved:{city_request.pk}").values == {"city": "Köln"}
    city_request.refresh_from_db()
    assert city_request.actions[0]["parameters"]["filter"]["ort"][0]["val"] == "{{city}}"  # the request keeps it

    page = client.get(f"/saved/{city_request.pk}/")
    assert page.context["variables"].values == {"city": "Köln"}
    assert 'name="var-city" value="Köln"' in page.text


def test_workspace_defaults_prefill_when_nothing_is_remembered(team, client_for, upstream, city_request):
    stub_credential(team.eddie, upstream, "Eddie live")
    eddie = client_for(team.eddie)
    assert 'name="var-city" value="Aachen"' in eddie.get(f"/saved/{city_request.pk}/").text  # Getting started's
    switch(eddie, team.workspace)
    assert eddie.post_form("/saved/variables/", {"name": "city", "value": "Bonn"}).status_code == 302
    assert 'name="var-city" value="Bonn"' in eddie.get(f"/saved/{city_request.pk}/").text
    VariableMemory.objects.create(user=team.eddie, key=f"saved:{city_request.pk}", values={"city": "Düren"})
    assert 'name="var-city" value="Düren"' in eddie.get(f"/saved/{city_request.pk}/").text


def test_a_variable_without_any_value_holds_the_send_back(team, client_for, upstream):
    credential = stub_credential(team.alice, upstream, "Alice live")
    saved = save_directly(team.alice, team.workspace, name="Street", params={"data": ["Id"], "filter": {
        "strasse": [{"op": "=", "val": "{{street}}"}]}})
    client = client_for(team.alice)
    assert 'aria-describedby="var-street-hint"' in client.get(f"/saved/{saved.pk}/").text
    response = send_saved(client, saved, credential, saved.actions[0]["parameters"])
    assert "Fill in the variables first: street." in response.text and sent(upstream) == []


def test_a_malformed_variable_is_reported_and_held_back(team, client_for, upstream):
    credential = stub_credential(team.alice, upstream, "Alice live")
    params = {"data": ["Id"], "filter": {"ort": [{"op": "=", "val": "{{ city }}"}]}}
    saved = save_directly(team.alice, team.workspace, name="Spaces", params=params)
    client = client_for(team.alice)
    page = client.get(f"/saved/{saved.pk}/")
    assert page.context["variables"].malformed == ["{{ city }}"] and "Not a variable: {{ city }}" in page.text
    response = send_saved(client, saved, credential, params, **{"var-city": "Köln"})
    assert "Not a variable: {{ city }}. Write variables as {{name}}" in response.text
    assert sent(upstream) == [] and not CallLog.objects.filter(origin="saved").exists()


# --- Export and import ------------------------------------------------------------------------

@pytest.fixture
def rich_team(team):
    """The team's Getting started plus requests with every kind of content, and an empty folder."""
    reports = saved_services.folder_create(workspace=as_member(team.alice, team.workspace), name="Reports")
    saved_services.folder_create(workspace=as_member(team.alice, team.workspace), name="Archiv")
    SavedRequest.objects.create(
        workspace=team.workspace, folder=reports, name="Two actions", description="Estates and owners",
        endpoint_kind="stable", created_by=team.alice,
        actions=[{"resourcetype": "estate", "action": "read", "resourceid": "", "identifier": "a",
                  "parameters": {"data": ["Id", "ort"], "filter": {"ort": [{"op": "=", "val": "{{city}}"}]}}},
                 {"resourcetype": "idsfromrelation", "action": "get", "resourceid": "", "identifier": "",
                  "parameters": {"parentids": [1, 2]}}])
    SavedRequest.objects.create(workspace=team.workspace, name="Unfinished", endpoint_kind="",
                                actions=[{"resourcetype": "address", "action": "read", "resourceid": "",
                                          "identifier": "", "parameters_text": '{"data": ['}])
    SavedRequest.objects.create(workspace=team.workspace, name="Umlaute äöü ß", expected_errorcode=143,
                                endpoint_kind="sandbox", description="Fails on purpose",
                                actions=[{"resourcetype": "estate", "action": "modify", "resourceid": "7",
                                          "identifier": "", "parameters": {"data": {"ort": "Düsseldorf"}}}])
    saved_services.workspace_variable_set(workspace=as_member(team.alice, team.workspace), name="region",
                                          value="NRW")
    return team


def export_page(client, workspace, fmt="json") -> dict:
    switch(client, workspace)
    response = client.get(f"/saved/export/?format={fmt}")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment; filename=")
    return json.loads(response.content)


def test_json_export_imported_through_the_page_reproduces_every_request(rich_team, client_for):
    team = rich_team
    exported = export_page(client_for(team.alice), team.workspace)
    assert exported["format"] == "onoffice-explorer/saved-requests" and exported["version"] == 1
    assert len(exported["requests"]) == 16 and exported["workspace"] == "Makler Team"
    assert exported["folders"] == ["Archiv", GETTING_STARTED_FOLDER, "Reports"]

    target = workspace_list(user=team.mallory).get(personal_for=team.mallory)
    empty(target)
    mallory = client_for(team.mallory)
    upload = SimpleUploadedFile("team.saved-requests.json", json.dumps(exported).encode(), "application/json")
    response = mallory.post_form("/saved/import/", {"file": upload})
    assert response.status_code == 302 and response["Location"] == "/saved/"
    assert message_of(response) == "Imported 16 saved requests into “Personal”: 3 new folders, 3 new variables."

    assert comparable(transfer.export_data(workspace=target)) == comparable(exported)
    imported = SavedRequest.objects.get(workspace=target, name="Unfinished")
    assert imported.created_by == team.mallory and imported.folder is None
    assert imported.actions[0]["parameters_text"] == '{"data": ['


def test_json_export_imported_with_the_command_reproduces_every_request(rich_team, make_user, tmp_path):
    team = rich_team
    path = tmp_path / "export.json"
    call_command("saved", "export", "--workspace", str(team.workspace.pk), "--output", str(path),
                 stdout=io.StringIO())
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported == transfer.export_data(workspace=team.workspace) | {"exported_at": exported["exported_at"]}

    target = account_services.workspace_create(user=team.mallory, name="Mallory GmbH")
    empty(target)
    out = io.StringIO()
    call_command("saved", "import", str(path), "--workspace", str(target.pk), "--user", "mallory", stdout=out)
    assert out.getvalue().strip() == ("Imported 16 saved requests into “Mallory GmbH”: 3 new folders, "
                                      "3 new variables.")
    assert comparable(transfer.export_data(workspace=target)) == comparable(exported)


def test_import_adds_to_what_is_there_and_keeps_existing_variable_values(rich_team):
    team = rich_team
    exported = transfer.export_data(workspace=team.workspace)
    target = workspace_list(user=team.mallory).get(personal_for=team.mallory)  # has its own Getting started
    saved_services.workspace_variable_set(workspace=target, name="city", value="Köln")
    report = transfer.import_data(workspace=target, user=team.mallory, raw=json.dumps(exported).encode())
    assert (report.requests, report.folders, report.variables) == (16, 2, 1)  # Reports and the empty Archiv
    assert SavedRequest.objects.filter(workspace=target).count() == 13 + 16
    assert WorkspaceVariable.objects.get(workspace=target, name="city").value == "Köln"
    assert Folder.objects.filter(workspace=target, name=GETTING_STARTED_FOLDER).count() == 1


def test_import_reads_stdin(rich_team, monkeypatch):
    team = rich_team
    raw = json.dumps(transfer.export_data(workspace=team.workspace, folder="Reports")).encode()
    target = account_services.workspace_create(user=team.eddie, name="Eddie's")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    out = io.StringIO()
    call_command("saved", "import", "-", "--workspace", str(target.pk), "--user", "eddie", stdout=out)
    assert "Imported 1 saved request into “Eddie's”: 1 new folder, 1 new variable." in out.getvalue()
    assert SavedRequest.objects.get(workspace=target, folder__name="Reports").name == "Two actions"


def test_import_command_refuses_viewers_outsiders_and_unknown_users(rich_team, tmp_path):
    team = rich_team
    path = tmp_path / "export.json"
    path.write_text(json.dumps(transfer.export_data(workspace=team.workspace)), encoding="utf-8")
    before = counts()
    cases = (("vera", team.workspace.pk, "vera is a viewer in “Makler Team”: only editors and owners import"),
             ("mallory", team.workspace.pk, f"mallory is not a member of a workspace with id {team.workspace.pk}."),
             ("nobody", team.workspace.pk, "There is no user named 'nobody'."),
             ("alice", 999999, "alice is not a member of a workspace with id 999999."))
    for username, workspace_id, message in cases:
        with pytest.raises(CommandError, match=message):
            call_command("saved", "import", str(path), "--workspace", str(workspace_id), "--user", username)
    with pytest.raises(CommandError, match="Cannot read .*missing.json"):
        call_command("saved", "import", str(tmp_path / "missing.json"), "--workspace", str(team.workspace.pk),
                     "--user", "alice")
    assert counts() == before


def test_viewer_cannot_import_through_the_page(rich_team, client_for):
    team = rich_team
    raw = json.dumps(transfer.export_data(workspace=team.workspace)).encode()
    vera = client_for(team.vera)
    switch(vera, team.workspace)
    before = counts()
    response = vera.post_form("/saved/import/", {"file": SimpleUploadedFile("x.json", raw)})
    assert message_of(response) == "You are a viewer in “Makler Team”: only editors and owners import requests."
    assert counts() == before


def valid_request(**overrides) -> dict:
    return {"name": "Fine", "description": "", "folder": "New folder", "endpoint_kind": "sandbox",
            "expected_errorcode": None,
            "actions": [{"resourcetype": "estate", "action": "read", "resourceid": "", "identifier": "",
                         "parameters": {"data": ["Id"]}}]} | overrides


def export_file(*requests, **overrides) -> bytes:
    return json.dumps({"format": "onoffice-explorer/saved-requests", "version": 1, "workspace": "x",
                       "folders": ["New folder"], "variables": {"brand_new": "1"},
                       "requests": list(requests)} | overrides).encode()


BAD_FILES = {
    "not JSON": (b"this is not json {", "The file is not valid JSON (line 1, column 1); nothing was imported."),
    "not UTF-8": (b'{"format": "\xff"}', "The file is not UTF-8 text"),
    "a list": (b"[1, 2, 3]", "This is not an export of saved requests (its \"format\" is not "
                             "'onoffice-explorer/saved-requests')."),
    "no format": (json.dumps({"version": 1, "requests": []}).encode(), "This is not an export of saved requests"),
    "version 2": (export_file(valid_request(), version=2),
                  "The file has format version 2; this server reads version 1. Nothing was imported."),
    "unknown action": (export_file(valid_request(), valid_request(actions=[
        {"resourcetype": "estate", "action": "fetch", "parameters": {}}])),
        "Nothing was imported: requests[1].actions[0].action: 'fetch' is not one of read, "),
    "NUL in a parameter": (export_file(valid_request(), valid_request(actions=[
        {"resourcetype": "estate", "action": "read", "parameters": {"data": ["Id\u0000"]}}])),
        "Nothing was imported: requests[1].actions[0].parameters: contains a NUL character."),
    "NUL in a name": (export_file(valid_request(name="a\u0000b")),
                      "Nothing was imported: requests[0].name: contains a NUL character."),
    "no actions": (export_file(valid_request(actions=[])), "requests[0].actions: must be a list of 1 to"),
    "parameters a list": (export_file(valid_request(actions=[
        {"resourcetype": "estate", "action": "read", "parameters": [1]}])),
        "requests[0].actions[0].parameters: must be a JSON object."),
    "bad variable name": (export_file(valid_request(), variables={"no spaces": "x"}),
                          "variables: 'no spaces' is not a variable name"),
    "folders not a list": (export_file(valid_request(), folders="New folder"),
                           "Nothing was imported: folders: must be a list of folder names."),
}


def test_a_variable_without_a_default_is_imported_empty(team):
    """`null` as a variable's value (a hand-edited file) imports as no default instead of failing."""
    target = as_member(team.alice, team.workspace)
    report = transfer.import_data(workspace=target, user=team.alice,
                                  raw=export_file(valid_request(), variables={"brand_new": None}))
    assert (report.requests, report.folders, report.variables) == (1, 1, 1)
    assert WorkspaceVariable.objects.get(workspace=team.workspace, name="brand_new").value == ""


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_are_refused_through_the_page_and_nothing_is_written(rich_team, client_for, name):
    raw, message = BAD_FILES[name]
    team = rich_team
    client = client_for(team.alice)
    switch(client, team.workspace)
    before = counts()
    response = client.post_form("/saved/import/", {"file": SimpleUploadedFile("bad.json", raw)})
    assert response.status_code == 302
    shown = message_of(response)
    assert shown.startswith(message) if message.endswith(" ") else message in shown, shown
    assert counts() == before
    assert not Folder.objects.filter(name="New folder").exists()


@pytest.mark.parametrize("name", ["not JSON", "version 2", "unknown action", "NUL in a parameter"])
def test_bad_files_are_refused_by_the_command_and_nothing_is_written(rich_team, tmp_path, name):
    raw, message = BAD_FILES[name]
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    before = counts()
    with pytest.raises(CommandError) as refused:
        call_command("saved", "import", str(path), "--workspace", str(rich_team.workspace.pk), "--user", "eddie")
    assert message in str(refused.value)
    assert counts() == before


def test_an_upload_over_5_mb_is_refused_with_the_size_message(team, client_for):
    client = client_for(team.alice)
    switch(client, team.workspace)
    before = counts()
    huge = b"x" * (50 * 1024 * 1024)
    response = client.post_form("/saved/import/", {"file": SimpleUploadedFile("huge.json", huge)})
    assert response.status_code == 302
    assert message_of(response) == ("The file has 52,428,800 bytes; an export holds at most 5 MB. "
                                    "Nothing was imported.")
    assert counts() == before


def test_the_htmx_import_refusal_keeps_the_page(team, client_for):
    client = client_for(team.alice)
    switch(client, team.workspace)
    response = client.post_htmx("/saved/import/", {"file": SimpleUploadedFile("bad.json", b"[]")},
                                target="saved-list")
    assert response["HX-Reswap"] == "none" and "This is not an export of saved requests" in response.text


# --- The command line's exports -----------------------------------------------------------------

def run_export(*args) -> str:
    out = io.StringIO()
    call_command("saved", "export", *map(str, args), stdout=out)
    return out.getvalue()


def test_postman_export_prints_a_collection(rich_team):
    collection = json.loads(run_export("--workspace", rich_team.workspace.pk, "--format", "postman"))
    assert collection["info"]["schema"] == SCHEMA == \
        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
    assert collection["info"]["name"] == "Makler Team"
    folders = {item["name"]: item for item in collection["item"] if "item" in item}
    assert set(folders) == {GETTING_STARTED_FOLDER, "Reports"}
    assert sorted(i["name"] for i in folders[GETTING_STARTED_FOLDER]["item"]) == sorted(r.name for r in GETTING_STARTED)
    loose = [item["name"] for item in collection["item"] if "item" not in item]
    assert loose == ["Umlaute äöü ß"]  # "Unfinished" is left out: its JSON does not parse
    assert "Left out because their parameters are not valid JSON: Unfinished." in collection["info"]["description"]
    variables = {v["key"]: v["value"] for v in collection["variable"]}
    assert variables == {"onoffice_url": "https://api.onoffice.de/api/stable/api.php", "onoffice_token": "",
                         "onoffice_secret": "", "city": "Aachen", "since": "2026-06-01 00:00:00"}


def test_postman_export_writes_a_file_and_limits_to_a_folder(rich_team, tmp_path):
    path = tmp_path / "getting-started.postman_collection.json"
    out = run_export("--workspace", rich_team.workspace.pk, "--format", "postman", "--folder", GETTING_STARTED_FOLDER,
                     "--output", path)
    assert out.strip() == f"Wrote 13 saved requests of “Makler Team” to {path}."
    collection = json.loads(path.read_text(encoding="utf-8"))
    (folder,) = collection["item"]
    assert folder["name"] == GETTING_STARTED_FOLDER and len(folder["item"]) == 13
    expected = [i for i in folder["item"] if i.get("event")]
    assert [i["name"] for i in expected] == ["13 Error: wrong case in a field name"]
    assert 'pm.variables.set("expect_error", "143");' in expected[0]["event"][0]["script"]["exec"]
    assert {v["key"] for v in collection["variable"]} == {"onoffice_url", "onoffice_token", "onoffice_secret",
                                                          "city", "since"}


def test_json_export_of_one_folder(rich_team):
    exported = json.loads(run_export("--workspace", rich_team.workspace.pk, "--folder", "Reports"))
    assert exported["folders"] == ["Reports"]
    assert [r["name"] for r in exported["requests"]] == ["Two actions"]


def test_export_of_an_unknown_workspace_or_folder_is_an_error(rich_team):
    with pytest.raises(CommandError, match="There is no workspace with id 999999."):
        run_export("--workspace", 999999)
    unknown = "“Makler Team” has no folder “Nope”; its folders are “Archiv”, “Getting started”, “Reports”."
    with pytest.raises(CommandError, match=unknown):
        run_export("--workspace", rich_team.workspace.pk, "--format", "postman", "--folder", "Nope")
    with pytest.raises(CommandError, match="invalid choice: 'yaml'"):
        run_export("--workspace", rich_team.workspace.pk, "--format", "yaml")


# --- No credential in any export --------------------------------------------------------------

@pytest.fixture
def canary_team(team, canary, settings, client_for):
    """Alice keeps a canary credential, saves a request from the composer with it and sends it."""
    with StubUpstream(token=canary["token"], secret=canary["secret"]) as upstream:
        settings.ONOFFICE_ALLOWED_URLS = [*settings.ONOFFICE_ALLOWED_URLS, upstream.url]
        credential = account_services.credential_create(user=team.alice, label="Canary", api_url=upstream.url,
                                                        hmac_version=2, read_only=False, **canary)
        client = client_for(team.alice)
        switch(client, team.workspace)
        fields = composer_fields(("address", "read", '{"data": ["KdNr"]}'), cred=credential)
        response = client.post_form("/saved/new/", fields | {"name": "Canary read"})
        assert response.status_code == 302
        saved = SavedRequest.objects.get(name="Canary read")
        response = client.post_htmx("/compose/send/", fields | {"saved": str(saved.pk)}, target="call-result")
        assert response.status_code == 200 and upstream.requests
        assert CallLog.objects.get(origin="saved").status == "ok"
        yield client


def test_exports_hold_no_canary(team, canary_team, canary):
    client = canary_team
    for fmt in ("json", "postman"):
        response = client.get(f"/saved/export/?format={fmt}")
        assert response.status_code == 200 and "Canary read" in response.text
        assert_no_leak(response.text + repr(dict(response.items())), canary, f"/saved/export/?format={fmt}")
        text = run_export("--workspace", team.workspace.pk, "--format", fmt)
        assert "Canary read" in text
        assert_no_leak(text, canary, f"saved export --format {fmt}")


def test_the_page_exports_one_folder_as_a_postman_collection(team, client_for):
    client = client_for(team.vera)  # a viewer may export: exports hold no credential
    client.post_form("/workspaces/switch/", {"workspace": team.workspace.pk, "next": "/saved/"})
    response = client.get("/saved/export/?format=postman&folder=Getting+started")
    assert response.status_code == 200 and "getting-started" in response["Content-Disposition"]
    collection = response.json()
    assert [group["name"] for group in collection["item"]] == ["Getting started"]
    assert len(collection["item"][0]["item"]) == 13
    missing = client.get("/saved/export/?format=postman&folder=Nope")
    assert missing.status_code == 302  # back to the list, with the reason as a toast


def test_a_credential_id_that_is_not_a_number_is_ignored_when_saving(team, client_for):
    client = client_for(team.eddie)
    client.post_form("/workspaces/switch/", {"workspace": team.workspace.pk, "next": "/saved/"})
    response = client.post_form("/saved/new/", {"name": "Junk cred", "cred": "abc", "n": "1", "0-rt": "estate",
                                                "0-act": "read", "0-params": "{}"})
    assert response.status_code == 302
    assert SavedRequest.objects.get(name="Junk cred").endpoint_kind == ""
