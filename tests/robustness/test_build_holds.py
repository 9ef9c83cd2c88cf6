"""What a build keeps on its articles to its end: what every stage has used is gone,
and what stays is kept once (the build holds every article until it exits; at 30,000
articles each 100 bytes an article is 3 MB of its peak)."""

import json
import subprocess
import sys

from tests.conftest import ROOT, demo_cache

# Runs Pelican on the demo in a process of its own and reports, at ``finalized``, what
# the articles hold.
PROBE = """
import json, sys
from pelican import main, signals

seen = {}

def articles(generator):
    seen["articles"] = list(generator.articles)

def report(_pelican):
    arts = seen["articles"]
    print("held", json.dumps({
        "articles": len(arts),
        "annotations": sum(hasattr(a, "annotations") for a in arts),
        "linked_body": sum(hasattr(a, "linked_body") for a in arts),
        "url_once": sum(a.override_save_as is a.override_url for a in arts),
        "summaries": sorted({type(a.__dict__.get("_summary_texts")).__name__ for a in arts}),
        "update_content": sorted({type(a.__dict__.get("_update_content")).__name__ for a in arts}),
    }))

signals.article_generator_finalized.connect(articles)
signals.finalized.connect(report)
main(sys.argv[1:])
"""


def test_the_articles_hold_nothing_a_stage_has_used(tmp_path):
    cache = demo_cache(tmp_path / "cache")  # for speed
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "-s", str(ROOT / "pelicanconf.py"), "-o", str(tmp_path / "out"), "-q",
         "-e", f"CACHE_PATH={json.dumps(str(cache))}"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    held = json.loads(next(line[5:] for line in proc.stdout.splitlines() if line.startswith("held ")))
    assert held["articles"] > 20
    assert held["annotations"] == 0, "every annotator's values were used and released"
    assert held["linked_body"] == 0, "the search index's key was made: its part is dropped"
    assert held["url_once"] == held["articles"], "url and save_as are the same text: one string"
    assert held["summaries"] == ["tuple"] and held["update_content"] == ["method"]
