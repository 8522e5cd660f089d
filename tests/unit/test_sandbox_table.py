"""The sandbox's column store (explorer/sandbox/table.py, rows.py): rows read back exactly as they were decoded,
compact columns, writes that leave the old table alone, and filters, sorts and pages that answer exactly
what the same query functions answer over plain dicts (the row-by-row path is the reference)."""

import json
import random
import tracemalloc

import pytest

from explorer.sandbox.fieldconfig import Field
from explorer.sandbox.query import apply_conditions, compile_filter, page, parse_sort, sort_rows
from explorer.sandbox.rows import ById, Row, RowList
from explorer.sandbox.table import Table


def build(rows: list[dict], chunk: int = 3) -> Table:
    pairs = list(enumerate(rows, start=1))
    return Table.build(pairs[i:i + chunk] for i in range(0, len(pairs), chunk))


def exact(value) -> str:
    """JSON tells apart what == does not: 1, 1.0 and true; 0.0 and -0.0."""
    return json.dumps(value, sort_keys=True)


TRICKY = [
    {"n": 1, "f": 1.0, "b": True, "z": 0.0, "tags": ["a", "b"], "nums": [1], "text": "x", "none": None},
    {"n": 1.0, "f": 1, "b": 1, "z": -0.0, "tags": [], "nums": [1.0], "text": "", "nested": {"ENG": {"t": "y"}}},
    {"n": True, "f": 2.5, "b": False, "z": 0, "tags": ["a", "b"], "nums": [True], "none": None},
    {"text": "only one key"},
    {"n": 0, "f": -0.0, "b": 0, "z": 0.0, "tags": ["b"], "nums": [], "text": "x", "list_of_dicts": [{"id": 1}]},
]


@pytest.mark.parametrize("chunk", [1, 2, 10])
def test_rows_read_back_exactly_as_decoded_whatever_the_chunks(chunk):
    table = build(TRICKY, chunk)
    rows = RowList(table)
    assert len(rows) == len(TRICKY)
    for record_id, (row, original) in enumerate(zip(rows, TRICKY, strict=True), start=1):
        assert exact(dict(row)) == exact({**original, "_id": record_id})
        assert exact({**row}) == exact(dict(row))
        assert list(row)[-1] == "_id" and row["_id"] == record_id
        assert set(row) == {*original, "_id"} and len(row) == len(original) + 1
        for key, value in original.items():
            assert key in row and exact(row[key]) == exact(value) and exact(row.get(key)) == exact(value)
        assert "absent" not in row and row.get("absent") is None and row.get("absent", 7) == 7
        with pytest.raises(KeyError):
            row["absent"]
    with pytest.raises(TypeError):  # not silently "{}": json needs dict(row), as handlers copy rows anyway
        json.dumps(RowList(table)[0])


def test_a_key_a_row_lacks_stays_absent_even_when_other_rows_have_it_empty():
    table = build([{"a": ""}, {"b": 1}, {"a": None}])
    rows = list(RowList(table))
    assert "a" in rows[0] and "a" not in rows[1] and "a" in rows[2] and rows[2]["a"] is None
    assert dict(rows[1]) == {"b": 1, "_id": 2}


def test_columns_are_coded_while_values_repeat_and_plain_when_they_do_not():
    rows = [{"kind": ("haus", "wohnung")[i % 2], "count": i % 300, "uuid": f"u-{i}", "lat": 50 + i / 1e5,
             "lang": {"ENG": {"t": str(i % 3)}} if i % 4 == 0 else None, "rare": "set" if i == 17 else ""}
            for i in range(10_000)]
    table = build(rows, chunk=1000)
    kinds = {name: (None if codes is None else codes.typecode, type(values).__name__)
             for name, (codes, values) in table.columns.items()}
    assert kinds["kind"] == ("B", "list") and kinds["rare"] == ("B", "list")
    assert kinds["count"] == ("H", "list")  # more than 256 distinct values
    assert kinds["uuid"] == (None, "list")  # nearly every value distinct
    assert kinds["lat"] == (None, "array")  # floats only: 8 bytes a row, no float objects
    assert kinds["lang"] == (None, "list")  # unhashable nested objects
    for i in (0, 17, 299, 300, 9999):
        assert exact(dict(RowList(table)[i])) == exact({**rows[i], "_id": i + 1})


def test_equal_texts_inside_nested_values_are_kept_once():
    rows = [{"_lang": {"ENG": {"title": "Flat in " + "Aachen", "n": i}}} for i in range(3)]
    rows.append({"_lang": ["Flat in " + "Aachen"]})
    table = build(rows, chunk=2)
    texts = [r["_lang"]["ENG"]["title"] for r in list(RowList(table))[:3]] + [RowList(table)[3]["_lang"][0]]
    assert texts == ["Flat in Aachen"] * 4 and all(t is texts[0] for t in texts)
    assert [r["_lang"]["ENG"]["n"] for r in list(RowList(table))[:3]] == [0, 1, 2]


def test_a_table_takes_a_fraction_of_the_memory_of_dicts():
    # ~150 fields per record, most of them empty or default, a few distinct per record.
    def record(i: int) -> dict:
        row = {f"flag{k}": int(i % (k + 2) == 0) for k in range(60)}
        row.update({f"empty{k}": "" for k in range(70)})
        row.update({f"select{k}": f"key{(i + k) % 7}" for k in range(15)})
        row.update({"uuid": f"{i:08d}-aaaa-bbbb-cccc-dddddddddddd", "price": float(1000 + i % 977), "Id": i})
        return row

    pairs = [(i, record(i)) for i in range(1, 5001)]
    tracemalloc.start()
    try:
        dicts = json.loads(json.dumps([row for _, row in pairs]))
        as_dicts = tracemalloc.get_traced_memory()[0]
        del dicts
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        table = Table.build(pairs[i:i + 500] for i in range(0, len(pairs), 500))
        as_table = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    assert len(table) == 5000
    assert as_table * 8 < as_dicts, (as_table, as_dicts)


def test_replaced_makes_a_new_table_and_leaves_the_old_one_as_it_was():
    old = build([{"a": 1, "s": "x"}, {"a": 2, "s": "y"}, {"a": 3, "s": "x", "gone": 1}], chunk=2)
    before = [exact(dict(r)) for r in RowList(old)]
    new = old.replaced({
        2: None,
        3: {"a": 3.0, "s": "z", "new": [1, 2], "_id": 3},  # changed types, a new key, "gone" removed
        5: {"a": {"nested": True}, "_id": 5},  # unhashable: the column turns plain
        1: {**RowList(old)[0], "s": "x"},  # an unchanged copy
    })
    assert [exact(dict(r)) for r in RowList(old)] == before
    assert [dict(r) for r in RowList(new)] == [
        {"a": 1, "s": "x", "_id": 1},
        {"a": 3.0, "s": "z", "new": [1, 2], "_id": 3},
        {"a": {"nested": True}, "_id": 5},
    ]
    assert exact(RowList(new)[1]["a"]) == "3.0"
    newer = new.replaced({4: {"s": "w", "_id": 4}, 0: {"s": "first", "_id": 0}})
    assert [r["_id"] for r in RowList(newer)] == [0, 1, 3, 4, 5]
    assert dict(ById(newer)[4]) == {"s": "w", "_id": 4} and len(RowList(new)) == 3


def test_a_write_copies_only_the_columns_it_changes():
    old = build([{"a": 1, "s": "x", "t": "long text"}, {"a": 2, "s": "y", "t": "other"}])
    new = old.replaced({2: {**RowList(old)[1], "a": 5}})
    assert new.columns["s"] is old.columns["s"] and new.columns["t"] is old.columns["t"]
    assert [r["a"] for r in RowList(new)] == [1, 5] and [r["a"] for r in RowList(old)] == [1, 2]


def test_replaced_widens_codes_and_keeps_float_columns_exact():
    table = build([{"k": "v0", "f": 0.5}], chunk=1)
    for i in range(1, 300):
        table = table.replaced({i + 1: {"k": f"v{i}", "f": -0.0 if i == 5 else i + 0.5, "_id": i + 1}})
    table = table.replaced({400: {"k": "v0", "f": "text", "_id": 400}})
    rows = list(RowList(table))
    assert [r["k"] for r in rows[:300]] == [f"v{i}" for i in range(300)] and rows[-1]["f"] == "text"
    assert exact(rows[5]["f"]) == "-0.0" and table.columns["k"][0].typecode == "H"


def test_writes_reuse_the_codes_of_values_a_column_has():
    table = build([{"k": "a"}, {"k": "b"}])
    for i in range(3, 60):
        table = table.replaced({i: {"k": ("a", "b", 1, [1])[i % 4], "_id": i}})
    codes, values = table.columns["k"]
    assert codes.typecode == "B" and len(values) <= 5  # MISSING, "a", "b", 1, [1]
    assert [r["k"] for r in RowList(table)][2:6] == [[1], "a", "b", 1]


def test_by_id_looks_rows_up_without_a_scan():
    by_id = ById(build([{"a": 1}, {"a": 2}]))
    assert by_id.get(2)["a"] == 2 and by_id.get(3) is None and by_id.get("2") is None and 1 in by_id
    assert 0 not in by_id and len(by_id) == 2 and list(by_id) == [1, 2] and by_id.get(9, {}) == {}
    with pytest.raises(KeyError):
        by_id[9]


def test_row_lists_slice_index_and_iterate_like_lists():
    rows = RowList(build([{"a": i} for i in range(10)]))
    assert [r["a"] for r in rows[2:5]] == [2, 3, 4] and rows[-1]["a"] == 9 and rows[20:30] == []
    assert [r["a"] for r in rows[::3]] == [0, 3, 6, 9] and bool(rows) and not RowList(rows.table, [])
    assert rows[0] == rows[0] and rows[0] == {"a": 0, "_id": 1} and rows[0] != rows[1]
    assert RowList.of([rows[3], rows[1]]).positions() == [3, 1]
    assert RowList.of([{"a": 1}]) is None and RowList.of([]) is None


# --- queries: the column path answers what the row-by-row path answers -----------------------

FIELDS = {f.name: f for f in (
    Field("Id", "integer", ("Id", "Id")),
    Field("price", "float", ("Preis", "Price")),
    Field("rooms", "float", ("Zimmer", "Rooms")),
    Field("flag", "boolean", ("Flag", "Flag")),
    Field("kind", "singleselect", ("Art", "Kind"), values={k: (k, k) for k in ("haus", "wohnung", "Zimmer", "")}),
    Field("tags", "multiselect", ("Tags", "Tags"), values={k: (k, k) for k in ("a", "b", "C")}),
    Field("title", "varchar", ("Titel", "Title")),
    Field("date", "date", ("Datum", "Date")),
)}


def random_rows(count: int) -> list[dict]:
    rng = random.Random(13)
    rows = []
    for i in range(1, count + 1):
        row = {"Id": i, "kind": rng.choice(["haus", "wohnung", "Zimmer", ""]), "flag": rng.choice([0, 1]),
               "title": rng.choice(["Altbau", "altbau", "Neubau mit Garten", "", "Loft_1", "50% Rabatt"]),
               "tags": sorted(rng.sample(["a", "b", "C"], rng.randrange(0, 3))),
               "date": f"2026-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}"}
        if rng.random() < 0.8:
            row["price"] = float(rng.choice([0, 99_000, 250_000, 250_000.5, 1_000_000]))
        if rng.random() < 0.9:
            row["rooms"] = rng.choice([1.0, 2.5, 3.0, 4.0])
        rows.append(row)
    return rows


FILTERS = [
    {"kind": [{"op": "in", "val": ["haus", "ZIMMER"]}]},
    {"kind": [{"op": "not in", "val": ["haus"]}], "flag": [{"op": "=", "val": 1}]},
    {"price": [{"op": ">", "val": 99_000}, {"op": "<=", "val": "1000000"}]},
    {"price": [{"op": "between", "val": [0, 250_000]}], "rooms": [{"op": "!=", "val": 3}]},
    {"price": [{"op": "=", "val": 0}]},  # missing prices compare as 0
    {"title": [{"op": "like", "val": "%bau%"}]},
    {"title": [{"op": "not like", "val": "loft_1"}], "date": [{"op": ">=", "val": "15.05.2026"}]},
    {"tags": [{"op": "=", "val": "c"}]},
    {"tags": [{"op": "in", "val": ["a", "b"]}], "kind": [{"op": "is", "val": "wohnung"}]},
    {"tags": [{"op": "not like", "val": "%"}]},
    {"Id": [{"op": "<", "val": 500}], "flag": [{"op": "<>", "val": 0}]},
]
SORTS = [
    {},
    {"sortby": {"price": "DESC", "rooms": "ASC"}},
    {"sortby": "title", "sortorder": "DESC"},
    {"sortby": {"tags": "ASC", "kind": "DESC", "date": "ASC"}},
    {"sortby": {"flag": "ASC"}},
    # By the record id: rows stored in id order need no sort (query.sort_rows), ascending or not.
    {"sortby": {"Id": "ASC"}},
    {"sortby": {"Id": "DESC", "price": "ASC"}},
    {"sortby": {"price": "DESC", "Id": "ASC"}},  # fetch-all's stable key after the user's own
]
WINDOWS = [(20, 0), (5, 37), (500, 0), (500, 1800), (1, 1999)]


def ids(rows) -> list[int]:
    return [r["_id"] for r in rows]


@pytest.fixture(scope="module")
def data():
    rows = random_rows(2000)
    table = build(rows, chunk=333)
    dicts = [{**row, "_id": i} for i, row in enumerate(rows, start=1)]
    return table, dicts


@pytest.mark.parametrize("filter_param", FILTERS)
def test_filters_answer_what_the_row_by_row_path_answers(data, filter_param):
    table, dicts = data
    conditions = compile_filter(filter_param, FIELDS, unknown_field=KeyError)
    expected = ids(apply_conditions(dicts, conditions))
    assert ids(apply_conditions(RowList(table), conditions)) == expected
    assert 0 < len(expected) < len(dicts)
    # Rows a handler picked first (a list of rows of the table) take the same path.
    flagged = [r for r in RowList(table) if r.get("flag")]
    assert ids(apply_conditions(flagged, conditions)) == ids(apply_conditions([d for d in dicts if d["flag"]],
                                                                               conditions))


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("window", WINDOWS)
def test_sorted_pages_answer_what_the_row_by_row_path_answers(data, sort, window):
    table, dicts = data
    params = {**sort, "listlimit": window[0], "listoffset": window[1]}
    keys = parse_sort(params, FIELDS)
    conditions = compile_filter(FILTERS[1], FIELDS, unknown_field=KeyError)
    for table_rows, plain in ((RowList(table), dicts),
                              (apply_conditions(RowList(table), conditions), apply_conditions(dicts, conditions))):
        expected = page(sort_rows(plain, keys, FIELDS), params)
        got = page(sort_rows(table_rows, keys, FIELDS), params)
        assert ids(got.rows) == ids(expected.rows) and got.total == expected.total
    full = sort_rows(RowList(table), keys, FIELDS)
    assert ids(full) == ids(sort_rows(dicts, keys, FIELDS))


def test_a_key_that_only_looks_ascending_is_still_sorted():
    # Unique and ascending in the first rows only: the shortcut must not take it for the record id.
    rows = [{"Id": i, "n": i if i < 5 else 10 - i} for i in range(1, 9)]
    table = build(rows)
    fields = {"n": Field("n", "integer", ("n", "n")), **FIELDS}
    for sort, expected in (({"n": "ASC"}, sorted(r["n"] for r in rows)), ({"Id": "DESC"}, [r["n"] for r in rows[::-1]])):
        got = [r["n"] for r in sort_rows(RowList(table), parse_sort({"sortby": sort}, fields), fields)]
        assert got == expected


def test_sort_keys_of_pseudo_fields_work_on_table_rows(data):
    table, dicts = data
    extra = {"double": lambda row: (row.get("price") or 0) * 2}
    keys = [("double", True), ("Id", False)]
    assert ids(sort_rows(RowList(table), keys, FIELDS, extra)) == ids(sort_rows(dicts, keys, FIELDS, extra))


def test_conditions_on_fields_no_row_has_and_row_conditions_mix(data):
    table, dicts = data
    ghost = compile_filter({"ghost": [{"op": "=", "val": ""}]}, {"ghost": Field("ghost", "varchar", ("", ""))},
                           unknown_field=KeyError)
    conditions = [*ghost, lambda row: row["Id"] % 3 == 0]
    assert ids(apply_conditions(RowList(table), conditions)) == ids(apply_conditions(dicts, conditions))
    none = compile_filter({"ghost": [{"op": "=", "val": "x"}]}, {"ghost": Field("ghost", "varchar", ("", ""))},
                          unknown_field=KeyError)
    assert list(apply_conditions(RowList(table), none)) == []
    assert isinstance(next(iter(apply_conditions(RowList(table), conditions))), Row)
