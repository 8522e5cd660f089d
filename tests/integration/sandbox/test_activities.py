"""Agents log (read, create) and tasks (read, create, modify)."""

import pytest

from .conftest import ADDRESSES, CREATE, ESTATES, GET, MODIFY, READ, REL

LOG_FIELDS = ["Objekt_nr", "Adress_nr", "Aktionsart", "Aktionstyp", "Datum", "Bemerkung", "merkmal", "Beratungsebene"]


def test_agentslog_reads_newest_first_with_id_arrays(api):
    result = api.ok(READ, "agentslog", {"data": LOG_FIELDS, "listlimit": 50})
    assert result.cntabsolute == ESTATES * 3 and len(result.records) == 50
    dates = [r.elements["Datum"] for r in result.records]
    assert dates == sorted(dates, reverse=True)
    first = result.records[0]
    assert first.type == "agentslog" and isinstance(first.elements["Objekt_nr"], list)
    assert all(isinstance(i, str) for i in first.elements["Objekt_nr"] + first.elements["Adress_nr"])


def test_agentslog_paging(api):
    everything = api.ok(READ, "agentslog", {"listlimit": 500})
    assert len(everything.records) == ESTATES * 3
    pages = [r.id for offset in range(0, ESTATES * 3, 70)
             for r in api.ok(READ, "agentslog", {"listlimit": 70, "listoffset": offset}).records]
    assert pages == [r.id for r in everything.records]
    assert len(api.ok(READ, "agentslog", {"listlimit": 501}).records) == 20


def test_agentslog_by_estate_and_address_and_filter(api):
    by_estate = api.ok(READ, "agentslog", {"data": ["Objekt_nr"], "estateid": 5, "listlimit": 500}).records
    assert by_estate and all(r.elements["Objekt_nr"] == ["5"] for r in by_estate)
    by_scalar = api.ok(READ, "agentslog", {"data": ["Objekt_nr"], "estateid": [5], "listlimit": 500}).records
    assert by_scalar == by_estate
    emails = api.ok(READ, "agentslog", {"data": ["Aktionsart"], "filter": {"Aktionsart": [{"op": "=", "val": "Email"}]},
                                        "listlimit": 500})
    assert emails.records and all(r.elements["Aktionsart"] == "Email" for r in emails.records)
    levels = api.ok(READ, "agentslog", {"data": ["Beratungsebene"], "listlimit": 500,
                                        "filter": {"Beratungsebene": [{"op": "in", "val": ["G Absage"]}]}})
    assert levels.records and {r.elements["Beratungsebene"] for r in levels.records} == {"G Absage"}
    for field in ("Benutzer", "Adress_nr", "Objekt_nr", "dauer"):  # documented as not filterable
        assert api.error(READ, "agentslog", {"filter": {field: [{"op": "=", "val": "1"}]}}) == 257
    assert api.one(READ, "agentslog", {"data": ["Datum", "Notiz"]}).message == 'Unknown field: "Notiz"'


def test_agentslog_fullmail_adds_the_mail_body(api):
    result = api.ok(READ, "agentslog", {"data": ["Aktionsart"], "fullmail": True, "listlimit": 1,
                                        "filter": {"Aktionsart": [{"op": "=", "val": "Email"}]}})
    assert result.records[0].elements["mailbody"].startswith("Guten Tag")


def test_create_agentslog_writes_one_entry_per_address(api):
    result = api.ok(CREATE, "agentslog", {
        "datetime": "2026-07-01 11:13:30", "addressids": [34, 35], "estateid": 41, "actionkind": "Email",
        "actiontype": "Ausgang", "note": "Vertragsunterlagen versendet", "origincontact": "immobilienscout24_system",
        "features": ["indMulti1780Select8196"], "cost": 2.45, "duration": 3000, "advisorylevel": "G",
        "reasoncancellation": "Lage"})
    record = result.records[0]
    assert (record.id, record.type, record.elements) == (ESTATES * 3 + 1, "agentsLog", [])
    entries = api.ok(READ, "agentslog", {"data": LOG_FIELDS + ["Kosten", "dauer", "Absagegrund"], "estateid": 41,
                                         "filter": {"Bemerkung": [{"op": "=", "val": "Vertragsunterlagen versendet"}]}})
    assert sorted(r.elements["Adress_nr"][0] for r in entries.records) == ["34", "35"]
    entry = entries.records[0].elements
    assert (entry["Datum"], entry["Aktionsart"], entry["Aktionstyp"]) == ("2026-07-01 11:13:30", "Email", "Ausgang")
    assert (entry["Kosten"], entry["dauer"], entry["merkmal"]) == ("2.45", "3000", "|indMulti1780Select8196|")
    assert (entry["Beratungsebene"], entry["Absagegrund"]) == ("G Absage", "Lage")


def test_agentslog_cannot_be_sorted_by_its_id_lists(api):
    for name in ("Objekt_nr", "Adress_nr"):
        assert api.error(READ, "agentslog", {"sortby": {name: "ASC"}}) == 212
    assert api.ok(READ, "agentslog", {"data": ["Kosten"], "sortby": {"Kosten": "DESC"}}).records


@pytest.mark.parametrize(("parameters", "code"), [
    ({"note": "nothing linked"}, 98),
    ({"addressids": [1], "actionkind": "Fax"}, 100),
    ({"addressids": [1], "actionkind": "Email", "actiontype": "Rauchzeichen"}, 101),
    ({"addressids": [1], "origincontact": "Brieftaube"}, 220),
    ({"addressids": [1], "features": ["schön"]}, 221),
    ({"addressids": [1], "features": [{"key": "indMulti1780Select8196"}]}, 221),
    ({"addressids": [1], "origincontact": ["Internet"]}, 220),
    ({"addressids": [1], "actionkind": {"Email": 1}}, 100),
    ({"addressids": [1], "cost": -1}, 222),
    ({"addressids": [1], "cost": "NaN"}, 222),
    ({"addressids": [1], "cost": [2]}, 222),
    ({"addressids": [1], "duration": "lang"}, 223),
    ({"addressids": [1], "duration": "1e400"}, 223),
    ({"addressids": [1], "reasoncancellation": "Lage"}, 224),
    ({"addressids": [1], "advisorylevel": "Z"}, 225),
    ({"addressids": [1], "advisorylevel": "G", "reasoncancellation": "Wetter"}, 226),
    ({"addressids": [ADDRESSES + 1]}, 292),
    ({"estateid": ESTATES + 1}, 293),
    ({"addressids": [1], "userid": 55}, 184),
])
def test_create_agentslog_errors(api, parameters, code):
    assert api.error(CREATE, "agentslog", parameters) == code


def test_tasks_read_with_links_and_filter_on_Nr(api):
    linked = api.ok(GET, "idsfromrelation", {"relationtype": REL + "task:estate", "parentids": [1]})
    estate = linked.records[0].elements["1"][0]
    result = api.ok(READ, "task", {"data": ["Betreff", "Status", "Prio"], "relatedEstateId": int(estate),
                                   "listlimit": 500})
    assert 1 in [r.id for r in result.records]
    assert all(r.elements["relatedEstateId"] == [estate] for r in result.records)
    task = api.ok(READ, "task", {"data": ["Betreff"], "filter": {"Nr": [{"op": "=", "val": 3}]}})
    assert [r.id for r in task.records] == [3]
    assert api.ok(READ, "task", {"data": ["Betreff"]}, resourceid="4").records[0].id == 4
    assert api.one(READ, "task", {"data": ["Nr"]}).errorcode == 138  # Nr only in the filter
    every = api.ok(READ, "task", {"data": ["Status"], "listlimit": 500}).records
    assert {r.elements["Status"] for r in every} <= {str(i) for i in range(1, 9)}


def test_task_reads_are_one_page_counted_by_the_rows_returned(api):
    """As the real endpoint: no listoffset (144), cntabsolute = the rows in this answer, not all matching."""
    every = api.ok(READ, "task", {"data": ["Betreff"], "listlimit": 500})
    assert len(every.records) > 5 and every.cntabsolute == len(every.records)
    page = api.ok(READ, "task", {"data": ["Betreff"], "listlimit": 5})
    assert len(page.records) == page.cntabsolute == 5
    assert [r.id for r in page.records] == [r.id for r in every.records][:5]
    for offset in (0, 5, "5"):
        result = api.one(READ, "task", {"data": ["Betreff"], "listoffset": offset})
        assert (result.errorcode, result.message) == (144, 'Invalid field in input data: "listoffset"')


def test_create_and_modify_task(api):
    result = api.ok(CREATE, "task", {"data": {"Betreff": "Besichtigungstermin Max Mustermann", "Verantwortung": "lweber",
                                              "Bearbeiter": "lweber", "Aufgabe": "Termin durchführen.", "Prio": 2,
                                              "Deadline": "2026-08-01 12:00:00"},
                                     "relatedAddressId": 24, "relatedEstateId": 45})
    task_id = result.records[0].id
    assert result.records[0].type == "task" and result.records[0].elements == []
    api.ok(MODIFY, "task", {"data": {"Status": 3}}, resourceid=task_id)
    elements = api.ok(READ, "task", {"data": ["Betreff", "Status", "Prio", "von", "Deadline"],
                                     "relatedAddressId": 24}, resourceid=task_id).records[0].elements
    assert elements == {"Betreff": "Besichtigungstermin Max Mustermann", "Status": "3", "Prio": "2", "von": "api",
                        "Deadline": "2026-08-01 12:00:00", "relatedAddressId": ["24"]}
    assert api.one(MODIFY, "task", {"data": {"Status": 3}}, resourceid=task_id + 50).errorcode == 80


@pytest.mark.parametrize(("parameters", "code"), [
    ({}, 167), ({"data": {"Titel": "x"}}, 138), ({"data": {"Status": 9}}, 77), ({"data": {"Prio": "hoch"}}, 77),
    ({"data": {"Verantwortung": "niemand"}}, 251), ({"data": {"Betreff": "x"}, "relatedEstateId": ESTATES + 9}, 293),
])
def test_create_task_errors(api, parameters, code):
    assert api.error(CREATE, "task", parameters) == code


def test_seeded_tasks_and_activities_are_related(api):
    elements = api.ok(GET, "idsfromrelation", {"relationtype": REL + "task:estate", "parentids": [1]}).records[0].elements
    task = api.ok(READ, "task", {"data": ["Betreff"], "relatedEstateId": int(elements["1"][0]),
                                 "filter": {"Nr": [{"op": "=", "val": 1}]}})
    assert [r.id for r in task.records] == [1]
    log = api.ok(GET, "idsfromrelation", {"relationtype": REL + "agentsLog:estate", "parentids": [1]}).records[0]
    entry = api.ok(READ, "agentslog", {"data": ["Objekt_nr"]}, resourceid=1).records[0]
    assert entry.elements["Objekt_nr"] == log.elements["1"]


def test_new_tasks_and_activities_are_found_through_their_relations(api):
    task_id = api.ok(CREATE, "task", {"data": {"Betreff": "Neu"}, "relatedAddressId": [7, 8],
                                      "relatedEstateId": 9}).records[0].id
    related = api.ok(GET, "idsfromrelation", {"relationtype": REL + "task:address", "parentids": [task_id]})
    assert related.records[0].elements == {str(task_id): ["7", "8"]}
    api.ok(MODIFY, "task", {"data": {}, "relatedAddressId": [8]}, resourceid=task_id)
    related = api.ok(GET, "idsfromrelation", {"relationtype": REL + "task:address", "parentids": [task_id]})
    assert related.records[0].elements == {str(task_id): ["8"]}
    entry_id = api.ok(CREATE, "agentslog", {"addressids": [3], "estateid": 4, "note": "x"}).records[0].id
    related = api.ok(GET, "idsfromrelation", {"relationtype": REL + "agentsLog:estate", "childids": [4]})
    assert str(entry_id) in related.records[0].elements["4"]
