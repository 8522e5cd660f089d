"""Server-side JSON highlighting with Pygments: CSS classes only (the CSP forbids inline styles)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygments import format as format_tokens
from pygments.formatters import HtmlFormatter
from pygments.lexers import JsonLexer
from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES, Keyword, Name, Number, Punctuation, String, Text, Whitespace

# Plain text beyond about 1 MB: highlighted HTML of larger bodies makes the page sluggish (other API
# clients such as Hoppscotch and Swagger UI slow down from about 1 MB too).
HIGHLIGHT_LIMIT_BYTES = 1_000_000

# The token types JsonLexer emits that get a colour; punctuation and whitespace stay bare text, which
# cuts the HTML of a large answer by more than half.
COLOURED_TOKENS = (Name.Tag, String.Double, Number.Integer, Number.Float, Keyword.Constant)
LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"


@dataclass(frozen=True)
class Highlighted:
    """Highlighted HTML (None when too large) and the size in bytes of the pretty-printed text."""

    html: SafeString | None
    too_large: bool
    size: int


def pretty_json(value_or_text: Any) -> tuple[str, bool]:
    """2-space indented JSON keeping non-ASCII, and True; text that is not JSON as it is, and False."""
    if isinstance(value_or_text, bytes):
        value_or_text = value_or_text.decode("utf-8", errors="replace")
    if isinstance(value_or_text, str):
        try:
            value_or_text = json.loads(value_or_text)
        except ValueError:
            return value_or_text, False
    return json.dumps(value_or_text, indent=2, ensure_ascii=False), True


def _bare_punctuation(tokens):
    for token_type, value in tokens:
        yield (Text if token_type in Punctuation or token_type in Whitespace else token_type), value


def highlight_json(value_or_text: Any, *, limit_bytes: int = HIGHLIGHT_LIMIT_BYTES) -> Highlighted:
    """A JSON value, or JSON text (str or bytes), pretty-printed and highlighted; no HTML beyond limit_bytes.

    Text that is not JSON comes back escaped but not highlighted.
    """
    if isinstance(value_or_text, (str, bytes)) and len(value_or_text) > limit_bytes:
        # Re-indenting seldom shrinks text, so text already over the limit is not even parsed.
        size = len(value_or_text.encode() if isinstance(value_or_text, str) else value_or_text)
        return Highlighted(html=None, too_large=True, size=size)
    pretty, is_json = pretty_json(value_or_text)
    size = len(pretty.encode())
    if size > limit_bytes:
        return Highlighted(html=None, too_large=True, size=size)
    if not is_json:
        # The lexer would mark nearly every character of an HTML error page as an error.
        return Highlighted(html=escape(pretty), too_large=False, size=size)
    tokens = _bare_punctuation(JsonLexer().get_tokens(pretty))
    html = format_tokens(tokens, HtmlFormatter(nowrap=True)).rstrip("\n")
    return Highlighted(html=mark_safe(html), too_large=False, size=size)


def _token_rules(style_name: str, scope: str) -> list[str]:
    style = get_style_by_name(style_name)
    rules = []
    for token_type in COLOURED_TOKENS:
        spec = style.style_for_token(token_type)
        declarations = [
            f"color: #{spec['color']}" if spec["color"] else "color: inherit",
            f"font-weight: {'bold' if spec['bold'] else 'normal'}",
            f"font-style: {'italic' if spec['italic'] else 'normal'}",
        ]
        rules.append(f"{scope}.hl .{STANDARD_TYPES[token_type]} {{ {'; '.join(declarations)} }}")
    return rules


def pygments_css() -> str:
    """Token CSS for `.hl` blocks: light by default, dark by system preference or `data-theme="dark"` on <html>."""
    dark_by_system = "\n".join(f"  {rule}" for rule in _token_rules(DARK_STYLE, ":root:not([data-theme=light]) "))
    return "\n".join([
        f"/* JSON highlighting (explorer/highlight.py pygments_css; Pygments {LIGHT_STYLE} / {DARK_STYLE}) */",
        *_token_rules(LIGHT_STYLE, ""),
        "@media (prefers-color-scheme: dark) {",
        dark_by_system,
        "}",
        *_token_rules(DARK_STYLE, "[data-theme=dark] "),
        "",
    ])
