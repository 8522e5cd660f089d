from explorer.onoffice.errors import ERROR_MESSAGES, explain


def test_catalogue_covers_the_documented_codes():
    assert len(ERROR_MESSAGES) >= 280
    assert ERROR_MESSAGES[136] == "Your timestamp is too old or your server time is wrong."
    assert ERROR_MESSAGES[97] == "Error in action"


def test_not_authenticated_hint_names_lengths_and_swapping():
    for code in (13, 22):
        hint = explain(code).hint
        assert "32" in hint and "64" in hint and "swapped" in hint


def test_timestamp_hint_carries_the_measured_skew_and_time_zone_advice():
    hint = explain(136, clock_skew=-3600.4).hint
    assert "-3600 s" in hint
    assert "time zone" in hint and "summer/winter" in hint


def test_hmac_hint_mentions_encoding_only_for_v1():
    assert "encode" not in explain(137, hmac_version=2).hint
    assert "umlauts" in explain(137, hmac_version=1).hint


def test_unknown_field_and_rights_hints():
    assert "case-sensitive" in explain(75, 'Unknown field: "kaufPreis"').hint
    assert "published" in explain(80).hint
    assert explain(75, 'Unknown field: "x"').message == 'Unknown field: "x"'
    assert explain(9999).message == "Unknown error code" and explain(9999).hint == ""
