from sanitize.cleaning import clean_html


def test_xml_invalid_control_characters_are_removed():
    # U+001A (SUB) is in a demo article; XML 1.0 (Atom feeds) and HTML forbid it.
    assert clean_html("<p>أ\x1a\x1a ب\x00\x0b\x7f</p>") == "<p>أ ب</p>"


def test_tab_and_newlines_stay():
    assert clean_html("<p>a\tb\nc</p>") == "<p>a\tb\nc</p>"
