"""`make profile`: where a build of N real articles spends its time (pyinstrument).

Writes the archive (bench/corpus.py), then profiles a cold build (empty caches) and a
warm one (nothing changed) of it in this process, printing pyinstrument's call tree
trimmed to the costly frames and saving each as HTML under the work folder. Annotation
runs in worker processes: in the tree it shows as the main process waiting for them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from pyinstrument import Profiler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import SHARED, all_articles, available, write_archive  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def profile_build(label: str, work: Path, out: Path) -> None:
    from pelican import main as pelican_main

    profiler = Profiler(interval=0.005)
    profiler.start()
    try:
        pelican_main(["-s", str(ROOT / "pelicanconf.py"), "-o", str(out), "-q"])
    except SystemExit as exc:
        if exc.code:
            raise
    finally:
        profiler.stop()
    html = work / f"profile-{label}.html"
    html.write_text(profiler.output_html(), encoding="utf-8")
    print(f"\n=== {label} build ({html}) ===")
    print(profiler.output_text(unicode=True, color=False, show_all=False, time="seconds",
                               flat=False, short_mode=True, processor_options={"filter_threshold": 0.02}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/arshif-profile"))
    args = ap.parse_args()
    if not available():
        print(f"make profile: skipped, the SaudiNewsNet corpus is not at {SHARED} "
              "(clone beside ../shared or set ARSHIF_SHARED)")
        return
    work = args.work / str(args.size)
    shutil.rmtree(work, ignore_errors=True)
    write_archive(all_articles()[: args.size], work / "inputs")
    os.environ.update(ARSHIF_INPUTS=str(work / "inputs"), ARSHIF_CACHE=str(work / "cache"))
    os.chdir(ROOT)
    profile_build("cold", work, work / "output")
    profile_build("warm", work, work / "output")


if __name__ == "__main__":
    main()
