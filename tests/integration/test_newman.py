"""The exported Postman collection runs in newman against the live sandbox: its pre-request script signs
every action (HMAC v2) well enough for the sandbox to accept it, and its test script passes.

Needs `npm ci --prefix tests` (tests/package.json pins newman); skipped without it.
"""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from explorer.accounts.services import workspace_create
from explorer.saved.onboarding import GETTING_STARTED, GETTING_STARTED_FOLDER
from explorer.saved.postman import postman_collection
from explorer.sandbox.seeding import seed
from explorer.sandbox.users import api_users

NEWMAN = Path(__file__).resolve().parents[1] / "node_modules" / ".bin" / "newman"
ESTATES, ADDRESSES = 60, 150  # as tests/integration/sandbox/conftest.py


@pytest.fixture
def sandbox_url(live_server, transactional_db):
    """The stable endpoint of a freshly seeded sandbox; live_server needs a transactional database."""
    seed(ESTATES, ADDRESSES, reset=True)
    return f"{live_server.url}/sandbox/api/stable/api.php"


def getting_started_collection() -> dict:
    variables: dict[str, str] = {}
    for request in GETTING_STARTED:
        for name, default in request.variables.items():
            assert variables.setdefault(name, default) == default, f"two defaults for {{{{{name}}}}}"
    return postman_collection(
        name="onOffice: getting started", description="The onOffice FAQ, one request at a time.",
        folders=[(GETTING_STARTED_FOLDER, [r.as_saved() for r in GETTING_STARTED])], variables=variables)


def run_newman(collection: dict | Path, tmp_path: Path, url: str, *, token: str, secret: str):
    """newman on a collection (a dict, written to a file first, or a file as it is)."""
    report_file = tmp_path / "out.json"
    if isinstance(collection, Path):
        collection_file = collection
    else:
        collection_file = tmp_path / "collection.json"
        collection_file.write_text(json.dumps(collection), encoding="utf-8")
    completed = subprocess.run(
        [str(NEWMAN), "run", str(collection_file),
         "--env-var", f"onoffice_url={url}", "--env-var", f"onoffice_token={token}",
         "--env-var", f"onoffice_secret={secret}",
         "--reporters", "cli,json", "--reporter-json-export", str(report_file), "--color", "off"],
        capture_output=True, text=True, timeout=120, check=False)
    assert report_file.exists(), f"newman wrote no report:\n{completed.stdout}\n{completed.stderr}"
    return completed, json.loads(report_file.read_text(encoding="utf-8"))


def answer_of(execution: dict) -> dict:
    """The response body newman recorded (a serialised Node Buffer)."""
    return json.loads(bytes(execution["response"]["stream"]["data"]).decode("utf-8"))


def assert_getting_started_passes(completed, report, *, in_order: bool = True):
    """Every Getting started request ran, answered as it should, and the collection's tests passed."""
    run = report["run"]
    output = completed.stdout[-6000:]
    assert run["failures"] == [], output
    assert completed.returncode == 0, output

    executions = {e["item"]["name"]: e for e in run["executions"]}
    ran, names = list(executions), [r.name for r in GETTING_STARTED]
    if not in_order:
        ran, names = sorted(ran), sorted(names)
    assert ran == names, output
    for request in GETTING_STARTED:
        execution = executions[request.name]
        assert execution["response"]["code"] == 200, request.name
        answer = answer_of(execution)
        codes = [result["status"]["errorcode"] for result in answer["response"]["results"]]
        assert len(codes) == len(request.actions), (request.name, answer)
        if request.expect_error is None:
            assert answer["status"]["errorcode"] == 0, (request.name, answer["status"])
            assert codes == [0] * len(codes), (request.name, answer)
        else:
            assert codes == [request.expect_error], (request.name, answer)
        assertions = execution.get("assertions", [])
        assert assertions, f"{request.name}: the collection's test script did not run"
        assert [a["assertion"] for a in assertions if a.get("error")] == [], request.name


@pytest.mark.skipif(not NEWMAN.exists(), reason="newman is not installed: run `npm ci --prefix tests`")
def test_getting_started_collection_passes_in_newman(sandbox_url, tmp_path):
    user = next(u for u in api_users() if u.rights == "read-write")
    completed, report = run_newman(getting_started_collection(), tmp_path, sandbox_url,
                                   token=user.token, secret=user.secret)
    assert_getting_started_passes(completed, report)


@pytest.mark.skipif(not NEWMAN.exists(), reason="newman is not installed: run `npm ci --prefix tests`")
def test_exported_getting_started_folder_passes_in_newman(sandbox_url, tmp_path):
    """What `manage.py saved export --format postman` writes for a new workspace runs as it is, with the
    workspace's variable defaults (city, since) and the failing request's expected errorcode 143."""
    owner = get_user_model().objects.create_user("founder")
    workspace = workspace_create(user=owner, name="Neu GmbH")  # gets the Getting started folder
    path = tmp_path / "getting-started.postman_collection.json"
    call_command("saved", "export", "--workspace", str(workspace.pk), "--format", "postman",
                 "--folder", GETTING_STARTED_FOLDER, "--output", str(path), stdout=io.StringIO())
    (folder,) = json.loads(path.read_text(encoding="utf-8"))["item"]
    assert folder["name"] == GETTING_STARTED_FOLDER and len(folder["item"]) == len(GETTING_STARTED)

    user = next(u for u in api_users() if u.rights == "read-write")
    completed, report = run_newman(path, tmp_path, sandbox_url, token=user.token, secret=user.secret)
    # The export lists a folder's requests by name ("1 …", "10 …", "11 …", …, "2 …"), not in teaching order.
    assert_getting_started_passes(completed, report, in_order=False)


@pytest.mark.skipif(not NEWMAN.exists(), reason="newman is not installed: run `npm ci --prefix tests`")
def test_wrong_secret_fails_the_collection_tests(sandbox_url, tmp_path):
    """The checks are real: signed with another secret, every action answers 137 and newman reports it."""
    user = next(u for u in api_users() if u.rights == "read-write")
    first = GETTING_STARTED[0]
    collection = postman_collection(name="one", description="", variables={},
                                    folders=[("", [first.as_saved()])])
    completed, report = run_newman(collection, tmp_path, sandbox_url, token=user.token, secret="0" * 64)
    assert completed.returncode != 0
    (execution,) = report["run"]["executions"]
    assert [r["status"]["errorcode"] for r in answer_of(execution)["response"]["results"]] == [137]
    assert report["run"]["failures"]
