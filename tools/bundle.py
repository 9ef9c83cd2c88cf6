"""Pack a built site into a deterministic zip: the offline bundle.

``python -m tools.bundle SITE_DIR DIST_DIR [--settings pelicanconf.py]`` writes
``DIST_DIR/<BUNDLE_NAME>-offline.zip`` whose entries all sit in one folder
``<BUNDLE_NAME>-offline/`` (unzipping never scatters files), and prints its path.

Two runs over the same files give byte-identical zips: entries sorted by path,
every timestamp set to SOURCE_DATE_EPOCH (clamped to 1980, the first date a zip can
hold), permissions fixed (0644 files, 0755 folders), the creator system fixed to
Unix, no extra fields, one compression level. File names are UTF-8; every non-ASCII
(Arabic) name carries the zip "language encoding" flag (bit 11, set by zipfile), so it
unpacks correctly with Windows Explorer, macOS Archive Utility, Info-ZIP and Python.

``BUNDLE_NAME`` (in pelicanconf.py) must be ASCII; without it, an ASCII slug of
SITENAME is used, or ``site``.
"""

from __future__ import annotations

import argparse
import os
import re
import stat
import sys
import time
import zipfile
from pathlib import Path

__all__ = ["bundle_name", "make_zip", "main"]

ZIP_EPOCH_MIN = 315532800  # 1980-01-01T00:00:00Z: a zip cannot store an earlier date
NAME_OK = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def bundle_name(settings: dict) -> str:
    """The ASCII base name of the bundle: BUNDLE_NAME, else a slug of SITENAME, else 'site'."""
    name = settings.get("BUNDLE_NAME")
    if name:
        if not NAME_OK.fullmatch(name):
            raise ValueError(f"BUNDLE_NAME must be ASCII letters, digits, '.', '_' or '-': {name!r}")
        return name
    from slugify import slugify

    slug = slugify(str(settings.get("SITENAME", "")), allow_unicode=False)
    return slug if NAME_OK.fullmatch(slug or "") else "site"


def source_date_epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.strip().isdigit() else ZIP_EPOCH_MIN


def _info(name: str, date_time: tuple, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.create_system = 3  # Unix, whatever the machine: the permission bits below are Unix bits
    info.external_attr = mode << 16
    return info


def make_zip(site: Path, dest: Path, folder: str, epoch: int | None = None) -> Path:
    """Zip every file under ``site`` into ``dest``, inside ``folder/``, deterministically."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}/index.html is missing: build the site first")
    epoch = max(ZIP_EPOCH_MIN, source_date_epoch() if epoch is None else epoch)
    date_time = time.gmtime(epoch)[:6]
    files, folders = [], set()
    for path in site.rglob("*"):
        if path.is_symlink():
            raise ValueError(f"{path}: symbolic links do not travel in a zip")
        rel = path.relative_to(site).as_posix()
        if path.is_dir():
            folders.add(rel)
        elif path.is_file():
            files.append(rel)
    entries = sorted([(f"{folder}/{d}/", None) for d in folders] + [(f"{folder}/", None)]
                     + [(f"{folder}/{f}", f) for f in files])
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, rel in entries:
            if rel is None:
                archive.writestr(_info(name, date_time, stat.S_IFDIR | 0o755), b"")
            else:
                info = _info(name, date_time, stat.S_IFREG | 0o644)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, (site / rel).read_bytes(), compresslevel=9)
    tmp.replace(dest)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bundle", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the folder built with pelicanconf.py (relative URLs)")
    parser.add_argument("dist", type=Path, help="the folder to write <name>-offline.zip into")
    parser.add_argument("--settings", default="pelicanconf.py", help="Pelican settings giving BUNDLE_NAME")
    args = parser.parse_args(argv)
    from pelican.settings import read_settings

    name = bundle_name(read_settings(args.settings)) + "-offline"
    dest = make_zip(args.site, args.dist / f"{name}.zip", name)
    print(dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
