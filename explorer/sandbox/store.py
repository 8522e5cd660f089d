"""Records and relations kept decoded in process memory, checked against a per-module data version.

Every access asks the database for the module's DataVersion (one indexed single-row query) and
reuses the in-memory snapshot while it matches. A write replaces the version inside its transaction;
the writing process patches its snapshot in place of reloading it, every other process reloads on its
next access. Snapshots are never mutated, so a reader can keep using the one it got while a write runs.
A snapshot holds its records column by column (explorer/sandbox/table.py): 100,000 estates fit in a
few hundred megabytes, and filters and sorts work per column (explorer/sandbox/rows.py).
"""

from __future__ import annotations

import json
import sys
import threading
import uuid
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from .models import DataVersion, Record, Relation
from .rows import ById, Row, RowList
from .table import Table

RECORD_MODULES = ("estate", "address", "agentslog", "task", "searchcriteria", "calendar")
RELATIONS = "relation"
LOAD_CHUNK = 250  # records fetched and decoded at a time when a snapshot loads (small: cache-friendly)

_lock = threading.Lock()
_snapshots: dict[str, Snapshot] = {}
_loading: dict[str, threading.Lock] = {}
_relations: RelationIndex | None = None


class Snapshot:
    """One version of a module's records. `rows`: a Sequence of read-only Mappings in ascending record id,
    each carrying its id under "_id"; `by_id`: record id -> row."""

    __slots__ = ("by_id", "rows", "table", "version")

    def __init__(self, version: str, table: Table):
        self.version = version
        self.table = table
        self.rows = RowList(table)
        self.by_id = ById(table)

    def select(self, record_id: int | None) -> RowList | list[Row]:
        """All rows, or only the one with record_id (none when it does not exist): a lookup, not a scan."""
        if record_id is None:
            return self.rows
        row = self.by_id.get(record_id)
        return [] if row is None else [row]

    def replaced(self, version: str, changed: dict[int, dict | None]) -> Snapshot:
        """A new snapshot with rows replaced, added, or removed (None)."""
        return Snapshot(version, self.table.replaced(changed))


@dataclass(frozen=True)
class RelationIndex:
    """Related ids both ways, keyed by (relation type, id), in the order the relations were made."""

    version: str
    children: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    parents: dict[tuple[str, int], list[int]] = field(default_factory=dict)


def new_version() -> str:
    return uuid.uuid4().hex


def current_version(module: str) -> str | None:
    return DataVersion.objects.filter(module=module).values_list("version", flat=True).first()


def decode_rows(pairs: list[tuple[int, str]]) -> list[tuple[int, dict]]:
    """Decode many JSON rows in one call: json shares the memo of key strings across all of them."""
    if not pairs:
        return []
    rows = json.loads("[" + ",".join(text for _, text in pairs) + "]")
    return list(zip((record_id for record_id, _ in pairs), rows, strict=True))


def encode_row(row: dict) -> str:
    return json.dumps({k: v for k, v in row.items() if k != "_id"}, ensure_ascii=False, separators=(",", ":"))


def _decoded_chunks(module: str) -> Iterator[list[tuple[int, dict]]]:
    """The module's records in ascending id, decoded LOAD_CHUNK at a time (one query, fetched in chunks):
    never all the JSON text in memory at once."""
    records = Record.objects.filter(module=module).order_by("record_id").values_list("record_id", "data")
    chunk = []
    for pair in records.iterator(chunk_size=LOAD_CHUNK):
        chunk.append(pair)
        if len(chunk) == LOAD_CHUNK:
            yield decode_rows(chunk)
            chunk = []
    yield decode_rows(chunk)


def snapshot(module: str) -> Snapshot:
    version = current_version(module)
    snap = _snapshots.get(module)
    if snap is not None and snap.version == version:
        return snap
    if version is None:
        return Snapshot("", Table(array("q"), {}))
    with _lock:
        loading = _loading.setdefault(module, threading.Lock())
    with loading:  # one load per module at a time: concurrent first reads wait for it instead of repeating it
        snap = _snapshots.get(module)
        if snap is not None and snap.version == version:
            return snap
        snap = Snapshot(version, Table.build(_decoded_chunks(module)))
        with _lock:
            _snapshots[module] = snap
    return snap


def relations() -> RelationIndex:
    global _relations
    version = current_version(RELATIONS)
    index = _relations
    if index is not None and index.version == version:
        return index
    index = RelationIndex(version or "")
    intern = sys.intern
    for relationtype, parent, child in Relation.objects.order_by("id").values_list(
        "relationtype", "parent_id", "child_id"
    ):
        relationtype = intern(relationtype)
        index.children.setdefault((relationtype, parent), []).append(child)
        index.parents.setdefault((relationtype, child), []).append(parent)
    if version is not None:
        with _lock:
            _relations = index
    return index


class RecordWriter:
    """Collects the rows one transaction writes to a module."""

    def __init__(self, module: str):
        self.module = module
        self.changed: dict[int, dict | None] = {}
        self._next_id: int | None = None

    def next_id(self) -> int:
        if self._next_id is None:
            highest = Record.objects.filter(module=self.module).aggregate(m=Max("record_id"))["m"] or 0
            self._next_id = highest + 1
        allocated = self._next_id
        self._next_id += 1
        return allocated

    def put(self, record_id: int, row: dict, *, new: bool) -> None:
        row = {**row, "_id": record_id}
        if new:
            Record.objects.create(module=self.module, record_id=record_id, data=encode_row(row))
        else:
            Record.objects.filter(module=self.module, record_id=record_id).update(data=encode_row(row))
        self.changed[record_id] = row

    def delete(self, record_id: int) -> None:
        Record.objects.filter(module=self.module, record_id=record_id).delete()
        self.changed[record_id] = None


@contextmanager
def writing(module: str):
    """A transaction on one module; the snapshot of this process follows without a reload."""
    with transaction.atomic():
        # Locks the version row (PostgreSQL; SQLite serialises writers anyway): ids and versions stay in order.
        old = DataVersion.objects.select_for_update().filter(module=module).values_list("version", flat=True).first()
        writer = RecordWriter(module)
        yield writer
        version = new_version()
        DataVersion.objects.update_or_create(module=module, defaults={"version": version})
    with _lock:
        snap = _snapshots.get(module)
        if snap is not None and snap.version == old and old is not None:
            _snapshots[module] = snap.replaced(version, writer.changed)
        else:
            _snapshots.pop(module, None)


@contextmanager
def writing_relations():
    """A transaction on relations; relation indexes are rebuilt on the next access."""
    with transaction.atomic():
        DataVersion.objects.select_for_update().filter(module=RELATIONS).first()
        yield
        DataVersion.objects.update_or_create(module=RELATIONS, defaults={"version": new_version()})


def bump_all() -> None:
    """After bulk loading (seed_demo): every process reloads everything on its next access."""
    for module in (*RECORD_MODULES, RELATIONS):
        DataVersion.objects.update_or_create(module=module, defaults={"version": new_version()})
