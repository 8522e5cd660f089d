"""Saved requests as a Postman collection v2.1 that signs itself.

onOffice signs every action with its own timestamp (https://apidoc.onoffice.de, "HMAC validation"), so a
static request body cannot work for long. The collection carries a pre-request script that, at every
send, resolves the variables, adds `timestamp`, `hmac_version` 2 and `hmac` to each action exactly as
explorer/onoffice/signing.py `sign_v2` does, and writes the body back. Token and secret come from the
user's Postman environment (`onoffice_token`, `onoffice_secret`); the collection only declares them empty.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping

from explorer.onoffice.actions import ActionKind

from ..composer.variables import is_valid_name

SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
DEFAULT_URL = "https://api.onoffice.de/api/stable/api.php"
URL_VARIABLE, TOKEN_VARIABLE, SECRET_VARIABLE = "onoffice_url", "onoffice_token", "onoffice_secret"
RESERVED_VARIABLES = (URL_VARIABLE, TOKEN_VARIABLE, SECRET_VARIABLE)
# Set by the pre-request script of a request that is meant to fail; read by the collection's test script.
EXPECT_ERROR_VARIABLE = "expect_error"

# Runs before every request (collection level, so before the request's own script). CryptoJS is built
# into the Postman and newman script sandboxes; require("crypto-js") is how they want it loaded (the bare
# global `CryptoJS` still works but logs a deprecation warning on every request). Variables are resolved
# in string values only, after parsing, so a value containing a quote cannot break the JSON; the token
# signed is the resolved one, because the server checks the HMAC against the token the envelope carries.
PREREQUEST_SCRIPT = f"""\
// Sign every onOffice action with HMAC v2, as explorer/onoffice/signing.py sign_v2 does:
// hmac = Base64(HMAC-SHA256(key = secret, message = timestamp + token + resourcetype + actionid)).
// See https://apidoc.onoffice.de (request elements, action: hmac, hmac_version, timestamp).
pm.variables.set("{EXPECT_ERROR_VARIABLE}", "");  // a request expecting an error sets it in its own script
(function () {{
  var CryptoJS = require("crypto-js");
  var body = pm.request.body;
  if (!body || body.mode !== "raw" || !body.raw) {{ return; }}
  var envelope;
  try {{
    envelope = JSON.parse(body.raw);
  }} catch (e) {{  // a variable written outside a string: resolve first, then parse
    envelope = JSON.parse(pm.variables.replaceIn(body.raw));
  }}
  function resolve(value) {{
    if (typeof value === "string") {{ return pm.variables.replaceIn(value); }}
    if (Array.isArray(value)) {{ return value.map(resolve); }}
    if (value !== null && typeof value === "object") {{
      var out = {{}};
      Object.keys(value).forEach(function (key) {{ out[key] = resolve(value[key]); }});
      return out;
    }}
    return value;
  }}
  envelope = resolve(envelope);
  var actions = envelope && envelope.request && envelope.request.actions;
  if (!Array.isArray(actions)) {{ return; }}
  var token = envelope.token;
  var secret = pm.variables.get("{SECRET_VARIABLE}");
  if (!token || token.indexOf("{{{{") !== -1 || !secret) {{
    throw new Error("Set {TOKEN_VARIABLE} and {SECRET_VARIABLE} in your Postman environment before sending.");
  }}
  actions.forEach(function (action) {{
    var timestamp = Math.floor(Date.now() / 1000);  // Unix seconds; the API accepts +-120 s
    var message = String(timestamp) + token + action.resourcetype + action.actionid;
    action.timestamp = timestamp;
    action.hmac_version = 2;
    action.hmac = CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA256(message, secret));
  }});
  pm.request.body.raw = JSON.stringify(envelope);
}})();
"""

# Runs after every request: onOffice reports errors inside a 200 answer, so the status codes are checked.
TEST_SCRIPT = f"""\
// onOffice answers errors with HTTP 200 and an errorcode, overall and per action: check both.
// A request that is meant to fail names its error code in "{EXPECT_ERROR_VARIABLE}" (its own pre-request script).
var expected = pm.variables.get("{EXPECT_ERROR_VARIABLE}");
pm.test("HTTP 200", function () {{ pm.response.to.have.status(200); }});
var answer = pm.response.json();
var results = (answer.response && answer.response.results) || [];
var sent = [];
try {{ sent = JSON.parse(pm.request.body.raw).request.actions || []; }} catch (e) {{ sent = []; }}
pm.test("one result per action", function () {{ pm.expect(results.length).to.eql(sent.length); }});
if (expected) {{
  pm.test("expected errorcode " + expected, function () {{
    var codes = results.map(function (result) {{ return result.status.errorcode; }});
    pm.expect(codes).to.include(Number(expected));
    codes.forEach(function (code) {{ pm.expect([0, Number(expected)]).to.include(code); }});
  }});
}} else {{
  pm.test("status.errorcode 0", function () {{
    pm.expect(answer.status.errorcode, answer.status.message).to.eql(0);
  }});
  results.forEach(function (result, index) {{
    var label = "action " + (index + 1) + " (" + result.resourcetype + " " + (result.identifier || "") + ")";
    pm.test(label + " errorcode 0", function () {{
      pm.expect(result.status.errorcode, result.status.message).to.eql(0);
    }});
  }});
}}
"""


def _lines(script: str) -> list[str]:
    return script.splitlines()


def _event(listen: str, script: str) -> dict:
    return {"listen": listen, "script": {"type": "text/javascript", "exec": _lines(script)}}


def _wire_action(action: Mapping) -> dict:
    """One action as the body carries it; timestamp, hmac_version and hmac are added by the script."""
    parameters = action.get("parameters")
    return {
        "actionid": ActionKind(action["action"]).urn,
        "resourceid": action.get("resourceid", ""),
        "identifier": action.get("identifier", ""),
        "resourcetype": action["resourcetype"],
        "parameters": dict(parameters) if parameters else {},  # empty as {}, never [] or null
    }


def _request_item(saved: Mapping) -> dict:
    envelope = {"token": "{{" + TOKEN_VARIABLE + "}}",
                "request": {"actions": [_wire_action(a) for a in saved["actions"]]}}
    item = {
        "name": saved["name"],
        "request": {
            "method": "POST",
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": {"mode": "raw", "raw": json.dumps(envelope, indent=2, ensure_ascii=False),
                     "options": {"raw": {"language": "json"}}},
            "url": "{{" + URL_VARIABLE + "}}",
            "description": saved.get("description", ""),
        },
    }
    expect_error = saved.get("expect_error")
    if expect_error is not None:
        item["event"] = [_event("prerequest", (
            f"// This request is meant to fail: the collection's test script expects errorcode {int(expect_error)}.\n"
            f'pm.variables.set("{EXPECT_ERROR_VARIABLE}", "{int(expect_error)}");\n'))]
    return item


def _variables(variables: Mapping[str, str]) -> list[dict]:
    declared = [(URL_VARIABLE, DEFAULT_URL), (TOKEN_VARIABLE, ""), (SECRET_VARIABLE, "")]
    for name, default in variables.items():
        if not is_valid_name(name):
            raise ValueError(f"invalid variable name {name!r}: letters, digits, _ . - only")
        if name in RESERVED_VARIABLES or name == EXPECT_ERROR_VARIABLE:
            # Never let a saved request's default fill the credentials: secrets stay out of the file.
            raise ValueError(f"variable name {name!r} is reserved by the collection")
        declared.append((name, str(default)))
    return [{"key": key, "value": value, "type": "string"} for key, value in declared]


def postman_collection(*, name: str, description: str, folders: Iterable[tuple[str, list[dict]]],
                       variables: Mapping[str, str]) -> dict:
    """A Postman collection v2.1: one item group per folder ("" = top level), one POST per saved request."""
    items: list[dict] = []
    groups: dict[str, dict] = {}
    for folder, requests in folders:
        target = items
        if folder:
            if folder not in groups:
                groups[folder] = {"name": folder, "item": []}
                items.append(groups[folder])
            target = groups[folder]["item"]
        target.extend(_request_item(saved) for saved in requests)
    return {
        "info": {
            # Derived from the name, so exporting the same collection twice gives the same file.
            "_postman_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"onoffice-explorer:{name}")),
            "name": name,
            "description": description,
            "schema": SCHEMA,
        },
        "item": items,
        "event": [_event("prerequest", PREREQUEST_SCRIPT), _event("test", TEST_SCRIPT)],
        "variable": _variables(variables),
    }
