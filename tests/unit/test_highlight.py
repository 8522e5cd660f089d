"""Server-side JSON highlighting and its CSS."""

import json
import re

import pytest
from django.utils.safestring import SafeString

from explorer.composer.highlight import highlight_json, pretty_json, pygments_css

SAMPLE = {"Id": "1051", "kaufpreis": 189000.5, "etage": 3, "balkon": True, "lift": None,
          "objekttitel": "Altbau <b>Aachen</b> & Fußbodenheizung"}


def classes_in(html: str) -> set[str]:
    return set(re.findall(r'class="([^"]+)"', html))


def test_value_is_pretty_printed_and_highlighted():
    result = highlight_json(SAMPLE)
    assert isinstance(result.html, SafeString)
    assert not result.too_large
    assert '<span class="nt">"kaufpreis"</span>: <span class="mf">189000.5</span>' in result.html
    assert '\n  <span class="nt">"etage"</span>: <span class="mi">3</span>' in result.html
    assert '<span class="kc">true</span>' in result.html and '<span class="kc">null</span>' in result.html


def test_markup_in_values_is_escaped():
    result = highlight_json({"x": "</pre><script>alert(1)</script>"})
    assert "<script" not in result.html and "</pre>" not in result.html
    assert "&lt;script&gt;" in result.html


def test_no_inline_styles_and_no_wrapper():
    html = highlight_json(SAMPLE).html
    assert "style=" not in html
    assert not html.startswith("<div") and "<pre" not in html


def test_umlauts_stay_readable_and_size_counts_bytes():
    result = highlight_json({"a": "ß"})
    assert "ß" in result.html
    assert result.size == len('{\n  "a": "ß"\n}'.encode()) == 15


def test_json_text_and_bytes_are_reindented():
    compact = json.dumps(SAMPLE)
    assert highlight_json(compact).html == highlight_json(SAMPLE).html
    assert highlight_json(compact.encode()).html == highlight_json(SAMPLE).html


def test_text_that_is_not_json_is_escaped_but_not_highlighted():
    assert pretty_json("<html>oops") == ("<html>oops", False)
    result = highlight_json("<html>\n<h1>502 Bad Gateway</h1>")
    assert result.html == "&lt;html&gt;\n&lt;h1&gt;502 Bad Gateway&lt;/h1&gt;"
    assert isinstance(result.html, SafeString) and not result.too_large


def test_beyond_the_limit_there_is_no_html():
    pretty_size = len(pretty_json(SAMPLE)[0].encode())
    assert highlight_json(SAMPLE, limit_bytes=pretty_size).html is not None
    result = highlight_json(SAMPLE, limit_bytes=pretty_size - 1)
    assert (result.html, result.too_large, result.size) == (None, True, pretty_size)


def test_text_already_over_the_limit_is_not_parsed():
    text = "x" * 2000  # not JSON: parsing would keep it, the limit must still apply
    assert highlight_json(text, limit_bytes=1000) == highlight_json(text, limit_bytes=1000)
    result = highlight_json(text, limit_bytes=1000)
    assert (result.html, result.too_large, result.size) == (None, True, 2000)


def test_default_limit_is_one_megabyte():
    big = {"records": ["x" * 100] * 11_000}  # about 1.2 MB pretty-printed
    assert highlight_json(big).too_large
    assert not highlight_json({"records": ["x" * 100] * 9_000}).too_large


# --- CSS -----------------------------------------------------------------------------------------------------


def test_every_emitted_class_has_light_and_both_dark_rules():
    css = pygments_css()
    emitted = classes_in(highlight_json(SAMPLE).html)
    assert emitted == {"nt", "s2", "mi", "mf", "kc"}
    dark_block = css[css.index("@media (prefers-color-scheme: dark)"):css.index("}\n[data-theme=dark]")]
    for cls in emitted:
        assert re.search(rf"^\.hl \.{cls} \{{", css, re.M), cls
        assert f":root:not([data-theme=light]) .hl .{cls} {{" in dark_block, cls
        assert re.search(rf"^\[data-theme=dark\] \.hl \.{cls} \{{", css, re.M), cls


def test_every_rule_is_scoped_under_hl():
    rules = [line.strip() for line in pygments_css().splitlines() if "{" in line and not line.startswith("@media")]
    assert rules and all(" .hl ." in f" {rule}" for rule in rules)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("theme", "background"), [("light", "ffffff"), ("dark", "0d1117"), ("dark", "1e1e1e")])
def test_token_colours_meet_wcag_aa(theme, background):
    css = pygments_css()
    light_part, dark_part = css.split("@media", 1)
    colours = re.findall(r"color: #([0-9a-fA-F]{6})", light_part if theme == "light" else dark_part)
    assert colours
    assert all(_contrast(c, background) >= 4.5 for c in colours), colours


def test_app_css_carries_the_generated_token_colours():
    from pathlib import Path

    app_css = (Path(__file__).resolve().parents[2] / "static" / "explorer" / "app.css").read_text()
    assert pygments_css().strip() in app_css, "paste the output of pygments_css() into static/explorer/app.css"
