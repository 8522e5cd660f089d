"""The records of one module held column by column: compact in memory, quick to filter and sort.

All rows of a module share one schema (every key any of them has). A column is either
- coded: an array of 1- or 2-byte codes into the list of the column's distinct values. Select keys,
  flags, counts, repeated texts, and the many fields that are nearly always empty cost 1-2 bytes a row,
  and a filter or a sort looks at each distinct value once instead of once a row; or
- plain: one value a row (uuids, time stamps, nested objects), as an array of floats when it holds
  nothing else.
A row without a key holds MISSING there. Handlers read rows through the views of
explorer/sandbox/rows.py. A table is never changed once built: a write makes a new one
(Table.replaced) and readers keep the one they have.
Values of coded columns are shared by all rows holding them, lists included: never mutate a value read
from a row (copy it, as the handlers do).
"""

from __future__ import annotations

import operator
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import chain, compress, islice, repeat
from math import copysign


class _Missing:
    __slots__ = ()

    def __repr__(self):
        return "MISSING"


MISSING = _Missing()
_CODE_LIMITS = {"B": 1 << 8, "H": 1 << 16}  # most distinct values a code of that width can tell apart
RANK_CACHE = 16  # sort ranks kept per table: 4 bytes a row each


def _exact(value):
    """A hashable stand-in telling apart what == would not: 1, 1.0 and True, 0.0 and -0.0, [1] and [1.0].
    Always a tuple whose first item is a type: decoded JSON has no tuples, so it equals no plain value."""
    kind = value.__class__
    if kind is list:
        return (list, *value) if set(map(type, value)) <= _STR else (list, *map(_exact, value))
    if kind is float and value == 0:
        return (float, str(value))
    return (kind, value)


def _stand_in(value):
    return value if value.__class__ is str else _exact(value)


def _shared(value, strings: dict):
    """value, its equal strings made one object: nested texts (language versions) repeat a lot."""
    kind = value.__class__
    if kind is str:
        return strings.setdefault(value, value)
    if kind is dict:
        return {strings.setdefault(k, k): _shared(v, strings) for k, v in value.items()}
    if kind is list:
        return [_shared(v, strings) for v in value]
    return value


def _restore(stand_in):
    """The value a stand-in (a key of a column's index) stands for."""
    if stand_in.__class__ is not tuple:
        return stand_in
    if not stand_in or stand_in[0].__class__ is str:  # strings standing for a list of them, see _stand_ins
        return list(stand_in)
    kind = stand_in[0]
    if kind is list:
        return [_restore(k) for k in stand_in[1:]]
    value = stand_in[1]
    return float(value) if kind is float and value.__class__ is str else value


_STR = frozenset({str})
_OWN_KEYS = frozenset({str, type(None), _Missing})  # values that are their own stand-ins
_NUMBERS = frozenset({int, float, bool})  # ... and so is one of these kinds per column (1 == 1.0 == True)
_LIST_KEYS = frozenset({list, _Missing})  # a list of strings stands for itself as a tuple
_NESTED = frozenset({dict, list})


class _Index(defaultdict):
    """value key -> code, giving the next code to a key it has not seen."""

    def __missing__(self, key):
        code = self[key] = len(self)
        return code


class _ColumnBuilder:
    """Collects one column chunk by chunk, coded while its values are hashable and few enough."""

    __slots__ = ("codes", "index", "number", "strings", "values")

    def __init__(self, length: int):
        self.index = _Index()
        self.index[MISSING]  # code 0: the rows before this column's first value lack it
        self.codes = array("B", bytes(length))
        self.values: list | None = None
        self.number: type | None = None  # the kind of number standing for itself in the index
        self.strings: dict[str, str] = {}  # for _shared

    def _stand_ins(self, chunk: list) -> list:
        """Stand-ins for the chunk's values: the values themselves (lists of strings as tuples) where
        that is safe, which is checked in C and quick; else _stand_in of each."""
        kinds = set(map(type, chunk))
        if kinds <= _LIST_KEYS and set(map(type, chain.from_iterable(compress(chunk, map(isinstance, chunk,
                                                                                          repeat(list)))))) <= _STR:
            return [tuple(v) if v.__class__ is list else v for v in chunk]  # multiselects: lists of keys
        numbers = kinds & _NUMBERS
        if kinds - _OWN_KEYS - numbers or len(numbers | {self.number} - {None}) > 1:
            return list(map(_stand_in, chunk))
        if float in numbers and -1.0 in map(copysign, repeat(1.0), compress(chunk, map(isinstance, chunk,
                                                                                         repeat(float)))):
            return list(map(_stand_in, chunk))  # a negative number, maybe -0.0
        if numbers:
            self.number = next(iter(numbers))
        return chunk

    def _stays_coded(self, rows: int) -> bool:
        """Codes pay while values repeat, not for ids, uuids or time stamps (nor beyond 2-byte codes)."""
        distinct = len(self.index)
        return distinct <= _CODE_LIMITS["H"] and (rows < 8192 or distinct <= rows * 3 // 4)

    def extend(self, chunk: list) -> None:
        if self.values is None:
            try:
                codes = list(map(self.index.__getitem__, self._stand_ins(chunk)))
            except TypeError:  # unhashable: a nested object
                codes = None
            if codes is not None and self._stays_coded(len(self.codes) + len(chunk)):
                if self.codes.typecode == "B" and len(self.index) <= _CODE_LIMITS["B"]:
                    self.codes.frombytes(bytes(codes))  # much quicker than extend for 1-byte codes
                    return
                if self.codes.typecode == "B":
                    self.codes = array("H", self.codes)
                self.codes.extend(codes)
                return
            distinct = list(map(_restore, self.index))
            self.values = [distinct[c] for c in self.codes]
            self.codes = self.index = None
        if set(map(type, chunk)) & _NESTED:
            chunk = [_shared(v, self.strings) for v in chunk]
        self.values.extend(chunk)

    def column(self) -> tuple:
        if self.values is None:
            return self.codes, list(map(_restore, self.index))
        values = self.values
        if all(v.__class__ is float for v in values):
            return None, array("d", values)
        return None, values


def strictly_ascending(values) -> bool:
    """Each value above the one before it (a range by its step, else one pass in C)."""
    if isinstance(values, range):
        return values.step > 0 or len(values) < 2
    return all(map(operator.lt, values, islice(values, 1, None)))


def dense_ranks(keys: list) -> list[int]:
    """The rank of each key in sorted order, equal keys, equal ranks."""
    ranks = [0] * len(keys)
    rank, previous = -1, MISSING
    for i in sorted(range(len(keys)), key=keys.__getitem__):
        key = keys[i]
        if rank < 0 or key != previous:
            rank, previous = rank + 1, key
        ranks[i] = rank
    return ranks


class Table:
    """Ids (ascending) and columns: name -> (codes, values), codes None for a plain column."""

    __slots__ = ("columns", "ids", "ranks", "increasing")

    def __init__(self, ids: array, columns: dict[str, tuple]):
        self.ids = ids
        self.columns = columns
        self.ranks: dict[tuple, array] = {}  # see rank()
        self.increasing: dict[tuple, bool] = {}  # see rank_increasing()

    @classmethod
    def build(cls, chunks: Iterable[list[tuple[int, Mapping]]]) -> Table:
        """A table from (id, row) pairs in ascending id order, given in chunks (each decoded at once)."""
        ids = array("q")
        builders: dict[str, _ColumnBuilder] = {}
        for chunk in chunks:
            rows = [row for _, row in chunk]
            for name in dict.fromkeys(chain.from_iterable(rows)):  # keys in the order rows first have them
                if name not in builders and name != "_id":
                    builders[name] = _ColumnBuilder(len(ids))
            ids.extend(rid for rid, _ in chunk)
            count = len(rows)
            for name, builder in builders.items():
                builder.extend(list(map(dict.get, rows, repeat(name, count), repeat(MISSING, count))))
        return cls(ids, {name: builder.column() for name, builder in builders.items()})

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, record_id) -> int | None:
        ids = self.ids
        if record_id.__class__ is not int:
            return None
        pos = bisect_left(ids, record_id)
        return pos if pos < len(ids) and ids[pos] == record_id else None

    def rank(self, name: str, kind: str, sort_key) -> array:
        """Per position the rank of sort_key(value) among the column's values (None for a missing one;
        equal keys, equal ranks). Cached per (name, kind) for the last few sorts."""
        cached = self.ranks.get((name, kind))
        if cached is not None:
            return cached
        column = self.columns.get(name)
        if column is None:
            ranked = array("i", bytes(4 * len(self)))
        else:
            codes, values = column
            ranks = dense_ranks([sort_key(None if v is MISSING else v) for v in values])
            ranked = array("i", ranks) if codes is None else array("i", map(ranks.__getitem__, codes))
        if len(self.ranks) >= RANK_CACHE:
            try:
                del self.ranks[next(iter(self.ranks))]
            except (KeyError, RuntimeError, StopIteration):
                pass  # another thread evicted one meanwhile
        self.ranks[(name, kind)] = ranked
        return ranked

    def rank_increasing(self, name: str, kind: str, sort_key) -> bool:
        """Whether rank() grows with every position: the values are unique and ascend with the id (the record
        id itself does), so rows in id order are sorted by them already."""
        known = self.increasing.get((name, kind))
        if known is None:
            ranks = self.rank(name, kind, sort_key)
            known = self.increasing[(name, kind)] = strictly_ascending(ranks)
        return known

    def replaced(self, changed: Mapping[int, Mapping | None]) -> Table:
        """A new table with rows replaced, added (by id, anywhere), or removed (None). It shares the
        columns the change leaves alone with this table and copies the others before changing them."""
        ids = array("q", self.ids)
        columns = dict(self.columns)
        owned = set()  # the columns copied for the new table

        def own(name: str) -> tuple:
            if name not in owned:
                codes, values = columns[name]
                columns[name] = (codes if codes is None else codes[:], values[:])
                owned.add(name)
            return columns[name]

        indexes: dict[str, dict] = {}
        scan = len(changed) <= 8  # a write of a few rows looks values up by a scan in C, more build an index

        def code(name: str, value) -> int | None:
            """The code of value in a coded column (added to it if new); None: the column turned plain."""
            codes, values = columns[name]
            try:
                key = _stand_in(value)
                hash(key)
            except TypeError:  # a nested object: coded columns hold hashable values only
                columns[name] = (None, [values[c] for c in codes])
                return None
            if scan:
                found = _find(values, value)
            else:
                index = indexes.get(name)
                if index is None:
                    index = indexes[name] = {_stand_in(v): c for c, v in enumerate(values)}
                found = index.get(key)
            if found is not None:
                return found
            if len(values) >= _CODE_LIMITS["H"]:
                columns[name] = (None, [values[c] for c in codes])
                return None
            if len(values) >= _CODE_LIMITS[codes.typecode]:
                columns[name] = (array("H", codes), values)
            if not scan:
                indexes[name][key] = len(values)
            values.append(value)
            return len(values) - 1

        def put(name: str, pos: int, value, *, insert: bool) -> None:
            codes, values = columns[name]
            if not insert:
                current = values[pos] if codes is None else values[codes[pos]]
                if current is value:  # unchanged: a row copied from this table keeps the very objects
                    return
            codes, values = own(name)
            if codes is not None:
                found = code(name, value)
                if found is not None:
                    _set(columns[name][0], pos, found, insert=insert)
                    return
                codes, values = columns[name]
            elif values.__class__ is array and value.__class__ is not float:
                values = list(values)
                columns[name] = (None, values)
            _set(values, pos, value, insert=insert)

        for record_id in sorted(changed):
            row = changed[record_id]
            pos = bisect_left(ids, record_id)
            exists = pos < len(ids) and ids[pos] == record_id
            if row is None:
                if exists:
                    del ids[pos]
                    for name in columns:
                        codes, values = own(name)
                        del (values if codes is None else codes)[pos]
                continue
            for name in row:
                if name not in columns and name != "_id":
                    columns[name] = (array("B", bytes(len(ids))), [MISSING])
                    owned.add(name)
            if not exists:
                ids.insert(pos, record_id)
            for name in columns:
                put(name, pos, row.get(name, MISSING), insert=not exists)
        return Table(ids, columns)


def _find(values: list, value) -> int | None:
    """The index of value in values, exactly (1 is not 1.0, 0.0 is not -0.0), or None."""
    start, wanted = 0, _stand_in(value)
    while True:
        try:
            found = values.index(value, start)  # the scan runs in C; == finds the candidates
        except ValueError:
            return None
        if _stand_in(values[found]) == wanted:
            return found
        start = found + 1


def _set(sequence, pos: int, item, *, insert: bool) -> None:
    if insert:
        sequence.insert(pos, item)
    else:
        sequence[pos] = item
