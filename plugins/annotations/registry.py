"""Annotators: pure functions from an article's text to JSON data, with a version.

An annotator is named by an import path ("entities.annotate:annotate_article") so that
worker processes, local or on a Dask cluster, can import it themselves. Its version
(the code and model it uses) is part of every cache key: a new model never reads
annotations made by an old one.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Doc:
    """What an annotator sees of an article: the source file, title and body HTML."""

    source: str
    title: str
    html: str


@dataclass(frozen=True)
class Annotator:
    name: str
    target: str  # "module:function", called as function(doc) -> JSON-serialisable
    version: str

    def function(self) -> Callable[[Doc], Any]:
        module, _, attr = self.target.partition(":")
        return getattr(importlib.import_module(module), attr)


ANNOTATORS: dict[str, Annotator] = {}


def register_annotator(name: str, target: str, version: str) -> Annotator:
    """Declare an annotator; plugins call this from register()."""
    ann = Annotator(name, target, version)
    ANNOTATORS[name] = ann
    return ann
