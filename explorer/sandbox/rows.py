"""Read-only views of the rows of a table (explorer/sandbox/table.py): one record (Row), rows in an
order (RowList, with the column-wise filter and the partial sort), and the lookup by id (ById).

Handlers use them as they used dicts and lists: `row[key]`, `row.get(key)`, `dict(row)`, `{**row}`,
iteration, `len`, slicing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from itertools import compress

from .table import MISSING, Table


class Row(Mapping):
    """One record of a table, read-only; carries its id under "_id" (the last key)."""

    __slots__ = ("_pos", "_table")

    def __init__(self, table: Table, pos: int):
        self._table = table
        self._pos = pos

    def get(self, key, default=None):
        column = self._table.columns.get(key)
        if column is None:
            return self._table.ids[self._pos] if key == "_id" else default
        codes, values = column
        value = values[self._pos] if codes is None else values[codes[self._pos]]
        return default if value is MISSING else value

    def __getitem__(self, key):
        value = self.get(key, MISSING)
        if value is MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key) -> bool:
        return self.get(key, MISSING) is not MISSING

    def __iter__(self) -> Iterator[str]:
        pos = self._pos
        for name, (codes, values) in self._table.columns.items():
            if (values[pos] if codes is None else values[codes[pos]]) is not MISSING:
                yield name
        yield "_id"

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        return True  # never empty: there is always "_id"

    def __eq__(self, other):
        if isinstance(other, Row) and other._table is self._table and other._pos == self._pos:
            return True
        return Mapping.__eq__(self, other)

    __hash__ = None

    def __repr__(self):
        return f"Row({dict(self)!r})"


SortKeys = list[tuple[Sequence[int], bool]]  # (rank by position, descending) per sort key, first key first


def _leading(positions: list[int], ranks: Sequence[int], descending: bool, stop: int) -> list[int]:
    """The positions whose rank could place them among the first `stop`: all rows up to the rank where
    `stop` is reached, ties included, in their order. Counting rows per rank is quicker than sorting them."""
    ranked = list(map(ranks.__getitem__, positions))
    counts = Counter(ranked)
    reached = 0
    for threshold in sorted(counts, reverse=descending):
        reached += counts[threshold]
        if reached >= stop:
            break
    keep = threshold.__le__ if descending else threshold.__ge__
    return list(compress(positions, map(keep, ranked)))


class RowList(Sequence):
    """Rows of a table at the given positions (all of them when None), in that order.

    With sort keys, the order is worked out only when the rows are read, and only as far as they are
    read: a page of the first 500 of 100,000 sorts only the rows that can be among them.
    """

    __slots__ = ("_order", "_positions", "table")

    def __init__(self, table: Table, positions: Sequence[int] | None = None, order: SortKeys | None = None):
        self.table = table
        self._positions = positions
        self._order = order

    def positions(self) -> Sequence[int]:
        if self._order is not None:
            self._positions = self._ordered(len(self._positions))
            self._order = None
        return range(len(self.table)) if self._positions is None else self._positions

    def _ordered(self, stop: int) -> list[int]:
        """The first `stop` positions in sort order: stable sorts, last key first, as sorted() would."""
        positions, keys = self._positions, self._order
        if not positions or stop <= 0:
            return []
        if stop < len(positions) // 4:
            positions = _leading(positions, *keys[0], stop)
        for ranks, descending in reversed(keys):
            positions = sorted(positions, key=ranks.__getitem__, reverse=descending)
        return positions[:stop]

    def __len__(self) -> int:
        return len(self.table) if self._positions is None else len(self._positions)

    def __getitem__(self, index):
        table = self.table
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if self._order is not None and step == 1:
                chosen = self._ordered(stop)[start:] if stop > start else []
            else:
                chosen = self.positions()[index]
            return [Row(table, p) for p in chosen]
        return Row(table, self.positions()[index])

    def __iter__(self) -> Iterator[Row]:
        table = self.table
        for pos in self.positions():
            yield Row(table, pos)

    def __repr__(self):
        return f"RowList({len(self)} rows)"

    @classmethod
    def of(cls, rows) -> RowList | None:
        """`rows` as a RowList if they all are rows of one table (e.g. a handler's list of some of them)."""
        if isinstance(rows, RowList):
            return rows
        if not isinstance(rows, list) or not rows or rows[0].__class__ is not Row:
            return None
        table = rows[0]._table
        if not all(r.__class__ is Row and r._table is table for r in rows):
            return None
        return cls(table, [r._pos for r in rows])

    def where(self, name: str, test) -> RowList:
        """The rows whose value of `name` passes test (None standing for a missing value)."""
        table, every = self.table, self._positions is None
        positions = self.positions()
        column = table.columns.get(name)
        if column is None:
            return self if test(None) else RowList(table, [])
        codes, values = column
        if codes is None:
            chosen = values if every else map(values.__getitem__, positions)
            return RowList(table, list(compress(positions, (test(None if v is MISSING else v) for v in chosen))))
        passed = bytes(bool(test(None if v is MISSING else v)) for v in values)  # the verdict per code
        if codes.typecode == "B":  # the verdict per row in one pass in C
            flags = codes.tobytes().translate(passed.ljust(256, b"\0"))
        else:
            flags = bytes(map(passed.__getitem__, codes))
        return RowList(table, list(compress(positions, flags if every else map(flags.__getitem__, positions))))

    def where_row(self, condition) -> RowList:
        table = self.table
        return RowList(table, [p for p in self.positions() if condition(Row(table, p))])

    def ordered(self, keys: SortKeys) -> RowList:
        """These rows sorted by the keys; stable."""
        return RowList(self.table, list(self.positions()), keys)


class ById(Mapping):
    """record id -> Row of a table."""

    __slots__ = ("table",)

    def __init__(self, table: Table):
        self.table = table

    def get(self, record_id, default=None):
        pos = self.table.position(record_id)
        return default if pos is None else Row(self.table, pos)

    def __getitem__(self, record_id):
        pos = self.table.position(record_id)
        if pos is None:
            raise KeyError(record_id)
        return Row(self.table, pos)

    def __contains__(self, record_id) -> bool:
        return self.table.position(record_id) is not None

    def __iter__(self) -> Iterator[int]:
        return iter(self.table.ids)

    def __len__(self) -> int:
        return len(self.table)
