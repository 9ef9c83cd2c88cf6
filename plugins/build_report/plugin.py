"""Wires the build report into Pelican's signals; also de-duplicates slugs.

Two inputs with one slug would make Pelican overwrite one page with the other (and
stop the build): the later one, by path, gets `-2`, `-3`… and a warning, so no
article is lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from pelican import signals
from pelican.log import console

from .report import BuildReport
from .stages import stage, write_if_asked

logger = logging.getLogger(__name__)
_state: dict[str, BuildReport] = {}
_quieted: list[tuple[logging.Handler | logging.Logger, int]] = []  # levels to give back at the end


@stage("build report")
def start(pelican):
    report = BuildReport(pelican.settings)
    root = logging.getLogger()
    root.addHandler(report.collector)
    hear_warnings(root, report.collector)
    _state["report"] = report


def hear_warnings(root: logging.Logger, collector: logging.Handler) -> None:
    """Let warnings reach the report when the console is quieter (``pelican -q`` sets
    the root and ``pelican`` loggers to CRITICAL, which dropped every warning before any
    handler, and with them the report's reasons): those loggers are lowered to WARNING
    and each other handler of the root (the console) raised to the root's level, for
    this build."""
    quiet = root.getEffectiveLevel()
    if quiet > logging.WARNING:
        for handler in root.handlers:
            if handler is not collector and handler.level < quiet:
                _quieted.append((handler, handler.level))
                handler.setLevel(quiet)
    for log in (root, logging.getLogger("pelican")):
        if log.level > logging.WARNING:
            _quieted.append((log, log.level))
            log.setLevel(logging.WARNING)


def _give_back_levels() -> None:
    while _quieted:
        obj, level = _quieted.pop()
        obj.setLevel(level)


def _build_time(settings) -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


@stage("build report")
def check_articles(generator):
    """De-duplicate slugs and flag dates after the build's own date."""
    report = _state.get("report")
    by_slug: dict[str, list] = {}
    for art in generator.articles + generator.drafts + generator.hidden_articles:
        by_slug.setdefault(art.slug, []).append(art)
    taken = set(by_slug)
    for slug, arts in sorted(by_slug.items()):
        arts.sort(key=lambda a: a.source_path)
        for n, art in enumerate(arts[1:], start=2):
            new = f"{slug}-{n}"
            while new in taken:
                new += "-x"
            taken.add(new)
            art.slug = new
            art.metadata["slug"] = new
            logger.warning("%s: duplicate slug %r (also %s): published as %r",
                           art.source_path, slug, os.path.relpath(arts[0].source_path, generator.path), new)
    now = _build_time(generator.settings)
    for art in generator.articles:
        date = art.date if art.date.tzinfo else art.date.replace(tzinfo=dt.timezone.utc)
        if date > now:
            logger.warning("%s: date %s is in the future", art.source_path, art.date.date().isoformat())
    for draft in generator.drafts if report else []:
        report.note(draft, f"{os.path.relpath(draft.source_path, generator.path)}: status is draft, not published")


@stage("build report")
def collect(generators):
    report = _state.get("report")
    if report is None:
        return
    for gen in generators:
        for name in ("articles", "translations", "hidden_articles", "hidden_translations",
                     "pages", "hidden_pages"):
            for content in getattr(gen, name, []) or []:
                report.mark_published(content)


def finish(pelican):
    report = _state.pop("report", None)
    if report is None:
        write_if_asked()
        return
    with stage("build report"):
        logging.getLogger().removeHandler(report.collector)
        _give_back_levels()
        data = report.write(Path(pelican.output_path))
    write_if_asked()
    s = data["summary"]
    console.print(
        f"Build report: {s['inputs']} inputs, {s['published']} published "
        f"({s['published_with_warnings']} with warnings), {s['skipped']} skipped "
        f"-> {os.path.join(pelican.output_path, 'build-report.json')}"
    )
    for rec in data["files"]:
        if rec["status"] == "skipped":
            console.print(f"  skipped {rec['path']}: {'; '.join(rec['reasons'])}")
    if pelican.settings.get("STRICT") and (s["skipped"] or s["published_with_warnings"]):
        raise RuntimeError(
            f"STRICT: {s['skipped']} skipped and {s['published_with_warnings']} published with "
            "warnings; see build-report.json"
        )


def register():
    signals.initialized.connect(start)
    signals.article_generator_pretaxonomy.connect(check_articles)
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(finish)
