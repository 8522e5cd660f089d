"""Value-based scrubbing of credentials from texts before they are stored (at write time, never at display
time, so no stored row holds a secret)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

REDACTED = "[redacted]"
SECRET_KEYS = frozenset({"token", "secret", "hmac"})


def secret_forms(values: Iterable[str]) -> list[str]:
    """Each secret value plus the encodings it may appear in, longest first."""
    forms: set[str] = set()
    for value in values:
        if not value or len(value) < 6:
            continue
        forms.update({
            value,
            json.dumps(value)[1:-1],
            json.dumps(value)[1:-1].replace("/", "\\/"),
            quote(value, safe=""),
            quote_plus(value),
            base64.b64encode(value.encode()).decode(),
        })
    return sorted(forms, key=len, reverse=True)


def scrub(text: str, forms: list[str]) -> str:
    for form in forms:
        if form in text:
            text = text.replace(form, REDACTED)
    return text


def strip_signature_keys(value):
    """Drop token/secret/hmac keys at any depth (structural layer of the redaction)."""
    if isinstance(value, dict):
        return {k: strip_signature_keys(v) for k, v in value.items() if k not in SECRET_KEYS}
    if isinstance(value, list):
        return [strip_signature_keys(v) for v in value]
    return value
