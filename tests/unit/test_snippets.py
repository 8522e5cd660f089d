"""Generated code snippets: literals escaped per language, and the curl, Python and JavaScript snippets
executed against the local stub, which answers errorcode 0 only for valid signatures and timestamps."""

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from explorer.onoffice.actions import Action, ActionKind
from explorer.onoffice.signing import php_json_encode, sort_parameters
from explorer.onoffice.snippets import JSON_SYNTAX, PYTHON_SYNTAX, literal, render_snippets
from tests.stub_upstream import SECRET, TOKEN, StubUpstream

NASTY = (
    "Say \"hi\" & 'bye' $HOME ${HOME} $(touch pwned) `touch pwned` \\ C:\\temp\\new \\' \\\" "
    "Größe ÄÖÜ ß € 𝄞 / {{url}} %s 100%\ttab\nnew line\nJSON\n?> */ -->"
)

ACTIONS = [
    Action(ActionKind.READ, "estate", identifier="list-1 'it''s' $x\n`y`", parameters={
        "sortby": {"kaufpreis": "ASC"},  # first-level keys out of order: v1 must sort them
        "data": ["Id", "kaufpreis", "objekttitel"],
        "filter": {
            "kaufpreis": [{"op": "<", "val": 300000.5}],
            "objekttitel": [{"op": "like", "val": NASTY}],
            NASTY: [{"op": "=", "val": None}],
        },
        "listlimit": 2,
        "formatoutput": False,
    }),
    Action(ActionKind.GET, "fields", parameters={"labels": True, "language": "DEU", "modules": ["estate"], "fieldList": []}),
    Action(ActionKind.READ, "address", resourceid=5, parameters={}),
]
URL_PLACEHOLDER = "https://api.onoffice.de/api/stable/api.php"


def comparable(parameters):
    """What v1 signs: first-level keys sorted, {} as [] — equal for every faithful transport of the parameters."""
    return php_json_encode(sort_parameters(parameters or {}))


# --- literals ------------------------------------------------------------------------------------------------

VALUES = [
    NASTY,
    {"a": [1, 2.5, True, False, None], "b": {"c": NASTY, NASTY: []}, "e": {}},
    [NASTY * 3, {"long": "x" * 120}],
]


@pytest.mark.parametrize("value", VALUES)
def test_python_literal_round_trips(value):
    assert ast.literal_eval(literal(value, PYTHON_SYNTAX)) == value


@pytest.mark.parametrize("value", VALUES)
def test_json_literal_round_trips(value):
    assert json.loads(literal(value, JSON_SYNTAX)) == value


def test_long_containers_break_into_lines_and_short_ones_stay_inline():
    assert literal({"data": ["Id"]}, JSON_SYNTAX) == '{"data": ["Id"]}'
    assert literal({"a": "x" * 120}, JSON_SYNTAX) == '{\n  "a": "' + "x" * 120 + '"\n}'
    assert literal({"a": "x" * 120}, PYTHON_SYNTAX) == '{\n    "a": "' + "x" * 120 + '",\n}'


# --- PHP: parsed back with a reader of the PHP literal subset the generator writes ----------------------------

PHP_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^'\\]|\\.)*')|(?P<num>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?P<word>true|false|null)"
    r"|(?P<punct>=>|[\[\],]))",
    re.S,
)


def php_tokens(text):
    tokens, pos = [], 0
    while text[pos:].strip():
        match = PHP_TOKEN.match(text, pos)
        assert match, f"unexpected PHP at {text[pos:pos + 40]!r}"
        tokens.append(match)
        pos = match.end()
    return tokens


def php_value(tokens, i=0):
    token = tokens[i]
    if token["str"]:
        return re.sub(r"\\([\\'])", r"\1", token["str"][1:-1]), i + 1
    if token["num"]:
        return json.loads(token["num"]), i + 1
    if token["word"]:
        return {"true": True, "false": False, "null": None}[token["word"]], i + 1
    assert token["punct"] == "["
    i += 1
    keys, items = [], []
    while tokens[i]["punct"] != "]":
        value, i = php_value(tokens, i)
        if tokens[i]["punct"] == "=>":
            keys.append(value)
            value, i = php_value(tokens, i + 1)
        items.append(value)
        if tokens[i]["punct"] == ",":
            i += 1
    return (dict(zip(keys, items, strict=True)) if keys else items), i + 1


def php_calls(snippet):
    calls = re.findall(r"\$sdk->call\(onOfficeSDK::ACTION_ID_(\w+), (.*?)\);\n(?=\$handles|\n)", snippet, re.S)
    return [(kind, php_value(php_tokens(f"[{arguments}]"))[0]) for kind, arguments in calls]


def test_php_uses_the_sdk_and_its_literals_carry_the_exact_values():
    snippet = render_snippets(ACTIONS, URL_PLACEHOLDER)["php"]
    calls = php_calls(snippet)
    assert [kind for kind, _ in calls] == ["READ", "GET", "READ"]
    for (_, (resourceid, identifier, resourcetype, parameters)), action in zip(calls, ACTIONS, strict=True):
        assert (resourceid, identifier, resourcetype) == (action.resourceid, action.identifier, action.resourcetype)
        assert comparable(parameters) == comparable(action.parameters)
    assert "$sdk->sendRequests(getenv('ONOFFICE_TOKEN'), getenv('ONOFFICE_SECRET'));" in snippet
    assert "$sdk->getResponseArray($handle)" in snippet
    assert "use onOffice\\SDK\\onOfficeSDK;" in snippet


@pytest.mark.parametrize(("url", "expected", "absent"), [
    ("https://api.onoffice.de/api/stable/api.php", "$sdk->setApiVersion('stable');", "setApiServer"),
    ("https://api.onoffice.de/api/latest/api.php", "$sdk->setApiVersion('latest');", "setApiServer"),
    ("http://127.0.0.1:8000/sandbox/api/stable/api.php",
     "$sdk->setApiServer('http://127.0.0.1:8000/sandbox/api/');\n$sdk->setApiVersion('stable');", None),
])
def test_php_endpoint(url, expected, absent):
    snippet = render_snippets(ACTIONS, url)["php"]
    assert expected in snippet
    assert absent is None or absent not in snippet


def test_php_with_v1_says_the_sdk_signs_with_v2():
    snippet = render_snippets(ACTIONS, URL_PLACEHOLDER, hmac_version=1)["php"]
    assert "no legacy HMAC v1" in snippet


# --- shared properties ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("hmac_version", [1, 2])
def test_credentials_come_only_from_the_environment(hmac_version):
    snippets = render_snippets(ACTIONS, URL_PLACEHOLDER, hmac_version)
    assert list(snippets) == ["curl", "python", "php", "javascript"]
    for language, snippet in snippets.items():
        assert "ONOFFICE_TOKEN" in snippet and "ONOFFICE_SECRET" in snippet, language
        assert TOKEN not in snippet and SECRET not in snippet, language


@pytest.mark.parametrize("language", ["curl", "php", "javascript"])
def test_user_text_never_lands_in_a_comment(language):
    snippet = render_snippets(ACTIONS, URL_PLACEHOLDER)[language]
    comments = [line for line in snippet.splitlines() if line.lstrip().startswith(("#", "//"))]
    assert comments and not any("touch" in line or "list-1" in line for line in comments)


def test_unknown_hmac_version_is_refused():
    with pytest.raises(ValueError):
        render_snippets(ACTIONS, URL_PLACEHOLDER, hmac_version=3)


# --- executed against the stub -------------------------------------------------------------------------------

needs_curl = pytest.mark.skipif(
    not (shutil.which("bash") and shutil.which("curl") and shutil.which("openssl")),
    reason="bash, curl or openssl is missing: the curl snippet is not executed",
)
needs_node = pytest.mark.skipif(
    shutil.which("node") is None, reason="node is not installed: the JavaScript snippet is not executed",
)
RUNNERS = {
    "curl": pytest.param("curl", ["bash", "snippet"], marks=needs_curl),
    "python": pytest.param("python", [sys.executable, "snippet"]),
    "javascript": pytest.param("javascript", ["node", "snippet"], marks=needs_node),
}


def run_snippet(language, command, url, tmp_path, *, hmac_version=2, secret=SECRET):
    (tmp_path / "snippet").write_text(render_snippets(ACTIONS, url, hmac_version)[language], encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env |= {"ONOFFICE_TOKEN": TOKEN, "ONOFFICE_SECRET": secret, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("hmac_version", [2, 1])
@pytest.mark.parametrize(("language", "command"), RUNNERS.values())
def test_snippet_runs_and_every_action_is_signed_validly(language, command, hmac_version, tmp_path):
    with StubUpstream() as stub:
        started = time.time()
        completed = run_snippet(language, command, stub.url, tmp_path, hmac_version=hmac_version)
        assert completed.returncode == 0, completed.stderr
        answer = json.loads(completed.stdout)
        assert [r["status"]["errorcode"] for r in answer["response"]["results"]] == [0, 0, 0], answer
        assert answer["status"]["errorcode"] == 0
        [request] = stub.requests
    sent = json.loads(request["body"])
    assert sent["token"] == TOKEN
    for action, original in zip(sent["request"]["actions"], ACTIONS, strict=True):
        assert action["actionid"] == original.actionid
        assert action["resourcetype"] == original.resourcetype
        assert action["identifier"] == original.identifier
        assert action["resourceid"] == original.resourceid
        assert comparable(action["parameters"]) == comparable(original.parameters)
        assert isinstance(action["timestamp"], int) and started - 2 <= action["timestamp"] <= time.time() + 2
        assert action.get("hmac_version") == (2 if hmac_version == 2 else None)
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(("language", "command"), RUNNERS.values())
def test_a_wrong_secret_is_refused_by_the_stub(language, command, tmp_path):
    with StubUpstream() as stub:
        completed = run_snippet(language, command, stub.url, tmp_path, secret="0" * 64)
    answer = json.loads(completed.stdout)
    assert [r["status"]["errorcode"] for r in answer["response"]["results"]] == [137, 137, 137]
