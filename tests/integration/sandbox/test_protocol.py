"""Envelope, authentication and malformed requests, over real HTTP."""

import json
import time

import pytest

from explorer.onoffice.actions import Action, ActionKind
from explorer.onoffice.responses import parse_response
from explorer.onoffice.signing import build_envelope, encode_envelope, sign_v1, sign_v2
from explorer.sandbox.resources.registry import HANDLERS

from .conftest import CREATE, GET, READ, REL

ESTATE_READ = Action(READ, "estate", parameters={"data": ["Id", "objekttitel"], "listlimit": 2})


def signed(api, actions, *, rights="read-write", hmac_version=2, clock=time.time) -> dict:
    user = api.users[rights]
    return build_envelope(actions, token=user.token, secret=user.secret, hmac_version=hmac_version, clock=clock)


def top_level(response) -> dict:
    doc = response.json()
    assert "response" not in doc  # unreadable requests get no results, as the SDK expects
    return doc["status"]


@pytest.mark.parametrize("hmac_version", [1, 2])
@pytest.mark.parametrize("rights", ["read-write", "read-only", "published-only"])
def test_every_api_user_reads_with_either_hmac_version(api, rights, hmac_version):
    result = api.ok(READ, "estate", {"data": ["Id"]}, rights=rights, hmac_version=hmac_version)
    assert result.cacheable is True
    assert result.records and all(r.type == "estate" for r in result.records)


def test_latest_endpoint_answers_like_stable(api):
    stable = api.ok(READ, "estate", {"data": ["Id", "kaufpreis"]})
    latest = api.ok(READ, "estate", {"data": ["Id", "kaufpreis"]}, url=api.latest_url)
    assert stable.records == latest.records


def test_results_follow_action_order_and_echo_the_action(api):
    exchange = api.exchange(
        Action(GET, "fields", "", "first", {"modules": ["address"]}),
        Action(READ, "estate", 7, "second", {"data": ["Id"]}),
        Action(READ, "nope", "x", "third", {}),
    )
    response = exchange.response
    assert (response.code, response.errorcode, response.message) == (200, 97, "Error in action")
    first, second, third = response.results
    assert (first.identifier, first.resourcetype, first.errorcode) == ("first", "fields", 0)
    assert (second.identifier, second.resourceid, second.records[0].id) == ("second", 7, 7)
    assert (third.identifier, third.resourceid, third.errorcode) == ("third", "x", 25)
    assert third.message == 'Missing configuration for resourceType "nope"'


def test_failed_result_has_empty_data_array_and_is_not_cacheable(api):
    body = encode_envelope(signed(api, [Action(READ, "estate", parameters={"data": ["nonsense"]}), ESTATE_READ]))
    doc = api.raw(body).json()
    failed, good = doc["response"]["results"]
    assert failed["data"] == [] and failed["cacheable"] is False
    assert failed["status"] == {"errorcode": 143, "message": "Unknown field in estate data: nonsense"}
    assert good["cacheable"] is True and good["data"]["meta"]["cntabsolute"] == 60
    assert list(failed) == ["actionid", "resourceid", "resourcetype", "cacheable", "identifier", "data", "status"]


def test_writes_are_not_cacheable(api):
    result = api.ok(CREATE, "task", {"data": {"Betreff": "Anruf"}})
    assert result.cacheable is False


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded", "text/plain", None])
def test_any_content_type_is_read_as_json(api, content_type):
    body = encode_envelope(signed(api, [ESTATE_READ]))
    response = api.raw(body, content_type=content_type)
    assert response.status_code == 200
    assert parse_response(response.content, expected_results=1).ok


@pytest.mark.parametrize(("body", "code"), [
    (b"", 9),
    (b"   \n", 9),
    (b"{not json", 4),
    (b'{"token": "a', 4),
    (b'{"token": "a\x01b"}', 5),
    (b"\xff\xfe{}", 7),
    (b"[" * 200_000 + b"]" * 200_000, 3),
    (b'{"token": "t", "request": {"actions": [' + b"[" * 600 + b"]" * 600 + b"]}}", 3),  # deeper than PHP reads
    (b'{"token": "\\ud800", "request": {"actions": [{}]}}', 7),  # an unpaired surrogate has no UTF-8 form
    (b"[]", 13),
    (b'"just a string"', 13),
    (b'{"request": {"actions": []}}', 13),
    (b'{"token": 42, "request": {"actions": [{}]}}', 13),
    (b'{"token": "t"}', 14),
    (b'{"token": "t", "request": []}', 14),
    (b'{"token": "t", "request": {}}', 15),
    (b'{"token": "t", "request": {"actions": []}}', 15),
    (b'{"token": "t", "request": {"actions": {"a": 1}}}', 15),
])
def test_malformed_requests_get_a_top_level_error(bare_api, body, code):
    response = bare_api.raw(body)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    status = top_level(response)
    assert status["errorcode"] == code
    assert status["code"] == 400
    assert parse_response(response.content, expected_results=1).errorcode == code


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_other_methods_than_post_get_json_not_an_error_page(bare_api, method):
    response = bare_api.raw(None, method=method, content_type=None)
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert top_level(response) == {"code": 400, "errorcode": 9, "message": "Empty request"}


@pytest.mark.parametrize(("action", "code"), [
    ("not an object", 247),
    ({"resourcetype": "estate", "resourceid": "", "parameters": {}}, 16),
    ({"actionid": "", "resourcetype": "estate", "resourceid": "", "parameters": {}}, 17),
    ({"actionid": "urn:onoffice-de-ns:smart:2.5:smartml:action:fly", "resourcetype": "estate", "resourceid": "",
      "parameters": {}}, 23),
    ({"actionid": ActionKind.READ.urn, "resourceid": "", "parameters": {}}, 19),
    ({"actionid": ActionKind.READ.urn, "resourcetype": "estate", "parameters": {}}, 18),
    ({"actionid": ActionKind.READ.urn, "resourcetype": "estate", "resourceid": [1], "parameters": {}}, 18),
    ({"actionid": ActionKind.READ.urn, "resourcetype": "estate", "resourceid": ""}, 20),
    ({"actionid": ActionKind.READ.urn, "resourcetype": "estate", "resourceid": "", "parameters": [1]}, 20),
])
def test_malformed_actions_fail_alone(api, action, code):
    good = signed(api, [ESTATE_READ])
    envelope = {"token": good["token"], "request": {"actions": [action, *good["request"]["actions"]]}}
    doc = api.raw(json.dumps(envelope)).json()
    assert doc["status"] == {"code": 200, "errorcode": 97, "message": "Error in action"}
    bad, ok = doc["response"]["results"]
    assert bad["status"]["errorcode"] == code and bad["data"] == []
    assert ok["status"]["errorcode"] == 0


def test_empty_parameters_may_be_sent_as_php_empty_array(api):
    user = api.users["read-write"]
    now = int(time.time())
    action = {"actionid": ActionKind.GET.urn, "identifier": "", "parameters": [], "resourceid": "",
              "resourcetype": "estateCategories", "timestamp": now}
    for version, signature in ((None, sign_v1(token=user.token, secret=user.secret, timestamp=now,
                                               resourcetype="estateCategories", actionid=ActionKind.GET.urn)),
                               (2, sign_v2(token=user.token, secret=user.secret, timestamp=now,
                                           resourcetype="estateCategories", actionid=ActionKind.GET.urn))):
        raw = {**action, "hmac": signature, **({"hmac_version": version} if version else {})}
        doc = api.raw(json.dumps({"token": user.token, "request": {"actions": [raw]}})).json()
        assert doc["status"]["errorcode"] == 0, doc


def test_unknown_token_fails_every_action_with_22_and_top_level_400(api):
    envelope = signed(api, [ESTATE_READ, ESTATE_READ])
    envelope["token"] = "0" * 32
    doc = api.raw(encode_envelope(envelope)).json()
    assert doc["status"] == {"code": 400, "errorcode": 97, "message": "Error in action"}
    assert [r["status"] for r in doc["response"]["results"]] == [{"errorcode": 22, "message": "Not authenticated"}] * 2


@pytest.mark.parametrize(("offset", "code"), [(-121, 136), (-300, 136), (125, 136), (-100, 0), (100, 0)])
def test_timestamp_must_be_within_120_seconds(api, offset, code):
    result = api.one(READ, "estate", {"data": ["Id"]}, clock=lambda: time.time() + offset)
    assert result.errorcode == code
    if code:
        assert result.message == "Your timestamp is too old or your server time is wrong."


@pytest.mark.parametrize("timestamp", [10**400, -(10**400), "9" * 400, "9" * 5000, 2**63, 1.7e9, [1], None, True])
def test_a_timestamp_that_is_no_64_bit_integer_is_136(api, timestamp):
    envelope = signed(api, [ESTATE_READ])
    envelope["request"]["actions"][0]["timestamp"] = timestamp
    doc = api.raw(json.dumps(envelope)).json()
    assert doc["response"]["results"][0]["status"]["errorcode"] == 136


def test_a_resourceid_beyond_64_bits_is_18_and_echoed_empty(api):
    envelope = signed(api, [ESTATE_READ])
    envelope["request"]["actions"][0]["resourceid"] = 10**30
    result = api.raw(json.dumps(envelope)).json()["response"]["results"][0]
    assert (result["status"]["errorcode"], result["resourceid"]) == (18, "")


def test_tokens_and_signatures_that_are_not_ascii_match_no_one(api):
    envelope = signed(api, [ESTATE_READ])
    envelope["request"]["actions"][0]["hmac"] = "ünsigniert"
    assert api.raw(json.dumps(envelope)).json()["response"]["results"][0]["status"]["errorcode"] == 137
    envelope["token"] = "tökén"
    doc = api.raw(json.dumps(envelope)).json()
    assert doc["status"]["code"] == 400 and doc["response"]["results"][0]["status"]["errorcode"] == 22


@pytest.mark.parametrize("hmac_version", [1, 2])
def test_lists_sent_as_objects_with_numeric_keys_are_lists(api, hmac_version):
    """PHP's json_encode writes an array with a gap (after unset()) as an object; PHP reads it back as the same
    array, so the API takes it wherever a list is expected, at any depth. The v1 signature covers what was sent."""
    as_list = api.ok(READ, "estate", {"data": ["Id", "kaufpreis"], "listlimit": 50,
                                      "filter": {"Id": [{"op": "in", "val": [3, 5, 9]}]}})
    as_object = api.ok(READ, "estate", {"data": {"0": "Id", "2": "kaufpreis"}, "listlimit": 50,
                                        "filter": {"Id": {"1": {"op": "in", "val": {"0": 3, "4": 5, "7": 9}}}}},
                       hmac_version=hmac_version)
    assert [r.id for r in as_object.records] == [3, 5, 9]
    assert [r.elements for r in as_object.records] == [r.elements for r in as_list.records]
    related = api.ok(GET, "idsfromrelation", {"relationtype": REL + "estate:address:owner",
                                              "parentids": {"1": 2, "3": 4}}, hmac_version=hmac_version)
    assert set(related.records[0].elements) == {"2", "4"}
    # The parameter set itself is an object whatever its keys: "0" is an (unknown) parameter name, not a list.
    assert api.one(READ, "estate", {"0": "Id"}, hmac_version=hmac_version).errorcode == 0


@pytest.mark.parametrize("hmac_version", [1, 2])
def test_wrong_secret_is_137(api, hmac_version):
    user = api.users["read-write"]
    envelope = build_envelope([ESTATE_READ], token=user.token, secret="f" * 64, hmac_version=hmac_version)
    result = parse_response(api.raw(encode_envelope(envelope)).content).results[0]
    assert (result.errorcode, result.message) == (137, "The HMAC is invalid.")


def test_v1_signs_the_parameters_and_v2_does_not(api):
    for version, expected in ((1, 137), (2, 0)):
        envelope = signed(api, [ESTATE_READ], hmac_version=version)
        envelope["request"]["actions"][0]["parameters"]["listlimit"] = 3  # tampered after signing
        result = parse_response(api.raw(encode_envelope(envelope)).content).results[0]
        assert result.errorcode == expected


def test_v1_with_umlauts_slashes_and_floats_in_parameters(api):
    result = api.ok(READ, "estate", {"data": ["Id"], "filter": {"ort": [{"op": "like", "val": "Köln/%"}],
                                                                 "kaufpreis": [{"op": ">", "val": 1.5}]}},
                    hmac_version=1)
    assert result.cntabsolute == 0


@pytest.mark.parametrize(("version", "code"), [("2", 0), (2, 0), ("3", 255), (True, 255)])
def test_hmac_version_as_int_or_string(api, version, code):
    envelope = signed(api, [ESTATE_READ])
    envelope["request"]["actions"][0]["hmac_version"] = version
    assert parse_response(api.raw(encode_envelope(envelope)).content).results[0].errorcode == code


def test_hmac_must_be_a_string(api):
    envelope = signed(api, [ESTATE_READ])
    envelope["request"]["actions"][0]["hmac"] = 12345
    result = parse_response(api.raw(encode_envelope(envelope)).content).results[0]
    assert (result.errorcode, result.message) == (243, 'The HMAC is invalid. "hmac" should be passed as string')


def test_read_only_user_cannot_write(api):
    for kind, resourcetype, parameters in (
        (CREATE, "estate", {"data": {"objektart": "haus", "nutzungsart": "wohnen", "vermarktungsart": "kauf"}}),
        (ActionKind.MODIFY, "address", {"Vorname": "Eva"}),
        (ActionKind.DELETE, "relation", {"relationtype": "x", "parentid": 1, "childid": 1}),
    ):
        result = api.one(kind, resourcetype, parameters, resourceid=1 if kind is ActionKind.MODIFY else "",
                         rights="read-only")
        assert (result.errorcode, result.message) == (174, "Missing permission to perform modify call")
    assert api.ok(READ, "estate", {"data": ["Id"]}, rights="read-only").cntabsolute == 60


def test_unexpected_failure_is_error_1_not_an_error_page(api, monkeypatch):
    def explode(ctx):
        raise RuntimeError("boom")

    monkeypatch.setitem(HANDLERS, ("estateCategories", ActionKind.GET), explode)
    results = api.results(Action(GET, "estateCategories"), ESTATE_READ)
    assert [(r.errorcode, r.message) for r in results] == [(1, "Unknown error occurred"), (0, "OK")]


def test_responses_are_encoded_like_php(api):
    body = api.raw(encode_envelope(signed(api, [Action(GET, "estateCategories")]))).text
    assert "B\\u00fcro\\/Praxen" in body  # umlauts as \u00fc and slashes escaped, as json_encode does


EVERY_RESOURCE = [
    Action(READ, "estate", parameters={"data": ["Id", "kaufpreis"], "filter": {"kaufpreis": [{"op": ">", "val": 1.5}]},
                                       "sortby": {"kaufpreis": "DESC"}, "formatoutput": True}),
    Action(CREATE, "estate", parameters={"data": {"objektart": "haus", "nutzungsart": "wohnen",
                                                  "vermarktungsart": "kauf", "objekttitel": "Schöne Aussicht/Süd"}}),
    Action(ActionKind.MODIFY, "estate", 3, parameters={"data": {"kaufpreis": 199999.5, "heizungsart": ["fern"]}}),
    Action(READ, "address", parameters={"data": ["Name", "email"], "recordids": [1, 2], "sortby": "Name"}),
    Action(CREATE, "address", parameters={"Vorname": "Jürgen", "email": "j@example.org", "HerkunftKontakt": []}),
    Action(ActionKind.MODIFY, "address", "4", parameters={"phone": {"action": "add", "newvalue": "0241 1"}}),
    Action(GET, "fields", parameters={"labels": True, "language": "ENG", "modules": ["estate"], "fieldList": ["Id"]}),
    Action(GET, "search", "estate", parameters={"input": "Köln"}),
    Action(GET, "search", "address", parameters={"input": "a", "listlimit": 5}),
    Action(CREATE, "relation", parameters={"relationtype": "urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:buyer",
                                           "parentid": [1], "childid": [5]}),
    Action(ActionKind.MODIFY, "relation", parameters={
        "relationtype": "urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:buyer", "parentid": [1],
        "childid": [5], "relationinfo": {"statusTerminbestaetigung": "bestätigt"}}),
    Action(GET, "idsfromrelation", parameters={
        "relationtype": "urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:buyer", "parentids": [1]}),
    Action(ActionKind.DELETE, "relation", parameters={
        "relationtype": "urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:buyer", "parentid": 1, "childid": 5}),
    Action(GET, "estateCategories"),
    Action(GET, "searchcriterias", parameters={"mode": "internal", "ids": [1, 2, 3]}),
    Action(CREATE, "searchcriteria", parameters={"addressid": 2, "data": {"objektart": ["wohnung"], "range": 5}}),
    Action(ActionKind.MODIFY, "searchcriteria", 1, parameters={"data": {"kaufpreis": [1, 2.5]}}),
    Action(ActionKind.DELETE, "searchcriteria", 2),
    Action(READ, "agentslog", parameters={"data": ["Datum"], "estateid": [1, 2]}),
    Action(CREATE, "agentslog", parameters={"addressids": [1], "note": "Anruf – Rückfrage", "cost": 0.5}),
    Action(READ, "task", parameters={"data": ["Betreff"], "filter": {"Nr": [{"op": "<", "val": 5}]}}),
    Action(CREATE, "task", parameters={"data": {"Betreff": "Exposé/Fotos", "Prio": 1}, "relatedEstateId": 1}),
    Action(ActionKind.MODIFY, "task", 1, parameters={"data": {"Status": "3"}}),
    Action(GET, "users", parameters={"userfilter": "byGroupId", "groupId": 1}),
    Action(GET, "actionkindtypes", parameters={"lang": "ENG"}),
    Action(READ, "basicsettings", parameters={"data": {"basicData": {"characteristicsCi": ["color"]}}}),
    Action(GET, "regions", parameters={"language": "DEU"}),
    Action(GET, "filters", parameters={"module": "address"}),
    Action(GET, "estatepictures", parameters={"estateids": [1], "categories": ["Foto"], "size": "300x200"}),
]


@pytest.mark.parametrize("hmac_version", [1, 2])
def test_every_resource_type_with_either_hmac_version(api, hmac_version):
    results = api.results(*EVERY_RESOURCE, hmac_version=hmac_version)
    assert [(r.resourcetype, r.errorcode, r.message) for r in results] == [
        (a.resourcetype, 0, "OK") for a in EVERY_RESOURCE]
    assert [r.cacheable for r in results] == [not a.kind.is_write for a in EVERY_RESOURCE]
