"""What the history filters and searches: the action keys and the search text of a call-log row, and the
full-text match on SQLite (FTS5) and PostgreSQL (tsvector), with the same meaning on both: every word of
the query must start a word of the row (case and accents ignored)."""

from __future__ import annotations

import json
import re
import unicodedata

from django.db import connection
from django.db.models import QuerySet

from ..onoffice.actions import ActionKind

_WORD = re.compile(r"[^\W_]+")  # letters and digits, as both databases' tokenizers read words
SEARCH_TEXT_MAX = 20_000  # the parameters of a big batch need not all be searchable
MAX_QUERY_WORDS = 8


def _kind(action: dict) -> str:
    kind = ActionKind.from_urn(str(action.get("actionid", "")))
    return kind.value if kind else str(action.get("action", "") or "")


def action_keys(actions: list) -> str:
    """" read:estate create:address ": one token per action, space-delimited at both ends for `contains`."""
    keys = [f"{_kind(a)}:{a.get('resourcetype', '')}" for a in actions if isinstance(a, dict)]
    return f" {' '.join(keys)} "[:1000] if keys else ""


def search_text(actions: list, error_text: str = "") -> str:
    parts = []
    for action in actions:
        if isinstance(action, dict):
            parts += [_kind(action), str(action.get("resourcetype", "")), str(action.get("resourceid", "")),
                      str(action.get("identifier", "")),
                      json.dumps(action.get("parameters", {}), ensure_ascii=False)]
    parts.append(error_text or "")
    return fold(" ".join(p for p in parts if p))[:SEARCH_TEXT_MAX]


def fold(text: str) -> str:
    """Lower case without accents ("Köln" → "koln"), at write and at query time alike: PostgreSQL's
    'simple' configuration keeps accents, SQLite's tokenizer here drops them."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def query_words(q: str) -> list[str]:
    return _WORD.findall(fold(q))[:MAX_QUERY_WORDS]


def full_text(calls: QuerySet, q: str) -> QuerySet:
    """The calls whose search text has every word of `q` (as a word or the start of one)."""
    words = query_words(q)
    if not words:
        return calls
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{w}:*" for w in words)
        return calls.extra(where=["to_tsvector('simple', explorer_calllog.search_text) @@ to_tsquery('simple', %s)"],
                           params=[tsquery])
    match = " ".join(f'"{w}"*' for w in words)
    return calls.extra(where=["explorer_calllog.id IN (SELECT rowid FROM explorer_calllog_fts "
                              "WHERE explorer_calllog_fts MATCH %s)"], params=[match])
