"""Registers the generator that copies npm front-end files into the output."""

from pelican import signals

from .generator import NpmAssetsGenerator


def get_generators(pelican):
    return NpmAssetsGenerator


def register():
    signals.get_generators.connect(get_generators)
