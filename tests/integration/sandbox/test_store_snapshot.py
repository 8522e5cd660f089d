"""The store's snapshots over their column tables: loaded in chunks, patched in the writing process,
reloaded after a write of another process (a changed DataVersion), and never changed under a reader."""

import pytest

from explorer.sandbox import store
from explorer.sandbox.models import DataVersion, Record
from explorer.sandbox.table import Table

MODULE = "estate"


def rows_of(snap) -> list[dict]:
    return [dict(row) for row in snap.rows]


@pytest.fixture
def written(db):
    """Records 1-25 written through the store's public API in three bulk writes."""
    expected = []
    for batch in (range(1, 11), range(11, 21), range(21, 26)):
        with store.writing(MODULE) as writer:
            for _ in batch:
                record_id = writer.next_id()
                row = {"Id": record_id, "ort": ("Aachen", "Köln")[record_id % 2], "kaufpreis": record_id * 1000.0,
                       "heizungsart": ["fern"] if record_id % 3 else [], **({"_lang": {"ENG": {"t": "x"}}}
                                                                               if record_id % 5 == 0 else {})}
                writer.put(record_id, row, new=True)
                expected.append({**row, "_id": record_id})
    return expected


def test_a_snapshot_loads_in_chunks_and_reads_what_was_written(written, monkeypatch):
    monkeypatch.setattr(store, "LOAD_CHUNK", 4)
    store._snapshots.pop(MODULE, None)  # as a process that has not read this module yet
    snap = store.snapshot(MODULE)
    assert rows_of(snap) == written
    assert snap.by_id.get(7)["kaufpreis"] == 7000.0 and snap.by_id.get(26) is None
    assert [dict(r) for r in snap.select(5)] == [written[4]] and snap.select(99) == []
    assert store.snapshot(MODULE) is snap  # same version: no reload


def test_the_writing_process_patches_its_snapshot_and_old_snapshots_stay_as_they_were(written, monkeypatch):
    before = store.snapshot(MODULE)
    kept = rows_of(before)

    def no_reload(chunks):
        raise AssertionError("the writing process reloaded its snapshot")

    monkeypatch.setattr(Table, "build", staticmethod(no_reload))
    with store.writing(MODULE) as writer:
        changed = {**before.by_id[3], "ort": "Bonn", "neu": 1}
        del changed["heizungsart"]
        writer.put(3, changed, new=False)
        writer.delete(4)
        writer.put(writer.next_id(), {"Id": 26, "ort": "Aachen"}, new=True)
    after = store.snapshot(MODULE)
    assert rows_of(before) == kept
    assert after.by_id[3] == {"Id": 3, "ort": "Bonn", "kaufpreis": 3000.0, "neu": 1, "_id": 3}
    assert 4 not in after.by_id and dict(after.by_id[26]) == {"Id": 26, "ort": "Aachen", "_id": 26}
    assert [r["_id"] for r in after.rows] == [i for i in range(1, 27) if i != 4]
    monkeypatch.undo()
    store._snapshots.pop(MODULE, None)
    assert rows_of(store.snapshot(MODULE)) == rows_of(after)  # what a fresh load reads from the database


def test_a_write_of_another_process_is_seen_on_the_next_access(written):
    before = store.snapshot(MODULE)
    # Another process: its own rows in the database and a new version, nothing of this process's memory.
    Record.objects.filter(module=MODULE, record_id=2).update(data='{"Id": 2, "ort": "Düren"}')
    DataVersion.objects.filter(module=MODULE).update(version=store.new_version())
    after = store.snapshot(MODULE)
    assert after is not before and dict(after.by_id[2]) == {"Id": 2, "ort": "Düren", "_id": 2}
    assert before.by_id[2]["ort"] == "Aachen"  # the snapshot a reader holds stays as it was


def test_an_empty_module_reads_as_no_rows(db):
    snap = store.snapshot("searchcriteria")
    assert list(snap.rows) == [] and snap.select(None) == snap.rows and snap.by_id.get(1) is None
