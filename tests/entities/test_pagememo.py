"""Entity pages are not rendered again when nothing they show changed
(entities.pagememo): the site is byte for byte the one a build from nothing makes,
after an edit, a changed setting, a touched page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

from entities.annotate import Entity
from entities.pagememo import ENTITY_FIELDS, plain

ROOT = Path(__file__).resolve().parents[2]

ARTICLE = """Title: {title}
Date: 2015-09-{day} 10:00
Slug: {slug}

{body}
"""
BODIES = {
    "a": ("كيري في موسكو", "وقال وزير الخارجية الأمريكي جون كيري في موسكو إن المحادثات مستمرة مع روسيا."),
    "b": ("اجتماع جنيف", "وأضاف وزير الخارجية الأمريكي جون كيري أن الاجتماع المقبل سيعقد في جنيف."),
    "c": ("طقس اليوم", "الجو حار في الرياض اليوم، وقالت الأرصاد إن الحرارة تبلغ 45 درجة في الرياض."),
}
INDEXES = {"index.html", "pers.html", "loc.html", "org.html", "misc.html"}


def write_inputs(folder: Path, bodies: dict) -> Path:
    content = folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    for day, (slug, (title, body)) in enumerate(sorted(bodies.items()), start=17):
        (content / f"{slug}.md").write_text(ARTICLE.format(title=title, day=day, slug=slug, body=body), encoding="utf-8")
    return folder


def build(inputs: Path, out: Path, cache: Path, *extra: str) -> dict:
    """Build; the stage counts."""
    times = out.parent / f"{out.name}-times.json"
    env = dict(os.environ, ARSHIF_INPUTS=str(inputs), ARSHIF_CACHE=str(cache), ARSHIF_STAGE_TIMES=str(times),
               PYTHONPATH=str(ROOT / "plugins"), SOURCE_DATE_EPOCH="1443657600")
    proc = subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "pelicanconf.py"), "-o", str(out), "-q",
                           *extra], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(times.read_text())["counts"]


def files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
            and p.name != "build-report.json"}


def entity_pages(out: Path) -> list[Path]:
    return [p for p in (out / "entities").glob("*.html") if p.name not in INDEXES]


def fresh(tmp_path: Path, name: str, bodies: dict, *extra: str) -> dict[str, bytes]:
    """What a build from nothing makes of ``bodies``."""
    inputs = write_inputs(tmp_path / f"{name}-inputs", bodies)
    build(inputs, tmp_path / f"{name}-out", tmp_path / f"{name}-cache", *extra)
    return files(tmp_path / f"{name}-out")


def test_pages_are_kept_until_what_they_show_changes(tmp_path):
    inputs = write_inputs(tmp_path / "inputs", BODIES)
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert build(inputs, out, cache).get("entity_pages_kept", 0) == 0
    pages = entity_pages(out)
    assert len(pages) >= 4
    first = files(out)

    # nothing changed: every entity page kept, the site the same
    assert build(inputs, out, cache)["entity_pages_kept"] == len(pages)
    assert files(out) == first

    # edits that change no entity, one of the body (the listing's summary), one of the
    # title: the pages that list the article are rendered again, the others kept; the
    # site is what a build from nothing makes
    body = {**BODIES, "c": ("طقس اليوم", BODIES["c"][1].replace("45", "47"))}
    title = {**body, "c": ("طقس حار اليوم", body["c"][1])}
    for n, edited in enumerate((body, title)):
        write_inputs(inputs, edited)
        kept = build(inputs, out, cache).get("entity_pages_kept", 0)
        assert files(out) == fresh(tmp_path, f"edited{n}", edited)
        assert 0 < kept < len(entity_pages(out))
    riyadh = next(p for p in entity_pages(out) if "الرياض" in p.name).read_text(encoding="utf-8")
    assert "طقس حار اليوم" in riyadh and "47" in riyadh

    # a page changed or removed by hand is written again, the others kept
    pages = entity_pages(out)
    pages[0].write_text("touched", encoding="utf-8")
    pages[1].unlink()
    assert build(inputs, out, cache)["entity_pages_kept"] == len(pages) - 2
    assert files(out) == fresh(tmp_path, "edited1", title)


def test_a_setting_every_page_shows_renders_them_all_again(tmp_path):
    inputs = write_inputs(tmp_path / "inputs", BODIES)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(inputs, out, cache)
    renamed = ("-e", 'SITENAME="أرشيف آخر"')
    assert build(inputs, out, cache, *renamed).get("entity_pages_kept", 0) == 0
    assert files(out) == fresh(tmp_path, "renamed", BODIES, *renamed)
    assert "أرشيف آخر" in entity_pages(out)[0].read_text(encoding="utf-8")


def test_the_page_key_reads_every_field_of_an_entity():
    """A field added to Entity must be added to Keys.page (and then to this list)."""
    assert tuple(f.name for f in fields(Entity)) == ENTITY_FIELDS


def test_plain_values_are_the_same_from_build_to_build():
    class Opaque:
        pass

    class Named:
        name, slug, type, url = "جون كيري", "jwn-kyry", "PERS", "entities/jwn-kyry.html"

    assert plain(Opaque(), str) == "test_plain_values_are_the_same_from_build_to_build.<locals>.Opaque"
    assert plain(len, str) == "builtins.len"
    assert plain({"b": [Named()], "a": (1, None)}, str) == [
        ("'a'", [1, None]), ("'b'", [["Named", "جون كيري", "jwn-kyry", "PERS", "entities/jwn-kyry.html"]])]


def test_the_build_key_reads_templates_settings_libraries_and_the_names_they_use(tmp_path, monkeypatch):
    import babel
    from jinja2 import DictLoader, Environment

    from entities.pagememo import build_key

    templates = {"entity.html": '{% extends "base.html" %}{% block c %}{{ entity.name }}{% endblock %}',
                 "base.html": "<title>{{ SITENAME }}</title>{% block c %}{% endblock %}{{ nav_links|length }}"}

    def key(context=None, settings=None, sources=templates):
        env = Environment(loader=DictLoader(sources))
        context = {"nav_links": ["a"], "unused": 1, **(context or {})}
        return build_key(env, "entity.html", context, settings or {"SITENAME": "أرشيف"}, tmp_path)

    first = key()
    assert key() == first and key({"unused": 2}) == first  # a name no template uses
    assert key({"nav_links": ["a", "b"]}) != first  # one base.html uses
    assert key(settings={"SITENAME": "آخر"}) != first
    assert key(sources={**templates, "base.html": templates["base.html"] + " "}) != first
    monkeypatch.setattr(babel, "__version__", "0.0")
    assert key() != first
