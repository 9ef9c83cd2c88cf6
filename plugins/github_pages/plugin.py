"""Registers the generator that writes the files GitHub Pages reads (.nojekyll, CNAME)."""

from pelican import signals

from .generator import GithubPagesGenerator


def get_generators(pelican):
    return GithubPagesGenerator


def register():
    signals.get_generators.connect(get_generators)
