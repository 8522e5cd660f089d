import json

import pytest

from explorer.onoffice.errors import ResponseFormatError
from explorer.onoffice.responses import parse_response

READ = "urn:onoffice-de-ns:smart:2.5:smartml:action:read"


def envelope(*results, errorcode=0):
    return json.dumps({"status": {"code": 200, "errorcode": errorcode, "message": "OK"},
                       "response": {"results": list(results)}})


def result(**overrides):
    base = {"actionid": READ, "resourceid": "", "resourcetype": "estate", "identifier": "", "cacheable": True,
            "data": {"meta": {"cntabsolute": 17},
                     "records": [{"id": 1051, "type": "estate", "elements": {"Id": "1051"}}]},
            "status": {"errorcode": 0, "message": "OK"}}
    return base | overrides


def test_documented_success_shape():
    response = parse_response(envelope(result()), expected_results=1)
    assert response.ok
    [r] = response.results
    assert r.cntabsolute == 17 and r.cacheable and r.records[0].id == 1051
    assert r.records[0].elements == {"Id": "1051"}


@pytest.mark.parametrize(("raw", "expected"), [(17, 17), ("17", 17), (None, None), ("1.234", 1234), ([], None)])
def test_cntabsolute_as_number_string_or_null(raw, expected):
    r = result(data={"meta": {"cntabsolute": raw}, "records": []})
    assert parse_response(envelope(r)).results[0].cntabsolute == expected


def test_failed_action_with_empty_data_array():
    failed = result(cacheable=False, data=[], status={"errorcode": 137, "message": "The HMAC is invalid."})
    response = parse_response(envelope(failed, errorcode=97), expected_results=1)
    assert not response.ok
    assert response.action_errorcodes == [137]
    assert response.results[0].records == []


def test_string_ids_and_array_elements_are_kept():
    r = result(data={"meta": {"cntabsolute": None},
                     "records": [{"id": "estate", "type": "", "elements": []},
                                 {"id": "7", "type": "files", "elements": [{"url": "x"}]}]})
    records = parse_response(envelope(r)).results[0].records
    assert [rec.id for rec in records] == ["estate", "7"]
    assert records[1].elements == [{"url": "x"}]


def test_errorcode_given_as_string_or_array():
    r = result(data=[], status={"errorcode": ["136"], "message": "x"})
    assert parse_response(envelope(r)).results[0].errorcode == 136


def test_top_level_error_without_results_is_an_api_answer():
    body = json.dumps({"status": {"code": 400, "errorcode": 22, "message": "Not authenticated"}})
    response = parse_response(body, expected_results=1)
    assert response.errorcode == 22 and response.results == [] and not response.ok


@pytest.mark.parametrize(("body", "message"), [
    ("", "empty"),
    ("<html><h1>502 Bad Gateway</h1></html>", "HTML"),
    ('{"status": {"code": 200, "errorcode": 0}, "response": {"resu', "truncated"),
    ('{"status": {"code": 200, "errorcode": 0, "message": "OK"}}', "no response.results"),
    ("[1, 2]", "not an object"),
    ("plain words", "not JSON"),
    ("[" * 100_000, "nested too deeply"),
])
def test_unusable_bodies_raise_a_readable_error(body, message):
    with pytest.raises(ResponseFormatError, match=message):
        parse_response(body, expected_results=1)


def test_result_count_mismatch_is_reported():
    with pytest.raises(ResponseFormatError, match="1 result.*2 action"):
        parse_response(envelope(result()), expected_results=2)


@pytest.mark.parametrize(("body", "expected"), [
    ('{"a": "x', "not complete JSON (truncated?): Unterminated string starting at line 1, column 7."),
    ('{"status": {"code": 200', "not complete JSON (truncated?): Expecting ',' delimiter at line 1, column 24."),
    ('{"a": "x\x01"}', "not valid JSON: a raw control character (U+0001) inside a string at line 1, column 9"),
    ('{"a": "line\nbreak"}', "raw control character (U+000A)"),
    ('{"a": 1} x', "not valid JSON: Extra data at line 1, column 10."),
    ('[1,]', "not valid JSON: Illegal trailing comma before end of array at line 1, column 3."),
])
def test_json_errors_name_the_fault_and_its_position_once(body, expected):
    with pytest.raises(ResponseFormatError) as info:
        parse_response(body, expected_results=1)
    message = str(info.value)
    assert expected in message
    assert "at at" not in message
    if "control character" in expected or "Extra data" in expected or "trailing comma" in expected:
        assert "truncated" not in message, "a complete body with a fault inside is not a cut-off one"
