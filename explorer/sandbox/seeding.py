"""Loading the demo data into the sandbox tables (used by `seed_demo`, the tests and the benchmark)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from . import store
from .demo import DEFAULT_ADDRESSES, DEFAULT_ESTATES, GENERATOR, Demo, generate
from .models import DataVersion, Record, Relation, SeedInfo

BATCH = 2000


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
    records = 0
    with transaction.atomic():
        for model in (Record, Relation, SeedInfo, DataVersion):
            model.objects.all().delete()
        batch = []
        for module, record_id, row in generate(demo):
            batch.append(Record(module=module, record_id=record_id, data=store.encode_row(row)))
            if len(batch) >= BATCH:
                Record.objects.bulk_create(batch)
                records += len(batch)
                batch = []
        Record.objects.bulk_create(batch)
        records += len(batch)
        unique = sorted(set(demo.relations))
        for start in range(0, len(unique), BATCH):
            Relation.objects.bulk_create(
                Relation(relationtype=t, parent_id=p, child_id=c) for t, p, c in unique[start:start + BATCH])
        SeedInfo.objects.create(estates=demo.estates, addresses=demo.addresses, generator=GENERATOR)
        store.bump_all()
    return SeedResult(True, demo.estates, demo.addresses, records, len(unique))
