"""Loading the demo data into the sandbox tables (used by `seed_demo`, the tests and the benchmark)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from . import store
from .demo import DEFAULT_ADDRESSES, DEFAULT_ESTATES, GENERATOR, Demo, generate
from .models import DataVersion, Record, Relation, SeedInfo
from .resources import appointments

BATCH = 2000
RECORD_INSERT = f"INSERT INTO {Record._meta.db_table} (module, record_id, data) VALUES (%s, %s, %s)"
RELATION_INSERT = (f"INSERT INTO {Relation._meta.db_table} (relationtype, parent_id, child_id, info) "
                   "VALUES (%s, %s, %s, '')")


class SeedMismatch(Exception):
    """The sandbox already holds demo data of other sizes."""


@dataclass(frozen=True)
class SeedResult:
    created: bool
    estates: int
    addresses: int
    records: int = 0
    relations: int = 0
    outdated: bool = False  # present, but made by an older generator


def current() -> SeedInfo | None:
    return SeedInfo.objects.first()


def seed(estates: int | None = None, addresses: int | None = None, *, reset: bool = False) -> SeedResult:
    """Load the demo data unless it is already there; `reset` always starts from empty tables.

    Without explicit sizes an existing seed of any size counts as present, so `make run` never
    replaces data seeded for a benchmark. Asking for other sizes than the seed has raises SeedMismatch.
    """
    info = current()
    if info is not None and not reset:
        wanted = (estates or info.estates, addresses or info.addresses)
        if wanted != (info.estates, info.addresses):
            raise SeedMismatch(
                f"The sandbox holds demo data for {info.estates} estates and {info.addresses} addresses; "
                "use --reset to replace it."
            )
        return SeedResult(False, info.estates, info.addresses, outdated=info.generator != GENERATOR)
    demo = Demo(estates or DEFAULT_ESTATES, addresses or DEFAULT_ADDRESSES)
    records = relations = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (Record, Relation, SeedInfo, DataVersion):
            model.objects.all().delete()

        def flush(batch: list) -> int:
            # executemany rather than bulk_create: no model instances, a third of the time for 100,000s of rows
            cursor.executemany(RECORD_INSERT, batch)
            pending, demo.relations[:] = list(demo.relations), []
            cursor.executemany(RELATION_INSERT, pending)
            return len(pending)

        batch = []
        for module, record_id, row in appointments.seed_records(demo, generate(demo)):
            batch.append((module, record_id, store.encode_row(row)))
            if len(batch) >= BATCH:
                relations += flush(batch)
                records += len(batch)
                batch = []
        relations += flush(batch)
        records += len(batch)
        SeedInfo.objects.create(estates=demo.estates, addresses=demo.addresses, generator=GENERATOR)
        store.bump_all()
    return SeedResult(True, demo.estates, demo.addresses, records, relations)
