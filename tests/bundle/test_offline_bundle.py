"""`make offline`: a deterministic zip of the whole archive with relative URLs, nothing from other hosts."""

from __future__ import annotations

import os
import shutil
import stat
import time
import zipfile
from pathlib import Path

import pytest

from tools.bundle import bundle_name, make_zip
from tools.linkcheck import check_path

from tests.bundle.conftest import BUNDLE, EPOCH, make



def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_make_offline_writes_an_ascii_named_zip_of_the_whole_site(offline_zip, demo_site):
    assert offline_zip.name == f"{BUNDLE}.zip" and offline_zip.name.isascii()
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
    assert all(n.startswith(f"{BUNDLE}/") for n in names), "one folder: unzipping scatters nothing"
    files = {n[len(BUNDLE) + 1:] for n in names if not n.endswith("/")}
    # Exactly the files of a pelicanconf.py build: every page, stylesheet, font and image is inside.
    assert files == files_under(demo_site)
    assert {"index.html", "archives.html", "theme/css/main.css", "theme/img/favicon.svg",
            "theme/fonts/noto-naskh-arabic-arabic-400-normal.woff2"} <= files
    assert sum(f.startswith("articles/") for f in files) == 301


def test_make_offline_builds_with_pelicanconf_checks_links_then_zips():
    proc = make("-n", "offline", "DIST=/tmp/d")
    assert proc.returncode == 0, proc.stderr
    steps = iter(proc.stdout.splitlines())
    for expected in ("rm -rf /tmp/d/.offline-site",  # a fresh folder: nothing stale gets zipped
                     "-s pelicanconf.py -o /tmp/d/.offline-site",  # `make html` with relative URLs
                     "-m tools.linkcheck /tmp/d/.offline-site",
                     "-m tools.bundle /tmp/d/.offline-site /tmp/d --settings pelicanconf.py",
                     "rm -rf /tmp/d/.offline-site"):
        assert any(expected in line for line in steps), f"{expected!r} missing or out of order:\n{proc.stdout}"


def test_the_zip_does_not_depend_on_file_times_permissions_or_order(offline_zip, demo_site, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(demo_site, copy)
    for i, path in enumerate(sorted(copy.rglob("*"), reverse=True)):
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))
        if path.is_file() and i % 3 == 0:
            path.chmod(0o600)
    again = make_zip(copy, tmp_path / "again.zip", BUNDLE, epoch=EPOCH)
    assert again.read_bytes() == offline_zip.read_bytes()
    assert make_zip(copy, tmp_path / "later.zip", BUNDLE, epoch=EPOCH + 2).read_bytes() != again.read_bytes()


def test_zip_entries_are_sorted_dated_and_permissioned_the_same_way(offline_zip):
    with zipfile.ZipFile(offline_zip) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {time.gmtime(EPOCH)[:6]}
    assert {i.create_system for i in infos} == {3}
    modes = {stat.filemode(i.external_attr >> 16) for i in infos}
    assert modes == {"drwxr-xr-x", "-rw-r--r--"}
    arabic = [i for i in infos if not i.filename.isascii()]
    assert len(arabic) > 10, "the seed article and author pages have Arabic file names"
    assert all(i.flag_bits & 0x800 for i in arabic), "UTF-8 names carry the language-encoding flag"
    assert f"{BUNDLE}/articles/واشنطن-وموسكو-تناقشان-تفادي-الصدام-بينهما-في-سوريا.html" in names


def test_the_bundle_has_no_broken_link_and_loads_nothing_from_other_hosts(offline_zip):
    report = check_path(offline_zip)  # unzipped to a temporary folder, checked over file://
    assert report.ok, "\n".join(map(str, report.broken + report.external_assets))
    assert report.pages > 301 and report.stylesheets >= 1 and report.files >= 5
    assert report.external_assets == []


def test_make_zip_clamps_dates_before_1980_and_refuses_symlinks(tmp_path):
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_text("<p>x</p>", encoding="utf-8")
    (site / "sub" / "ب.css").write_text("p{}", encoding="utf-8")
    out = make_zip(site, tmp_path / "dist" / "x.zip", "x", epoch=0)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["x/", "x/index.html", "x/sub/", "x/sub/ب.css"]
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    (site / "link.html").symlink_to(site / "index.html")
    with pytest.raises(ValueError, match="symbolic links"):
        make_zip(site, tmp_path / "dist" / "y.zip", "y")
    with pytest.raises(FileNotFoundError, match="build the site first"):
        make_zip(tmp_path / "empty", tmp_path / "dist" / "z.zip", "z")


@pytest.mark.parametrize(
    "settings, name",
    [({"BUNDLE_NAME": "arshif", "SITENAME": "أرشيف"}, "arshif"),
     ({"SITENAME": "My Archive"}, "my-archive"),
     ({"SITENAME": "أرشيف"}, "rshyf"),  # an ASCII transliteration of an Arabic site name
     ({"SITENAME": "—"}, "site")],
)
def test_bundle_name_is_ascii(settings, name):
    assert bundle_name(settings) == name


def test_a_non_ascii_bundle_name_is_refused():
    with pytest.raises(ValueError, match="ASCII"):
        bundle_name({"BUNDLE_NAME": "أرشيف"})
