"""PHP's JSON, the one encoder of v1 signing: the explorer's signer and the sandbox's verifier both use it.

The legacy v1 HMAC covers `json_encode(ksort($parameters))` as the real API (PHP) computes it from the
*decoded* request. So what counts is what PHP makes of the JSON it received, then writes back:

- `json_decode($body, true)` turns objects into PHP arrays. A key that is a canonical decimal integer
  (`"10"`, `"-3"`, not `"010"`, `"-0"`, `"1.5"`) within the 64-bit range becomes an integer key.
  Integer literals beyond the 64-bit range become floats; `-0` (no fraction) is the integer 0.
- `ksort` (default SORT_REGULAR, PHP 8 comparison; stable since 8.0): integer keys compare as numbers
  (`"9"` before `"10"`); two numeric strings (`"1.5"`, `" 2"`, `"1e3"`) compare as numbers; any other pair
  of strings byte by byte; an integer against a non-numeric string compares the integer's decimal text
  with that string. Only the first level is sorted (the SDK's ksort).
- `json_encode` with default flags: compact, `/` as `\\/`, non-ASCII as lowercase `\\uXXXX`; an array with
  the keys 0..n-1 in this order is a JSON list, any other (non-empty) array an object, an empty one `[]`.
  Floats with `serialize_precision = -1` (PHP >= 7.1): the shortest digits that round-trip (as Python's
  repr), written by `php_gcvt` with precision 17 — no `.0` on integral values (`1.0` → `1`), the
  exponential form when the decimal exponent is above 17 or below -4 (`1e20` → `1.0e+20`, `1e-5` →
  `1.0e-5`, `1.5e-7` → `1.5e-7`), negative zero as `-0`. NaN and infinity cannot be encoded (ValueError).

`wire_encode` writes a request or answer body in the same style but keeps objects as objects (the bytes
a client sends, not PHP's reading of them) and writes negative zero as `-0.0`, so that a PHP server
decodes a float again (`-0` would decode as the integer 0).
"""

from __future__ import annotations

import functools
import json
import math
import re
from decimal import Decimal

__all__ = ["json_encode", "ksort", "wire_encode", "php_float", "php_key"]

_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1
_CANONICAL_INT = re.compile(r"(?:0|-?[1-9][0-9]*)\Z")
# PHP 8's is_numeric_string: surrounding whitespace allowed, sign, digits with optional fraction, exponent.
_NUMERIC = re.compile(r"[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*\Z")
_GCVT_PRECISION = 17  # php_gcvt's precision when serialize_precision is -1 (zend_dtoa mode 0)


def php_key(key) -> int | str:
    """The key as a PHP array holds it: an integer for canonical in-range integer strings, else the string."""
    if isinstance(key, bool):
        return int(key)
    if isinstance(key, int):
        return key
    key = str(key)
    if _CANONICAL_INT.match(key):
        number = int(key)
        if _INT64_MIN <= number <= _INT64_MAX:
            return number
    return key


def php_float(value: float) -> str:
    """A float as PHP's json_encode writes it (serialize_precision -1)."""
    if math.isnan(value) or math.isinf(value):
        raise ValueError("PHP's json_encode cannot encode NaN or infinity")
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    sign = "-" if value < 0 else ""
    _, digit_tuple, exponent = Decimal(repr(abs(value))).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0")
    exponent += len(digit_tuple) - len(digits)
    digits = digits.lstrip("0")  # repr never gives leading zeros in the digit tuple, but be safe
    decpt = len(digits) + exponent  # value = 0.DIGITS × 10**decpt, as zend_dtoa reports it
    if (decpt < -3) if decpt < 0 else (decpt > _GCVT_PRECISION):
        power = decpt - 1
        return f"{sign}{digits[0]}.{digits[1:] or '0'}e{'-' if power < 0 else '+'}{abs(power)}"
    if decpt <= 0:
        return f"{sign}0.{'0' * -decpt}{digits}"
    if decpt >= len(digits):
        return f"{sign}{digits}{'0' * (decpt - len(digits))}"
    return f"{sign}{digits[:decpt]}.{digits[decpt:]}"


def _number(text: str) -> int | float:
    text = text.strip(" \t\n\r\v\f")
    if any(c in text for c in ".eE"):
        return float(text)
    return int(text)


def _compare_numbers(a, b) -> int:
    return (a > b) - (a < b)


def _compare_strings(a: str, b: str) -> int:
    # zend_binary_strcmp: bytes; UTF-8 keeps code point order, so comparing the code points is the same.
    ab, bb = a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass")
    return (ab > bb) - (ab < bb)


def _compare_keys(a: int | str, b: int | str) -> int:
    """PHP 8's ksort comparison (php_array_key_compare_unstable_i with zend_compare)."""
    if isinstance(a, int) and isinstance(b, int):
        return _compare_numbers(a, b)
    if isinstance(a, str) and isinstance(b, str):
        if _NUMERIC.match(a) and _NUMERIC.match(b):  # zendi_smart_strcmp
            return _compare_numbers(_number(a), _number(b))
        return _compare_strings(a, b)
    if isinstance(a, int):
        return -_compare_long_to_string(b, a)
    return _compare_long_to_string(a, b)


def _compare_long_to_string(text: str, number: int) -> int:
    """compare(string, int) as zend_compare_long_to_string, seen from the string's side."""
    if _NUMERIC.match(text):
        return _compare_numbers(_number(text), number)
    return _compare_strings(text, str(number))


def ksort(parameters):
    """The mapping with its first-level keys in PHP ksort order (keys kept as given); others unchanged."""
    if not isinstance(parameters, dict):
        return parameters
    order = sorted(parameters, key=functools.cmp_to_key(lambda a, b: _compare_keys(php_key(a), php_key(b))))
    return {k: parameters[k] for k in order}


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=True).replace("/", "\\/")


def _encode(value, out: list[str], *, wire: bool) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        # json_decode reads an integer literal beyond 64 bits as a float; json_encode writes that float.
        out.append(str(value) if _INT64_MIN <= value <= _INT64_MAX else php_float(float(value)))
    elif isinstance(value, float):
        out.append("-0.0" if wire and value == 0 and math.copysign(1.0, value) < 0 else php_float(value))
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, dict):
        if not value:
            out.append("[]")
            return
        if wire:
            items = [(str(k), v) for k, v in value.items()]
        else:
            # A PHP array: integer-like keys become integers (a later duplicate replaces the value in place).
            array: dict = {}
            for k, v in value.items():
                array[php_key(k)] = v
            if list(array) == list(range(len(array))):
                _encode(list(array.values()), out, wire=wire)
                return
            items = [(str(k), v) for k, v in array.items()]
        out.append("{")
        for n, (k, v) in enumerate(items):
            if n:
                out.append(",")
            out.append(_string(k))
            out.append(":")
            _encode(v, out, wire=wire)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for n, v in enumerate(value):
            if n:
                out.append(",")
            _encode(v, out, wire=wire)
        out.append("]")
    else:
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_encode(value) -> str:
    """PHP's `json_encode(json_decode(<value as JSON>, true))`: what the real API computes for v1."""
    out: list[str] = []
    _encode(value, out, wire=False)
    return "".join(out)


class _Unusual(Exception):
    """A value json.dumps would write differently from PHP: the exact (slower) encoder takes over."""


def _plain(value):
    """`value` as json.dumps writes it the PHP way: integral floats as ints, empty objects as []; raises
    _Unusual for what only the exact encoder gets right (negative zero, exponents, huge ints, odd keys)."""
    # Exact dicts, lists and strings first, strings inline: an answer of 500 records is mostly these.
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is dict and value:
        plain = {}
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            plain[key] = item if type(item) is str or item is None else _plain(item)
        return plain
    if kind is list:
        return [item if type(item) is str or item is None else _plain(item) for item in value]
    if isinstance(value, str) or value is True or value is False:
        return value
    if isinstance(value, int):
        if _INT64_MIN <= value <= _INT64_MAX:
            return value
        raise _Unusual
    if isinstance(value, float):
        magnitude = abs(value)
        if value.is_integer() and magnitude < 1e15 and (value or math.copysign(1.0, value) > 0):
            return int(value)  # below 2**53 an integral float's shortest digits are the integer's
        if 1e-4 <= magnitude < 1e15:
            return value  # repr and PHP agree here: shortest round-trip digits, no exponent
        raise _Unusual
    if isinstance(value, dict):
        if not value:
            return []
        if not all(type(key) is str for key in value):
            raise _Unusual
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def wire_encode(value) -> str:
    """A body in PHP's style (see the module text): objects stay objects, empty ones `[]`.

    Usually json.dumps' C encoder after one pass that makes its output PHP's (`/` is escaped afterwards:
    outside strings JSON has none); answers of 500 records are encoded several times faster that way."""
    try:
        plain = _plain(value)
    except _Unusual:
        out: list[str] = []
        _encode(value, out, wire=True)
        return "".join(out)
    return json.dumps(plain, ensure_ascii=True, separators=(",", ":"), allow_nan=False).replace("/", "\\/")
