"""Registers the seeds reader for raw agency text files."""

from pelican import signals

from .reader import SeedReader


def add_reader(readers):
    for ext in SeedReader.file_extensions:
        readers.reader_classes[ext] = SeedReader


def register():
    signals.readers_init.connect(add_reader)
