"""Registers the search annotator (per-article terms) and the search generator."""

from pelican import signals

from annotations.registry import register_annotator

from .analysis import NAME, TARGET, VERSION
from .generator import SearchGenerator


def get_generators(pelican):
    return SearchGenerator


def start_index(generators):
    for gen in generators:
        if isinstance(gen, SearchGenerator):
            gen.start()


def register():
    # Each article's words are analysed once per content: the index build analyses
    # those the annotation cache lacks, beside the page writing, and stores them there
    # (deferred); the annotate command (annotations.cli) fills the cache ahead.
    register_annotator(NAME, TARGET, VERSION, deferred=True)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(start_index)
