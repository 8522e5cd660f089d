"""Fields of search criteria (searchCriteriaFields get)."""

from .conftest import GET


def categories(api, parameters=None):
    return {r.elements["name"]: r.elements["fields"] for r in api.ok(GET, "searchCriteriaFields", parameters).records}


def test_categories_and_fields(api):
    result = api.ok(GET, "searchCriteriaFields", [])
    assert result.cntabsolute is None and [r.id for r in result.records] == list(range(len(result.records)))
    found = categories(api)
    assert {"Kategorie", "Preise", "Flächen", "Umkreis"} <= set(found)
    fields = {f["id"]: f for group in found.values() for f in group}
    objektart = fields["objektart"]
    assert objektart["type"] == "singleselect" and objektart["ko"] == "true" and objektart["default"] is None
    assert objektart["values"]["haus"] == "Haus" and objektart["name"] == "Objektart"
    price = fields["kaufpreis"]
    assert price["rangefield"] == "true" and price["vermarktungsarten"] == "kauf"
    assert price["type"] == "urn:onoffice-de-ns:smart:2.5:dbAccess:dataType:decimal"
    assert "additionalTranslations" not in price
    assert fields["regionaler_zusatz"]["type"] == "displayAll"
    positions = [f["position"] for group in found.values() for f in group if f["position"]]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_language_and_translations(api):
    fields = {f["id"]: f for group in categories(api, {"language": "ENG", "additionalTranslations": True}).values()
              for f in group}
    assert fields["objektart"]["values"]["haus"] == "House" and fields["kaufpreis"]["name"] == "Purchase price"
    assert set(fields["wohnflaeche"]["additionalTranslations"]) == {"wohnflaeche__von", "wohnflaeche__bis"}
    assert "additionalTranslations" not in fields["objektart"]
    assert api.error(GET, "searchCriteriaFields", {"language": "english"}) == 160
    assert api.error(GET, "searchCriteriaFields", {"additionalTranslations": "ja"}) == 255
