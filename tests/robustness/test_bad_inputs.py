"""Every bad input ends published, published with warnings, or skipped with a reason."""

import json

from tests.robustness.badcorpus import BIG_SEED, build_bad

PUBLISHED, WARNED, SKIPPED = "published", "published_with_warnings", "skipped"
# path -> (status, text the reason must contain)
OUTCOMES = {
    "content/ok-plain.md": (PUBLISHED, None),
    "content/bom-crlf.md": (PUBLISHED, None),
    "content/lone-cr.md": (PUBLISHED, None),
    "content/diacritics.md": (PUBLISHED, None),
    "content/zero-width.md": (PUBLISHED, None),
    "content/digits-mixed.md": (PUBLISHED, None),
    "content/inject-title.md": (PUBLISHED, None),
    "content/inject-meta.md": (PUBLISHED, None),
    "content/invalid-utf8.md": (SKIPPED, "content/invalid-utf8.md: line 4: UnicodeDecodeError"),
    "content/empty.md": (SKIPPED, "content/empty.md: could not find information about 'title'"),
    "content/impossible-date.md": (SKIPPED, "content/impossible-date.md: line 2: ValueError: '2015-02-30'"),
    "content/future-date.md": (WARNED, "date 2099-01-01 is in the future"),
    "content/dup-slug-a.md": (WARNED, "duplicate slug 'khabar-mukarrar'"),
    "content/dup-slug-b.md": (WARNED, "published as 'khabar-mukarrar-2'"),
    "content/bidi-title.md": (WARNED, "bidi control characters removed from the title"),
    "content/inject-body.md": (WARNED, "active HTML (script, event handler or javascript: URL) removed"),
    "seeds/2015-08-10-ok.txt": (PUBLISHED, None),
    "seeds/2015-08-11-bom-crlf.txt": (PUBLISHED, None),
    "seeds/2015-08-12-lone-cr.txt": (PUBLISHED, None),
    "seeds/2015-08-13-invalid-utf8.txt": (SKIPPED, "seeds/2015-08-13-invalid-utf8.txt:2: not valid UTF-8"),
    "seeds/2015-08-14-empty.txt": (SKIPPED, "seeds/2015-08-14-empty.txt:1: empty file"),
    "seeds/2015-08-15-title-only.txt": (SKIPPED, "seeds/2015-08-15-title-only.txt:1: title only"),
    "seeds/2015-08-16-no-signature.txt": (WARNED, "seeds/2015-08-16-no-signature.txt:4: no desk signature"),
    "seeds/2015-08-17-unknown-agency.txt": (WARNED, "unknown agency 'وكالة النجوم'"),
    "seeds/2015-08-18-inject.txt": (WARNED, "no desk signature"),
    "seeds/no-date.txt": (SKIPPED, "seeds/no-date.txt:1: no date"),
    f"seeds/{BIG_SEED}": (PUBLISHED, None),
}


def report(site):
    return json.loads((site / "build-report.json").read_text(encoding="utf-8"))


def test_every_input_has_its_expected_outcome(bad_site):
    files = {f["path"]: f for f in report(bad_site)["files"]}
    assert set(files) == set(OUTCOMES)
    for path, (status, reason) in OUTCOMES.items():
        got = files[path]
        assert got["status"] == status, (path, got)
        if reason:
            assert any(reason in r for r in got["reasons"]), (path, got["reasons"])
        if status != SKIPPED:
            assert (bad_site / got["url"]).is_file(), path


def test_published_plus_skipped_equals_inputs(bad_site, demo_site):
    for site, inputs in ((bad_site, len(OUTCOMES)), (demo_site, 301)):
        s = report(site)["summary"]
        assert s["published"] + s["skipped"] == s["inputs"] == inputs
    assert report(demo_site)["summary"]["skipped"] == 0


def test_content_survives_intact(bad_site):
    files = {f["path"]: f for f in report(bad_site)["files"]}
    big = (bad_site / files[f"seeds/{BIG_SEED}"]["url"]).read_text(encoding="utf-8")
    assert big.count("<p>") > 200
    crlf = (bad_site / files["seeds/2015-08-11-bom-crlf.txt"]["url"]).read_text(encoding="utf-8")
    assert "\ufeff" not in crlf and "\r" not in crlf and "<p>وأضاف أن الوفد سيصل غدا.</p>" in crlf
    zw = (bad_site / files["content/zero-width.md"]["url"]).read_text(encoding="utf-8")
    assert "قال\u200d المتحدث\u200c" in zw  # joiners are text: kept


def test_strict_turns_warnings_and_skips_into_failure(bad_inputs, tmp_path):
    proc = build_bad(bad_inputs, tmp_path / "out", "-e", "STRICT=true")
    assert proc.returncode != 0
    output = " ".join((proc.stdout + proc.stderr).split())
    assert "STRICT: 7 skipped and 8 published with warnings" in output


def test_a_quiet_build_reports_the_same(bad_inputs, bad_site, tmp_path):
    """``pelican -q`` quiets the console, not the report: its reasons once vanished
    with the warnings (a skipped seed was said to have no reader)."""
    proc = build_bad(bad_inputs, tmp_path / "quiet", "-q")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert report(tmp_path / "quiet") == report(bad_site)
    assert "WARNING" not in proc.stdout + proc.stderr
