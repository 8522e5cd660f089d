"""Hypothesis over the sandbox's API: request bodies for every registered (resource type, action kind), sent
through explorer.sandbox.inprocess.answer (no socket). Every action answers OK or with a documented error
code, and nothing is logged at ERROR (the sandbox logs a traceback when it falls back to error 1).

Bodies are mostly well-formed envelopes, signed correctly (v2, sometimes v1) by one of the demo API users so
that they reach the handlers, with parameters that start from plausible values and are mutated into junk:
huge numbers, NUL, unicode and lone surrogates, deep nesting, wrong types, objects with numeric keys (what PHP
makes of an array with a gap), NaN, empty values, 400-digit timestamps. Some bodies are broken envelopes.

At least 3,000 bodies in the normal run (about 25 s alone on one core), split evenly over the registered handlers
(read from the registry when the test runs, so new resource types are fuzzed too) and broken envelopes;
`FUZZ_EXAMPLES=20000` for a longer run. Derandomized, so a run is reproducible; each example runs in a
transaction that is rolled back.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
import traceback
from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings, strategies as st

from explorer.onoffice.actions import RELATION_TYPES, ActionKind
from explorer.onoffice.errors import ERROR_MESSAGES
from explorer.onoffice.signing import php_json_encode, sign_v1, sign_v2
from explorer.sandbox.fieldconfig import ADDRESS, AGENTSLOG, ESTATE, TASK
from explorer.sandbox.inprocess import answer
from explorer.sandbox.resources.registry import HANDLERS
from explorer.sandbox.seeding import seed
from explorer.sandbox.users import api_users

pytestmark = pytest.mark.django_db

TOTAL_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3000"))
URL = "http://testserver/sandbox/api/stable/api.php"

# The codes an answer may carry: onOffice's error list (https://apidoc.onoffice.de/fehler/ documents the
# envelope and 97; the codes and texts are the catalogue in explorer/onoffice/errors.py). Not 1 "Unknown error
# occurred": the sandbox answers 1 only when a handler failed unexpectedly, which is what this test hunts.
DOCUMENTED_CODES = frozenset(ERROR_MESSAGES) - {1}

USERS = api_users()

# --- values -----------------------------------------------------------------------------------

JUNK_SCALARS = [
    None, True, False, 0, 1, -1, 2, 7, 500, 501, 2**31, 2**63, 2**64, -(2**63) - 1, 10**400, 1.5, -0.0, 1e308,
    math.nan, math.inf, -math.inf, "", " ", "0", "1", "-1", "abc", "true", "false", "null", "NaN", "1e400", "9" * 400,
    "²", "\x00", "a\x00b", "\ud800", "\u202e", "ß" * 300, "日本語", "😀", "%", "_", "%%", "\\", "DEU", "ENG", "FRA", "eng",
    "ASC", "DESC", "2026-01-01", "01.01.2026", "2026-02-30", "2026-13-45 25:61:61", "9999-12-31 23:59:59",
    "Haus", "haus", "kauf", "miete", "Email", "Eingang", "A", "G", "Titelbild", "estate", "address", "Id",
]
FIELD_NAMES = sorted({*ESTATE, *ADDRESS, *TASK, *AGENTSLOG})
OPERATORS = ["=", "is", "!=", "<>", "<", ">", "<=", ">=", "between", "like", "not like", "in", "not in", "IN",
             "BETWEEN", "~", "", None, 1]

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
scalar = st.one_of(st.sampled_from(JUNK_SCALARS), text, st.integers(), st.floats(allow_nan=True),
                   st.integers(-(10**400), 10**400))


def numeric_key_object(values):
    """An object with (partly) numeric keys and gaps, as PHP's json_encode writes an array with a gap."""
    return st.lists(values, min_size=1, max_size=4).flatmap(
        lambda items: st.lists(st.integers(-2, 1000), min_size=len(items), max_size=len(items), unique=True).map(
            lambda keys: {str(k): v for k, v in zip(keys, items, strict=True)}))


def nested(depth: int):
    """1 inside `depth` lists (odd depth) or objects (even depth)."""
    value = 1
    for _ in range(depth):
        value = [value] if depth % 2 else {"a": value}
    return value


junk = st.recursive(
    scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.one_of(text, st.sampled_from(FIELD_NAMES)),
                                                                          inner, max_size=4),
                            numeric_key_object(inner)),
    max_leaves=8,
)
junk = st.one_of(junk, junk, junk, st.sampled_from([[[]], [{}], {}, [], {"": ""}, {"0": "x"}, [None], nested(101),
                                                   nested(480), nested(601)]))


def rarely(probability: int):
    """True about once in `probability` draws (False is the simple case Hypothesis starts from)."""
    return st.sampled_from([False] * (probability - 1) + [True])


def as_php_list(values: list):
    """The same list, sometimes as a numeric-key object with a gap (PHP after an unset())."""
    return st.sampled_from([values, {str(i * 2): v for i, v in enumerate(values)},
                            {str(i): v for i, v in enumerate(values)}])


def id_values():
    return st.one_of(st.lists(st.integers(1, 40), min_size=1, max_size=3).flatmap(as_php_list),
                     st.integers(-1, 100), st.sampled_from(["1", "3", [1, "2"], [0], [-1], ["x"], list(range(501))]))


def field_list(names):
    return st.lists(st.sampled_from(sorted(names)), max_size=5).flatmap(as_php_list)


def filter_for(fields):
    condition = st.fixed_dictionaries({"op": st.sampled_from(OPERATORS),
                                       "val": st.one_of(scalar, st.lists(scalar, max_size=3))})
    return st.dictionaries(st.sampled_from(sorted(fields)), st.one_of(st.lists(condition, max_size=2), condition),
                           max_size=2)


def values_for(fields):
    """Field values of a create or modify: plausible keys, each with a random value."""
    return st.dictionaries(st.sampled_from(sorted(fields)), st.one_of(scalar, st.lists(scalar, max_size=3)), max_size=4)


LIST_READ = {"listlimit": st.one_of(st.integers(-5, 600), scalar),
             "listoffset": st.one_of(st.integers(-5, 600), scalar),
             "sortorder": st.sampled_from(["ASC", "DESC", "up", 1]), "formatoutput": st.one_of(st.booleans(), scalar),
             "outputlanguage": st.sampled_from(["DEU", "ENG", "FRA", "eng", "", 3])}


def read_of(fields):
    return {"data": field_list(fields), "filter": filter_for(fields),
            "sortby": st.one_of(st.sampled_from(sorted(fields)), st.dictionaries(st.sampled_from(sorted(fields)),
                                                                                 st.sampled_from(["ASC", "DESC", "x"]),
                                                                                 max_size=2)),
            **LIST_READ}


RELATION = {"relationtype": st.sampled_from(sorted(RELATION_TYPES)[:20] + ["nope", ""]), "parentid": id_values(),
            "childid": id_values(), "relationinfo": st.one_of(junk, st.just({"statusTerminbestaetigung": "bestätigt"}))}

# Plausible parameters per handler; handlers added later get the generic names only.
PLAUSIBLE: dict[tuple[str, ActionKind], dict] = {
    ("estate", ActionKind.READ): {**read_of(ESTATE), "estatelanguage": st.sampled_from(["DEU", "ENG", "FRA", "x"]),
                                  "filterid": st.sampled_from([101, 201, 5, "101"]), "addestatelanguage": st.booleans(),
                                  "georangesearch": st.one_of(junk, st.just({"country": "DEU", "zip": "52062",
                                                                             "radius": 5}))},
    ("estate", ActionKind.CREATE): {"data": st.one_of(values_for(ESTATE), st.just(
        {"objektart": "haus", "nutzungsart": "wohnen", "vermarktungsart": "kauf"}))},
    ("estate", ActionKind.MODIFY): {"data": values_for(ESTATE), "estatelanguage": st.sampled_from(["ENG", "DEU", "XX"])},
    ("address", ActionKind.READ): {**read_of(ADDRESS), "recordids": id_values(),
                                   "countryIsoCodeType": st.sampled_from(["ISO-3166-2", "ISO-3166-3", "x"])},
    ("agentslog", ActionKind.READ): {**read_of(AGENTSLOG), "estateid": id_values(), "addressid": id_values(),
                                     "fullmail": st.booleans()},
    ("agentslog", ActionKind.CREATE): {
        "addressids": id_values(), "estateid": id_values(), "actionkind": st.sampled_from(["Email", "Fax", "Aufgabe"]),
        "actiontype": st.sampled_from(["Eingang", "1", "x"]), "features": junk, "cost": scalar, "duration": scalar,
        "advisorylevel": st.sampled_from(["A", "G", "Z"]), "reasoncancellation": scalar, "datetime": scalar,
        "userid": scalar, "note": scalar, "origincontact": scalar},
    ("task", ActionKind.READ): {**read_of({k: v for k, v in TASK.items() if k != "Nr"}),
                                "relatedAddressId": id_values(), "relatedEstateId": id_values()},
    ("task", ActionKind.CREATE): {"data": values_for(TASK), "relatedAddressId": id_values(),
                                  "relatedEstateId": id_values()},
    ("task", ActionKind.MODIFY): {"data": values_for(TASK), "relatedAddressId": id_values()},
    ("fields", ActionKind.GET): {"modules": field_list(["estate", "address", "agentslog", "task", "x"]),
                                 "labels": st.booleans(), "language": st.sampled_from(["ENG", "DEU", "x"]),
                                 "fieldList": field_list(FIELD_NAMES[:30]), "showfieldfilters": st.booleans()},
    ("estatepictures", ActionKind.GET): {"estateids": id_values(), "size": scalar,
                                         "categories": field_list(["Titelbild", "Foto", "Grundriss", "x"])},
    ("basicsettings", ActionKind.READ): {"data": st.one_of(junk, st.just(
        {"basicData": {"characteristicsCi": ["logo", "color"], "team": {"1": "about"}}}))},
    ("regions", ActionKind.GET): {"language": st.sampled_from(["ENG", "DEU", "x"])},
    ("actionkindtypes", ActionKind.GET): {"lang": st.sampled_from(["ENG", "DEU", "x"])},
    ("users", ActionKind.GET): {"userfilter": st.sampled_from(["byGroupId", "onlyOwn", "x"]), "groupId": scalar},
    ("filters", ActionKind.GET): {"module": st.sampled_from(["estate", "address", "x", ""])},
    ("relation", ActionKind.CREATE): RELATION,
    ("relation", ActionKind.MODIFY): RELATION,
    ("relation", ActionKind.DELETE): RELATION,
    ("idsfromrelation", ActionKind.GET): {"relationtype": RELATION["relationtype"], "parentids": id_values(),
                                          "childids": id_values()},
    ("search", ActionKind.GET): {"input": scalar, "includecontactdata": st.booleans(), "listlimit": scalar,
                                 "searchparameter": field_list(ADDRESS)},
}
GENERIC_NAMES = ["data", "filter", "listlimit", "listoffset", "sortby", "sortorder", "formatoutput", "outputlanguage",
                 "language", "module", "modules", "recordids", "estateids", "addressids", "ids", "input", "parentids"]


def parameters_for(resourcetype: str, kind: ActionKind):
    plausible = PLAUSIBLE.get((resourcetype, kind), {})
    chosen = st.fixed_dictionaries({}, optional={
        # Mostly the plausible value, sometimes junk in its place.
        name: st.one_of(strategy, strategy, strategy, junk) for name, strategy in plausible.items()})
    extra = st.dictionaries(st.one_of(st.sampled_from(GENERIC_NAMES + FIELD_NAMES), text), junk, max_size=2)
    top_level = st.fixed_dictionaries({}, optional={"data": junk}) if resourcetype == "address" else st.just({})
    return st.tuples(chosen, st.one_of(st.just({}), st.just({}), extra), top_level).map(
        lambda parts: {**parts[2], **parts[1], **parts[0]})


@st.composite
def resource_id(draw, resourcetype: str):
    if draw(rarely(8)):
        return draw(scalar | junk)
    known = {"search": ["estate", "address", "x"], "estate": [1, 2, "3", 40], "address": [1, 5, "7"], "task": [1, 2],
             "searchcriteria": [1, 2]}.get(resourcetype, [])
    return draw(st.sampled_from(["", *known]))


@st.composite
def signed_action(draw, resourcetype: str, kind: ActionKind):
    """One action, correctly signed most of the time; its timestamp, hmac or structure sometimes broken."""
    user = draw(st.sampled_from(USERS))
    parameters = draw(parameters_for(resourcetype, kind))
    action = {"actionid": kind.urn, "identifier": draw(st.one_of(st.just(""), text, scalar)),
              "parameters": draw(st.just([]) | junk) if draw(rarely(10)) else parameters,
              "resourceid": draw(resource_id(resourcetype)), "resourcetype": resourcetype}
    timestamp = int(time.time())
    version = draw(st.sampled_from([2, 2, 2, None, "2", 1, "3", True]) if draw(rarely(3)) else st.just(2))
    action["timestamp"] = timestamp
    if draw(rarely(8)):
        action["timestamp"] = draw(st.sampled_from([str(timestamp), 10**400, "9" * 400, -(10**400), 1.5e9, "soon",
                                                    None, 0, timestamp + 10**6, [timestamp], math.nan]))
    if version is not None:
        action["hmac_version"] = version
    action["hmac"] = _signature(user, action, version)
    if draw(rarely(12)):
        action["hmac"] = draw(st.one_of(scalar, junk))
    if draw(rarely(12)):  # structure broken
        key = draw(st.sampled_from(sorted(action)))
        if draw(st.booleans()):
            del action[key]
        else:
            action[key] = draw(junk)
    return user, action


def _signature(user, action: dict, version) -> str:
    timestamp = action["timestamp"]
    if not isinstance(timestamp, int):
        return "x"
    if version is None:
        try:
            return sign_v1(token=user.token, secret=user.secret, timestamp=timestamp,
                           resourcetype=action["resourcetype"], actionid=action["actionid"],
                           identifier="" if action["identifier"] is None else str(action["identifier"]),
                           resourceid=action["resourceid"],
                           parameters=action["parameters"] if isinstance(action["parameters"], (dict, list)) else {})
        except (ValueError, TypeError, OverflowError, RecursionError):
            return "x"
    return sign_v2(token=user.token, secret=user.secret, timestamp=timestamp, resourcetype=action["resourcetype"],
                   actionid=action["actionid"])


def _encode(document, style: str) -> bytes:
    if style == "php":
        try:
            return php_json_encode(document).encode("ascii")
        except (ValueError, TypeError, OverflowError, RecursionError):
            style = "python"
    return json.dumps(document, ensure_ascii=style != "utf-8").encode("utf-8", "surrogatepass")


@st.composite
def body_for(draw, resourcetype: str, kind: ActionKind) -> bytes:
    user, action = draw(signed_action(resourcetype, kind))
    actions = [action]
    if draw(rarely(5)):  # a second action of another handler in the same request
        other = draw(st.sampled_from(sorted(HANDLERS, key=_pair_name)))
        actions.append(draw(signed_action(*other))[1])
    document = {"token": user.token, "request": {"actions": actions}}
    if draw(rarely(20)):
        document["token"] = draw(st.one_of(scalar, st.sampled_from([u.token for u in USERS])))
    return _encode(document, draw(st.sampled_from(["python", "python", "php", "utf-8"])))


@st.composite
def broken_body(draw) -> bytes:
    """Envelopes broken at the top: junk bytes, wrong types, missing pieces, too deep."""
    user = draw(st.sampled_from(USERS))
    document = draw(st.one_of(
        junk, st.fixed_dictionaries({"token": st.one_of(st.just(user.token), scalar)},
                                    optional={"request": st.one_of(junk, st.fixed_dictionaries(
                                        {}, optional={"actions": st.one_of(junk, st.lists(junk, max_size=3))}))}),
    ))
    deep = b'{"token": "%s", "request": {"actions": [%s1%s]}}' % (user.token.encode(), b"[" * 2000, b"]" * 2000)
    raw = draw(st.one_of(st.binary(max_size=40), st.just(b"{" * 5000), st.just(b"\xff\xfe{}"), st.just(deep)))
    return raw if draw(rarely(4)) else _encode(document, draw(st.sampled_from(["python", "utf-8"])))


def _pair_name(pair) -> str:
    return f"{pair[0]}:{pair[1].name}"


# --- the test ---------------------------------------------------------------------------------

@pytest.fixture
def sandbox(db):
    seed(30, 60, reset=True)


def check_answer(status: int, content: bytes, codes: Counter) -> None:
    assert status < 500, f"HTTP {status}: {content[:300]!r}"
    document = json.loads(content)
    top = document["status"]["errorcode"]
    assert top == 0 or top in DOCUMENTED_CODES, f"top-level errorcode {top}"
    for result in document.get("response", {}).get("results", []):
        code = result["status"]["errorcode"]
        assert code == 0 or code in DOCUMENTED_CODES, f"errorcode {code}: {result['status']['message']}"
        codes[code] += 1
    if "response" not in document:
        codes[f"top-{top}"] += 1


def test_every_body_answers_a_documented_code_without_a_traceback(sandbox, caplog):
    caplog.set_level(logging.ERROR)
    pairs = sorted(HANDLERS, key=_pair_name)
    groups = [(_pair_name(pair), body_for(*pair)) for pair in pairs] + [("broken envelope", broken_body())]
    # Some slack: Hypothesis stops a group early once it has tried every distinct body a small strategy has.
    per_group = max(1, math.ceil(TOTAL_EXAMPLES * 1.1 / len(groups)))
    failures: dict[str, str] = {}
    codes: Counter = Counter()
    bodies = 0
    started = time.monotonic()

    for name, strategy in groups:
        @settings(max_examples=per_group, deadline=None, derandomize=True, database=None, print_blob=False,
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def check(body):
            nonlocal bodies
            bodies += 1
            caplog.clear()
            with transaction.atomic():
                try:
                    status, _, content = answer(body, url=URL)
                finally:
                    transaction.set_rollback(True)
            check_answer(status, content, codes)
            logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
            assert not logged, f"logged at ERROR: {logged[0].getMessage()}: {logged[0].exc_info!r}"[-1500:]

        try:
            check()
        except Exception as exc:  # collect every group's failure (with its minimal example), then report all
            failures[name] = "".join(traceback.format_exception_only(exc)).strip()[-2500:]

    seconds = time.monotonic() - started
    seen = ", ".join(f"{code}×{count}" for code, count in sorted(codes.items(), key=lambda kv: str(kv[0])))
    print(f"fuzzed {len(groups)} groups with {bodies} bodies in {seconds:.1f} s; codes: {seen}")
    assert not failures, "\n\n".join(f"{name}: {text}" for name, text in failures.items())
    assert bodies >= TOTAL_EXAMPLES
