"""Annotate a folder of articles on a Dask cluster, filling the build's cache.

    python -m annotations.cli --scheduler tcp://scheduler:8786 [--inputs DIR] [-s pelicanconf.py]

It reads the articles exactly as the build does (same settings, readers and plugins),
sends the annotation to the scheduler, and writes the results into CACHE_PATH; the
next `make html` then finds every article in the cache.
"""

from __future__ import annotations

import argparse
import os
import sys

from pelican import Pelican
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scheduler", required=True, help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    ap.add_argument("--inputs", help="folder of inputs (default: the settings' PATH)")
    ap.add_argument("-s", "--settings", default="pelicanconf.py")
    args = ap.parse_args(argv)
    if args.inputs:
        os.environ["ARSHIF_INPUTS"] = os.path.abspath(args.inputs)
    settings = read_settings(args.settings, override={"ANNOTATIONS_DASK_SCHEDULER": args.scheduler})
    pelican = Pelican(settings)  # loads the plugins, so annotators are registered
    context = settings.copy()
    context.update({"generated_content": {}, "static_links": set(), "static_content": {},
                    "localsiteurl": settings["SITEURL"]})
    generator = ArticlesGenerator(context=context, settings=settings, path=settings["PATH"],
                                  theme=settings["THEME"], output_path=pelican.output_path)
    generator.generate_context()
    print(f"annotated {len(generator.articles)} articles into {settings['CACHE_PATH']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
