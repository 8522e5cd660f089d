"""Appointments (calendar): read by id and by period, create, modify, delete."""

from .conftest import CREATE, DELETE, GET, MODIFY, READ, REL

YEAR = {"datestart": "2025-12-01", "dateend": "2026-12-31"}
ELEMENT_KEYS = {"start_dt", "end_dt", "description", "note", "ort", "art", "fuer", "groups", "emails", "user_ids",
                "ressources", "ressourcesWithKeys", "erinnerung", "ganztags", "rp_flag", "abgesagt", "status",
                "assignedaddressids", "assignedobjectids", "rp_type", "rp_tage", "rp_beginn_datum", "rp_ende_datum",
                "rp_ende_status", "allowTransitTime", "transitTime", "transitTimePre", "transitTimePost",
                "rp_exception", "ProjektNr", "von", "private", "modified", "users"}


def everything(api, **parameters):
    return api.ok(READ, "calendar", {**YEAR, "allusers": True, "showcancelled": True, **parameters})


def test_read_by_id_has_the_documented_shape(api):
    result = api.ok(READ, "calendar", resourceid=3)
    assert result.cntabsolute == 1 and result.cacheable
    [record] = result.records
    assert (record.id, record.type) == (3, "calendar")
    elements = record.elements
    assert set(elements) == ELEMENT_KEYS
    assert len(elements["start_dt"]) == 19 and elements["start_dt"] <= elements["end_dt"]
    assert elements["status"] in ("active", "completed", "canceled") and isinstance(elements["ganztags"], bool)
    assert all(isinstance(i, int) for i in elements["user_ids"]) and elements["private"] == "0"
    assert len(elements["fuer"]) == len(elements["user_ids"]) == len(elements["emails"] or [])
    if elements["art"]:
        [(key, label)] = elements["art"].items()
        assert key == label
    for user in elements["users"]:
        assert set(user) == {"id", "username", "firstName", "lastName", "email"} and isinstance(user["id"], str)
    assert api.error(READ, "calendar", resourceid=99999) == 169
    assert api.error(READ, "calendar", resourceid="abc") == 121
    assert api.error(READ, "calendar", {"filter": {"art": [{"op": "=", "val": "Besichtigung"}]}}, resourceid=3) == 241


def test_period_read_filters_and_orders_by_start(api):
    result = everything(api)
    starts = [r.elements["start_dt"] for r in result.records]
    assert result.cntabsolute == len(result.records) == 30 and starts == sorted(starts)
    march = api.ok(READ, "calendar", {"datestart": "01.03.2026", "dateend": "31-03-2026 00:00:00", "allusers": True,
                                      "showcancelled": True})
    assert march.records and all(r.elements["start_dt"][:7] == "2026-03" for r in march.records)
    viewings = everything(api, filter={"art": [{"op": "IN", "val": ["besichtigung", "Notartermin"]}]})
    assert viewings.records
    assert all(list(r.elements["art"]) in (["Besichtigung"], ["Notartermin"]) for r in viewings.records)
    active = everything(api, showcancelled=False)
    assert all(not r.elements["abgesagt"] for r in active.records)
    assert active.cntabsolute == 30 - sum(r.elements["status"] == "canceled" for r in result.records)
    by_agent = everything(api, users=[1], allusers=False)
    assert by_agent.records and all(1 in r.elements["user_ids"] for r in by_agent.records)
    own = api.ok(READ, "calendar", YEAR)  # default: the API user and its group only
    assert own.records and {r.id for r in own.records} < {r.id for r in result.records}
    assert all(99 in r.elements["user_ids"] for r in own.records)
    edited = api.ok(READ, "calendar", {"modifiedstart": "2020-01-01 00:00:00", "allusers": True,
                                       "showcancelled": True})
    assert edited.cntabsolute == 30


def test_period_read_errors(api):
    assert api.error(READ, "calendar", {}) == 289
    assert api.error(READ, "calendar", {"datestart": "2026-01-01"}) == 92
    assert api.error(READ, "calendar", {"dateend": "2026-01-01"}) == 91
    assert api.error(READ, "calendar", {"datestart": "2026-02-01", "dateend": "2026-01-01"}) == 93
    assert api.error(READ, "calendar", {"datestart": "gestern", "dateend": "2026-01-01"}) == 122
    assert api.error(READ, "calendar", {"modifiedstart": "2026-02-01", "modifiedend": "2026-01-01"}) == 288
    assert api.error(READ, "calendar", {**YEAR, "filter": {"farbe": [{"op": "=", "val": 1}]}}) == 154
    assert api.error(READ, "calendar", {**YEAR, "users": 1}) == 301
    assert api.error(READ, "calendar", {**YEAR, "users": [12345]}) == 184
    assert api.error(READ, "calendar", {**YEAR, "groups": [77]}) == 272


def test_confirmation_status_and_conflicts(api):
    result = everything(api, showConfirmationStatus=True)
    with_addresses = [r for r in result.records if r.elements["assignedaddressids"]]
    record = with_addresses[0]
    assert [a["id"] for a in record.elements["addresses"]] == record.elements["assignedaddressids"]
    assert record.elements["confirmationStatus"] in ("canceled", "confirmed", "sent", "not-set")
    single = api.ok(READ, "calendar", {"showConflicts": True}, resourceid=record.id).records[0].elements
    assert set(single["hints"]) == {"conflictedUsers", "conflictedResources", "conflictedAddresses",
                                    "conflictedEstates"}
    assert "hints" not in result.records[0].elements


def test_create_modify_delete(api):
    created = api.ok(CREATE, "calendar", {
        "data": {"description": "Besichtigungstermin", "start_dt": "2026-07-01 17:45:00",
                 "end_dt": "2026-07-01 18:00:00", "art": "Besichtigung", "ganztags": False, "note": "Notiz",
                 "private": False, "ressources": ["Konferenzraum", "Firmenfahrzeug"]},
        "relatedAddressIds": [5, 6], "relatedEstateId": 7, "location": {"estate": 7},
        "subscribers": {"users": [2], "groups": [2]}})
    [record] = created.records
    assert record.type == "calendar" and record.elements == [] and created.cntabsolute is None
    new_id = record.id
    read = api.ok(READ, "calendar", resourceid=new_id).records[0].elements
    assert read["assignedaddressids"] == [5, 6] and read["assignedobjectids"] == [7]
    assert read["ressourcesWithKeys"] == {"Konferenzraum": "Konferenzraum", "Firmenfahrzeug": "Firmenfahrzeug"}
    assert set(read["user_ids"]) == {2, 4, 5} and [u["id"] for u in read["users"]] == ["2"]
    estate = api.ok(READ, "estate", {"data": ["strasse", "plz", "ort"]}, resourceid=7).records[0].elements
    assert estate["strasse"] in read["ort"] and read["ort"].endswith(f"{estate['plz']} {estate['ort']}, Deutschland")
    assert read["von"] == "api"
    related = api.ok(GET, "idsfromrelation", {"relationtype": REL + "calendar:address", "parentids": [new_id]})
    assert related.records[0].elements == {str(new_id): ["5", "6"]}

    modified = api.ok(MODIFY, "calendar", {"data": {"status": "completed"}, "relatedAddressIds": [8]},
                      resourceid=new_id)
    assert modified.records[0].elements == {"success": "success"}
    read = api.ok(READ, "calendar", resourceid=new_id).records[0].elements
    assert read["status"] == "completed" and read["assignedaddressids"] == [5, 6, 8]
    api.ok(MODIFY, "calendar", {"relatedAddressIds": [6], "replaceAddressIds": True, "relatedEstateId": 0,
                                "data": {"abgesagt": True}}, resourceid=new_id)
    read = api.ok(READ, "calendar", resourceid=new_id).records[0].elements
    assert read["assignedaddressids"] == [6] and read["assignedobjectids"] == [] and read["status"] == "canceled"
    assert read["ort"] == "7"  # the estate is no longer linked: the location is entered as "other"
    in_july = api.ok(READ, "calendar", {"datestart": "2026-07-01", "dateend": "2026-07-01", "users": [2]})
    assert new_id not in [r.id for r in in_july.records]  # cancelled
    assert api.ok(DELETE, "calendar", resourceid=new_id).records[0].elements == {"success": "success"}
    assert api.error(READ, "calendar", resourceid=new_id) == 169
    assert api.error(DELETE, "calendar", resourceid=new_id) == 169


def test_write_errors(api):
    start_end = {"start_dt": "2026-07-01 10:00:00", "end_dt": "2026-07-01 11:00:00"}
    assert api.error(CREATE, "calendar", {"data": {"end_dt": "2026-07-01 10:00:00"}}) == 91
    assert api.error(CREATE, "calendar", {"data": {"start_dt": "2026-07-01 10:00:00"}}) == 92
    assert api.error(CREATE, "calendar", {"data": {"start_dt": "2026-07-02", "end_dt": "2026-07-01"}}) == 93
    assert api.error(CREATE, "calendar", {"data": {**start_end, "farbe": "rot"}}) == 154
    assert api.error(CREATE, "calendar", {"data": {**start_end, "art": "Kaffeeklatsch"}}) == 252
    assert api.error(CREATE, "calendar", {"data": {**start_end, "status": "vielleicht"}}) == 255
    assert api.error(CREATE, "calendar", {"data": {**start_end, "von": "niemand"}}) == 251
    assert api.error(CREATE, "calendar", {"data": start_end, "relatedAddressIds": 5}) == 99
    assert api.error(CREATE, "calendar", {"data": start_end, "relatedAddressIds": [99999]}) == 292
    assert api.error(CREATE, "calendar", {"data": start_end, "relatedEstateId": 99999}) == 293
    assert api.error(CREATE, "calendar", {"data": start_end, "location": {"estate": "beim Kunden"}}) == 290
    assert api.error(CREATE, "calendar", {"data": start_end, "subscribers": {"groups": [77]}}) == 272
    assert api.error(CREATE, "calendar", {"data": start_end, "reminderTypes": ["brieftaube"]}) == 255
    assert api.error(MODIFY, "calendar", {"data": {"note": "x"}}, resourceid=99999) == 169
    assert api.error(MODIFY, "calendar", {"data": {"note": "x"}}) == 117
    assert api.error(CREATE, "calendar", {"data": start_end}, rights="read-only") == 174
    assert everything(api).cntabsolute == 30  # nothing was written
