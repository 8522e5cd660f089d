"""The result view explains what came back: summaries of writes and reads, catalogue answers as tables,
numbers and dates in the action's language with the raw value on hover, column sort, CSV of the whole answer."""

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from explorer.accounts import services as account_services
from explorer.calls.models import CallLog
from explorer.composer.tables import format_date, format_number
from tests import stub_upstream

pytestmark = pytest.mark.django_db

FIELDS = {
    "estate": {
        "label": "Immobilien",
        "Id": {"type": "integer", "length": None, "permittedvalues": None, "default": None, "label": "Datensatznr"},
        "kaufpreis": {"type": "float", "length": None, "permittedvalues": None, "default": None, "label": "Kaufpreis"},
        "objekttitel": {"type": "varchar", "length": 255, "permittedvalues": None, "default": None,
                        "label": "Objekttitel"},
        "objektart": {"type": "singleselect", "length": None, "default": None, "label": "Objektart",
                      "permittedvalues": {"haus": "Haus", "wohnung": "Wohnung"}},
        "abdatum": {"type": "date", "length": None, "permittedvalues": None, "default": None, "label": "Verfügbar ab"},
        "objektbeschreibung": {"type": "text", "length": None, "permittedvalues": None, "default": None,
                               "label": "Objektbeschreibung"},
    },
    "address": {
        "label": "Adressen",
        "Vorname": {"type": "varchar", "length": 100, "permittedvalues": None, "default": None, "label": "Vorname"},
        "Name": {"type": "varchar", "length": 100, "permittedvalues": None, "default": None, "label": "Name"},
        "Anrede": {"type": "singleselect", "length": None, "default": None, "label": "Anrede",
                   "permittedvalues": {"Herr": "Herr", "Frau": "Frau", "Firma": "Firma"}},
    },
}

ESTATES = [
    {"Id": "7", "kaufpreis": "2660000.00", "objekttitel": "Villa am See", "objektart": "haus", "abdatum": "2024-05-01",
     "objektbeschreibung": "Lichtdurchflutet. " * 30},
    {"Id": "3", "kaufpreis": "189000.00", "objekttitel": "Altbauwohnung", "objektart": "wohnung",
     "abdatum": "2025-01-15", "objektbeschreibung": "Kurz."},
    {"Id": "12", "kaufpreis": "", "objekttitel": "Baugrund", "objektart": "haus", "abdatum": "",
     "objektbeschreibung": ""},
]


def ok(action, records, cntabsolute=None, cacheable=True):
    echo = {k: action.get(k) for k in ("actionid", "resourceid", "resourcetype", "identifier")}
    return echo | {"cacheable": cacheable, "data": {"meta": {"cntabsolute": cntabsolute}, "records": records},
                   "status": {"errorcode": 0, "message": "OK"}}


def answering(stub):
    """The stub answers like onOffice: the field configuration, estate reads, and the shapes of writes."""
    def answer(raw):
        body = json.loads(raw)
        results = []
        for action in body["request"]["actions"]:
            kind = action["actionid"].rsplit(":", 1)[-1]
            rt, params = action["resourcetype"], action.get("parameters") or {}
            if rt == "fields":
                modules = params.get("modules") or list(FIELDS)
                results.append(ok(action, [{"id": m, "type": "", "elements": FIELDS[m]} for m in modules]))
            elif kind == "create":
                results.append(ok(action, [{"id": 4711, "type": rt, "elements": []}], cacheable=False))
            elif kind in ("modify", "delete", "do"):
                results.append(ok(action, [{"id": 0, "type": rt, "elements": {"success": "success"}}],
                                  cacheable=False))
            elif rt == "users":
                users = [{"id": n, "type": None, "elements": {"id": n, "username": f"user{n}", "lastname": f"L{n}"}}
                         for n in (1, 2)]
                results.append(ok(action, users))
            elif params.get("filter"):
                results.append(ok(action, [], 0))
            else:
                wanted = params.get("data") or ["Id"]
                records = [{"id": int(e["Id"]), "type": "estate", "elements": {k: e[k] for k in wanted}}
                           for e in ESTATES]
                results.append(ok(action, records, 704))
        return {"status": {"code": 200, "errorcode": 0, "message": "OK"}, "response": {"results": results}}
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


def send(client, credential, rt="estate", act="read", params=None, rid=""):
    data = {"cred": credential.pk, "n": 1, "0-rt": rt, "0-act": act, "0-rid": rid,
            "0-params": json.dumps(params if params is not None else {}), "confirm": "1"}
    response = client.post_htmx("/compose/send/", data, target="call-result")
    assert response.status_code == 200
    return response.content.decode()


def table_page(client, log_id, **query):
    response = client.get(f"/history/{log_id}/", query, headers={"HX-Request": "true", "HX-Target": "result-0"})
    assert response.status_code == 200
    return response.content.decode()


def summary(html):
    match = re.search(r'<p class="action-summary"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no summary"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def body_rows(html):
    tbody = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in tbody.split("<tr>")[1:]]


# --- summaries ---------------------------------------------------------------------------------------------

def test_a_create_says_the_new_id_and_links_a_read_of_it(client, credential):
    html = send(client, credential, "address", "create", {"Vorname": "Erika", "Name": "Muster", "checkDuplicate": True})
    assert summary(html).startswith("Created address 4711")
    assert "These records hold lists" not in html and "<table" not in html
    link = re.search(r'<a class="button small" href="([^"]+)">Read it back</a>', html).group(1).replace("&amp;", "&")
    url = urlsplit(link)
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert url.path == "/compose/"
    assert query["cred"] == str(credential.pk) and query["0-rt"] == "address" and query["0-act"] == "read"
    assert json.loads(query["0-params"]) == {"recordids": [4711], "data": ["Vorname", "Name"]}
    composer = client.get(link).content.decode()
    assert "recordids" in composer  # the composer opens prefilled with the read


def test_an_estate_create_reads_back_by_resourceid(client, credential):
    html = send(client, credential, "estate", "create", {"data": {"objekttitel": "Neu", "kaufpreis": 1}})
    link = re.search(r'href="([^"]+)">Read it back', html).group(1).replace("&amp;", "&")
    query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    assert query["0-rid"] == "4711"
    assert json.loads(query["0-params"]) == {"data": ["Id", "objekttitel", "kaufpreis"]}


def test_modify_names_the_record_that_was_sent_and_shows_no_table(client, credential):
    html = send(client, credential, "estate", "modify", {"data": {"kaufpreis": 5}}, rid="23")
    assert summary(html) == "Modified estate 23"
    assert "<table" not in html and "success success" not in html and "These records hold lists" not in html


def test_delete_and_do_say_what_was_done(client, credential):
    html = send(client, credential, "relation", "delete", {"relationtype": "x", "parentid": 1, "childid": 2})
    assert summary(html) == "Deleted relation" and "<table" not in html
    html = send(client, credential, "sendmail", "do", {"anything": 1})
    assert summary(html) == "Done: sendmail" and "<table" not in html


def test_a_read_counts_what_came_and_what_matches(client, credential):
    html = send(client, credential, params={"data": ["Id", "objekttitel"]})
    assert summary(html) == "Read 3 of 704 estates"
    html = send(client, credential, params={"data": ["Id"], "filter": {"kaufpreis": [{"op": ">", "val": 9}]}})
    assert summary(html) == "No estates match"


def test_the_record_id_is_shown_once(client, credential):
    html = send(client, credential, params={"data": ["Id", "objekttitel"]})
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert head.count("<th ") == 2 and "Datensatznr" in head and 'title="Id"' in head
    assert body_rows(html)[0] == ["7", "Villa am See"]


# --- catalogues --------------------------------------------------------------------------------------------

def test_get_fields_is_a_table_with_a_field_per_row(client, credential):
    html = send(client, credential, "fields", "get", {"labels": True, "modules": ["estate", "address"]})
    assert summary(html) == "9 fields in 2 modules"
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    for label in ("Module", "Name", "Label", "Type", "Length", "Permitted values"):
        assert f">{label}<" in head
    rows = body_rows(html)
    assert len(rows) == 9
    assert ["estate", "objektart", "Objektart", "singleselect", "", "2", ""] in rows
    assert ["address", "Vorname", "Vorname", "varchar", "100", "", ""] in rows
    assert "These records hold lists" not in html


def test_users_are_a_records_table_without_a_second_id(client, credential):
    html = send(client, credential, "users", "get", {})
    assert summary(html) == "Got 2 users"
    assert body_rows(html) == [["1", "user1", "L1"], ["2", "user2", "L2"]]


# --- formatting --------------------------------------------------------------------------------------------

def test_numbers_and_dates_in_german_by_default_raw_on_hover(client, credential):
    html = send(client, credential, params={"data": ["Id", "kaufpreis", "abdatum"]})
    assert '<td class="num" title="2660000.00">2.660.000,00</td>' in html
    assert '<td title="2024-05-01">01.05.2024</td>' in html


def test_numbers_and_dates_in_english_for_outputlanguage_eng(client, credential):
    html = send(client, credential, params={"data": ["Id", "kaufpreis", "abdatum"], "outputlanguage": "ENG"})
    assert '<td class="num" title="2660000.00">2,660,000.00</td>' in html
    assert '<td title="2024-05-01">01 May 2024</td>' in html


def test_formatters():
    assert format_number("2660000.00", "DEU") == "2.660.000,00"
    assert format_number("2660000.00", "ENG") == "2,660,000.00"
    assert format_number("200.00000", "DEU") == "200,00"
    assert format_number("-1234.5", "ENG") == "-1,234.5"
    assert format_number("n/a", "DEU") is None
    assert format_date("2024-05-01 13:45:10", "DEU") == "01.05.2024 13:45"
    assert format_date("0000-00-00", "DEU") is None


def test_long_text_is_cut_with_the_whole_text_in_a_details(client, credential):
    html = send(client, credential, params={"data": ["Id", "objektbeschreibung"]})
    cell = re.search(r'<details class="cell-more"><summary>(.*?)</summary>(.*?)</details>', html, re.S)
    assert cell and len(cell.group(1)) <= 140 and cell.group(1) + cell.group(2) == "Lichtdurchflutet. " * 30


# --- sort and CSV ------------------------------------------------------------------------------------------

def test_columns_sort_on_the_server_and_paging_keeps_the_sort(client, credential):
    send(client, credential, params={"data": ["Id", "kaufpreis", "objekttitel"]})
    log = CallLog.objects.get(origin="ui")
    html = table_page(client, log.pk, sort="kaufpreis", dir="asc")
    assert [r[0] for r in body_rows(html)] == ["3", "7", "12"]  # numbers as numbers, empty last
    assert 'aria-sort="ascending"' in html and "sort=kaufpreis&amp;dir=desc" in html
    html = table_page(client, log.pk, sort="kaufpreis", dir="desc")
    assert [r[0] for r in body_rows(html)] == ["7", "3", "12"]
    html = table_page(client, log.pk, sort="_id", dir="desc")
    assert [r[0] for r in body_rows(html)] == ["12", "7", "3"]
    html = table_page(client, log.pk, sort="objekttitel")
    assert [r[2] for r in body_rows(html)] == ["Altbauwohnung", "Baugrund", "Villa am See"]
    assert table_page(client, log.pk, sort="nonsense", dir="up")  # junk is ignored


def test_the_sort_survives_table_pages(client, credential, allow_stub):
    def many(raw):
        action = json.loads(raw)["request"]["actions"][0]
        if action["resourcetype"] == "fields":
            return {"status": {"code": 200, "errorcode": 0, "message": "OK"}, "response": {"results": [
                ok(action, [{"id": "estate", "type": "", "elements": FIELDS["estate"]}])]}}
        records = [{"id": i, "type": "estate", "elements": {"Id": str(i), "kaufpreis": f"{i * 1000}.00"}}
                   for i in range(1, 121)]
        return {"status": {"code": 200, "errorcode": 0, "message": "OK"},
                "response": {"results": [ok(action, records, 120)]}}
    allow_stub.answer = many
    send(client, credential, params={"data": ["Id", "kaufpreis"], "listlimit": 120})
    log = CallLog.objects.get(origin="ui")
    html = table_page(client, log.pk, sort="kaufpreis", dir="desc")
    assert body_rows(html)[0][0] == "120" and "page=2&amp;sort=kaufpreis&amp;dir=desc" in html
    html = table_page(client, log.pk, page=3, sort="kaufpreis", dir="desc")
    assert "Rows 101–120 of 120" in html and body_rows(html)[-1][0] == "1"


def test_csv_download_holds_the_whole_answer(client, credential):
    html = send(client, credential, params={"data": ["Id", "kaufpreis", "objektart"]})
    log = CallLog.objects.get(origin="ui")
    assert f'href="/history/{log.pk}/csv/0/" download>Download CSV</a>' in html
    response = client.get(f"/history/{log.pk}/csv/0/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="onoffice-call-{log.pk}-1-estate.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["Id", "kaufpreis", "objektart"], ["7", "2660000.00", "haus"], ["3", "189000.00", "wohnung"],
                    ["12", "", "haus"]]
    rows = list(csv.reader(io.StringIO(client.get(f"/history/{log.pk}/csv/0/?sort=_id&dir=asc").content.decode())))
    assert [r[0] for r in rows[1:]] == ["3", "7", "12"]
    assert client.get(f"/history/{log.pk}/csv/5/").status_code == 404


def test_csv_of_get_fields_and_no_formula_injection(client, credential, allow_stub):
    send(client, credential, "fields", "get", {"labels": True, "modules": ["estate"]})
    log = CallLog.objects.get(origin="ui", actions__0__resourcetype="fields")
    rows = list(csv.reader(io.StringIO(client.get(f"/history/{log.pk}/csv/0/").content.decode())))
    assert rows[0] == ["module", "name", "label", "type", "length", "permittedvalues", "default"]
    assert ["estate", "kaufpreis", "Kaufpreis", "float", "", "", ""] in rows and len(rows) == 7

    def evil(raw):
        action = json.loads(raw)["request"]["actions"][0]
        records = [{"id": 1, "type": "estate", "elements": {"objekttitel": "=HYPERLINK(\"x\")"}}]
        return {"status": {"code": 200, "errorcode": 0, "message": "OK"},
                "response": {"results": [ok(action, records, 1)]}}
    allow_stub.answer = evil
    send(client, credential, params={"data": ["objekttitel"]})
    log = CallLog.objects.filter(origin="ui").latest("pk")
    rows = list(csv.reader(io.StringIO(client.get(f"/history/{log.pk}/csv/0/").content.decode())))
    assert rows[1] == ["1", "'=HYPERLINK(\"x\")"]


def test_someone_elses_csv_is_a_404(client, credential, make_user, client_for):
    send(client, credential, params={"data": ["Id"]})
    log = CallLog.objects.get(origin="ui")
    assert client_for(make_user("mallory")).get(f"/history/{log.pk}/csv/0/").status_code == 404
