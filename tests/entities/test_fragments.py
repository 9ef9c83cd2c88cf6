"""Parts of the entity pages made once (entities.fragments): the same pages as when each
part is made on every page, the parts dropped after the pages, and the pages' build
key holding the code that makes them."""

import json
import subprocess
import sys

import pytest
from jinja2 import DictLoader, Environment

from entities import fragments
from kept_pages.memo import build_key
from tests.conftest import ROOT, demo_cache
from tests.robustness.test_reproducible import tree

LISTING = "{% for a in articles %}{% call once(a, SITEURL) %}<li>{{ make(a) }}</li>{% endcall %}{% endfor %}"


def render(made: list, **context) -> str:
    """The listing, noting in ``made`` each part made."""
    env = Environment(autoescape=True)
    env.globals["once"] = fragments.once
    return env.from_string(LISTING).render(make=lambda a: made.append(a) or a, **context)


def test_a_part_is_made_once_per_key_while_kept():
    made = []
    with fragments.kept():
        first = render(made, articles=["أ", "ب"], SITEURL="..")
        again = render(made, articles=["ب", "أ"], SITEURL="..")
        elsewhere = render(made, articles=["أ"], SITEURL=".")
    assert first == "<li>أ</li><li>ب</li>" and again == "<li>ب</li><li>أ</li>"
    assert elsewhere == "<li>أ</li>"
    assert made == ["أ", "ب", "أ"]  # another key (SITEURL) is another part
    assert fragments._KEPT == []


def test_a_part_is_made_every_time_outside_kept():
    made = []
    assert render(made, articles=["أ", "أ"], SITEURL="..") == "<li>أ</li><li>أ</li>"
    assert made == ["أ", "أ"]


def test_the_text_is_escaped_once():
    with fragments.kept():
        assert render([], articles=["<b>&</b>"] * 2, SITEURL="..") == "<li>&lt;b&gt;&amp;&lt;/b&gt;</li>" * 2


def test_the_build_key_holds_the_code_of_once(tmp_path, monkeypatch):
    env = Environment(loader=DictLoader({"entity.html": "{% call once(entity, SITEURL) %}{{ entity }}{% endcall %}"}))
    env.globals["once"] = fragments.once

    def key():
        return build_key(env, "entity.html", {}, {"SITENAME": "أرشيف"}, tmp_path)

    first = key()
    changed = tmp_path / "fragments.py"
    changed.write_text(open(fragments.__file__, encoding="utf-8").read() + "\n# changed\n", encoding="utf-8")
    monkeypatch.setattr(fragments, "__file__", str(changed))
    assert key() != first


# Builds the demo with every part of the entity pages made on each page.
PROBE = """
import contextlib, sys
sys.path.insert(0, "plugins")
from entities import fragments
fragments.kept = contextlib.nullcontext
from pelican import main
main(sys.argv[1:])
"""


@pytest.mark.slow
def test_the_entity_pages_are_those_made_part_by_part(demo_site, tmp_path):
    cache = demo_cache(tmp_path / "cache")  # for speed
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "-s", str(ROOT / "pelicanconf.py"), "-o", str(out), "-q",
         "-e", f"CACHE_PATH={json.dumps(str(cache))}", "KEEP_PAGES=false"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    pages = tree(out / "entities")
    assert len(pages) > 20
    assert pages == tree(demo_site / "entities")
