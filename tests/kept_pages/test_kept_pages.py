"""Entity and article pages are not rendered again when nothing they show changed
(kept_pages): the site is byte for byte the one a build from nothing makes, after an
edit, a new article, a changed URL, a changed setting, a touched page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

from entities.annotate import Entity
from entities.generator import ENTITY_FIELDS
from kept_pages.memo import plain

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
    for day, (name, (title, body, *slug)) in enumerate(sorted(bodies.items()), start=17):
        text = ARTICLE.format(title=title, day=day, slug=slug[0] if slug else name, body=body)
        (content / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def build(inputs: Path, out: Path, cache: Path, *extra: str, log: list | None = None) -> dict:
    """Build; the stage counts (and what it printed, added to ``log``)."""
    times = out.parent / f"{out.name}-times.json"
    env = dict(os.environ, ARSHIF_INPUTS=str(inputs), ARSHIF_CACHE=str(cache), ARSHIF_STAGE_TIMES=str(times),
               PYTHONPATH=str(ROOT / "plugins"), SOURCE_DATE_EPOCH="1443657600")
    proc = subprocess.run([sys.executable, "-m", "pelican", "-s", str(ROOT / "pelicanconf.py"), "-o", str(out), "-q",
                           *extra], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    if log is not None:
        log.append(proc.stdout + proc.stderr)
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

    # nothing changed: every entity page and article page kept, the site the same
    counts = build(inputs, out, cache)
    assert counts["entity_pages_kept"] == len(pages) and counts["article_pages_kept"] == len(BODIES)
    assert files(out) == first

    # edits that change no entity, one of the body (the listing's summary), one of the
    # title: the pages that list the article are rendered again, the others kept; the
    # site is what a build from nothing makes
    body = {**BODIES, "c": ("طقس اليوم", BODIES["c"][1].replace("45", "47"))}
    title = {**body, "c": ("طقس حار اليوم", body["c"][1])}
    for n, edited in enumerate((body, title)):
        write_inputs(inputs, edited)
        counts = build(inputs, out, cache)
        assert files(out) == fresh(tmp_path, f"edited{n}", edited)
        assert 0 < counts.get("entity_pages_kept", 0) < len(entity_pages(out))
        assert counts.get("article_pages_kept", 0) == len(BODIES) - 1  # c's page alone is new
        # the body edit keeps c's names: only the keys of the pages showing c are made
        # (c's, Riyadh's); a title edit (the metadata) makes them all
        made = (counts["article_pages_keys_made"], counts["entity_pages_keys_made"])
        assert made == ((1, 1) if edited is body else (len(BODIES), len(entity_pages(out))))
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

    from kept_pages.memo import build_key

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


def test_article_pages_follow_links_related_articles_and_new_articles(tmp_path):
    # c links to b (and shares no entity with it); e shares nothing with anyone
    linked = {**BODIES, "c": (BODIES["c"][0], BODIES["c"][1] + " [الاجتماع]({filename}b.md)"),
              "e": ("خبر آخر", "انتهى الموسم الدراسي اليوم بعد امتحانات طويلة.")}
    inputs = write_inputs(tmp_path / "inputs", linked)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(inputs, out, cache)
    assert 'href="../articles/b.html"' in (out / "articles" / "c.html").read_text(encoding="utf-8")

    # b's URL changes: c's page, whose body links to it, a's, which lists b as related,
    # and b's are written again; e's page is kept
    moved = {**linked, "b": (*linked["b"], "b-moved")}
    write_inputs(inputs, moved)
    counts = build(inputs, out, cache)
    expected, now = fresh(tmp_path, "moved", moved), files(out)
    assert now == expected  # b's old page removed (write_changed.stale)
    assert 'href="../articles/b-moved.html"' in (out / "articles" / "c.html").read_text(encoding="utf-8")
    assert counts.get("article_pages_kept", 0) == 1

    # a new article naming the same man: the related articles of the others change
    added = {**moved, "d": ("كيري في لندن", "وصل وزير الخارجية الأمريكي جون كيري إلى لندن اليوم.")}
    write_inputs(inputs, added)
    build(inputs, out, cache)
    expected, now = fresh(tmp_path, "added", added), files(out)
    assert {k: now[k] for k in expected if k in now} == expected and set(expected) <= set(now)


def test_pages_are_rendered_when_a_plugin_listens_for_each_written_page(tmp_path):
    from types import SimpleNamespace

    from pelican import signals

    from kept_pages.memo import folder_if_kept

    writer = SimpleNamespace(keep=lambda path: None)
    settings = {"CACHE_PATH": str(tmp_path)}
    assert folder_if_kept(settings, writer) == tmp_path / "kept_pages"
    assert folder_if_kept({**settings, "KEEP_PAGES": False}, writer) is None
    assert folder_if_kept(settings, SimpleNamespace()) is None  # a writer that cannot keep

    def heard(path, context):
        pass

    signals.content_written.connect(heard)
    try:
        assert folder_if_kept(settings, writer) is None
    finally:
        signals.content_written.disconnect(heard)
