"""The "Getting started" requests (explorer/saved/onboarding.py) against the live sandbox: each one, with
its variables at their defaults, answers errorcode 0 overall and per action, or exactly its expected error."""

from __future__ import annotations

import pytest

from explorer.onoffice.actions import Action, ActionKind
from explorer.onoffice.client import send_actions
from explorer.onoffice.transport import new_session
from explorer.saved.onboarding import GETTING_STARTED, OnboardingRequest
from explorer.composer.variables import resolve_actions, variables_in
from explorer.sandbox.seeding import seed
from explorer.sandbox.users import api_users

# The sizes tests/integration/sandbox/conftest.py seeds: small and quick, and every id the requests name exists.
ESTATES, ADDRESSES = 60, 150


def as_actions(request: OnboardingRequest) -> list[Action]:
    return [Action(ActionKind(a["action"]), a["resourcetype"], a["resourceid"], a["identifier"], a["parameters"])
            for a in resolve_actions(request.actions, request.variables)]


@pytest.fixture
def sandbox(live_server, transactional_db):
    """(url, read-write user, session) of a freshly seeded sandbox; live_server needs a transactional database."""
    seed(ESTATES, ADDRESSES, reset=True)
    user = next(u for u in api_users() if u.rights == "read-write")
    session = new_session()
    yield f"{live_server.url}/sandbox/api/stable/api.php", user, session
    session.close()  # no keep-alive socket outlives the live server's database


def send(sandbox, request: OnboardingRequest):
    url, user, session = sandbox
    exchange = send_actions(url, as_actions(request), token=user.token, secret=user.secret, session=session)
    assert exchange.error is None, f"{request.name}: {exchange.error}"
    return exchange


@pytest.mark.parametrize("request_", GETTING_STARTED, ids=[r.name for r in GETTING_STARTED])
def test_request_answers_as_expected(sandbox, request_):
    exchange = send(sandbox, request_)
    response = exchange.response
    assert exchange.http.status == 200, request_.name
    codes = [(r.identifier, r.errorcode, r.message) for r in response.results]
    assert len(codes) == len(request_.actions), request_.name
    if request_.expect_error is None:
        assert response.errorcode == 0, (request_.name, response.errorcode, response.message, codes)
        assert all(code == 0 for _, code, _ in codes), (request_.name, codes)
    else:
        assert [code for _, code, _ in codes] == [request_.expect_error], (request_.name, codes)


def test_too_large_listlimit_falls_back_to_twenty(sandbox):
    """What "At most 500 records per call" tells: 500 is honoured, 1000 silently gives 20."""
    request = next(r for r in GETTING_STARTED if r.name == "04 At most 500 records per call")
    limit_500, limit_1000 = send(sandbox, request).response.results
    assert len(limit_500.records) == ESTATES
    assert len(limit_1000.records) == 20


def test_modify_changes_the_seeded_address(sandbox):
    request = next(r for r in GETTING_STARTED if r.name == "12 Modify an address")
    send(sandbox, request)
    url, user, session = sandbox
    read = Action(ActionKind.READ, "address", "", "", {"data": ["Bemerkung", "HerkunftKontakt"], "recordids": [1]})
    exchange = send_actions(url, [read], token=user.token, secret=user.secret, session=session)
    (record,) = exchange.response.results[0].records
    assert record.elements["Bemerkung"] == "Geändert über die API"
    assert record.elements["HerkunftKontakt"] == ""


def test_collection_is_well_formed():
    names = [r.name for r in GETTING_STARTED]
    assert 12 <= len(names) <= 14 and len(set(names)) == len(names)
    assert [r.expect_error is not None for r in GETTING_STARTED] == [False] * (len(names) - 1) + [True]
    used_variables = set()
    for request in GETTING_STARTED:
        used = variables_in(request.actions)
        assert set(used) == set(request.variables), (request.name, used, request.variables)
        used_variables.update(used)
        assert 1 <= request.description.count(". ") + 1 <= 4, request.name
    assert "city" in used_variables
