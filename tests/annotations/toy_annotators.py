"""Small annotators for testing the annotation runner (importable by worker processes)."""

from arabic import normalize, tokenize


def words(doc):
    return [normalize(t.text) for t in tokenize(doc.title + " " + doc.html)][:50]


def length(doc):
    return {"chars": len(doc.html), "source": doc.source}


def words_of_many(docs):
    """:func:`words` as a batched annotator: a chunk of docs in, their values out."""
    return [words(d) for d in docs]


def pid(doc):
    """The process that annotated ``doc``."""
    import os

    return os.getpid()


def slow(doc):
    """A length that takes its time (5 ms), like the real annotators."""
    import time

    time.sleep(0.005)
    return len(doc.html)


def head(doc, size="5"):
    """The first ``size`` characters of the body: an annotator with an option."""
    return doc.html[: int(size)]


def heads(docs, size="5"):
    """:func:`head` as a batched annotator."""
    return [head(d, size) for d in docs]


def gc_threshold(doc):
    """The collector's first threshold while ``doc`` is annotated."""
    import gc

    return gc.get_threshold()[0]
