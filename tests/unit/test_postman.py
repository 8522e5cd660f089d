"""The Postman export (explorer/saved/postman.py) and the variables it relies on (explorer/composer/variables.py).

Whether the signing script really signs is checked by running it: tests/integration/test_newman.py.
"""

from __future__ import annotations

import json
import re

import pytest

from explorer.onoffice.actions import ActionKind
from explorer.saved.onboarding import GETTING_STARTED, GETTING_STARTED_FOLDER
from explorer.saved.postman import DEFAULT_URL, SCHEMA, postman_collection
from explorer.composer.variables import resolve_actions, substitute, variables_in

READ_ESTATES = {"name": "Estates", "description": "Some estates.", "actions": [
    {"resourcetype": "estate", "action": "read", "resourceid": "", "identifier": "list",
     "parameters": {"data": ["Id"], "filter": {"ort": [{"op": "=", "val": "{{city}}"}]}}},
]}
FIELDS = {"name": "Fields", "description": "", "actions": [
    {"resourcetype": "fields", "action": "get", "resourceid": "", "identifier": "", "parameters": {}},
    {"resourcetype": "estate", "action": "modify", "resourceid": "{{estate}}", "identifier": "", "parameters": None},
]}
BROKEN = {"name": "Broken", "description": "Fails.", "expect_error": 143, "actions": [
    {"resourcetype": "estate", "action": "read", "resourceid": "", "identifier": "", "parameters": {"data": ["X"]}},
]}


def collection(**overrides) -> dict:
    arguments = {"name": "Team requests", "description": "Saved requests of a team.",
                 "folders": [("", [FIELDS]), ("Estates", [READ_ESTATES, BROKEN])],
                 "variables": {"city": "Aachen", "estate": "1"}} | overrides
    return postman_collection(**arguments)


def requests_of(items: list[dict]) -> dict[str, dict]:
    out = {}
    for item in items:
        if "item" in item:
            out.update(requests_of(item["item"]))
        else:
            out[item["name"]] = item
    return out


def body(item: dict) -> dict:
    return json.loads(item["request"]["body"]["raw"])


def script(events: list[dict], listen: str) -> str:
    (event,) = [e for e in events if e["listen"] == listen]
    assert event["script"]["type"] == "text/javascript"
    return "\n".join(event["script"]["exec"])


def test_info_and_schema():
    result = collection()
    assert result["info"]["schema"] == SCHEMA == "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
    assert result["info"]["name"] == "Team requests"
    assert result["info"]["description"] == "Saved requests of a team."
    assert collection()["info"]["_postman_id"] == result["info"]["_postman_id"]  # the same export twice is equal
    assert json.loads(json.dumps(result)) == result  # plain JSON types only


def test_folders_become_item_groups_and_empty_name_is_top_level():
    items = collection(folders=[("", [FIELDS]), ("Estates", [READ_ESTATES]), ("Other", []),
                                ("Estates", [BROKEN])])["item"]
    assert [i["name"] for i in items] == ["Fields", "Estates", "Other"]
    assert "request" in items[0]
    assert [i["name"] for i in items[1]["item"]] == ["Estates", "Broken"]
    assert items[2]["item"] == []


def test_each_saved_request_is_one_post_to_the_url_variable():
    for item in requests_of(collection()["item"]).values():
        request = item["request"]
        assert request["method"] == "POST"
        assert request["url"] == "{{onoffice_url}}"
        assert request["header"] == [{"key": "Content-Type", "value": "application/json"}]
        assert request["body"]["mode"] == "raw"
        assert request["body"]["options"]["raw"]["language"] == "json"
    assert requests_of(collection()["item"])["Estates"]["request"]["description"] == "Some estates."


def test_body_holds_the_unsigned_actions():
    items = requests_of(collection()["item"])
    estates = body(items["Estates"])
    assert estates == {"token": "{{onoffice_token}}", "request": {"actions": [{
        "actionid": ActionKind.READ.urn, "resourceid": "", "identifier": "list", "resourcetype": "estate",
        "parameters": {"data": ["Id"], "filter": {"ort": [{"op": "=", "val": "{{city}}"}]}}}]}}
    fields, modify = body(items["Fields"])["request"]["actions"]
    assert fields["actionid"] == "urn:onoffice-de-ns:smart:2.5:smartml:action:get"
    assert fields["parameters"] == {} and modify["parameters"] == {}  # empty parameters as {}, also from None
    assert modify["actionid"] == ActionKind.MODIFY.urn and modify["resourceid"] == "{{estate}}"
    for item in items.values():
        for action in body(item)["request"]["actions"]:
            assert set(action) == {"actionid", "resourceid", "identifier", "resourcetype", "parameters"}


def test_unknown_action_is_refused():
    bad = {"name": "Bad", "description": "", "actions": [dict(READ_ESTATES["actions"][0], action="list")]}
    with pytest.raises(ValueError):
        collection(folders=[("", [bad])])


def test_variables_declare_endpoint_credentials_and_saved_defaults():
    variables = {v["key"]: v["value"] for v in collection()["variable"]}
    assert variables == {"onoffice_url": DEFAULT_URL, "onoffice_token": "", "onoffice_secret": "",
                         "city": "Aachen", "estate": "1"}
    assert DEFAULT_URL == "https://api.onoffice.de/api/stable/api.php"


@pytest.mark.parametrize("name", ["onoffice_token", "onoffice_secret", "onoffice_url", "expect_error",
                                  "has space", "{{x}}", ""])
def test_reserved_or_malformed_variable_names_are_refused(name):
    with pytest.raises(ValueError):
        collection(variables={name: "value"})


def test_no_secret_is_written():
    secret, token = "f" * 64, "e" * 32  # shaped like real credentials: must never appear
    text = json.dumps(collection())
    assert secret not in text and token not in text
    assert not re.search(r"\b[0-9a-f]{32,}\b", json.dumps(getting_started()))
    for variable in collection()["variable"]:
        if variable["key"] in ("onoffice_token", "onoffice_secret"):
            assert variable["value"] == ""
    for item in requests_of(collection()["item"]).values():
        assert "hmac" not in item["request"]["body"]["raw"] and "timestamp" not in item["request"]["body"]["raw"]


def test_prerequest_script_signs_every_action_like_sign_v2():
    text = script(collection()["event"], "prerequest")
    assert 'require("crypto-js")' in text
    assert "pm.variables.replaceIn(" in text
    assert "JSON.parse(body.raw)" in text
    # sign_v2: message = timestamp + token + resourcetype + actionid, HMAC-SHA256 keyed with the secret, Base64
    assert "String(timestamp) + token + action.resourcetype + action.actionid" in text
    assert "CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA256(message, secret))" in text
    assert "Math.floor(Date.now() / 1000)" in text
    assert "action.hmac_version = 2;" in text and "action.timestamp = timestamp;" in text
    assert "actions.forEach(" in text  # a fresh timestamp and signature per action
    # the resolved token of the envelope, not the raw "{{onoffice_token}}"
    assert "var token = envelope.token;" in text and text.index("envelope = resolve(envelope)") < text.index(
        "var token = envelope.token;")
    assert 'pm.variables.get("onoffice_secret")' in text
    assert "pm.request.body.raw = JSON.stringify(envelope);" in text
    assert 'pm.variables.set("expect_error", "");' in text  # reset before the request's own script runs


def test_test_script_checks_http_and_every_errorcode():
    text = script(collection()["event"], "test")
    assert "pm.response.to.have.status(200)" in text
    assert "answer.status.errorcode" in text and "result.status.errorcode" in text
    assert 'pm.variables.get("expect_error")' in text


def test_expected_error_lives_in_the_requests_own_script():
    items = requests_of(collection()["item"])
    assert "event" not in items["Estates"] and "event" not in items["Fields"]
    text = script(items["Broken"]["event"], "prerequest")
    assert 'pm.variables.set("expect_error", "143");' in text


def getting_started() -> dict:
    variables = {}
    for request in GETTING_STARTED:
        variables.update(request.variables)
    return postman_collection(name="Getting started", description="FAQ",
                              folders=[(GETTING_STARTED_FOLDER, [r.as_saved() for r in GETTING_STARTED])],
                              variables=variables)


def test_getting_started_exports_with_its_variables():
    result = getting_started()
    (folder,) = result["item"]
    assert folder["name"] == "Getting started"
    assert [i["name"] for i in folder["item"]] == [r.name for r in GETTING_STARTED]
    variables = {v["key"]: v["value"] for v in result["variable"]}
    assert variables["city"] == "Aachen"
    assert any("{{city}}" in item["request"]["body"]["raw"] for item in folder["item"])
    assert sum("event" in item for item in folder["item"]) == 1


# --- variables ---------------------------------------------------------------------------------

def test_variables_in_finds_names_in_strings_in_order():
    actions = [{"resourceid": "{{id}}", "identifier": "x-{{a.b}}",
                "parameters": {"filter": {"ort": [{"op": "=", "val": "{{city}} {{a-c}}"}]}, "n": 3,
                               "{{key}}": "not a variable position"}},
               {"resourceid": "", "identifier": "", "parameters": {"input": "{{city}}"}}]
    assert variables_in(actions) == ["id", "a.b", "city", "a-c"]


def test_substitute_replaces_known_names_and_keeps_unknown_ones():
    value = {"val": "{{city}}/{{missing}}", "list": ["{{city}}", 5, None], "{{city}}": True}
    assert substitute(value, {"city": "Köln"}) == {"val": "Köln/{{missing}}", "list": ["Köln", 5, None],
                                                    "{{city}}": True}


def test_resolve_actions_keeps_other_keys():
    (action,) = resolve_actions([{"action": "get", "resourcetype": "search", "resourceid": "{{rt}}",
                                  "identifier": "", "parameters": {"input": "{{q}}"}}], {"rt": "estate", "q": "x"})
    assert action == {"action": "get", "resourcetype": "search", "resourceid": "estate", "identifier": "",
                      "parameters": {"input": "x"}}
