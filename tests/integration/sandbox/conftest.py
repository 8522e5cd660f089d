"""Fixtures for the sandbox tests: a small seeded sandbox behind pytest-django's live_server, driven
over real HTTP with the explorer's own client (explorer.onoffice.client.send_actions)."""

from __future__ import annotations

import json

import pytest
import requests

from explorer.onoffice.actions import Action, ActionKind
from explorer.onoffice.client import Exchange, send_actions
from explorer.onoffice.responses import ActionResult
from explorer.onoffice.transport import new_session
from explorer.sandbox.seeding import seed
from explorer.sandbox.users import api_users

ESTATES = 60
ADDRESSES = 150

READ, CREATE, MODIFY, GET, DELETE, DO = (ActionKind.READ, ActionKind.CREATE, ActionKind.MODIFY, ActionKind.GET,
                                         ActionKind.DELETE, ActionKind.DO)
REL = "urn:onoffice-de-ns:smart:2.5:relationTypes:"


class SandboxApi:
    """Sends actions to the live sandbox as one of its API users."""

    def __init__(self, base_url: str):
        self.url = f"{base_url}/sandbox/api/stable/api.php"
        self.latest_url = f"{base_url}/sandbox/api/latest/api.php"
        self.base_url = base_url
        self.users = {u.rights: u for u in api_users()}
        # Own session, closed after each test: no keep-alive socket outlives the live server's database.
        self.session = new_session()

    def exchange(self, *actions: Action, rights: str = "read-write", hmac_version: int = 2, url: str | None = None,
                 **options) -> Exchange:
        user = self.users[rights]
        exchange = send_actions(url or self.url, list(actions), token=user.token, secret=user.secret,
                                hmac_version=hmac_version, session=self.session, **options)
        assert exchange.error is None, exchange.error
        return exchange

    def results(self, *actions: Action, **options) -> list[ActionResult]:
        return self.exchange(*actions, **options).response.results

    def one(self, kind: ActionKind, resourcetype: str, parameters: dict | None = None, *, resourceid="",
            identifier="", **options) -> ActionResult:
        return self.results(Action(kind, resourcetype, resourceid, identifier, parameters or {}), **options)[0]

    def ok(self, kind: ActionKind, resourcetype: str, parameters: dict | None = None, **options) -> ActionResult:
        result = self.one(kind, resourcetype, parameters, **options)
        assert result.errorcode == 0, (result.errorcode, result.message)
        return result

    def error(self, kind: ActionKind, resourcetype: str, parameters: dict | None = None, **options) -> int:
        result = self.one(kind, resourcetype, parameters, **options)
        assert not result.cacheable and result.records == []
        return result.errorcode

    def raw(self, body, *, method: str = "POST", content_type: str | None = "application/json",
            url: str | None = None) -> requests.Response:
        headers = {"Content-Type": content_type} if content_type else {}
        data = body if isinstance(body, (bytes, str)) or body is None else json.dumps(body)
        return requests.request(method, url or self.url, data=data, headers=headers, timeout=10)

    def read_all(self, resourcetype: str, data: list[str], **parameters) -> list:
        """Every record of a list read, paging through it 500 at a time."""
        records, offset = [], 0
        while True:
            result = self.ok(READ, resourcetype, {"data": data, "listlimit": 500, "listoffset": offset, **parameters})
            records += result.records
            offset += 500
            if offset >= result.cntabsolute:
                return records


@pytest.fixture
def seeded(transactional_db):
    return seed(ESTATES, ADDRESSES, reset=True)


@pytest.fixture
def api(live_server, seeded):
    client = SandboxApi(live_server.url)
    yield client
    client.session.close()


@pytest.fixture
def bare_api(live_server, transactional_db):
    """The sandbox without demo data."""
    client = SandboxApi(live_server.url)
    yield client
    client.session.close()
