"""Files of estates and addresses (`file` get, resourceid `estate` or `address`).

The demo keeps no uploads: each record's files follow from its id, the estate pictures being the ones
estatepictures hands out. Parameters, limits (default 20, at most 100) and answer fields follow
https://apidoc.onoffice.de/actions/informationen-abfragen/objektdateien/ and
https://apidoc.onoffice.de/actions/informationen-abfragen/address-files/: asking for exactly one file
(by `fileid`, or for estates by `documentAttribute`) adds its content, base64-encoded.
"""

from __future__ import annotations

import base64
import uuid
import zlib
from datetime import UTC, datetime

from explorer.onoffice.actions import ActionKind

from .. import store
from ..protocol import ApiError, Context
from ..query import bool_param, int_param
from .common import as_id
from .info import estate_pictures
from .records import visible_estate
from .registry import handles

FILE_LIMIT_DEFAULT = 20
FILE_LIMIT_MAX = 100
ADDRESS_FILE_BASE = 10_000_000  # address file ids start here, apart from the estate files (id * 10 + n)
IMAGE_TYPES = frozenset({"Titelbild", "Foto", "Foto_gross", "Grundriss", "Lageplan"})
IMAGE_SIZES = ("small", "medium", "original")
PORTALS = {"12": "ImmobilienScout24", "15": "Immowelt", "31": "Kleinanzeigen"}
_NAMESPACE = uuid.UUID("6f1c2a7e-3b0d-4d55-9a1e-5c0f7d3b2a10")

# Documents an estate may have besides its pictures: (n, type, title, document attribute, category).
_ESTATE_DOCUMENTS = (
    (7, "Expose", "Exposé", "Exposé", "external"),
    (8, "Dokument", "Energieausweis", "Energieausweis", "internal"),
    (9, "Link", "Virtueller Rundgang", None, "external"),
)
# Files of an address: (n, type, original name).
_ADDRESS_FILES = ((0, "Dokument", "Personalausweis.pdf"), (1, "Foto", "Portrait.svg"),
                  (2, "Dokument", "Vollmacht.pdf"), (3, "Dokument", "Selbstauskunft.pdf"))


def _svg(title: str, owner: str) -> bytes:
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" '
            f'fill="#4a7a96"/><text x="320" y="240" font-size="32" fill="#fff" text-anchor="middle">{title} – '
            f'{owner}</text></svg>').encode()


def _pdf(title: str, owner: str) -> bytes:
    """A one-page PDF with the title on it (PDF text in Latin-1, which the German titles fit in)."""
    text = f"{title} - {owner}".encode("latin-1", "replace")
    stream = b"BT /F1 24 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _content(kind: str, title: str, owner: str) -> bytes:
    if kind == "Link":
        return b""
    return _svg(title, owner) if kind in IMAGE_TYPES else _pdf(title, owner)


def _name(file_id: int) -> str:
    return str(uuid.uuid5(_NAMESPACE, str(file_id)))


def estate_files(estate_id: int) -> list[dict]:
    """Pictures first (as estatepictures lists them), then the estate's documents and links."""
    files = [{"id": p["id"], "type": p["type"], "title": p["title"], "documentAttribute": None,
              "category": "external", "modified": p["modified"], "published": True,
              "originalname": f"{p['type']}_{p['id']}.jpg"} for p in estate_pictures(estate_id)]
    extra = zlib.crc32(f"files:{estate_id}".encode()) % 4  # 0 to 3 of the documents
    for n, kind, title, attribute, category in _ESTATE_DOCUMENTS[:extra]:
        file_id = estate_id * 10 + n
        files.append({"id": file_id, "type": kind, "title": title, "documentAttribute": attribute,
                      "category": category, "modified": 1735689600 + estate_id * 97 + n,
                      "published": category == "external",
                      "originalname": "" if kind == "Link" else f"{title}_{estate_id}.pdf"})
    for position, file in enumerate(files, start=1):
        file["position"] = position
    return files


def address_files(address_id: int) -> list[dict]:
    count = zlib.crc32(f"files:address:{address_id}".encode()) % (len(_ADDRESS_FILES) + 1)
    files = []
    for n, kind, original in _ADDRESS_FILES[:count]:
        modified = 1704067200 + address_id * 113 + n * 3600
        files.append({"id": ADDRESS_FILE_BASE + address_id * 10 + n, "type": kind, "title": original.rsplit(".")[0],
                      "originalname": original, "modified": modified})
    return files


def _window(params: dict) -> tuple[int, int]:
    limit = int_param(params, "listlimit", FILE_LIMIT_DEFAULT)
    offset = int_param(params, "listoffset", 0)
    if not 0 <= limit <= FILE_LIMIT_MAX:
        raise ApiError(255, "listlimit")
    if offset < 0:
        raise ApiError(255, "listoffset")
    return limit, offset


def _pick(files: list[dict], params: dict, *, attributes: bool) -> tuple[list[dict], bool]:
    """The files asked for, and whether exactly one was named (then its content comes along)."""
    named = False
    if params.get("fileid") not in (None, ""):
        file_id = int_param(params, "fileid")
        files = [f for f in files if f["id"] == file_id]
        named = True
    if attributes and params.get("documentAttribute") not in (None, ""):
        attribute = params["documentAttribute"]
        if not isinstance(attribute, str):
            raise ApiError(227, "documentAttribute")
        files = [f for f in files if (f["documentAttribute"] or "").casefold() == attribute.casefold()]
        named = True
    if named and not files:
        raise ApiError(127)
    return files, named and len(files) == 1


def _extension(file: dict) -> str:
    return "svg" if file["type"] in IMAGE_TYPES else "pdf"


@handles("file", ActionKind.GET)
def file_get(ctx: Context):
    target = ctx.action.resourceid
    if target == "estate":
        return _estate_files(ctx)
    if target == "address":
        return _address_files(ctx)
    raise ApiError(24, target)


def _estate_files(ctx: Context):
    params = ctx.params
    if params.get("estateid") in (None, ""):
        raise ApiError(110)
    estate_id = as_id(params["estateid"], error=ApiError(65))
    if visible_estate(ctx, estate_id) is None:
        raise ApiError(293)
    image_size = params.get("includeImageUrl")
    if image_size not in (None, "") and image_size not in IMAGE_SIZES:
        raise ApiError(255, "includeImageUrl")
    published = bool_param(params, "showispublishedonhomepage")
    portals = bool_param(params, "showpublicationstatus")
    limit, offset = _window(params)
    files, with_content = _pick(estate_files(estate_id), params, attributes=True)
    owner = f"Objekt {estate_id}"
    records = []
    for file in files[offset:offset + limit]:
        content = _content(file["type"], file["title"], owner)
        name = _name(file["id"])
        elements = {"type": file["type"], "position": file["position"],
                    "documentAttribute": file["documentAttribute"], "name": name,
                    "originalname": file["originalname"],
                    "filename": "" if file["type"] == "Link" else f"{name}.{_extension(file)}",
                    "fileSize": len(content), "title": file["title"], "freetext": "", "modified": file["modified"],
                    "category": file["category"]}
        if file["type"] == "Link":
            elements["url"] = f"https://rundgang.sandbox-immobilien.example/{estate_id}"
        if with_content:
            elements["content"] = base64.b64encode(content).decode()
        if image_size and file["type"] in IMAGE_TYPES:
            elements["imageUrl"] = f"{ctx.base_url}/sandbox/pictures/{estate_id}/{file['id']}.svg?size={image_size}"
        if published:
            elements["ispublishedonhomepage"] = file["published"]
        if portals:
            # Internal documents never go to portals: an empty list, as documented.
            elements["publicationstatus"] = [] if file["category"] == "internal" else {
                pid: [label, int(file["published"] and pid != "31")] for pid, label in PORTALS.items()}
        records.append({"id": file["id"], "type": "file", "elements": elements})
    return records, len(files)


def _address_files(ctx: Context):
    params = ctx.params
    if params.get("addressid") in (None, ""):
        raise ApiError(96)
    address_id = as_id(params["addressid"], error=ApiError(64))
    address = store.snapshot("address").by_id.get(address_id)
    if address is None:
        raise ApiError(292)
    limit, offset = _window(params)
    files, with_content = _pick(address_files(address_id), params, attributes=False)
    owner = f"{address.get('Vorname', '')} {address.get('Name', '')}".strip() or f"Adresse {address_id}"
    records = []
    for file in files[offset:offset + limit]:
        content = _content(file["type"], file["title"], owner)
        elements = {"type": file["type"], "name": file["originalname"], "originalname": file["originalname"],
                    "filename": f"{_name(file['id'])}.{_extension(file)}", "fileSize": len(content),
                    "modified": file["modified"],
                    "date": datetime.fromtimestamp(file["modified"], UTC).strftime("%Y-%m-%d")}
        if with_content:
            elements["content"] = base64.b64encode(content).decode()
        records.append({"id": file["id"], "type": "file", "elements": elements})
    return records, len(files)
