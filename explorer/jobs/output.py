"""Streaming writers for fetched records ({"id": …, **elements}): NDJSON, CSV and JSON, each writing to a
text file object page by page, so a fetch never holds the whole result. Call `write(records)` per page and
`close()` once at the end (it does not close the file)."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from typing import IO

FORMATS = ("ndjson", "csv", "json")


# One encoder for every record: json.dumps with options builds a new one per call (500 a page).
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class NdjsonWriter:
    """One record per line."""

    def __init__(self, stream: IO[str]):
        self.stream = stream

    def write(self, records: Sequence[dict]) -> None:
        self.stream.write("".join(_dumps(r) + "\n" for r in records))

    def close(self) -> None:
        self.stream.flush()


class JsonWriter:
    """A JSON array, streamed: `[`, the records separated by commas (one a line), `]`."""

    def __init__(self, stream: IO[str]):
        self.stream = stream
        self.count = 0
        stream.write("[")

    def write(self, records: Sequence[dict]) -> None:
        parts = []
        for record in records:
            parts.append(("\n" if self.count == 0 else ",\n") + _dumps(record))
            self.count += 1
        self.stream.write("".join(parts))

    def close(self) -> None:
        self.stream.write("\n]\n" if self.count else "]\n")
        self.stream.flush()


class CsvWriter:
    """A header of technical field names (or, given `labels`, each column's label where it has one), then
    one row per record. Columns: `id` and the `data` fields named by the read when given, else the keys of
    the first page (in their order, then any new key of that page). Keys appearing only later are not added
    (the header is written already); values that are lists or objects are written as JSON."""

    def __init__(self, stream: IO[str], columns: Sequence[str] | None = None, labels: Mapping[str, str] | None = None):
        self.stream = stream
        self.columns = ["id", *[c for c in columns if c != "id"]] if columns else None
        self.labels = labels or {}
        self.writer = csv.writer(stream, lineterminator="\r\n")
        self.header_written = False

    def _header(self, records: Sequence[dict]) -> None:
        if self.columns is None:
            seen: dict[str, None] = {"id": None}
            for record in records:
                seen.update(dict.fromkeys(record))
            self.columns = list(seen)
        self.writer.writerow([self.labels.get(c) or c for c in self.columns])
        self.header_written = True

    @staticmethod
    def _cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, (list, dict)):
            return _dumps(value)
        return str(value)

    def write(self, records: Sequence[dict]) -> None:
        if not self.header_written:
            if not records:
                return
            self._header(records)
        self.writer.writerows([[self._cell(r.get(c)) for c in self.columns] for r in records])

    def close(self) -> None:
        if not self.header_written and self.columns is not None:
            self._header([])
        self.stream.flush()


def data_columns(parameters: dict) -> list[str] | None:
    """The field names a read asks for in `data`, when it is a plain list of names."""
    data = parameters.get("data")
    if isinstance(data, list) and data and all(isinstance(d, str) for d in data):
        return list(data)
    return None


def writer_for(fmt: str, stream: IO[str], *, parameters: dict | None = None, labels: Mapping[str, str] | None = None):
    """`labels` (CSV only): header text per technical name, e.g. {"kaufpreis": "Kaufpreis"}."""
    if fmt == "ndjson":
        return NdjsonWriter(stream)
    if fmt == "json":
        return JsonWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream, data_columns(parameters or {}), labels)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
