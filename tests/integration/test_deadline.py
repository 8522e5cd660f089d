"""One deadline per user action, over the whole exchange: an upstream that drips its status line and headers
(no read ever times out) or stalls, on every call a composer send makes, still ends within ONOFFICE_DEADLINE."""

import time

import pytest

from explorer.accounts import services as account_services
from explorer.calls.models import CallLog
from explorer.calls.services import call_perform
from explorer.onoffice.actions import Action, ActionKind
from tests import stub_upstream

pytestmark = pytest.mark.django_db

DEADLINE = 2.0
BOUND = DEADLINE + 1.0


@pytest.fixture(params=["drip_headers", "slow"])
def stalled(request, allow_stub, settings):
    """Every call stalls: headers one byte per 0.2 s, or no answer for 30 s; reads never time out first."""
    settings.ONOFFICE_DEADLINE = DEADLINE
    settings.ONOFFICE_READ_TIMEOUT = 20.0 if request.param == "slow" else 1.0
    allow_stub.mode = request.param
    allow_stub.delay = 30
    return allow_stub


def test_a_call_ends_within_the_deadline(stalled):
    started = time.monotonic()
    outcome = call_perform(actions=[Action(kind=ActionKind.READ, resourcetype="estate")], token=stub_upstream.TOKEN,
                           secret=stub_upstream.SECRET, url=stalled.url, origin="cli")
    assert time.monotonic() - started < BOUND
    log = CallLog.objects.get()
    assert log.status == CallLog.Status.TRANSPORT_ERROR
    assert f"The answer took longer than {DEADLINE:g} s" in log.error_text
    assert outcome.exchange.error.kind == "deadline"


@pytest.fixture
def composer(make_user, client_for, stalled):
    alice = make_user("alice")
    credential = account_services.credential_create(user=alice, label="Stalled", token=stub_upstream.TOKEN,
                                                    secret=stub_upstream.SECRET, api_url=stalled.url,
                                                    hmac_version=2, read_only=False)
    return client_for(alice), credential


def sent_resourcetypes(stub):
    import json

    return [a["resourcetype"] for r in stub.requests for a in json.loads(r["body"])["request"]["actions"]]


@pytest.mark.parametrize("stalled", ["drip_headers"], indirect=True)  # "slow" is covered above
@pytest.mark.parametrize(("resourcetype", "action"), [("estate", "read"), ("agentslog", "create")])
def test_a_composer_send_ends_within_the_deadline_and_names_the_step(composer, stalled, resourcetype, action):
    client, credential = composer
    data = {"cred": credential.pk, "n": 1, "0-rt": resourcetype, "0-act": action, "0-params": "{}",
            "confirm": "1", "force": "1"}
    started = time.monotonic()
    response = client.post_form("/compose/send/", data)  # the whole page: the form shows the fields' error
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < BOUND, f"the send took {elapsed:.1f} s"
    page = response.content.decode()
    assert "The field configuration could not be loaded in time" in page
    assert "Nothing was sent" in page and f"the {DEADLINE:g} s one send may take ran out" in page
    assert sent_resourcetypes(stalled) == ["fields"], "the action is not sent once the time is gone"
    assert CallLog.objects.count() == 1
    # Failed lookups are remembered: within a send or two the action itself gets the whole time.
    for _ in range(2):
        started = time.monotonic()
        response = client.post_htmx("/compose/send/", data, target="call-result")
        assert time.monotonic() - started < BOUND
        if sent_resourcetypes(stalled)[-1] == resourcetype:
            break
    assert f"The answer took longer than {DEADLINE:g} s" in response.content.decode()
    lookups = sent_resourcetypes(stalled)[:-1]
    assert sorted(lookups) == (["actionkindtypes", "fields"] if resourcetype == "agentslog" else ["fields"])


@pytest.mark.parametrize("stalled", ["drip_headers"], indirect=True)
def test_the_action_gets_the_time_the_field_configuration_left(composer, stalled, settings):
    """With the configuration cached, the send itself runs out and says so."""
    client, credential = composer
    data = {"cred": credential.pk, "n": 1, "0-rt": "estate", "0-act": "read", "0-params": "{}"}
    stalled.mode = "verify"
    client.get("/compose/", data)  # loads and caches the field configuration
    stalled.mode = "drip_headers"
    settings.ONOFFICE_READ_TIMEOUT = 1.0
    started = time.monotonic()
    response = client.post_htmx("/compose/send/", data, target="call-result")
    assert time.monotonic() - started < BOUND
    assert f"The answer took longer than {DEADLINE:g} s" in response.content.decode()
    assert sent_resourcetypes(stalled) == ["fields", "estate"]
