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
    # The annotation runner (when the annotations plugin is on) analyses each article's
    # words once per content, on all cores; the index build analyses them itself otherwise.
    register_annotator(NAME, TARGET, VERSION)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(start_index)
