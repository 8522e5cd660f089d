"""The "Getting started" collection: saved requests that walk through the onOffice FAQ on the sandbox.

Each request teaches one fact of the vendor's general notes (https://apidoc.onoffice.de, "General
information / FAQ") and uses field names and values of the sandbox's field configuration
(explorer/sandbox/fieldconfig.py) and demo data (explorer/sandbox/demo.py), so every one of them answers
errorcode 0 for the read-write demo user, except the last, which fails on purpose with `expect_error`.
tests/integration/test_onboarding.py and tests/integration/test_newman.py run them against the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from explorer.onoffice.actions import RELATION_PREFIX

GETTING_STARTED_FOLDER = "Getting started"


@dataclass(frozen=True)
class OnboardingRequest:
    name: str
    description: str
    actions: tuple[dict, ...]
    expect_error: int | None = None
    # Defaults of the `{{name}}` variables the actions use (explorer/composer/variables.py).
    variables: dict[str, str] = field(default_factory=dict)

    def as_saved(self) -> dict:
        """The shape explorer.saved.postman.postman_collection takes for one request."""
        return {"name": self.name, "description": self.description, "actions": [dict(a) for a in self.actions],
                "expect_error": self.expect_error}


def _action(action: str, resourcetype: str, parameters: dict | None = None, *, resourceid: str = "",
            identifier: str = "") -> dict:
    return {"resourcetype": resourcetype, "action": action, "resourceid": resourceid, "identifier": identifier,
            "parameters": parameters or {}}


# A date before the demo data's snapshot (30.06.2026 18:00, explorer/sandbox/demo.py), so the
# changed-since request finds records on a fresh sandbox; dates are the client's German local time.
CHANGED_SINCE = "2026-06-01 00:00:00"
# Address record 1 exists in every seed of the demo data (ids are numbered from 1).
MODIFIED_ADDRESS_ID = "1"

GETTING_STARTED: tuple[OnboardingRequest, ...] = (
    OnboardingRequest(
        "01 Field configuration",
        "Field names are case-sensitive and differ per client, so look them up first: `get fields` with "
        "`labels` lists every estate field with its type, label and permitted select values. Use the names "
        "exactly as written here in `data`, `filter` and `sortby`.",
        (_action("get", "fields", {"labels": True, "language": "ENG", "modules": ["estate"]},
                 identifier="estate-fields"),),
    ),
    OnboardingRequest(
        "02 Read estates: data, filter, sortby",
        "A read returns only the fields named in `data`. `filter` takes per field a list of {op, val} "
        "conditions, all of which must hold; `sortby` orders by a field. Here: estates for sale in the city "
        "of the `city` variable, cheapest first.",
        (_action("read", "estate", {
            "data": ["Id", "objekttitel", "ort", "kaufpreis", "wohnflaeche"],
            "filter": {"ort": [{"op": "=", "val": "{{city}}"}], "vermarktungsart": [{"op": "=", "val": "kauf"}]},
            "sortby": {"kaufpreis": "ASC"},
            "listlimit": 10,
        }, identifier="for-sale-in-city"),),
        variables={"city": "Aachen"},
    ),
    OnboardingRequest(
        "03 Page with listlimit and listoffset",
        "Lists come in pages: `listlimit` is the page size (20 when you leave it out) and `listoffset` the "
        "number of records to skip. `cntabsolute` in the answer counts all matches, so you know how far to "
        "page. This asks for the second page of ten.",
        (_action("read", "estate", {"data": ["Id", "objektnr_extern"], "sortby": {"Id": "ASC"},
                                    "listlimit": 10, "listoffset": 10}, identifier="page-2"),),
    ),
    OnboardingRequest(
        "04 At most 500 records per call",
        "Most reads return at most 500 records per call. A larger `listlimit` is no error: it silently "
        "falls back to the default of 20, so the second action returns only 20 records. Page in steps of "
        "500 instead.",
        (_action("read", "estate", {"data": ["Id"], "listlimit": 500}, identifier="limit-500"),
         _action("read", "estate", {"data": ["Id"], "listlimit": 1000}, identifier="limit-1000")),
    ),
    OnboardingRequest(
        "05 Single- and multiselect values",
        "Select fields take their keys, not their labels (see the permitted values of `get fields`). A "
        "multiselect is read as one string like \"|zentral||fussboden|\" and is filtered with `=` or `in`; "
        "an empty singleselect is \"\" and an empty multiselect is [], as the second action and the modify "
        "request below show.",
        (_action("read", "estate", {
            "data": ["Id", "objektart", "heizungsart"],
            "filter": {"objektart": [{"op": "=", "val": "wohnung"}],
                       "heizungsart": [{"op": "in", "val": ["fussboden", "fern"]}]},
            "listlimit": 10,
        }, identifier="flats-underfloor-or-district-heating"),
         _action("read", "address", {
             "data": ["KdNr", "KontaktformBevorzugt", "HerkunftKontakt"],
             "filter": {"KontaktformBevorzugt": [{"op": "=", "val": ""}]},
             "listlimit": 10,
         }, identifier="no-preferred-contact-form")),
    ),
    OnboardingRequest(
        "06 Addresses: record number (Id) vs customer number (KdNr)",
        "An address has a record number (Datensatznummer, the `id` of each record) and a separate customer "
        "number (Kundennummer, field `KdNr`). The API always takes the record number, e.g. in `recordids`, "
        "as resourceid of a modify, or in relations.",
        (_action("read", "address", {"data": ["KdNr", "Vorname", "Name", "Zusatz1", "Ort"], "listlimit": 5},
                 identifier="first-addresses"),
         _action("read", "address", {"data": ["KdNr", "Vorname", "Name"], "recordids": [1, 2, 3]},
                 identifier="by-record-number")),
    ),
    OnboardingRequest(
        "07 Status values",
        "The status is an integer: estates (field `status`) are 1 active, 2 pending, 0 archived; addresses "
        "(field `Status`, capital S) are 1 active, 0 archived. Here: pending estates and archived addresses.",
        (_action("read", "estate", {"data": ["Id", "status", "objekttitel"],
                                    "filter": {"status": [{"op": "=", "val": 2}]}, "listlimit": 10},
                 identifier="pending-estates"),
         _action("read", "address", {"data": ["KdNr", "Status", "Name"],
                                     "filter": {"Status": [{"op": "=", "val": 0}]}, "listlimit": 10},
                 identifier="archived-addresses")),
    ),
    OnboardingRequest(
        "08 Changed since",
        "To fetch what changed since a moment, filter estates on `geaendert_am` and addresses on "
        "`Aenderung` with `>=`. Dates are the client's local (German) time; change the `since` variable.",
        (_action("read", "estate", {"data": ["Id", "geaendert_am"],
                                    "filter": {"geaendert_am": [{"op": ">=", "val": "{{since}}"}]},
                                    "sortby": {"geaendert_am": "DESC"}, "listlimit": 10},
                 identifier="estates-changed"),
         _action("read", "address", {"data": ["KdNr", "Aenderung"],
                                     "filter": {"Aenderung": [{"op": ">=", "val": "{{since}}"}]},
                                     "sortby": {"Aenderung": "DESC"}, "listlimit": 10},
                 identifier="addresses-changed")),
        variables={"since": CHANGED_SINCE},
    ),
    OnboardingRequest(
        "09 Relations: owners of estates",
        "Owners, buyers, tenants, contact persons and other links are not fields of estates or addresses: "
        "`get idsfromrelation` reads them by relation type. This returns, per estate id, the record numbers "
        "of its owners.",
        (_action("get", "idsfromrelation", {"relationtype": RELATION_PREFIX + "estate:address:owner",
                                            "parentids": [1, 2, 3]}, identifier="owners"),),
    ),
    OnboardingRequest(
        "10 Quick search",
        "`get search` with resourceid `estate` searches like the search box of onOffice enterprise: every "
        "word of `input` must match, e.g. a city, a street or an owner's name.",
        (_action("get", "search", {"input": "{{city}}", "listlimit": 10}, resourceid="estate",
                 identifier="search-city"),),
        variables={"city": "Aachen"},
    ),
    OnboardingRequest(
        "11 Create an address",
        "Writes need an API user with write rights. Addresses take their fields at the top level of "
        "`parameters` (estates inside `data`), multiselects as a JSON array; `checkDuplicate` updates an "
        "address with the same e-mail instead of creating a second one. The answer holds the new record number.",
        (_action("create", "address", {
            "Anrede": "Frau", "Vorname": "Erika", "Name": "Mustermann", "Strasse": "Theaterstraße 1",
            "Plz": "52062", "Ort": "Aachen", "email": "erika.mustermann@example.com",
            "HerkunftKontakt": ["Empfehlung"], "checkDuplicate": True,
        }, identifier="new-address"),),
    ),
    OnboardingRequest(
        "12 Modify an address",
        "A modify names the record by its record number in resourceid (address 1 here). Only the fields "
        "sent change; \"\" empties a singleselect and [] a multiselect.",
        (_action("modify", "address", {"Bemerkung": "Geändert über die API",
                                       "KontaktformBevorzugt": "", "HerkunftKontakt": []},
                 resourceid=MODIFIED_ADDRESS_ID, identifier="modify-address"),),
    ),
    OnboardingRequest(
        "13 Error: wrong case in a field name",
        "Field names are case-sensitive: `KaufPreis` is not `kaufpreis`, and the action fails with an "
        "unknown-field error (143 for estates) while the request's overall status reports an error in an "
        "action. This request is expected to fail.",
        (_action("read", "estate", {"data": ["Id", "KaufPreis"]}, identifier="wrong-case"),),
        expect_error=143,
    ),
)
