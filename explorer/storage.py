"""What a stored text becomes when the database cannot hold a character of it.

PostgreSQL text and jsonb cannot hold NUL (U+0000); SQLite can. So that both behave the same, every text
the explorer stores (call logs: actions, answers, error texts; saved requests) has each NUL replaced by
the six visible characters `\\u0000`: the row is always written, and what it shows is readable.
"""

from __future__ import annotations

NUL = "\x00"
NUL_SHOWN = "\\u0000"


def nul_safe(value):
    """A copy of a text, or of JSON-like data (keys included), with every NUL written as `\\u0000`."""
    if isinstance(value, str):
        return value.replace(NUL, NUL_SHOWN) if NUL in value else value
    if isinstance(value, dict):
        return {nul_safe(k): nul_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nul_safe(v) for v in value]
    return value
