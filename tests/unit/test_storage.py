"""What a NUL becomes in stored texts: the same on SQLite and PostgreSQL (which cannot hold it)."""

from explorer.storage import nul_safe


def test_nul_becomes_the_visible_escape_in_texts_and_json_like_data_keys_included():
    assert nul_safe("a\x00b") == "a\\u0000b"
    assert nul_safe({"k\x00": ["x\x00", 1, None, {"deep": "\x00"}]}) == {"k\\u0000": ["x\\u0000", 1, None, {"deep": "\\u0000"}]}


def test_texts_without_nul_are_returned_unchanged():
    text = "Grüße \\u0000 as typed"
    assert nul_safe(text) is text and nul_safe(5) == 5
