"""Composer, result and history pages: full pages, every fragment (HX-Request + HX-Target), CSRF, error paths."""

import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from explorer.accounts import services as account_services
from explorer.calls.models import CallLog
from tests import stub_upstream

pytestmark = pytest.mark.django_db

FIELDS_ANSWER = {
    "estate": {
        "label": "Immobilien",
        "Id": {"type": "integer", "length": None, "permittedvalues": None, "default": None, "label": "Datensatznr"},
        "kaufpreis": {"type": "float", "length": None, "permittedvalues": None, "default": None, "label": "Kaufpreis"},
        "objektart": {"type": "singleselect", "length": None, "default": None, "label": "Objektart",
                      "permittedvalues": {"haus": "Haus", "wohnung": "Wohnung"}},
        "status": {"type": "integer", "length": None, "permittedvalues": None, "default": None, "label": "Status"},
    },
}


def envelope(results):
    failed = any(r["status"]["errorcode"] for r in results)
    return {"status": {"code": 200, "errorcode": 97 if failed else 0, "message": "Error in action" if failed else "OK"},
            "response": {"results": results}}


def answering(stub, record_count=3):
    """Make the stub answer like onOffice: a field configuration for `fields`, estate records for reads."""
    def answer(raw):
        results = []
        for action in json.loads(raw)["request"]["actions"]:
            code, message = stub.check_action(json.loads(raw)["token"], action)
            echo = {k: action.get(k) for k in ("actionid", "resourceid", "resourcetype", "identifier")}
            if code:
                results.append(echo | {"cacheable": False, "data": [], "status": {"errorcode": code, "message": message}})
            elif action["resourcetype"] == "fields":
                records = [{"id": "estate", "type": "", "elements": FIELDS_ANSWER["estate"]}]
                results.append(echo | {"cacheable": True, "data": {"meta": {"cntabsolute": None}, "records": records},
                                       "status": {"errorcode": 0, "message": "OK"}})
            else:
                records = [{"id": i, "type": "estate", "elements": {"Id": str(i), "kaufpreis": "100.00",
                                                                    "objektart": "haus", "status": "2"}}
                           for i in range(1, record_count + 1)]
                results.append(echo | {"cacheable": True, "data": {"meta": {"cntabsolute": record_count * 10},
                                                                    "records": records},
                                       "status": {"errorcode": 0, "message": "OK"}})
        return envelope(results)
    stub.answer = answer
    return stub


@pytest.fixture
def alice(make_user):
    return make_user("alice")


@pytest.fixture
def credential(alice, allow_stub):
    answering(allow_stub)
    return account_services.credential_create(user=alice, label="Live CRM", token=stub_upstream.TOKEN,
                                      secret=stub_upstream.SECRET, api_url=allow_stub.url, hmac_version=2,
                                      read_only=False)


@pytest.fixture
def client(client_for, alice):
    return client_for(alice)


def compose_query(credential, params=None, **extra):
    data = {"cred": credential.pk, "n": 1, "0-rt": "estate", "0-act": "read",
            "0-params": json.dumps(params or {"data": ["Id", "kaufpreis"]})}
    return data | extra


def sent(stub):
    return [a for r in stub.requests for a in json.loads(r["body"])["request"]["actions"]
            if a["resourcetype"] != "fields"]


def test_full_page_on_plain_get(client, credential):
    response = client.get("/compose/?" + urlencode(compose_query(credential)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and 'id="composer"' in html and 'id="call-result"' in html
    assert "Kaufpreis" in html and 'id="field-options-0"' in html


def test_composer_fragment_pushes_the_canonical_url(client, credential):
    response = client.get("/compose/?" + urlencode(compose_query(credential)),
                          headers={"HX-Request": "true", "HX-Target": "composer"})
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith("<form id=\"composer\"")
    assert response["HX-Push-Url"].startswith("/compose/?cred=")
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_full_page(client, credential):
    response = client.get("/compose/", headers={"HX-Request": "true", "HX-Target": "composer",
                                                "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_field_options_fragment_lists_labels_names_and_types(client, credential):
    response = client.get("/compose/?" + urlencode(compose_query(credential)),
                          headers={"HX-Request": "true", "HX-Target": "field-options-0"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="field-options" id="field-options-0">')
    assert "Objektart" in html and "singleselect" in html and 'value="kaufpreis" checked' in html


def test_field_configuration_is_fetched_once_and_refreshed_on_demand(client, credential, allow_stub):
    for _ in range(3):
        client.get("/compose/?" + urlencode(compose_query(credential)))
    assert CallLog.objects.filter(origin="fields").count() == 1
    client.get("/compose/?" + urlencode(compose_query(credential, refresh="0")),
               headers={"HX-Request": "true", "HX-Target": "field-options-0"})
    assert CallLog.objects.filter(origin="fields").count() == 2


def test_form_edit_rewrites_the_json(client, credential):
    data = compose_query(credential) | {"0-src": "form", "0-data": ["Id", "objektart"], "0-listlimit": "50",
                                        "0-f-field": ["objektart"], "0-f-op": ["="], "0-f-val": ["wohnung"],
                                        "0-f-val2": [""]}
    response = client.get("/compose/", data, headers={"HX-Request": "true", "HX-Target": "composer"})
    params = json.loads(parse_qs(urlsplit(response["HX-Push-Url"]).query)["0-params"][0])
    assert params == {"data": ["Id", "objektart"], "filter": {"objektart": [{"op": "=", "val": "wohnung"}]},
                      "listlimit": 50}


def test_send_requires_the_csrf_token(client, credential, allow_stub):
    response = client.post("/compose/send/", compose_query(credential), headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert sent(allow_stub) == []


def test_send_renders_the_labelled_result_fragment(client, credential, allow_stub):
    response = client.post_htmx("/compose/send/", compose_query(credential), target="call-result")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<section id="call-result"')
    assert "Kaufpreis" in html and "Datensatznr" in html  # headers are labels
    assert "1–20 of 30" in html  # the API's window from cntabsolute
    assert len(sent(allow_stub)) == 1
    log = CallLog.objects.get(origin="ui")
    assert log.credential == credential and log.status == CallLog.Status.OK


def test_select_keys_and_status_show_their_meaning(client, credential):
    html = client.post_htmx("/compose/send/", compose_query(credential, {"data": ["objektart", "status"]}),
                            target="call-result").content.decode()
    assert "<td>Haus</td>" in html and ">Pending</td>" in html


def test_plain_post_gets_the_whole_page(client, credential):
    response = client.post_form("/compose/send/", compose_query(credential))
    html = response.content.decode()
    assert "<html" in html and "Kaufpreis" in html


def test_invalid_json_is_reported_with_its_position_and_not_sent(client, credential, allow_stub):
    data = compose_query(credential) | {"0-params": '{"data": ["Id",]}'}
    html = client.post_htmx("/compose/send/", data, target="call-result").content.decode()
    assert "not valid JSON (line 1, column" in html
    assert sent(allow_stub) == []
    page = client.get("/compose/", data).content.decode()
    assert "Invalid JSON at line 1, column" in page and '{&quot;data&quot;: [&quot;Id&quot;,]}' in page


def test_unknown_field_is_held_back_with_did_you_mean(client, credential, allow_stub):
    data = compose_query(credential, {"data": ["KaufPreis"]})
    html = client.post_htmx("/compose/send/", data, target="call-result").content.decode()
    assert "Not sent" in html and "case-sensitive" in html and "kaufpreis" in html
    assert sent(allow_stub) == []
    client.post_htmx("/compose/send/", data | {"force": "1"}, target="call-result")
    assert len(sent(allow_stub)) == 1


def test_read_only_credential_refuses_writes_before_sending(client, credential, allow_stub):
    credential.read_only = True
    credential.save()
    data = compose_query(credential, {"data": {"kaufpreis": 1}}) | {"0-act": "create"}
    html = client.post_htmx("/compose/send/", data | {"confirm": "1"}, target="call-result").content.decode()
    assert "read-only" in html and "refused before sending" in html
    assert sent(allow_stub) == []


def test_writes_to_a_live_crm_need_a_confirmation_naming_the_credential(client, credential, allow_stub):
    data = compose_query(credential, {"data": {"kaufpreis": 1}}) | {"0-act": "create"}
    html = client.post_htmx("/compose/send/", data, target="call-result").content.decode()
    assert "Confirm and send to Live CRM" in html and "create" in html
    assert sent(allow_stub) == []
    client.post_htmx("/compose/send/", data | {"confirm": "1"}, target="call-result")
    assert [a["actionid"].rsplit(":", 1)[1] for a in sent(allow_stub)] == ["create"]


def test_writes_to_the_sandbox_need_no_confirmation(client, alice, allow_stub, settings):
    answering(allow_stub)
    base = allow_stub.url.removesuffix("/api/stable/api.php")
    settings.SANDBOX_BASE_URL = base
    settings.ONOFFICE_ALLOWED_URLS = [*settings.ONOFFICE_ALLOWED_URLS, f"{base}/sandbox/api/stable/api.php"]
    sandbox = account_services.credential_create(user=alice, label="Sandbox", token=stub_upstream.TOKEN,
                                         secret=stub_upstream.SECRET, api_url=f"{base}/sandbox/api/stable/api.php",
                                         hmac_version=2, read_only=False)
    data = compose_query(sandbox, {"data": {"kaufpreis": 1}}) | {"0-act": "create"}
    client.post_htmx("/compose/send/", data, target="call-result")
    # Sent without a confirmation, and answered by the sandbox in process: nothing reached the stub.
    log = CallLog.objects.get(origin="ui")
    assert log.actions[0]["actionid"].endswith(":create") and log.http_status == 200
    assert sent(allow_stub) == []


def test_another_users_credential_is_never_used_the_runners_own_is(client, make_user, allow_stub, credential):
    other = account_services.credential_create(user=make_user("mallory"), label="Mallory", token=stub_upstream.TOKEN,
                                       secret=stub_upstream.SECRET, api_url=allow_stub.url, hmac_version=2,
                                       read_only=False)
    html = client.post_htmx("/compose/send/", compose_query(other), target="call-result").content.decode()
    assert CallLog.objects.get(origin="ui").credential == credential  # the runner's own, never Mallory's
    assert not CallLog.objects.filter(credential=other).exists()
    page = client.get(f"/compose/?{urlencode(compose_query(other))}").content.decode()
    assert "shared with a credential that is not yours" in page and f"“{credential.label}”" in page
    assert "Mallory" not in page and "result-summary" in html


def test_paging_buttons_resend_with_listoffset_and_update_the_form(client, credential, allow_stub):
    data = compose_query(credential) | {"0-src": "form", "0-data": ["Id"], "0-listoffset": "20", "sync": "1"}
    html = client.post_htmx("/compose/send/", data, target="call-result").content.decode()
    assert sent(allow_stub)[-1]["parameters"]["listoffset"] == 20
    assert 'hx-swap-oob="true"' in html and "21–30 of 30" in html


def test_result_table_pages_on_the_server(client, credential, allow_stub):
    answering(allow_stub, record_count=120)
    client.post_htmx("/compose/send/", compose_query(credential, {"data": ["Id"], "listlimit": 120}),
                     target="call-result")
    log = CallLog.objects.get(origin="ui")
    first = client.get(f"/history/{log.pk}/").content.decode()
    assert "Rows 1–50 of 120" in first and first.count("<tr>") == 51
    page = client.get(f"/history/{log.pk}/?page=3", headers={"HX-Request": "true", "HX-Target": "result-0"})
    html = page.content.decode()
    assert html.lstrip().startswith('<article class="card action-result" id="result-0"')
    assert "Rows 101–120 of 120" in html and html.count("<tr>") == 21


def test_json_and_raw_fragments(client, credential):
    client.post_htmx("/compose/send/", compose_query(credential), target="call-result")
    log = CallLog.objects.get(origin="ui")
    json_html = client.get(f"/history/{log.pk}/", headers={"HX-Request": "true", "HX-Target": "json-0"}).content.decode()
    assert json_html.lstrip().startswith('<div class="json-body" id="json-0">') and 'class="nt"' in json_html
    raw = client.get(f"/history/{log.pk}/", headers={"HX-Request": "true", "HX-Target": "raw-body"}).content.decode()
    assert '"cntabsolute"' in raw.replace("&quot;", '"')
    download = client.get(f"/history/{log.pk}/download/")
    assert download["Content-Disposition"].startswith("attachment")
    assert json.loads(download.content)["status"]["errorcode"] == 0


def test_history_page_and_detail_link_back_to_the_composer(client, credential):
    client.post_htmx("/compose/send/", compose_query(credential), target="call-result")
    log = CallLog.objects.get(origin="ui")
    assert f"/history/{log.pk}/" in client.get("/history/").content.decode()
    detail = client.get(f"/history/{log.pk}/").content.decode()
    assert "/compose/?cred=" in detail and "Open in composer" in detail


def test_code_tab_never_inlines_the_credentials(client, credential):
    html = client.get("/compose/?" + urlencode(compose_query(credential))).content.decode()
    assert "ONOFFICE_TOKEN" in html and "openssl" in html
    assert stub_upstream.TOKEN not in html and stub_upstream.SECRET not in html


def test_preview_masks_the_token(client, credential):
    html = client.get("/compose/?" + urlencode(compose_query(credential))).content.decode()
    assert "••••••••" + stub_upstream.TOKEN[-4:] in html and "signed at send" in html


def test_no_send_outcome_shows_the_credentials(client, credential, allow_stub):
    answers = [
        client.post_htmx("/compose/send/", compose_query(credential), target="call-result"),
        client.post_htmx("/compose/send/", compose_query(credential, {"data": ["KaufPreis"]}), target="call-result"),
        client.post_htmx("/compose/send/", compose_query(credential) | {"0-act": "create"}, target="call-result"),
        client.post_form("/compose/send/", compose_query(credential)),
    ]
    log = CallLog.objects.filter(origin="ui").latest("pk")
    answers += [client.get(f"/history/{log.pk}/", headers={"HX-Request": "true", "HX-Target": target})
                for target in ("json-0", "raw-body", "result-0")]
    hmacs = [a["hmac"] for r in allow_stub.requests for a in json.loads(r["body"])["request"]["actions"]]
    for answer in answers:
        text = answer.content.decode()
        for secret in (stub_upstream.TOKEN, stub_upstream.SECRET, *hmacs):
            assert secret not in text


def test_listlimit_above_500_is_held_back(client, credential, allow_stub):
    html = client.post_htmx("/compose/send/", compose_query(credential, {"data": ["Id"], "listlimit": 1000}),
                            target="call-result").content.decode()
    assert "listlimit is at most 500" in html and "default of 20" in html
    assert sent(allow_stub) == []


def test_a_failing_field_configuration_is_explained_in_the_picker(client, alice, allow_stub):
    wrong = account_services.credential_create(user=alice, label="Wrong secret", token=stub_upstream.TOKEN, secret="x" * 64,
                                       api_url=allow_stub.url, hmac_version=2, read_only=False)
    html = client.get("/compose/?" + urlencode(compose_query(wrong)),
                      headers={"HX-Request": "true", "HX-Target": "field-options-0"}).content.decode()
    assert "could not be loaded: error 137" in html and "64 characters" in html
    client.get("/compose/?" + urlencode(compose_query(wrong)))
    assert CallLog.objects.filter(origin="fields").count() == 1, "a failure is not asked again at every change"
    client.get("/compose/?" + urlencode(compose_query(wrong, refresh="0")),
               headers={"HX-Request": "true", "HX-Target": "field-options-0"})
    assert CallLog.objects.filter(origin="fields").count() == 2


def test_a_create_with_an_unknown_record_field_is_held_back(client, credential, allow_stub):
    data = compose_query(credential, {"data": {"Kaufpreis": 1}}) | {"0-act": "create"}
    html = client.post_htmx("/compose/send/", data, target="call-result").content.decode()
    assert "Not sent" in html and "case-sensitive" in html and "“kaufpreis”" in html
    assert sent(allow_stub) == []


def test_the_record_form_offers_select_values_with_labels(client, credential):
    data = compose_query(credential, {"data": {"objektart": "haus"}}) | {"0-act": "create"}
    html = client.get("/compose/", data).content.decode()
    assert 'name="0-r-field" value="objektart"' in html
    assert '<option value="haus" selected>Haus (haus)</option>' in html


def test_htmx_re_renders_by_post_without_size_limits_and_never_sends(client, credential, allow_stub):
    many = [f"feld_{n:03d}" for n in range(400)]  # far beyond a 4 KiB request line as a query string
    data = compose_query(credential, {"data": many})
    assert client.post("/compose/", data, headers={"HX-Request": "true", "HX-Target": "composer"}).status_code == 403
    response = client.post_htmx("/compose/", data, target="composer")
    assert response.status_code == 200 and "feld_399" in response.content.decode()
    assert response["HX-Push-Url"].startswith("/compose/?")
    assert sent(allow_stub) == []


@pytest.mark.parametrize("junk", [
    {"0-params": '{"filter": {"kaufpreis": "not a list"}}'},
    {"0-params": '{"filter": [1, 2]}'},
    {"0-params": '{"data": "Id", "listlimit": "viele", "sortby": {"a": "ASC", "b": "DESC"}}'},
    {"0-params": '{"data": [1, null, {"x": 1}], "listoffset": -5}'},
    {"0-params": '"just a string"'},
    {"0-src": "form", "0-f-field": ["kaufpreis"], "0-f-op": ["~"], "0-f-val": ["x"], "0-f-multi": ["0", "9:x", ":"]},
    {"0-src": "form", "0-act": "create", "0-r-field": ["objektart", ""], "0-r-multi": ["0", "zz"], "0-r-val": []},
    {"n": "-3", "op": "rm-filter:x:y"}, {"n": "999", "op": "rm-action:"}, {"cred": "abc"}, {"0-rt": "ümlaut/../x"},
    {"0-act": "create", "0-params": '{"data": {"objektart": ["a", "b"], "kaufpreis": {"x": 1}}}'},
    {"0-params": "[" * 100_000}, {"0-rt": "relation", "0-act": "create", "0-src": "form", "0-x-parentid": "[" * 100_000},
])
def test_junk_never_breaks_the_composer(client, credential, junk):
    data = compose_query(credential) | junk
    for response in (client.get("/compose/", data),
                     client.post_htmx("/compose/", data, target="composer"),
                     client.post_htmx("/compose/send/", data, target="call-result")):
        assert response.status_code == 200, (junk, response.status_code)


def test_junk_page_numbers_and_cursors(client, credential):
    client.post_htmx("/compose/send/", compose_query(credential), target="call-result")
    log = CallLog.objects.get(origin="ui")
    for query in ("page=abc", "page=-1", "page=99999"):
        assert client.get(f"/history/{log.pk}/?{query}", headers={"HX-Request": "true", "HX-Target": "result-0"}).status_code == 200
    for target in ("json-99", "result-99", "result-x", "field-options-99"):
        assert client.get(f"/history/{log.pk}/", headers={"HX-Request": "true", "HX-Target": target}).status_code == 200
    assert client.get("/history/?before=abc").status_code == 200
