"""Registers the writer that leaves unchanged output files alone."""

from pelican import signals

from .writer import ChangedOnlyWriter, finish


def get_writer(pelican):
    return ChangedOnlyWriter


def register():
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(finish)
