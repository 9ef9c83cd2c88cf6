"""content/entities.toml: add, merge, rename, retype, suppress; conflicts are reported."""

import logging

from entities.gazetteer import Gazetteer
from entities.link import Linker, fold
from entities.overrides import Overrides
from entities.recognize import Mention

TOML = """\
[[entity]]
name = "البنتاغون"
rename = "البنتاغون (وزارة الدفاع الأمريكية)"

[[entity]]
name = "موسكو"
type = "ORG"

[[entity]]
name = "شركة أرامكو"
type = "ORG"
aliases = ["أرامكو", "أرامكو السعودية"]
wikidata = "Q999999999"

[[entity]]
name = "سابك"
aliases = ["أرامكو"]
type = "BAD"

[suppress]
names = ["الجمعة"]
"""


def make(tmp_path, text=TOML):
    p = tmp_path / "entities.toml"
    p.write_text(text, encoding="utf-8")
    ov = Overrides.load(p)
    return p, ov, Linker(Gazetteer.load(), ov)


def link(linker, *items):
    ms, pos = [], 0
    for surface, typ in items:
        ms.append(Mention(pos, pos + len(surface), typ, surface))
        pos += len(surface) + 1
    return linker.link_article(ms)


def test_rename_keeps_variants_together(tmp_path):
    _p, _ov, linker = make(tmp_path)
    keys = {k for _m, k in link(linker, ("البنتاجون", "ORG"), ("وزارة الدفاع الأمريكية", "ORG"), ("البنتاغون", "ORG"))}
    assert len(keys) == 1
    assert linker.pinned[keys.pop()].name == "البنتاغون (وزارة الدفاع الأمريكية)"


def test_retype_add_and_merge(tmp_path):
    _p, _ov, linker = make(tmp_path)
    assert linker.pinned[linker.resolve(fold("موسكو"))].type == "ORG"
    keys = {k for _m, k in link(linker, ("أرامكو السعودية", "ORG"), ("شركة أرامكو", "ORG"))}
    assert len(keys) == 1
    c = linker.pinned[keys.pop()]
    assert (c.name, c.wikidata) == ("شركة أرامكو", "Q999999999")


def test_suppress(tmp_path):
    _p, _ov, linker = make(tmp_path)
    assert [k for _m, k in link(linker, ("الجمعة", "MISC"), ("لندن", "LOC"))] == [fold("لندن")]


def test_conflicts_are_reported_with_file_and_line(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        p, ov, _linker = make(tmp_path)
    text = "\n".join(ov.problems)
    assert f"{p}:18" in text and "BAD" in text  # bad type, on its line
    assert "already claimed" in text and "أرامكو" in text
    assert any("entities overrides" in r.getMessage() for r in caplog.records)


def test_broken_file_is_reported_not_fatal(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        _p, ov, linker = make(tmp_path, "[[entity]\nname = ")
    assert ov.problems and "not valid TOML" in ov.problems[0]
    assert link(linker, ("لندن", "LOC"))
