"""The sandbox console (/sandbox/, issue 13): a fault mode per demo API user, seen alike by an outside client over
HTTP (the live server) and by the composer's in-process path, the banner on every page while one is on, and the
reset of the demo data (owners of a team workspace, staff, or anyone while DEBUG)."""

from __future__ import annotations

import json
import threading
import time

import pytest
import requests

from explorer.accounts import services as account_services
from explorer.calls.models import CallLog
from explorer.onoffice.actions import Action, ActionKind
from explorer.onoffice.client import send_actions
from explorer.onoffice.errors import ERROR_MESSAGES, ResponseFormatError
from explorer.onoffice.transport import Deadline, new_session
from explorer.sandbox import faults
from explorer.sandbox.models import FaultMode, Record
from explorer.sandbox.seeding import current, seed
from explorer.sandbox.users import api_users

USERS = {u.rights: u for u in api_users()}
READ_WRITE, READ_ONLY = USERS["read-write"], USERS["read-only"]
ESTATE_READ = Action(ActionKind.READ, "estate", parameters={"data": ["Id", "kaufpreis"], "listlimit": 5})


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def over_http(live_server, user=READ_WRITE, action=ESTATE_READ, **options):
    session = new_session()
    try:
        return send_actions(f"{live_server.url}/sandbox/api/stable/api.php", [action], token=user.token,
                            secret=user.secret, session=session, **options)
    finally:
        session.close()


def raw_http(live_server, user=READ_WRITE, action=ESTATE_READ) -> requests.Response:
    """The bytes an outside client gets (signed by the explorer's own client, posted with plain requests)."""
    from explorer.onoffice.client import build_envelope, encode_envelope

    body = encode_envelope(build_envelope([action], token=user.token, secret=user.secret, hmac_version=2))
    response = requests.post(f"{live_server.url}/sandbox/api/stable/api.php", data=body, timeout=10,
                             headers={"Content-Type": "application/json", "Connection": "close"})
    response.close()  # the body is read; no socket stays open for the server's thread to wait on
    return response


@pytest.fixture
def live(live_server):
    """The live server; the request threads this test started finish before it stops sharing the test database
    (a thread that closes its connection afterwards fails in that thread). Threads left by earlier tests are
    not this test's to wait for."""
    before = set(threading.enumerate())
    yield live_server
    for thread in set(threading.enumerate()) - before:
        if "process_request_thread" in thread.name:
            thread.join(timeout=10)


@pytest.fixture
def alice(make_user):
    return make_user("alice")


@pytest.fixture
def alice_client(alice, client_for):
    return client_for(alice)  # signing in gives her the "Sandbox (demo)" credential (read-write)


def composer_send(client, user, action=ESTATE_READ) -> CallLog:
    """Send one action from the composer with the user's "Sandbox (demo)" credential; the call's log row."""
    credential = user.credentials.get(label=account_services.SANDBOX_DEMO_LABEL)
    response = client.post_htmx("/compose/send/", {"cred": credential.pk, "n": 1, "0-rt": action.resourcetype,
                                                   "0-act": action.kind.value,
                                                   "0-params": json.dumps(action.parameters)}, target="call-result")
    assert response.status_code == 200
    return CallLog.objects.filter(credential=credential).latest("id")


# --- The fault module ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_faults_are_off_by_default_and_set_clear_list_per_api_user():
    assert faults.fault_list() == []
    assert faults.fault_for(READ_WRITE) is None and faults.fault_for(None) is None
    faults.fault_set(READ_ONLY.name, faults.SLOW, seconds=3, set_by="alice")
    faults.fault_set(READ_WRITE.name, faults.CODE, code=75)
    listed = faults.fault_list()
    assert [(f.api_user, f.kind, f.code, f.seconds) for f in listed] == [
        (READ_WRITE.name, "code", 75, None), (READ_ONLY.name, "slow", None, 3)]  # in the order of users.py
    assert listed[1].set_by == "alice" and listed[1].since is not None
    faults.fault_set(READ_WRITE.name, faults.CLOCK)  # replaces the one it had
    assert faults.fault_for(READ_WRITE).kind == "clock" and FaultMode.objects.count() == 2
    assert faults.fault_clear(READ_WRITE.name) is True and faults.fault_clear(READ_WRITE.name) is False
    assert faults.fault_clear_all() == [READ_ONLY.name] and faults.fault_list() == []


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "options", "field", "words"), [
    ("teapot", {}, "kind", "Unknown fault"),
    (faults.CODE, {}, "code", "No code"),
    (faults.CODE, {"code": 0}, "code", "0 is not a documented"),
    (faults.CODE, {"code": 2}, "code", "2 is not a documented"),
    (faults.CODE, {"code": 999}, "code", "999 is not a documented"),
    (faults.CODE, {"code": "75"}, "code", "75 is not a documented"),
    (faults.SLOW, {}, "seconds", "1 to 120"),
    (faults.SLOW, {"seconds": 0}, "seconds", "1 to 120"),
    (faults.SLOW, {"seconds": 121}, "seconds", "1 to 120"),
])
def test_bad_faults_are_refused_with_a_message(kind, options, field, words):
    with pytest.raises(faults.FaultInvalid) as refused:
        faults.fault_set(READ_WRITE.name, kind, **options)
    assert refused.value.field == field and words in refused.value.message
    with pytest.raises(faults.FaultInvalid, match="Unknown sandbox API user"):
        faults.fault_set("demo-admin", faults.CLOCK)
    assert not FaultMode.objects.exists()


# --- Each fault, over HTTP and in the composer ----------------------------------------------------

@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("kind", "code"), [(faults.CLOCK, 136), (faults.HMAC, 137)])
def test_clock_and_hmac_faults_fail_every_action_with_the_vendor_text(live, alice, alice_client, kind, code):
    faults.fault_set(READ_WRITE.name, kind)
    exchange = over_http(live)
    assert exchange.error is None
    assert (exchange.response.code, exchange.response.errorcode) == (200, 97)
    result = exchange.response.results[0]
    assert (result.errorcode, result.message) == (code, ERROR_MESSAGES[code]) and result.records == []
    log = composer_send(alice_client, alice)
    assert log.status == CallLog.Status.API_ERROR and log.action_errorcodes == [code]
    assert ERROR_MESSAGES[code] in log.response_body
    # Other API users are not affected.
    assert over_http(live, READ_ONLY).response.results[0].errorcode == 0


@pytest.mark.django_db(transaction=True)
def test_a_chosen_code_fails_each_action_with_its_text(live, alice, alice_client):
    faults.fault_set(READ_WRITE.name, faults.CODE, code=75)
    result = over_http(live).response.results[0]
    assert (result.errorcode, result.message) == (75, 'Unknown field: "sandbox fault"')
    log = composer_send(alice_client, alice)
    assert log.status == CallLog.Status.API_ERROR and log.action_errorcodes == [75]


@pytest.mark.django_db(transaction=True)
def test_a_chosen_code_keeps_the_shape_the_sandbox_gives_it(live):
    faults.fault_set(READ_WRITE.name, faults.CODE, code=22)
    exchange = over_http(live)
    assert exchange.response.code == 400 and exchange.response.results[0].errorcode == 22
    faults.fault_set(READ_WRITE.name, faults.CODE, code=13)  # a request-level code: top-level status only
    document = raw_http(live).json()
    assert document == {"status": {"code": 400, "errorcode": 13, "message": ERROR_MESSAGES[13]}}


@pytest.mark.django_db(transaction=True)
def test_a_slow_answer_comes_late_but_complete(live, alice, alice_client):
    faults.fault_set(READ_WRITE.name, faults.SLOW, seconds=1)
    exchange = over_http(live)
    assert exchange.error is None and exchange.response.results[0].errorcode == 0
    assert exchange.duration >= 1.0
    started = time.monotonic()
    log = composer_send(alice_client, alice)
    assert log.status == CallLog.Status.OK and time.monotonic() - started >= 1.0


@pytest.mark.django_db
def test_a_slow_answer_waits_no_longer_than_the_caller(alice):
    from explorer.calls import services as call_services
    from explorer.accounts.models import sandbox_endpoint

    faults.fault_set(READ_WRITE.name, faults.SLOW, seconds=30)
    started = time.monotonic()
    outcome = call_services.call_perform(actions=[ESTATE_READ], token=READ_WRITE.token, secret=READ_WRITE.secret,
                                         url=sandbox_endpoint(), origin="ui", deadline=Deadline(0.5))
    assert outcome.exchange.error.kind == "deadline"
    assert time.monotonic() - started < 2


@pytest.mark.django_db(transaction=True)
def test_html_502_looks_like_a_proxy_and_runs_nothing(live, alice, alice_client):
    faults.fault_set(READ_WRITE.name, faults.HTML_502)
    response = raw_http(live, action=Action(ActionKind.CREATE, "address", parameters={"Name": "Nobody"}))
    assert response.status_code == 502 and response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<!DOCTYPE html>") and "502 Bad Gateway" in response.text
    assert not Record.objects.filter(module="address").exists()
    exchange = over_http(live)
    assert exchange.error.kind == "http" and exchange.error.http_status == 502
    log = composer_send(alice_client, alice)
    assert log.status == CallLog.Status.TRANSPORT_ERROR and log.http_status == 502


@pytest.mark.django_db(transaction=True)
def test_a_truncated_body_starts_valid_and_breaks_off(live, alice, alice_client):
    seed(20, 40, reset=True)
    whole = raw_http(live).content
    faults.fault_set(READ_WRITE.name, faults.TRUNCATED)
    response = raw_http(live)
    assert response.status_code == 200 and len(response.content) == len(whole) // 2
    assert whole.startswith(response.content) and response.content.startswith(b'{"status":')
    with pytest.raises(ValueError):
        json.loads(response.content)
    assert isinstance(over_http(live).error, ResponseFormatError)
    log = composer_send(alice_client, alice)
    assert log.status == CallLog.Status.FORMAT_ERROR and log.http_status == 200


@pytest.mark.django_db(transaction=True)
def test_an_unknown_token_is_answered_as_usual_while_faults_are_on(live):
    for user in api_users():
        faults.fault_set(user.name, faults.HTML_502)
    stranger = type(READ_WRITE)(name="x", token="0" * 32, secret="1" * 64, rights="read-write")
    exchange = over_http(live, stranger)
    assert exchange.response.code == 400 and exchange.response.results[0].errorcode == 22


# --- The console ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_console_shows_a_fault_row_per_user_and_the_reset(alice_client):
    page = alice_client.get("/sandbox/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    text = page.text
    for user in api_users():
        assert f'id="fault-{user.rights}"' in text
        assert f'hx-post="/sandbox/faults/{user.name}/"' in text and f'action="/sandbox/faults/{user.name}/"' in text
    assert text.count("Answers normally.") == 3 and 'id="fault-banner"></div>' in text
    assert '<datalist id="fault-codes">' in text and '<option value="137">137 · The HMAC is invalid.</option>' in text
    assert "Only owners of a team workspace and staff can reset" in text  # Alice owns only her personal one
    assert 'action="/sandbox/reset/"' not in text


@pytest.mark.django_db
def test_setting_a_fault_from_the_console_answers_the_row_and_the_banner(alice_client):
    response = alice_client.post_htmx(f"/sandbox/faults/{READ_ONLY.name}/", {"kind": "code", "code": "137",
                                                                            "seconds": ""}, target="fault-read-only")
    assert response.status_code == 200
    fragment = response.text
    assert fragment.lstrip().startswith('<div class="fault-row is-on" id="fault-read-only">') and "<html" not in fragment
    assert "Every action fails with 137 “The HMAC is invalid.”" in fragment and "Set by alice" in fragment
    assert '<div id="fault-banner" hx-swap-oob="true">' in fragment and 'id="toasts" hx-swap-oob' in fragment
    assert faults.fault_for(READ_ONLY).code == 137
    # Every page now shows the banner, naming the API user and the fault, with the way to the console.
    page = alice_client.get("/credentials/").text
    assert "Sandbox fault on:" in page and f"<code>{READ_ONLY.name}</code> error 137" in page
    assert 'href="/sandbox/#sandbox-faults"' in page
    # Switching it off: a plain form post, back to the console.
    off = alice_client.post_form(f"/sandbox/faults/{READ_ONLY.name}/", {"clear": "1"}, follow=True)
    assert off.redirect_chain == [("/sandbox/#fault-read-only", 302)]
    assert f"{READ_ONLY.name} answers normally again." in messages_of(off)
    assert faults.fault_list() == [] and "Sandbox fault" not in alice_client.get("/credentials/").text


@pytest.mark.django_db
def test_choosing_off_clears_too(alice_client):
    faults.fault_set(READ_WRITE.name, faults.TRUNCATED)
    response = alice_client.post_form(f"/sandbox/faults/{READ_WRITE.name}/", {"kind": "off"})
    assert response.status_code == 302 and faults.fault_list() == []


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "code", "code": ""}, "No code: choose one of the listed codes"),
    ({"kind": "code", "code": "2"}, "2 is not a documented onOffice error code"),
    ({"kind": "code", "code": "seventy"}, "Enter the error code as a whole number"),
    ({"kind": "slow", "seconds": "0"}, "A slow answer needs a delay of 1 to 120 whole seconds."),
    ({"kind": "slow", "seconds": "500"}, "A slow answer needs a delay of 1 to 120 whole seconds."),
    ({"kind": "slow", "seconds": "1.5"}, "Enter the delay in whole seconds"),
    ({"kind": "teapot"}, "Select a valid choice."),
    ({}, "This field is required."),
])
def test_bad_input_gets_a_clear_message_and_changes_nothing(alice_client, data, message):
    plain = alice_client.post_form(f"/sandbox/faults/{READ_WRITE.name}/", data)
    assert plain.status_code == 400 and message in plain.text and "<html" in plain.text
    fragment = alice_client.post_htmx(f"/sandbox/faults/{READ_WRITE.name}/", data, target="fault-read-write")
    assert fragment.status_code == 200 and message in fragment.text and "<html" not in fragment.text
    assert 'class="errorlist' in fragment.text
    assert not FaultMode.objects.exists()


@pytest.mark.django_db
def test_the_fault_urls_refuse_strangers_and_unknown_users(alice_client, client_for):
    assert alice_client.post_form("/sandbox/faults/demo-admin/", {"kind": "clock"}).status_code == 404
    assert alice_client.post(f"/sandbox/faults/{READ_WRITE.name}/", {"kind": "clock"}).status_code == 403  # no CSRF
    anonymous = client_for().post_form(f"/sandbox/faults/{READ_WRITE.name}/", {"kind": "clock"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert not FaultMode.objects.exists()
    # A plain GET of either action URL shows the console.
    for url in (f"/sandbox/faults/{READ_WRITE.name}/", "/sandbox/reset/"):
        page = alice_client.get(url)
        assert page.status_code == 200 and 'id="sandbox-faults"' in page.text


@pytest.mark.django_db
def test_with_the_sandbox_off_there_is_no_console_and_no_banner(alice_client, settings):
    faults.fault_set(READ_WRITE.name, faults.CLOCK)
    settings.SANDBOX_ENABLED = False
    page = alice_client.get("/sandbox/").text
    assert "The sandbox is switched off on this server." in page
    assert 'id="sandbox-faults"' not in page and "Sandbox fault" not in page
    refused = alice_client.post_form(f"/sandbox/faults/{READ_WRITE.name}/", {"kind": "hmac"}, follow=True)
    assert any("switched off" in m for m in messages_of(refused))
    assert faults.fault_for(READ_WRITE).kind == "clock"


# --- Reset ---------------------------------------------------------------------------------------

@pytest.fixture
def small_seed(db):
    return seed(20, 40, reset=True)


def test_reset_by_a_team_owner_restores_the_data_and_clears_faults(small_seed, alice, alice_client):
    account_services.workspace_create(user=alice, name="Makler Team")
    Record.objects.create(module="estate", record_id=99_999, data="{}")  # a write someone made
    faults.fault_set(READ_ONLY.name, faults.HMAC)
    page = alice_client.get("/sandbox/").text
    assert 'action="/sandbox/reset/"' in page and 'name="confirm" value="yes" required' in page
    assert "The sandbox holds 20 estates and 40 addresses." in page
    response = alice_client.post_form("/sandbox/reset/", {"confirm": "yes"}, follow=True)
    assert response.redirect_chain == [("/sandbox/", 302)]
    [message] = messages_of(response)
    assert message.startswith("Sandbox reset: 20 estates and 40 addresses seeded afresh (")
    assert f"Faults switched off for {READ_ONLY.name}." in message
    assert not Record.objects.filter(record_id=99_999).exists()
    assert (current().estates, current().addresses) == (20, 40)  # the size it had
    assert faults.fault_list() == []


def test_reset_needs_the_confirmation(small_seed, alice, alice_client):
    account_services.workspace_create(user=alice, name="Makler Team")
    Record.objects.create(module="estate", record_id=99_999, data="{}")
    response = alice_client.post_form("/sandbox/reset/", {})
    assert response.status_code == 400
    assert any("Tick the box to confirm" in m for m in messages_of(response))
    assert Record.objects.filter(record_id=99_999).exists()


def test_reset_is_refused_to_members_who_own_no_team(small_seed, team, client_for):
    Record.objects.create(module="estate", record_id=99_999, data="{}")
    for member in (team.eddie, team.vera, team.mallory):  # editor, viewer, outsider: each owns only a personal one
        response = client_for(member).post_form("/sandbox/reset/", {"confirm": "yes"})
        assert response.status_code == 403
        assert any("Only owners of a team workspace and staff" in m for m in messages_of(response))
    assert Record.objects.filter(record_id=99_999).exists()
    assert client_for(team.olga).post_form("/sandbox/reset/", {"confirm": "yes"}).status_code == 302  # co-owner
    assert not Record.objects.filter(record_id=99_999).exists()


def test_staff_and_anyone_under_debug_may_reset(small_seed, make_user, client_for, settings):
    staff = client_for(make_user("root", is_staff=True))
    assert staff.post_form("/sandbox/reset/", {"confirm": "yes"}).status_code == 302
    someone = client_for(make_user("someone"))
    assert someone.post_form("/sandbox/reset/", {"confirm": "yes"}).status_code == 403
    settings.DEBUG = True
    assert 'action="/sandbox/reset/"' in someone.get("/sandbox/").text
    assert someone.post_form("/sandbox/reset/", {"confirm": "yes"}).status_code == 302


def test_reset_needs_csrf_and_a_post(small_seed, alice, client_for, make_user):
    staff = client_for(make_user("root", is_staff=True))
    Record.objects.create(module="estate", record_id=99_999, data="{}")
    assert staff.post("/sandbox/reset/", {"confirm": "yes"}).status_code == 403
    assert staff.get("/sandbox/reset/?confirm=yes").status_code == 200
    assert Record.objects.filter(record_id=99_999).exists()
