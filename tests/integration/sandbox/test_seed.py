"""seed_demo (deterministic, idempotent, --reset) and sandbox_users."""

import io
import json
import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from explorer.sandbox.models import DataVersion, Record, Relation
from explorer.sandbox.users import api_users

from .conftest import ADDRESSES, CREATE, ESTATES, MODIFY, READ, REL


def dump() -> tuple[list, list]:
    records = list(Record.objects.order_by("module", "record_id").values_list("module", "record_id", "data"))
    relations = list(Relation.objects.order_by("relationtype", "parent_id", "child_id").values_list(
        "relationtype", "parent_id", "child_id", "info"))
    return records, relations


def seed_demo(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


SMALL = ("--estates", str(ESTATES), "--addresses", str(ADDRESSES))


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing_and_is_quick():
    assert "60 estates, 150 addresses" in seed_demo(*SMALL)
    first, versions = dump(), list(DataVersion.objects.order_by("module").values_list("module", "version"))
    started = time.monotonic()
    assert seed_demo(*SMALL) == "" and seed_demo() == ""  # nothing to do, whatever the sizes default to
    assert time.monotonic() - started < 1
    assert dump() == first
    assert list(DataVersion.objects.order_by("module").values_list("module", "version")) == versions
    with pytest.raises(CommandError, match="use --reset"):
        seed_demo("--estates", "61")


@pytest.mark.django_db
def test_seeding_is_deterministic():
    seed_demo(*SMALL)
    first = dump()
    seed_demo("--reset", *SMALL)
    assert dump() == first
    records, relations = first
    assert {m for m, _, _ in records} >= {"estate", "address", "agentslog", "task", "searchcriteria"}
    kinds = {t.removeprefix(REL) for t, *_ in relations}
    assert {"estate:address:owner", "estate:address:interested", "address:searchcriteria", "task:estate",
            "agentsLog:address", "estate:address:contactPerson", "estate:address:contactPersonAll",
            "complex:estate:units", "estate:estateUnit", "address:contact:address", "user:address"} <= kinds
    seed_demo("--reset", "--estates", "61", "--addresses", str(ADDRESSES))
    assert dump() != first


@pytest.mark.django_db
def test_records_leave_out_values_a_missing_field_reads_as_anyway():
    seed_demo(*SMALL)
    for module in ("estate", "address", "agentslog", "task"):
        rows = [json.loads(data) for data in Record.objects.filter(module=module).values_list("data", flat=True)]
        assert rows and not [(k, v) for row in rows for k, v in row.items() if v in ("", 0, [], None)], module
    estate = json.loads(Record.objects.get(module="estate", record_id=1).data)
    assert isinstance(estate["regionaler_zusatz"], list) and len(estate["erstellt_am"]) == 10


def test_reset_restores_pristine_data_after_writes(api):
    pristine = dump()
    api.ok(MODIFY, "estate", {"data": {"kaufpreis": 1}}, resourceid=1)
    api.ok(CREATE, "address", {"Vorname": "Neu"})
    api.ok(CREATE, "relation", {"relationtype": REL + "estate:address:buyer", "parentid": [1], "childid": [2]})
    assert dump() != pristine
    seed_demo("--reset", *SMALL)
    assert dump() == pristine
    assert api.ok(READ, "estate", {"data": ["kaufpreis"]}, resourceid=1).records[0].elements["kaufpreis"] != "1.00"
    assert api.ok(READ, "address").cntabsolute == ADDRESSES


def test_default_sizes_and_paging_past_500(bare_api):
    seed_demo()
    api = bare_api
    assert api.ok(READ, "address", {"listlimit": 0}).cntabsolute == 3000
    assert api.ok(READ, "estate", {"listlimit": 500}).records[-1].id == 500
    assert [len(api.ok(READ, "estate", {"listlimit": 500, "listoffset": o}).records) for o in (0, 500, 1000)] == [
        500, 500, 200]
    assert len(api.ok(READ, "estate", {"listlimit": 501}).records) == 20  # above the maximum: the default
    assert api.ok(READ, "agentslog", {"listlimit": 0}).cntabsolute == 3600


def test_sandbox_users_json():
    out = io.StringIO()
    call_command("sandbox_users", "--json", stdout=out)
    users = json.loads(out.getvalue())
    assert [u["rights"] for u in users] == ["read-write", "read-only", "published-only"]
    assert all(set(u) == {"name", "token", "secret", "rights", "endpoint"} for u in users)
    assert all(len(u["token"]) == 32 and len(u["secret"]) == 64 for u in users)
    assert all(u["endpoint"] == f"{settings.SANDBOX_BASE_URL}/sandbox/api/stable/api.php" for u in users)
    assert [{k: v for k, v in u.items() if k != "endpoint"} for u in users] == [u.as_dict() for u in api_users()]
