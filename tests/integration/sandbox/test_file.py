"""Files of estates and addresses (file get, resourceid estate / address)."""

import base64

from .conftest import GET, READ

ESTATE_KEYS = {"type", "position", "documentAttribute", "name", "originalname", "filename", "fileSize", "title",
               "freetext", "modified", "category"}


def files(api, target, parameters, **options):
    return api.ok(GET, "file", parameters, resourceid=target, **options)


def estate_with_documents(api) -> tuple[int, list]:
    for estate_id in range(1, 61):
        result = files(api, "estate", {"estateid": estate_id})
        if any(r.elements["type"] == "Expose" for r in result.records):
            return estate_id, result.records
    raise AssertionError("no demo estate has documents")


def test_estate_files_list_pictures_and_documents(api):
    estate_id, records = estate_with_documents(api)
    assert all(r.type == "file" and set(r.elements) == ESTATE_KEYS for r in records if r.elements["type"] != "Link")
    assert [r.elements["position"] for r in records] == list(range(1, len(records) + 1))
    pictures = api.ok(GET, "estatepictures", {"estateids": [estate_id], "categories": ["Titelbild", "Foto",
                                                                                        "Grundriss", "Lageplan"]})
    assert {r.id for r in pictures.records} <= {r.id for r in records}
    assert not any("content" in r.elements for r in records)
    detailed = files(api, "estate", {"estateid": str(estate_id), "includeImageUrl": "medium",
                                     "showispublishedonhomepage": True, "showpublicationstatus": True})
    title = next(r for r in detailed.records if r.elements["type"] == "Titelbild")
    assert title.elements["imageUrl"].endswith(f"/sandbox/pictures/{estate_id}/{title.id}.svg?size=medium")
    assert title.elements["ispublishedonhomepage"] is True and title.elements["publicationstatus"]
    assert api.raw(None, method="GET", url=title.elements["imageUrl"]).status_code == 200
    expose = next(r for r in detailed.records if r.elements["type"] == "Expose")
    assert "imageUrl" not in expose.elements and expose.elements["documentAttribute"] == "Exposé"


def test_exactly_one_file_comes_with_its_content(api):
    estate_id, records = estate_with_documents(api)
    expose = next(r for r in records if r.elements["type"] == "Expose")
    by_id = files(api, "estate", {"estateid": estate_id, "fileid": expose.id})
    assert by_id.cntabsolute == 1 and [r.id for r in by_id.records] == [expose.id]
    content = base64.b64decode(by_id.records[0].elements["content"])
    assert content.startswith(b"%PDF-") and len(content) == by_id.records[0].elements["fileSize"]
    by_attribute = files(api, "estate", {"estateid": estate_id, "documentAttribute": "Exposé"})
    assert by_attribute.records[0].elements["content"] == by_id.records[0].elements["content"]
    picture = files(api, "estate", {"estateid": estate_id, "fileid": records[0].id}).records[0].elements
    assert base64.b64decode(picture["content"]).startswith(b"<svg")


def test_paging_default_20_and_max_100(api):
    result = files(api, "estate", {"estateid": 1, "listlimit": 2, "listoffset": 1})
    full = files(api, "estate", {"estateid": 1})
    assert result.cntabsolute == full.cntabsolute == len(full.records) <= 20
    assert [r.id for r in result.records] == [r.id for r in full.records[1:3]]
    assert files(api, "estate", {"estateid": 1, "listlimit": 100}).cntabsolute == full.cntabsolute
    assert files(api, "estate", {"estateid": 1, "listlimit": 0}).records == []
    assert api.error(GET, "file", {"estateid": 1, "listlimit": 101}, resourceid="estate") == 255
    assert api.error(GET, "file", {"estateid": 1, "listlimit": "viele"}, resourceid="estate") == 228
    assert api.error(GET, "file", {"estateid": 1, "listoffset": -1}, resourceid="estate") == 255


def test_estate_file_errors(api):
    assert api.error(GET, "file", {}, resourceid="estate") == 110
    assert api.error(GET, "file", {"estateid": "eins"}, resourceid="estate") == 65
    assert api.error(GET, "file", {"estateid": 99999}, resourceid="estate") == 293
    assert api.error(GET, "file", {"estateid": 1, "fileid": 5}, resourceid="estate") == 127
    assert api.error(GET, "file", {"estateid": 1, "fileid": "x"}, resourceid="estate") == 228
    assert api.error(GET, "file", {"estateid": 1, "documentAttribute": "Baugenehmigung"}, resourceid="estate") == 127
    assert api.error(GET, "file", {"estateid": 1, "includeImageUrl": "huge"}, resourceid="estate") == 255
    result = api.one(GET, "file", {}, resourceid="project")
    assert (result.errorcode, result.message) == (24, 'Missing configuration for resourceId "project"')


def test_published_only_user_sees_files_of_published_estates_only(api):
    published = {r.id for r in api.ok(READ, "estate", {"listlimit": 500}, rights="published-only").records}
    hidden = next(i for i in range(1, 61) if i not in published)
    assert api.error(GET, "file", {"estateid": hidden}, resourceid="estate", rights="published-only") == 293


def test_address_files(api):
    found = None
    for address_id in range(1, 151):
        result = files(api, "address", {"addressid": address_id})
        if len(result.records) >= 2:
            found = address_id, result
            break
    assert found
    address_id, result = found
    record = result.records[0]
    assert record.type == "file" and set(record.elements) == {"type", "name", "originalname", "filename", "fileSize",
                                                              "modified", "date"}
    assert len(record.elements["date"]) == 10 and result.cntabsolute == len(result.records)
    one = files(api, "address", {"addressid": address_id, "fileid": record.id}).records[0].elements
    assert len(base64.b64decode(one["content"])) == one["fileSize"]
    assert files(api, "address", {"addressid": address_id, "listlimit": 1}).records[0].id == record.id
    assert api.error(GET, "file", {}, resourceid="address") == 96
    assert api.error(GET, "file", {"addressid": "x"}, resourceid="address") == 64
    assert api.error(GET, "file", {"addressid": 99999}, resourceid="address") == 292
    assert api.error(GET, "file", {"addressid": address_id, "fileid": 1}, resourceid="address") == 127
    assert api.error(GET, "file", {"addressid": address_id, "listlimit": 500}, resourceid="address") == 255
