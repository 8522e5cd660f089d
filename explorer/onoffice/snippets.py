"""Code that sends a composed request and signs it itself: curl (bash), Python, PHP (official SDK), JavaScript.

Token and secret are never written into a snippet; each reads ONOFFICE_TOKEN and ONOFFICE_SECRET from the
environment. Every action gets its own timestamp and HMAC. HMAC v2 everywhere; the legacy v1 in curl,
Python and JavaScript (which sign the parameters as PHP's json_encode writes them). The PHP SDK always
signs with v2, so its snippet says so. No user text goes into comments, only into escaped literals.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .actions import Action
from . import phpjson
from .signing import HMAC_VERSIONS, sort_parameters

SDK_DEFAULT_SERVER = "https://api.onoffice.de/api/"
INLINE_WIDTH = 100


@dataclass(frozen=True)
class _Syntax:
    string: Callable[[str], str]
    null: str
    true: str
    false: str
    open_map: str
    close_map: str
    pair: str
    indent: str
    trailing_comma: bool = True
    open_list: str = "["
    close_list: str = "]"


def _json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _php_string(text: str) -> str:
    # In single quotes PHP knows only the escapes \\ and \' ($ and newlines are literal).
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


JSON_SYNTAX = _Syntax(_json_string, "null", "true", "false", "{", "}", ": ", "  ", trailing_comma=False)
# JSON string escapes are valid Python escapes, so Python strings can share them.
PYTHON_SYNTAX = _Syntax(_json_string, "None", "True", "False", "{", "}", ": ", "    ")
PHP_SYNTAX = _Syntax(_php_string, "null", "true", "false", "[", "]", " => ", "    ")


def literal(value: Any, syntax: _Syntax, level: int = 0) -> str:
    """A JSON-like value as source code; containers go on one line when short, else one item per line."""
    if value is None:
        return syntax.null
    if isinstance(value, bool):
        return syntax.true if value else syntax.false
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return syntax.string(value)
    if isinstance(value, dict):
        opener, closer = syntax.open_map, syntax.close_map
        items = [f"{syntax.string(str(k))}{syntax.pair}{literal(v, syntax, level + 1)}" for k, v in value.items()]
    elif isinstance(value, (list, tuple)):
        opener, closer = syntax.open_list, syntax.close_list
        items = [literal(v, syntax, level + 1) for v in value]
    else:
        raise TypeError(f"not a JSON value: {type(value).__name__}")
    inline = opener + ", ".join(items) + closer
    if "\n" not in inline and len(syntax.indent * level) + len(inline) <= INLINE_WIDTH:
        return inline
    return opener + _block(items, syntax, level + 1) + syntax.indent * level + closer


def _block(items: list[str], syntax: _Syntax, level: int) -> str:
    """Items one per line at `level`, between an opener and a closer."""
    separator = ",\n" + syntax.indent * level
    tail = ",\n" if syntax.trailing_comma else "\n"
    return "\n" + syntax.indent * level + separator.join(items) + tail


def _fill(template: str, **values: str) -> str:
    """Replace {{name}} markers in one pass, so inserted text is never scanned for markers again."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


def _parameters(action: Action) -> dict:
    return action.parameters or {}


def _heredoc_escape(text: str) -> str:
    # Inside an unquoted heredoc only \, $ and ` are special.
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("`", "\\`")


def _intro(actions: list[Action], hmac_version: int) -> str:
    count = f"{len(actions)} action" + ("s" if len(actions) != 1 else "")
    return f"onOffice API request with {count}, each signed with HMAC v{hmac_version} and its own timestamp."


_CURL_SIGN = {
    2: r"""# HMAC v2: base64(HMAC-SHA256(secret, timestamp + token + resourcetype + actionid))
sign() {  # timestamp resourcetype actionid
  printf '%s' "$1$ONOFFICE_TOKEN$2$3" | openssl dgst -sha256 -hmac "$ONOFFICE_SECRET" -binary | base64
}""",
    1: r"""# Legacy HMAC v1: md5(secret + md5(parameters,token,actionid,identifier,resourceid,secret,timestamp,resourcetype)),
# with the parameters exactly as PHP's json_encode writes them (first-level keys sorted), as below.
md5hex() { openssl dgst -md5 -r | cut -d' ' -f1; }
sign() {  # parameters actionid identifier resourceid timestamp resourcetype
  local inner
  inner=$(printf '%s' "$1,$ONOFFICE_TOKEN,$2,$3,$4,$ONOFFICE_SECRET,$5,$6" | md5hex)
  printf '%s' "$ONOFFICE_SECRET$inner" | md5hex
}""",
}

_CURL = r"""#!/usr/bin/env bash
# {{intro}}
# Needs bash, curl and openssl. Token and secret come from the environment:
#   export ONOFFICE_TOKEN=... ONOFFICE_SECRET=...
set -euo pipefail
: "${ONOFFICE_TOKEN:?Set ONOFFICE_TOKEN}" "${ONOFFICE_SECRET:?Set ONOFFICE_SECRET}"
url={{url}}

{{sign}}

{{actions}}
curl --silent --show-error -X POST "$url" -H 'Content-Type: application/json' --data-binary @- <<JSON
{"token": "$ONOFFICE_TOKEN", "request": {"actions": [
{{envelope}}
]}}
JSON
"""


def curl_snippet(actions: Iterable[Action], url: str, hmac_version: int = 2) -> str:
    """A bash script: parameters in quoted heredocs, signatures with openssl, the body as a heredoc into curl."""
    actions = list(actions)
    blocks, envelope = [], []
    for n, action in enumerate(actions, 1):
        parameters = _parameters(action)
        if hmac_version == 1:
            # v1 signs these exact bytes, so they are also what is sent: PHP's json_encode of the ksorted
            # parameters, which is what the API computes from them again (explorer/onoffice/phpjson.py).
            parameters_text = phpjson.json_encode(sort_parameters(parameters))
            sign_args = [f'"$params{n}"', shlex.quote(action.actionid), shlex.quote(action.identifier or ""),
                         shlex.quote(str(action.resourceid)), f'"$ts{n}"', shlex.quote(action.resourcetype)]
        else:
            parameters_text = literal(parameters, JSON_SYNTAX)
            sign_args = [f'"$ts{n}"', shlex.quote(action.resourcetype), shlex.quote(action.actionid)]
        blocks.append("\n".join([
            f"# Action {n}",
            f"read -r -d '' params{n} <<'JSON' || true",
            parameters_text,
            "JSON",
            f"ts{n}=$(date +%s)",
            f"hmac{n}=$(sign {' '.join(sign_args)})",
            "",
        ]))
        keys = {
            "actionid": _json_string(action.actionid),
            "identifier": _json_string(action.identifier or ""),
            "resourceid": json.dumps(action.resourceid, ensure_ascii=False),
            "resourcetype": _json_string(action.resourcetype),
        }
        fixed = ", ".join(f'"{k}": {_heredoc_escape(v)}' for k, v in keys.items())
        version = ', "hmac_version": 2' if hmac_version == 2 else ""
        envelope.append(f'  {{{fixed}, "timestamp": $ts{n}{version}, "hmac": "$hmac{n}", "parameters": $params{n}}}')
    return _fill(
        _CURL, intro=_intro(actions, hmac_version), url=shlex.quote(url), sign=_CURL_SIGN[hmac_version],
        actions="\n".join(blocks), envelope=",\n".join(envelope),
    )


_PYTHON_SIGN = {
    2: r'''def sign(action):
    """The action with its own timestamp and HMAC v2: base64(HMAC-SHA256(secret, timestamp + token + resourcetype + actionid))."""
    timestamp = int(time.time())
    message = f"{timestamp}{TOKEN}{action['resourcetype']}{action['actionid']}"
    digest = hmac.new(SECRET.encode(), message.encode(), hashlib.sha256).digest()
    return {**action, "timestamp": timestamp, "hmac_version": 2, "hmac": base64.b64encode(digest).decode()}''',
    1: r'''def php_json(value):
    """JSON as PHP's json_encode writes it, which v1 signs: compact, slashes and non-ASCII escaped, {} as []."""

    def plain(v):
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()} if v else []
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v

    return json.dumps(plain(value), separators=(",", ":")).replace("/", "\\/")


def sign(action):
    """The action with its own timestamp and legacy HMAC v1, which covers the parameters (first-level keys sorted)."""
    timestamp = int(time.time())
    parameters = php_json(dict(sorted(action["parameters"].items())))
    fields = [TOKEN, action["actionid"], action["identifier"], str(action["resourceid"]), SECRET, str(timestamp),
              action["resourcetype"]]
    inner = hashlib.md5(f"{parameters},{','.join(fields)}".encode()).hexdigest()
    return {**action, "timestamp": timestamp, "hmac": hashlib.md5(f"{SECRET}{inner}".encode()).hexdigest()}''',
}

_PYTHON = r'''"""{{intro}}

Token and secret come from the environment: ONOFFICE_TOKEN and ONOFFICE_SECRET. Needs `pip install requests`.
"""

{{imports}}
import json
import os
import time

import requests

API_URL = {{url}}
TOKEN = os.environ["ONOFFICE_TOKEN"]
SECRET = os.environ["ONOFFICE_SECRET"]

ACTIONS = {{actions}}


{{sign}}


body = {"token": TOKEN, "request": {"actions": [sign(action) for action in ACTIONS]}}
response = requests.post(API_URL, json=body, timeout=60)
response.raise_for_status()
print(json.dumps(response.json(), indent=2, ensure_ascii=False))
'''


def _action_dict(action: Action) -> dict:
    return {
        "actionid": action.actionid,
        "identifier": action.identifier or "",
        "resourceid": action.resourceid,
        "resourcetype": action.resourcetype,
        "parameters": _parameters(action),
    }


def python_snippet(actions: Iterable[Action], url: str, hmac_version: int = 2) -> str:
    """A Python script using requests, hmac and hashlib."""
    actions = list(actions)
    imports = "import base64\nimport hashlib\nimport hmac" if hmac_version == 2 else "import hashlib"
    return _fill(
        _PYTHON, intro=_intro(actions, hmac_version), imports=imports, url=_json_string(url),
        actions=_multiline_list([_action_dict(a) for a in actions], PYTHON_SYNTAX), sign=_PYTHON_SIGN[hmac_version],
    )


def _multiline_list(items: list, syntax: _Syntax) -> str:
    """A list with one item per line even when short, so each action reads as a block."""
    return "[" + _block([literal(item, syntax, 1) for item in items], syntax, 1) + "]"


_PHP = r"""<?php
// {{intro}}
// Uses the official SDK (composer require onoffice/sdk), which does the signing.{{v1_note}}
// Token and secret come from the environment: ONOFFICE_TOKEN and ONOFFICE_SECRET.

require __DIR__ . '/vendor/autoload.php';

use onOffice\SDK\onOfficeSDK;

$sdk = new onOfficeSDK();
{{endpoint}}
$handles = [];
{{calls}}
$sdk->sendRequests(getenv('ONOFFICE_TOKEN'), getenv('ONOFFICE_SECRET'));

foreach ($handles as $handle) {
    echo json_encode($sdk->getResponseArray($handle), JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE), PHP_EOL;
}
$errors = $sdk->getErrors();
if ($errors) {
    fwrite(STDERR, json_encode($errors, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE) . PHP_EOL);
    exit(1);
}
"""


def _sdk_endpoint(url: str) -> str:
    """PHP lines pointing the SDK at url; the SDK requests server + version + '/api.php'."""
    match = re.fullmatch(r"(?P<server>.+/)(?P<version>[^/]+)/api\.php", url)
    if match is None:
        return (
            "// The SDK requests <server><version>/api.php, which this endpoint does not fit; adjust by hand.\n"
            f"$sdk->setApiServer({_php_string(url)});\n"
        )
    server = "" if match["server"] == SDK_DEFAULT_SERVER else f"$sdk->setApiServer({_php_string(match['server'])});\n"
    return server + f"$sdk->setApiVersion({_php_string(match['version'])});\n"


def php_snippet(actions: Iterable[Action], url: str, hmac_version: int = 2) -> str:
    """A PHP script using the official onOffice SDK (call, sendRequests, getResponseArray)."""
    actions = list(actions)
    calls = "".join(
        f"$handles[] = $sdk->call(onOfficeSDK::ACTION_ID_{action.kind.name}, "
        f"{literal(action.resourceid, PHP_SYNTAX)}, {_php_string(action.identifier or '')}, "
        f"{_php_string(action.resourcetype)}, {literal(_parameters(action), PHP_SYNTAX)});\n"
        for action in actions
    )
    return _fill(
        _PHP,
        intro=_intro(actions, 2),
        v1_note="\n// The SDK has no legacy HMAC v1; v2 works with the same token and secret."
        if hmac_version == 1 else "",
        endpoint=_sdk_endpoint(url),
        calls=calls,
    )


_JAVASCRIPT_SIGN = {
    2: r"""const crypto = globalThis.crypto ?? require("node:crypto").webcrypto;

// HMAC v2: base64(HMAC-SHA256(secret, timestamp + token + resourcetype + actionid)).
async function sign(action) {
  const timestamp = Math.floor(Date.now() / 1000);
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw", encoder.encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"],
  );
  const message = `${timestamp}${TOKEN}${action.resourcetype}${action.actionid}`;
  const signature = await crypto.subtle.sign("HMAC", key, encoder.encode(message));
  const hmac = btoa(String.fromCharCode(...new Uint8Array(signature)));
  return { ...action, timestamp, hmac_version: 2, hmac };
}""",
    1: r"""const { createHash } = require("node:crypto");

const md5 = (text) => createHash("md5").update(text, "utf8").digest("hex");

// Legacy HMAC v1 signs the parameters as PHP's json_encode writes them: {} as [], "/" as "\/",
// non-ASCII as \uXXXX.
function phpJson(value) {
  const plain = (v) =>
    Array.isArray(v) ? v.map(plain)
      : v !== null && typeof v === "object"
        ? (Object.keys(v).length ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : [])
        : v;
  return JSON.stringify(plain(value))
    .replace(/\//g, "\\/")
    .replace(/[\u0080-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

// md5(secret + md5(parameters,token,actionid,identifier,resourceid,secret,timestamp,resourcetype)),
// first-level parameter keys sorted.
async function sign(action) {
  const timestamp = Math.floor(Date.now() / 1000);
  const sorted = Object.fromEntries(
    Object.entries(action.parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const fields = [TOKEN, action.actionid, action.identifier, action.resourceid, SECRET, timestamp, action.resourcetype];
  return { ...action, timestamp, hmac: md5(SECRET + md5(`${phpJson(sorted)},${fields.join(",")}`)) };
}""",
}

_JAVASCRIPT = r"""// {{intro}}
// Node.js 18+: ONOFFICE_TOKEN=... ONOFFICE_SECRET=... node request.js
const API_URL = {{url}};
const TOKEN = process.env.ONOFFICE_TOKEN;
const SECRET = process.env.ONOFFICE_SECRET;
if (!TOKEN || !SECRET) throw new Error("Set ONOFFICE_TOKEN and ONOFFICE_SECRET.");

const ACTIONS = {{actions}};

{{sign}}

async function main() {
  const actions = [];
  for (const action of ACTIONS) actions.push(await sign(action));
  const response = await fetch(API_URL, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token: TOKEN, request: { actions } }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  console.log(JSON.stringify(await response.json(), null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
"""


def javascript_snippet(actions: Iterable[Action], url: str, hmac_version: int = 2) -> str:
    """A Node.js 18+ script: fetch, and WebCrypto for HMAC v2 (node:crypto md5 for v1)."""
    actions = list(actions)
    return _fill(
        _JAVASCRIPT, intro=_intro(actions, hmac_version), url=_json_string(url),
        actions=_multiline_list([_action_dict(a) for a in actions], JSON_SYNTAX), sign=_JAVASCRIPT_SIGN[hmac_version],
    )


SNIPPET_RENDERERS: dict[str, Callable[[list[Action], str, int], str]] = {
    "curl": curl_snippet,
    "python": python_snippet,
    "php": php_snippet,
    "javascript": javascript_snippet,
}


def render_snippets(actions: Iterable[Action], url: str, hmac_version: int = 2) -> dict[str, str]:
    """The request as code in every language, keyed curl, python, php, javascript (the tab order)."""
    if hmac_version not in HMAC_VERSIONS:
        raise ValueError("hmac_version must be 1 or 2")
    actions = list(actions)
    return {language: render(actions, url, hmac_version) for language, render in SNIPPET_RENDERERS.items()}
