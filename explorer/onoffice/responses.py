"""Parsing of the onOffice response envelope into dataclasses.

Tolerant of the quirks of real responses and the vendor's examples: record ids as int or string, `data: []`
on a failed action, `cntabsolute` as number, numeric string or null, `elements` as object or array.
Anything that is not an envelope raises ResponseFormatError with a readable message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .actions import ActionKind
from .errors import ResponseFormatError


@dataclass(frozen=True)
class Record:
    id: int | str | None
    type: str | None
    elements: dict | list


@dataclass(frozen=True)
class ActionResult:
    actionid: str
    resourceid: str | int | None
    resourcetype: str
    identifier: str | None
    cacheable: bool
    errorcode: int
    message: str
    records: list[Record] = field(default_factory=list)
    cntabsolute: int | None = None
    meta: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.errorcode == 0

    @property
    def kind(self) -> ActionKind | None:
        return ActionKind.from_urn(self.actionid)


@dataclass(frozen=True)
class ApiResponse:
    code: int
    errorcode: int
    message: str
    results: list[ActionResult]

    @property
    def ok(self) -> bool:
        return self.errorcode == 0 and all(r.ok for r in self.results)

    @property
    def action_errorcodes(self) -> list[int]:
        return [r.errorcode for r in self.results]


def _integer(value: Any) -> int | None:
    """An int from an int, an integral float or a numeric string; None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _as_int(value: Any, *, default: int = 0) -> int:
    if isinstance(value, list) and value:
        # Merged responses sometimes carry the code as an array (onOffice's WordPress plugin handles it too:
        # github.com/onOffice-Web-Org/oo-wp-plugin commit b0d9005e).
        value = value[0]
    number = _integer(value)
    return default if number is None else number


def _as_count(value: Any) -> int | None:
    if isinstance(value, str):
        value = value.replace(".", "").replace(",", "")  # a formatted count such as "1.234"
    return _integer(value)


def _status(obj: Any) -> tuple[int, str]:
    if not isinstance(obj, dict):
        return 0, ""
    return _as_int(obj.get("errorcode")), str(obj.get("message") or "")


def _parse_result(raw: Any, index: int) -> ActionResult:
    if not isinstance(raw, dict):
        raise ResponseFormatError(f"Result {index + 1} is not an object.")
    errorcode, message = _status(raw.get("status"))
    data = raw.get("data")
    records: list[Record] = []
    meta: dict = {}
    if isinstance(data, dict):
        meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
        raw_records = data.get("records") or []
        if not isinstance(raw_records, list):
            raise ResponseFormatError(f"Result {index + 1}: data.records is not a list.")
        for rec in raw_records:
            if not isinstance(rec, dict):
                raise ResponseFormatError(f"Result {index + 1}: a record is not an object.")
            elements = rec.get("elements")
            records.append(Record(
                id=rec.get("id"),
                type=rec.get("type"),
                elements=elements if isinstance(elements, (dict, list)) else {},
            ))
    elif data not in (None, [], ""):
        raise ResponseFormatError(f"Result {index + 1}: data is neither an object nor empty.")
    return ActionResult(
        actionid=str(raw.get("actionid") or ""),
        resourceid=raw.get("resourceid"),
        resourcetype=str(raw.get("resourcetype") or ""),
        identifier=raw.get("identifier"),
        cacheable=bool(raw.get("cacheable")),
        errorcode=errorcode,
        message=message,
        records=records,
        cntabsolute=_as_count(meta.get("cntabsolute")),
        meta=meta,
    )


def json_error_where(exc: json.JSONDecodeError) -> str:
    """The decoder's message with its position, "Expecting value at line 1, column 11". Some messages
    end in "at" ("Unterminated string starting at", "Invalid control character at"): the position completes
    them instead of following a second "at"."""
    message = exc.msg.removesuffix(" at")
    return f"{message} at line {exc.lineno}, column {exc.colno}"


def parse_response(body: bytes | str, *, expected_results: int | None = None) -> ApiResponse:
    """Parse a response body. Raises ResponseFormatError for anything that is not an onOffice envelope."""
    if isinstance(body, bytes):
        text = body.decode("utf-8", errors="replace")
    else:
        text = body
    if not text.strip():
        raise ResponseFormatError("The response body is empty.")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        start = text.lstrip()[:1]
        if start == "<":
            raise ResponseFormatError("The response is HTML, not JSON (a proxy or server error page?).") from None
        if start in "{[":
            # Only an error at the very end (or a string still open there) means the body was cut short.
            if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
                raise ResponseFormatError(
                    f"The response is not complete JSON (truncated?): {json_error_where(exc)}.") from None
            if exc.msg.startswith("Invalid control character") and exc.pos < len(text):
                code = ord(text[exc.pos])
                raise ResponseFormatError(
                    f"The response is not valid JSON: a raw control character (U+{code:04X}) inside a string at "
                    f"line {exc.lineno}, column {exc.colno}; JSON allows it only escaped (\\u{code:04x})."
                ) from None
            raise ResponseFormatError(f"The response is not valid JSON: {json_error_where(exc)}.") from None
        raise ResponseFormatError(f"The response is not JSON: {exc.msg}.") from None
    except RecursionError:
        raise ResponseFormatError("The response is JSON nested too deeply to read.") from None
    if not isinstance(doc, dict):
        raise ResponseFormatError("The response is JSON but not an object.")
    status = doc.get("status") if isinstance(doc.get("status"), dict) else {}
    code = _as_int(status.get("code"), default=0)
    errorcode, message = _status(status)
    response = doc.get("response")
    raw_results = response.get("results") if isinstance(response, dict) else None
    if raw_results is None:
        if errorcode:
            # Request-level failure (broken JSON, unknown token...): the API sends no results.
            return ApiResponse(code=code, errorcode=errorcode, message=message, results=[])
        raise ResponseFormatError("The response has no response.results.")
    if not isinstance(raw_results, list):
        raise ResponseFormatError("response.results is not a list.")
    results = [_parse_result(r, i) for i, r in enumerate(raw_results)]
    if expected_results is not None and len(results) != expected_results:
        raise ResponseFormatError(
            f"The response has {len(results)} result(s) for {expected_results} action(s); "
            "results cannot be matched to actions."
        )
    return ApiResponse(code=code, errorcode=errorcode, message=message, results=results)
